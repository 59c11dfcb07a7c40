// pulumi-alicloud-privatelink: Pulumi dynamic resources for Alibaba Cloud PrivateLink.
export { VpcEndpointService, type VpcEndpointServiceArgs, type ServiceResourceArgs } from "./resources/vpc-endpoint-service";
export { ServiceResourceAttachment, type ServiceResourceAttachmentArgs } from "./resources/service-resource-attachment";
export { WhitelistUser, type WhitelistUserArgs } from "./resources/whitelist-user";
export { EndpointConnection, type EndpointConnectionArgs } from "./resources/endpoint-connection";
export type { CommonArgs, Timeouts } from "./resources/base";
export { RESOURCE_KINDS, type ResourceKind } from "./provider/shim";
export { PrivateLinkClient } from "./client/client";
export { ApiError } from "./client/errors";
export * as api from "./api/privatelink";
