// The quick start: a service owner publishes a load balancer as an endpoint service and whitelists a consumer
// account; the consumer creates an endpoint to it by name; the owner accepts the connection; the consumer adds a
// second zone and a second security group. Two accounts, one program: each resource names its `profile`.
//
// Stack config (what `npm run demo` sets; see the README):
//   alicloud-privatelink:region      cn-hangzhou
//   alicloud-privatelink:profiles    (secret) {"owner": {...}, "consumer": {...}} with accessKeyId/accessKeySecret/endpoint
//   consumerAccountId                the consumer's numeric account ID
// The defaults below are the emulator's seeded inventory (README, "Emulator inventory").
import * as pulumi from "@pulumi/pulumi";
import * as plk from "pulumi-alicloud-privatelink";

const config = new pulumi.Config();
const owner = config.get("ownerProfile") ?? "owner";
const consumer = config.get("consumerProfile") ?? "consumer";
const consumerAccountId = config.require("consumerAccountId");
const seeded = (key: string, fallback: string) => config.get(key) ?? fallback;

const loadBalancerH = seeded("loadBalancerH", "lb-hzowner0000000000001"); // PrivateLink-enabled SLB, zone H
const loadBalancerI = seeded("loadBalancerI", "lb-hzowner0000000000002"); // PrivateLink-enabled SLB, zone I
const consumerVpc = seeded("consumerVpc", "vpc-hzconsumer0000000001");
const consumerVSwitchH = seeded("consumerVSwitchH", "vsw-hzconsumer0000000001");
const consumerVSwitchI = seeded("consumerVSwitchI", "vsw-hzconsumer0000000002");
const consumerSg1 = seeded("consumerSecurityGroup1", "sg-hzconsumer0000000001");
const consumerSg2 = seeded("consumerSecurityGroup2", "sg-hzconsumer0000000002");

// Service owner's side.
const service = new plk.VpcEndpointService("orders-api", {
  profile: owner,
  serviceDescription: "orders API for partner accounts",
  autoAcceptEnabled: false,
  resources: [{ resourceId: loadBalancerH, resourceType: "slb" }],
  tags: { app: "orders", env: "demo" },
});

const secondBackend = new plk.ServiceResourceAttachment("orders-api-zone-i", {
  profile: owner,
  serviceId: service.serviceId,
  resourceId: loadBalancerI,
  resourceType: "slb",
});

const whitelist = new plk.WhitelistUser("consumer-account", {
  profile: owner,
  serviceId: service.serviceId,
  userId: consumerAccountId,
});

// Consumer's side: finds the service by the name the owner shares.
const endpoint = new plk.VpcEndpoint(
  "orders-endpoint",
  {
    profile: consumer,
    vpcId: consumerVpc,
    serviceName: service.serviceName,
    securityGroupIds: [consumerSg1],
    zones: [{ zoneId: "cn-hangzhou-h", vSwitchId: consumerVSwitchH }],
    endpointName: "orders-endpoint",
    endpointDescription: "private access to the orders API",
  },
  { dependsOn: [whitelist, secondBackend] },
);

// Owner accepts the connection.
const connection = new plk.EndpointConnection("accept-consumer", {
  profile: owner,
  serviceId: service.serviceId,
  endpointId: endpoint.endpointId,
  bandwidth: 1024,
});

// Consumer adds a second zone and a second security group once connected.
const zoneI = new plk.EndpointZone(
  "orders-endpoint-zone-i",
  { profile: consumer, endpointId: endpoint.endpointId, zoneId: "cn-hangzhou-i", vSwitchId: consumerVSwitchI },
  { dependsOn: [connection] },
);
const sg2 = new plk.SecurityGroupAttachment(
  "orders-endpoint-sg2",
  { profile: consumer, endpointId: endpoint.endpointId, securityGroupId: consumerSg2 },
  { dependsOn: [zoneI] },
);

export const serviceId = service.serviceId;
export const serviceName = service.serviceName;
export const serviceZones = service.zones;
export const endpointId = endpoint.endpointId;
export const endpointDomain = endpoint.endpointDomain;
export const connectionStatus = connection.connectionStatus;
export const connectionBandwidth = connection.bandwidth;
export const extraZoneStatus = zoneI.zoneStatus;
export const extraSecurityGroup = sg2.securityGroupId;
