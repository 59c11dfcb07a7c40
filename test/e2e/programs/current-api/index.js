// e2e program: the capabilities of the current PrivateLink API through the resources, in two accounts.
//   owner:    an NLB endpoint service accepting endpoints from cn-shanghai; the NLB attached in a chosen zone
//             (and a second zone, not automatically allocatable); the consumer whitelisted by ARN; the consumer's
//             connection accepted with a traffic control mode, one zone pinned to the NLB, another one drained.
//   consumer: PrivateLink activated (the account starts without it), then a cross-region endpoint in cn-shanghai.
// What the tests vary comes from stack config in the "e2e" namespace.
const pulumi = require("@pulumi/pulumi");
const privatelink = require("pulumi-alicloud-privatelink");

const config = new pulumi.Config("e2e");
const consumerAccountId = config.require("consumerAccountId");
const nlb = "nlb-hzowner0000000000001";

const service = new privatelink.VpcEndpointService("nlb-service", {
  profile: "owner",
  serviceDescription: "current API e2e",
  serviceResourceType: "nlb",
  supportedRegions: ["cn-shanghai"],
  autoAcceptEnabled: false,
});

const zoneH = new privatelink.ServiceResourceAttachment("nlb-zone-h", {
  profile: "owner",
  serviceId: service.serviceId,
  resourceId: nlb,
  resourceType: "nlb",
  zoneId: "cn-hangzhou-h",
});

const zoneI = new privatelink.ServiceResourceAttachment("nlb-zone-i", {
  profile: "owner",
  serviceId: service.serviceId,
  resourceId: nlb,
  resourceType: "nlb",
  zoneId: "cn-hangzhou-i",
  autoAllocatedEnabled: config.getBoolean("zoneIAutoAllocated") ?? false,
});

const whitelist = new privatelink.WhitelistUser("consumer-by-arn", {
  profile: "owner",
  serviceId: service.serviceId,
  userArn: `acs:ram:*:${consumerAccountId}:*`,
});

const activation = new privatelink.PrivateLinkActivation("consumer-privatelink", { profile: "consumer" });

const endpoint = new privatelink.VpcEndpoint(
  "shanghai-endpoint",
  {
    profile: "consumer",
    region: "cn-shanghai",
    serviceRegionId: "cn-hangzhou",
    serviceId: service.serviceId,
    vpcId: "vpc-shconsumer0000000001",
    securityGroupIds: ["sg-shconsumer0000000001"],
    zones: [
      { zoneId: "cn-shanghai-e", vSwitchId: "vsw-shconsumer0000000001", ip: "192.168.1.50" },
      { zoneId: "cn-shanghai-f", vSwitchId: "vsw-shconsumer0000000002" },
    ],
    crossRegionBandwidth: config.getNumber("crossRegionBandwidth") ?? 500,
  },
  { dependsOn: [activation, whitelist, zoneH, zoneI] },
);

const drainF = config.getBoolean("drainZoneF") ?? true;
const connection = new privatelink.EndpointConnection("accept-shanghai", {
  profile: "owner",
  serviceId: service.serviceId,
  endpointId: endpoint.endpointId,
  trafficControlMode: "Scalability",
  zoneConnections: [
    { zoneId: "cn-shanghai-e", resourceId: nlb, resourceType: "nlb" },
    { zoneId: "cn-shanghai-f", enabled: !drainF },
  ],
});

exports.serviceId = service.serviceId;
exports.endpointId = endpoint.endpointId;
exports.endpointRegion = endpoint.regionId;
exports.serviceRegion = endpoint.serviceRegionId;
exports.crossRegionBandwidth = endpoint.crossRegionBandwidth;
exports.connectionZones = connection.zones;
exports.connectionRegions = pulumi.all([connection.endpointRegionId, connection.serviceRegionId]);
exports.attachmentIds = pulumi.all([zoneH.id, zoneI.id]);
exports.whitelistEntry = whitelist.id;
exports.activated = activation.opened;
