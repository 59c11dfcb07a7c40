// e2e program: the stack of test/e2e/migration.test.ts after its move from @pulumi/alicloud (docs/migration.md):
// the same live objects declared with this package's resources, each adopted by the ID the alicloud provider gave
// it (config e2e:alicloudIds). The arguments are the old program's, renamed as the guide's tables say.
const pulumi = require("@pulumi/pulumi");
const plk = require("pulumi-alicloud-privatelink");

const config = new pulumi.Config("e2e");
const ids = JSON.parse(config.require("alicloudIds"));

// alicloud.privatelink.VpcEndpointService: autoAcceptConnection → autoAcceptEnabled.
const service = new plk.VpcEndpointService("orders", {
  serviceDescription: "orders API",
  autoAcceptEnabled: false,
  adoptExistingId: ids.service,
});

// alicloud.privatelink.VpcEndpointServiceResource: <service_id>:<resource_id> (an slb: no zone in the ID).
new plk.ServiceResourceAttachment("orders-backend", {
  serviceId: service.serviceId,
  resourceId: "lb-hzowner0000000000001",
  resourceType: "slb",
  adoptExistingId: ids.backend,
});

// alicloud.privatelink.VpcEndpointServiceUser: <service_id>:<user_id>.
new plk.WhitelistUser("consumer-access", {
  serviceId: service.serviceId,
  userId: config.require("consumerAccountId"),
  adoptExistingId: ids.user,
});

// alicloud.privatelink.VpcEndpoint: vpcEndpointName → endpointName; its securityGroupIds stay on the endpoint.
const endpoint = new plk.VpcEndpoint("orders-endpoint", {
  profile: "consumer",
  vpcId: "vpc-hzconsumer0000000001",
  serviceId: service.serviceId,
  securityGroupIds: ["sg-hzconsumer0000000001"],
  endpointName: "orders",
  adoptExistingId: ids.endpoint,
});

// alicloud.privatelink.VpcEndpointZone: vswitchId → vSwitchId; <endpoint_id>:<zone_id>.
new plk.EndpointZone("orders-zone-h", {
  profile: "consumer",
  endpointId: endpoint.endpointId,
  zoneId: "cn-hangzhou-h",
  vSwitchId: "vsw-hzconsumer0000000001",
  adoptExistingId: ids.zone,
});

// alicloud.privatelink.VpcEndpointServiceConnection: <service_id>:<endpoint_id>.
new plk.EndpointConnection("orders-accept", {
  serviceId: service.serviceId,
  endpointId: endpoint.endpointId,
  bandwidth: 1024,
  adoptExistingId: ids.connection,
});

exports.serviceId = service.serviceId;
exports.endpointId = endpoint.endpointId;
