// The benchmark stack (npm run bench:stack): one endpoint service with a backend and a whitelist entry in the
// owner's account, and N consumer endpoints, each with one EndpointZone and one SecurityGroupAttachment. Seeded
// emulator inventory; N comes from stack config `bench:endpoints`. With `bench:connected` true the service accepts
// endpoints automatically, so each endpoint's connection goes Connecting → Connected and its zone connects too.
const pulumi = require("@pulumi/pulumi");
const plk = require("pulumi-alicloud-privatelink");

const config = new pulumi.Config("bench");
const count = config.requireNumber("endpoints");
const consumerAccountId = config.require("consumerAccountId");
const connected = config.getBoolean("connected") ?? false;
const owner = { profile: "owner" };
const consumer = { profile: "consumer" };

const service = new plk.VpcEndpointService("service", {
  ...owner,
  serviceDescription: "benchmark service",
  autoAcceptEnabled: connected,
  resources: [{ resourceId: "lb-hzowner0000000000001", resourceType: "slb" }],
});
const whitelist = new plk.WhitelistUser("consumer", { ...owner, serviceId: service.serviceId, userId: consumerAccountId });

for (let i = 0; i < count; i++) {
  const endpoint = new plk.VpcEndpoint(
    `endpoint-${i}`,
    { ...consumer, vpcId: "vpc-hzconsumer0000000001", serviceId: service.serviceId, securityGroupIds: ["sg-hzconsumer0000000001"] },
    { dependsOn: [whitelist] },
  );
  new plk.EndpointZone(`endpoint-${i}-zone`, { ...consumer, endpointId: endpoint.endpointId, zoneId: "cn-hangzhou-h", vSwitchId: "vsw-hzconsumer0000000001" });
  new plk.SecurityGroupAttachment(`endpoint-${i}-sg`, { ...consumer, endpointId: endpoint.endpointId, securityGroupId: "sg-hzconsumer0000000002" });
}

exports.serviceId = service.serviceId;
