// e2e program: a consumer's lookup whose result feeds a resource and the stack's outputs (the common shape of a
// program that finds a service by name), for the tests of how a failed lookup is reported.
const privatelink = require("pulumi-alicloud-privatelink");

const service = privatelink.getEndpointServiceOutput({ serviceName: "com.aliyuncs.privatelink.cn-hangzhou.epsrv-unknown" });
const endpoint = new privatelink.VpcEndpoint("endpoint", {
  vpcId: "vpc-hzconsumer0000000001",
  serviceId: service.serviceId,
  securityGroupIds: ["sg-hzconsumer0000000001"],
  zones: service.zones.apply((zones) => zones.map((zoneId) => ({ zoneId, vSwitchId: "vsw-hzconsumer0000000001" }))),
});

exports.serviceId = service.serviceId;
exports.zones = service.zones;
exports.endpointId = endpoint.endpointId;
