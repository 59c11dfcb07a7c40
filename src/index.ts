// pulumi-alicloud-privatelink: Pulumi dynamic resources for Alibaba Cloud PrivateLink.

// Service owner's side.
export { VpcEndpointService, type VpcEndpointServiceArgs, type ServiceResourceArgs } from "./resources/vpc-endpoint-service";
export { ServiceResourceAttachment, type ServiceResourceAttachmentArgs } from "./resources/service-resource-attachment";
export { WhitelistUser, type WhitelistUserArgs } from "./resources/whitelist-user";
export { EndpointConnection, type EndpointConnectionArgs } from "./resources/endpoint-connection";

// Consumer's side.
export { VpcEndpoint, type VpcEndpointArgs } from "./resources/vpc-endpoint";
export { EndpointZone, type EndpointZoneArgs } from "./resources/endpoint-zone";
export { SecurityGroupAttachment, type SecurityGroupAttachmentArgs } from "./resources/security-group-attachment";

// Elasticsearch instances reaching an endpoint service in your VPC.
export { ElasticsearchVpcEndpoint, type ElasticsearchVpcEndpointArgs } from "./resources/elasticsearch-vpc-endpoint";
// Account.
export { PrivateLinkActivation, type PrivateLinkActivationArgs } from "./resources/privatelink-activation";

export type { CommonArgs, Timeouts } from "./resources/base";
export { RESOURCE_KINDS, type ResourceKind } from "./provider/shim";

// Lookups.
export * from "./functions";

// The signed client and the typed API, for direct use.
export { PrivateLinkClient } from "./client/client";
export { resolveSettings, type ClientSettings, type ResolvedSettings } from "./client/settings";
export { ApiError } from "./client/errors";
export * as api from "./api/privatelink";
export * as elasticsearchApi from "./api/elasticsearch";
