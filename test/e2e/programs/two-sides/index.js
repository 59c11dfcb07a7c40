// e2e program: both sides of PrivateLink, one resource of every kind (the quick start's shape, in plain JS so
// that each CLI run starts fast): a service with a second backend and a whitelist entry in the owner's account,
// an endpoint with a second zone and a second security group in the consumer's account, the accepted connection.
// Inventory IDs are the emulator's seeded ones.
const pulumi = require("@pulumi/pulumi");
const privatelink = require("pulumi-alicloud-privatelink");

const config = new pulumi.Config("e2e");
const consumerAccountId = config.require("consumerAccountId");

const service = new privatelink.VpcEndpointService("service", {
  profile: "owner",
  serviceDescription: "two sides",
  autoAcceptEnabled: false,
  resources: [{ resourceId: "lb-hzowner0000000000001" }],
  clientToken: config.get("clientToken"),
});
const backend = new privatelink.ServiceResourceAttachment("backend-i", {
  profile: "owner",
  serviceId: service.serviceId,
  resourceId: "lb-hzowner0000000000002",
});
const access = new privatelink.WhitelistUser("consumer-access", { profile: "owner", serviceId: service.serviceId, userId: consumerAccountId });

const endpoint = new privatelink.VpcEndpoint(
  "endpoint",
  {
    profile: "consumer",
    vpcId: "vpc-hzconsumer0000000001",
    serviceName: service.serviceName,
    securityGroupIds: ["sg-hzconsumer0000000001"],
    zones: [{ zoneId: "cn-hangzhou-h", vSwitchId: "vsw-hzconsumer0000000001" }],
    endpointName: "two-sides",
    endpointDescription: "both sides of PrivateLink",
  },
  { dependsOn: [access, backend] },
);
const connection = new privatelink.EndpointConnection("accept", { profile: "owner", serviceId: service.serviceId, endpointId: endpoint.endpointId });
const zoneI = new privatelink.EndpointZone(
  "zone-i",
  { profile: "consumer", endpointId: endpoint.endpointId, zoneId: "cn-hangzhou-i", vSwitchId: "vsw-hzconsumer0000000002" },
  { dependsOn: [connection] },
);
new privatelink.SecurityGroupAttachment(
  "sg-2",
  { profile: "consumer", endpointId: endpoint.endpointId, securityGroupId: "sg-hzconsumer0000000002" },
  { dependsOn: [zoneI] },
);

exports.serviceId = service.serviceId;
exports.endpointId = endpoint.endpointId;
