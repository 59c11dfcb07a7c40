// pulumi-alicloud-privatelink: Pulumi dynamic resources for Alibaba Cloud PrivateLink.

// Service owner's side.
export {
  VpcEndpointService,
  type VpcEndpointServiceArgs,
  type ServiceResourceArgs,
  type AttachedServiceResource,
} from "./resources/vpc-endpoint-service";
export { ServiceResourceAttachment, type ServiceResourceAttachmentArgs } from "./resources/service-resource-attachment";
export { WhitelistUser, type WhitelistUserArgs } from "./resources/whitelist-user";
export {
  EndpointConnection,
  type EndpointConnectionArgs,
  type ZoneConnectionArgs,
  type ConnectionZoneOutput,
} from "./resources/endpoint-connection";

// Consumer's side.
export { VpcEndpoint, type VpcEndpointArgs, type VpcEndpointZoneArgs, type EndpointZoneOutput } from "./resources/vpc-endpoint";
export { EndpointZone, type EndpointZoneArgs } from "./resources/endpoint-zone";
export { SecurityGroupAttachment, type SecurityGroupAttachmentArgs } from "./resources/security-group-attachment";

// Elasticsearch instances reaching an endpoint service in your VPC.
export { ElasticsearchVpcEndpoint, type ElasticsearchVpcEndpointArgs } from "./resources/elasticsearch-vpc-endpoint";
// Account.
export { PrivateLinkActivation, type PrivateLinkActivationArgs } from "./resources/privatelink-activation";

export type { CommonArgs, Duration, Timeouts } from "./resources/base";
export { RESOURCE_KINDS, type ResourceKind } from "./provider/shim";

// The API's enumerations: each value list and the string-literal union the inputs, outputs and lookups use.
export {
  ADDRESS_IP_VERSIONS,
  CROSS_REGION_SIDES,
  ENDPOINT_TYPES,
  PAYERS,
  REGION_RESOURCE_TYPE_FILTERS,
  RESOURCE_REPLACE_MODES,
  RESOURCE_TYPES,
  TRAFFIC_CONTROL_MODES,
  type AddressIpVersion,
  type CrossRegionSide,
  type EndpointType,
  type Payer,
  type RegionResourceTypeFilter,
  type ResourceReplaceMode,
  type ResourceType,
  type TrafficControlMode,
  type ZonePrivateIpAddressCount,
} from "./spec/constraints";
export {
  BUSINESS_STATUS,
  CONNECTION_STATUS,
  ENDPOINT_STATUS,
  SERVICE_STATUS,
  ZONE_STATUS,
  type BusinessStatus,
  type ConnectionStatus,
  type EndpointStatus,
  type ServiceStatus,
  type ZoneStatus,
} from "./spec/statuses";

// Lookups.
export * from "./functions";

// The signed client and the typed API, for direct use.
export { PrivateLinkClient } from "./client/client";
export { resolveSettings, type ClientSettings, type ResolvedSettings } from "./client/settings";
export { ApiError } from "./client/errors";
export * as api from "./api/privatelink";
export * as elasticsearchApi from "./api/elasticsearch";
