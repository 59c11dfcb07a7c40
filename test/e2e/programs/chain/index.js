// e2e program: all seven resource kinds, wired the way the README shows (children take service.serviceId,
// service.serviceName and endpoint.endpointId), for the preview, in-place and quiet-diff tests. Everything the
// tests vary comes from stack config in the "e2e" namespace; the defaults are the emulator's seeded inventory.
const pulumi = require("@pulumi/pulumi");
const plk = require("pulumi-alicloud-privatelink");

const config = new pulumi.Config("e2e");
const json = (key) => (config.get(key) ? JSON.parse(config.get(key)) : undefined);

const service = new plk.VpcEndpointService("service", {
  serviceDescription: config.get("serviceDescription") || "orders API",
  resources: [{ resourceId: "lb-hzowner0000000000001" }],
  tags: json("serviceTags"),
});

const backend = new plk.ServiceResourceAttachment("backend-i", { serviceId: service.serviceId, resourceId: "lb-hzowner0000000000002" });

// protect: a replacement of this child would make preview and up fail ("unable to replace resource").
const access = new plk.WhitelistUser(
  "consumer-access",
  { serviceId: service.serviceId, userId: config.require("consumerAccountId") },
  { protect: config.getBoolean("protectAccess") ?? true },
);

if (config.getBoolean("withEndpoint") ?? true) {
  const endpoint = new plk.VpcEndpoint(
    "endpoint",
    {
      profile: "consumer",
      vpcId: config.get("endpointVpc") || "vpc-hzconsumer0000000001",
      serviceName: service.serviceName,
      securityGroupIds: ["sg-hzconsumer0000000001"],
      zones: [{ zoneId: "cn-hangzhou-h", vSwitchId: "vsw-hzconsumer0000000001" }],
      endpointName: "orders",
      endpointDescription: config.get("endpointDescription") || "orders endpoint",
      policyDocument: json("endpointPolicy"),
      tags: json("endpointTags"),
    },
    { dependsOn: [access, backend] },
  );

  const connection = new plk.EndpointConnection("accept", { serviceId: service.serviceId, endpointId: endpoint.endpointId, bandwidth: 1024 });
  const zone = new plk.EndpointZone(
    "zone-i",
    { profile: "consumer", endpointId: endpoint.endpointId, zoneId: "cn-hangzhou-i", vSwitchId: "vsw-hzconsumer0000000002" },
    { dependsOn: [connection] },
  );
  new plk.SecurityGroupAttachment(
    "sg-2",
    { profile: "consumer", endpointId: endpoint.endpointId, securityGroupId: "sg-hzconsumer0000000002" },
    { dependsOn: [zone] },
  );

  exports.endpointId = endpoint.endpointId;
  exports.endpointDomain = endpoint.endpointDomain;
}

exports.serviceId = service.serviceId;
exports.serviceName = service.serviceName;
