// Lookups as Pulumi functions: each is a plain async function returning a promise, plus an `...Output` variant
// that takes Inputs and returns an Output. Every list is read to its last page.
export type { LookupArgs, LookupInputs } from "./common";
export {
  getPrivateLinkActivation,
  getPrivateLinkActivationOutput,
  type GetPrivateLinkActivationArgs,
  type GetPrivateLinkActivationResult,
} from "./activation";
export {
  getRegions,
  getRegionsOutput,
  getZones,
  getZonesOutput,
  type GetRegionsArgs,
  type GetRegionsResult,
  type RegionResult,
  type GetZonesArgs,
  type GetZonesResult,
  type ZoneResult,
} from "./regions";
export {
  getEndpointService,
  getEndpointServiceOutput,
  getEndpointServices,
  getEndpointServicesOutput,
  getVpcEndpointServices,
  getVpcEndpointServicesOutput,
  type EndpointServiceResult,
  type GetEndpointServiceArgs,
  type GetEndpointServicesArgs,
  type GetEndpointServicesResult,
  type GetVpcEndpointServicesArgs,
  type GetVpcEndpointServicesResult,
  type VpcEndpointServiceResult,
} from "./services";
export {
  getEndpointConnections,
  getEndpointConnectionsOutput,
  getVpcEndpoints,
  getVpcEndpointsOutput,
  type EndpointConnectionResult,
  type GetEndpointConnectionsArgs,
  type GetEndpointConnectionsResult,
  type GetVpcEndpointsArgs,
  type GetVpcEndpointsResult,
  type VpcEndpointResult,
} from "./endpoints";
