// Where @pulumi/random earns its place next to PrivateLink:
// - endpoint names must be unique per VPC and readable: a RandomPet suffix per stack;
// - the provider derives each service's create token from its URN, so a re-run after a crashed `pulumi up`
//   adopts the service the crashed run made. A copy of this stack (same project, stack and resource names, same
//   account: a new backend, or `pulumi stack rm` and init) would derive the same token and adopt this stack's
//   service. A RandomUuid kept in the state, given as the `clientToken` seed, gives this stack's service a token
//   family of its own; `keepers` renews it when the placement changes.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as plk from "pulumi-alicloud-privatelink";

const config = new pulumi.Config();
const region = config.get("region") ?? "cn-hangzhou";
const resourceGroupId = config.get("resourceGroupId");

const createToken = new random.RandomUuid("service-create-token", {
  keepers: { region, resourceGroupId: resourceGroupId ?? "" },
});

const service = new plk.VpcEndpointService("inventory", {
  region,
  resourceGroupId,
  serviceDescription: "inventory API",
  autoAcceptEnabled: true,
  resources: [{ resourceId: config.get("loadBalancer") ?? "lb-hzowner0000000000001" }],
  clientToken: createToken.result,
});

const suffix = new random.RandomPet("endpoint-suffix", { length: 2, separator: "-" });

const endpoint = new plk.VpcEndpoint("inventory-endpoint", {
  region,
  vpcId: config.get("vpcId") ?? "vpc-hzowner0000000000001",
  serviceId: service.serviceId,
  securityGroupIds: [config.get("securityGroupId") ?? "sg-hzowner0000000000001"],
  zones: [{ zoneId: "cn-hangzhou-h", vSwitchId: config.get("vSwitchId") ?? "vsw-hzowner0000000000001" }],
  endpointName: pulumi.interpolate`inventory-${suffix.id}`,
});

export const serviceId = service.serviceId;
export const createTokenUsed = createToken.result;
export const endpointName = endpoint.endpointName;
export const endpointDomain = endpoint.endpointDomain;
