// Typed operations for every PrivateLink action (API version 2020-04-15): request and response interfaces with
// the wire field names, one async function per action, lenient response normalisation driven by the generated
// operation catalog, and helpers that follow NextToken to the end of a list.

import { ACTION_NAMES, type OPERATIONS, operationSpec, type ActionName } from "../spec/operations";
import {
  BUSINESS_STATUS,
  CONNECTION_STATUS,
  ENDPOINT_STATUS,
  SERVICE_STATUS,
  ZONE_STATUS,
  type BusinessStatus,
  type ConnectionStatus,
  type EndpointStatus,
  type RegionServiceStatus,
  type SecurityGroupStatus,
  type ServiceStatus,
  type ZoneStatus,
} from "../spec/statuses";
import {
  MAX_RESULTS,
  type AddressIpVersion,
  type CrossRegionSide,
  type EndpointType,
  type Payer,
  type RegionResourceTypeFilter,
  type ResourceAllocateMode,
  type ResourceReplaceMode,
  type ResourceType,
  type TrafficControlMode,
  type UserListType,
} from "../spec/constraints";
import type { ApiParams, ApiValue, CallOptions, PrivateLinkClient } from "../client/client";

export type { ApiParams, ApiValue, CallOptions } from "../client/client";

/** What the API layer needs from a client: `PrivateLinkClient` satisfies it, and so does a test double. */
export interface ApiCaller {
  readonly regionId: string;
  call<T>(action: string, params: ApiParams, options?: CallOptions): Promise<T>;
}

// Compile-time check only (a type import): the real client can be passed wherever an ApiCaller is expected.
const clientIsApiCaller = (client: PrivateLinkClient): ApiCaller => client;
void clientIsApiCaller;

/** An Alibaba Cloud account ID as a decimal string (a long; kept as text so that it stays exact). */
export type AccountId = string;
/** Account IDs in requests: a decimal string, or a number that is a safe non-negative integer. */
export type AccountIdInput = string | number;

// ---------------------------------------------------------------------------------------------------------
// Shared request and response pieces
// ---------------------------------------------------------------------------------------------------------

/** Fields every mutating request may carry. */
export interface MutatingRequest {
  /** Idempotency token (ASCII, at most 64 characters). Same as `options.clientToken`; the client generates one when neither is set. */
  ClientToken?: string;
  /** true: only validate; the API then answers with the error code `DryRunOperation` and changes nothing. */
  DryRun?: boolean;
}

export interface RegionalRequest {
  /** Filled by the client from its settings when absent. */
  RegionId?: string;
}

export interface PagedRequest {
  /** Cursor from the previous page; omit on the first page. */
  NextToken?: string;
  /** Page size, 1-50 (default 50). */
  MaxResults?: number;
}

export interface ApiResponse {
  /** Unique ID of the request; quote it when reporting a problem. */
  RequestId: string;
}

export interface PagedResponse extends ApiResponse {
  /** Cursor of the next page; absent on the last page (an empty string on the wire is dropped). */
  NextToken?: string;
  /** Page size the server applied. */
  MaxResults?: number;
}

export interface TagInput {
  /** 1-64 characters; must not start with `aliyun` or `acs:`. */
  Key: string;
  /** 0-128 characters. */
  Value?: string;
}

/** A tag as list responses report it. */
export interface ResourceTag {
  Key: string;
  Value?: string;
}

/** Filters every List action of tagged objects takes: all given tags must match (a key alone matches any value). */
export interface TagFilter {
  Tag?: TagInput[];
  ResourceGroupId?: string;
}

/** A service resource (load balancer) to attach when the endpoint service is created. */
export interface ServiceResourceInput {
  /** For example `lb-hp32z1wp5peaoox2q****`. */
  ResourceId: string;
  /** `slb` in the 2021 documents; newer documents also mention ALB, NLB, GWLB and NAT gateway backends. */
  ResourceType?: ResourceType;
  ZoneId?: string;
}

/** One zone of a new endpoint: where its network interface is created. */
export interface EndpointZoneInput {
  /** vSwitch, in this zone, that receives the endpoint's network interface. */
  VSwitchId: string;
  /** One of the endpoint service's zones. */
  ZoneId: string;
  /** Requested private IPv4 address of the interface (lower-case `ip` on the wire, as the API spells it). */
  ip?: string;
  /** Requested IPv6 address; only with `AddressIpVersion` = `DualStack`. */
  Ipv6Address?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Regions and zones
// ---------------------------------------------------------------------------------------------------------

export interface DescribeRegionsRequest extends RegionalRequest {
  /** Only regions supporting this backend type: `slb` (the API's default), `alb`, `nlb`, `gwlb`, or `ALL`. */
  ServiceResourceType?: RegionResourceTypeFilter;
}

export interface RegionInfo {
  RegionId: string;
  /** API host of the region, e.g. `privatelink.eu-west-1.aliyuncs.com`. */
  RegionEndpoint?: string;
  /** Display name, e.g. `UK (London)`. */
  LocalName?: string;
  /** Backend types supported in the region (unwrapped: the wire nests `{ServiceResourceType: [...]}`). */
  ServiceResourceTypes: ResourceType[];
}

export interface DescribeRegionsResponse extends ApiResponse {
  /** Unwrapped: the wire nests the list as `{"Regions": {"Region": [...]}}`. */
  Regions: RegionInfo[];
}

export interface DescribeZonesRequest extends RegionalRequest {
  /** Only zones supporting this backend type (`slb`, the API's default; `alb`, `nlb`, `gwlb`). */
  ServiceResourceType?: ResourceType;
  /** true: zones usable for a cross-region connection, on the side CrossRegionSide names. */
  CrossRegion?: boolean;
  /** `Endpoint` (default) or `EndpointService`; only with CrossRegion. */
  CrossRegionSide?: CrossRegionSide;
}

export interface ZoneInfo {
  ZoneId: string;
  /** Display name, e.g. `Hangzhou Zone B`. */
  LocalName?: string;
}

export interface DescribeZonesResponse extends ApiResponse {
  /** Unwrapped: the wire nests the list as `{"Zones": {"Zone": [...]}}`. */
  Zones: ZoneInfo[];
}

// ---------------------------------------------------------------------------------------------------------
// Endpoint services
// ---------------------------------------------------------------------------------------------------------

export interface CreateVpcEndpointServiceRequest extends RegionalRequest, MutatingRequest {
  ServiceDescription?: string;
  /** true: endpoint connection requests are accepted without EnableVpcEndpointConnection. */
  AutoAcceptEnabled?: boolean;
  /** Service resources to attach at creation (at most 10; more can be attached later, 20 in total). */
  Resource?: ServiceResourceInput[];
  /** Who pays: `Endpoint` (default) or `EndpointService` (the latter only for whitelisted accounts). */
  Payer?: Payer;
  /** Resolve the endpoint domain to the nearest zone first. */
  ZoneAffinityEnabled?: boolean;
  /** Resource type of the service, e.g. `slb`. */
  ServiceResourceType?: ResourceType;
  /** Deprecated by the API: whether the service supports IPv6. */
  ServiceSupportIPv6?: boolean;
  ResourceGroupId?: string;
  /** At most 20 tags. */
  Tag?: TagInput[];
  /** `IPv4` or `DualStack` (DualStack only with NLB or GWLB backends). */
  AddressIpVersion?: AddressIpVersion;
  /** Regions from which the service may be consumed (undocumented by the API; inferred). */
  SupportedRegionList?: string[];
}

export interface SupportedRegion {
  /** Deprecated by the API. */
  ServiceRegionId?: string;
  RegionServiceStatus?: RegionServiceStatus;
  RegionBusinessStatus?: string;
  SupportedRegionId?: string;
}

export interface CreateVpcEndpointServiceResponse extends ApiResponse {
  /** e.g. `epsrv-hp3vpx8yqxblby3i****`. */
  ServiceId: string;
  /** `com.aliyuncs.privatelink.{RegionId}.{ServiceId}`. */
  ServiceName?: string;
  /** `{ServiceId}.{RegionId}.privatelink.aliyuncs.com`. */
  ServiceDomain?: string;
  ServiceDescription?: string;
  AutoAcceptEnabled?: boolean;
  /** `Creating` right after the call; poll GetVpcEndpointServiceAttribute until `Active`. */
  ServiceStatus?: ServiceStatus;
  ServiceBusinessStatus?: BusinessStatus;
  /** ISO 8601 UTC. */
  CreateTime?: string;
  ZoneAffinityEnabled?: boolean;
  ServiceSupportIPv6?: boolean;
  ResourceGroupId?: string;
  AddressIpVersion?: AddressIpVersion;
  SupportedRegionSet: SupportedRegion[];
}

export interface UpdateVpcEndpointServiceAttributeRequest extends RegionalRequest, MutatingRequest {
  ServiceId: string;
  ServiceDescription?: string;
  AutoAcceptEnabled?: boolean;
  /** Default maximum bandwidth of new endpoint connections, Mbit/s (100-1024). */
  ConnectBandwidth?: number;
  /** `IPv4` or `DualStack` (DualStack needs NLB or GWLB backends). */
  AddressIpVersion?: AddressIpVersion;
  /** Deprecated by the API; prefer AddressIpVersion. */
  ServiceSupportIPv6?: boolean;
  ZoneAffinityEnabled?: boolean;
  /** Regions to add to the service's supported regions. */
  AddSupportedRegionSet?: string[];
  /** Regions to remove from the service's supported regions. */
  DeleteSupportedRegionSet?: string[];
}
export type UpdateVpcEndpointServiceAttributeResponse = ApiResponse;

export interface GetVpcEndpointServiceAttributeRequest extends RegionalRequest {
  ServiceId: string;
}

/** The service as Get and List describe it (tags only in List); Get always answers the status and the zones. */
export interface GetVpcEndpointServiceAttributeResponse extends ApiResponse, Omit<VpcEndpointServiceSummary, "Tags"> {
  /** Always present: the create and delete waiters poll it. */
  ServiceStatus: ServiceStatus;
  /** Zones of the attached service resources (a bare string on the wire is accepted). */
  Zones: string[];
}

export interface ListVpcEndpointServicesRequest extends RegionalRequest, PagedRequest, TagFilter {
  ServiceId?: string;
  ServiceName?: string;
  AutoAcceptEnabled?: boolean;
  ServiceStatus?: ServiceStatus;
  ServiceBusinessStatus?: BusinessStatus;
  AddressIpVersion?: AddressIpVersion;
  /** Services with this resource attached. */
  ResourceId?: string;
  ServiceResourceType?: ResourceType;
  ZoneAffinityEnabled?: boolean;
}

export interface VpcEndpointServiceSummary {
  ServiceId: string;
  ServiceName?: string;
  ServiceDomain?: string;
  ServiceDescription?: string;
  AutoAcceptEnabled?: boolean;
  /** Default maximum bandwidth of endpoint connections, Mbit/s (a string in the API's table, a number in its samples). */
  ConnectBandwidth?: number;
  /** Mbit/s. */
  MaxBandwidth?: number;
  /** Mbit/s. */
  MinBandwidth?: number;
  CreateTime?: string;
  RegionId?: string;
  ServiceStatus?: ServiceStatus;
  ServiceBusinessStatus?: BusinessStatus;
  ResourceGroupId?: string;
  Tags: ResourceTag[];
  Payer?: Payer;
  /** Backend type of the service. */
  ServiceResourceType?: ResourceType;
  /** The endpoint type that connects to it: `Interface`, `GatewayLoadBalancer` or `Reverse`. */
  ServiceType?: EndpointType;
  AddressIpVersion?: AddressIpVersion;
  ServiceSupportIPv6?: boolean;
  ZoneAffinityEnabled?: boolean;
  /** Regions whose endpoints may connect (cross-region). */
  SupportedRegionSet: SupportedRegion[];
}

export interface ListVpcEndpointServicesResponse extends PagedResponse {
  /** Every service that matches (all pages). */
  TotalCount?: number;
  Services: VpcEndpointServiceSummary[];
}

export interface DeleteVpcEndpointServiceRequest extends RegionalRequest, MutatingRequest {
  ServiceId: string;
}
export type DeleteVpcEndpointServiceResponse = ApiResponse;

// ---------------------------------------------------------------------------------------------------------
// Service whitelist
// ---------------------------------------------------------------------------------------------------------

export interface AddUserToVpcEndpointServiceRequest extends RegionalRequest, MutatingRequest {
  ServiceId: string;
  /** Account allowed to connect endpoints to the service; give this or UserARN (or both: two entries). */
  UserId?: AccountIdInput;
  /** The principal as an ARN, e.g. `acs:ram:*:<account ID>:*` (any principal of that account). */
  UserARN?: string;
}
export type AddUserToVpcEndpointServiceResponse = ApiResponse;

export interface ListVpcEndpointServiceUsersRequest extends RegionalRequest, PagedRequest {
  ServiceId: string;
  /** Filter: a single account ID. */
  UserId?: AccountIdInput;
  /** Which entries: `Users` (account IDs, the default) or `UserARNs`. */
  UserListType?: UserListType;
}

export interface EndpointServiceUser {
  UserId: AccountId;
}

export interface EndpointServiceUserArn {
  UserARN: string;
}

export interface ListVpcEndpointServiceUsersResponse extends PagedResponse {
  /** Every item that matches (all pages); a number here, whatever the wire type. */
  TotalCount?: number;
  /** Account entries (UserListType `Users`). */
  Users: EndpointServiceUser[];
  /** ARN entries (UserListType `UserARNs`). */
  UserARNs: EndpointServiceUserArn[];
}

export interface RemoveUserFromVpcEndpointServiceRequest extends RegionalRequest, MutatingRequest {
  ServiceId: string;
  UserId?: AccountIdInput;
  UserARN?: string;
}
export type RemoveUserFromVpcEndpointServiceResponse = ApiResponse;

// ---------------------------------------------------------------------------------------------------------
// Service resources
// ---------------------------------------------------------------------------------------------------------

export interface AttachResourceToVpcEndpointServiceRequest extends RegionalRequest, MutatingRequest {
  ServiceId: string;
  ResourceId: string;
  /** `slb`, `alb`, `nlb`, `gwlb` or `natgw`. */
  ResourceType: ResourceType;
  /** Zone of the resource to attach: required for ALB, NLB and GWLB (attached zone by zone). */
  ZoneId?: string;
}
export type AttachResourceToVpcEndpointServiceResponse = ApiResponse;

export interface ListVpcEndpointServiceResourcesRequest extends RegionalRequest, PagedRequest {
  ServiceId: string;
}

export interface EndpointServiceResource {
  /** IP address of the resource. */
  Ip?: string;
  RegionId?: string;
  ResourceId: string;
  ResourceType?: ResourceType;
  VSwitchId?: string;
  VpcId?: string;
  ZoneId?: string;
  /** The resource may be allocated to new zone connections automatically. */
  AutoAllocatedEnabled?: boolean;
  /** Zone connections this resource serves. */
  RelatedEndpointCount?: number;
  /** Zone connections it still serves after a smooth migration replaced it (until they are released). */
  RelatedDeprecatedEndpointCount?: number;
  ResourceSupportIPv6?: boolean;
}

export interface ListVpcEndpointServiceResourcesResponse extends PagedResponse {
  Resources: EndpointServiceResource[];
}

export interface DetachResourceFromVpcEndpointServiceRequest extends RegionalRequest, MutatingRequest {
  ServiceId: string;
  ResourceId: string;
  ResourceType: ResourceType;
  /** Which zone's attachment: required for ALB, NLB and GWLB. */
  ZoneId?: string;
}
export type DetachResourceFromVpcEndpointServiceResponse = ApiResponse;

export interface UpdateVpcEndpointServiceResourceAttributeRequest extends RegionalRequest, MutatingRequest {
  ServiceId: string;
  ResourceId: string;
  /** Required for ALB, NLB and GWLB. */
  ZoneId?: string;
  /** Whether new zone connections may be allocated to this resource automatically; existing ones keep theirs. */
  AutoAllocatedEnabled: boolean;
}
export type UpdateVpcEndpointServiceResourceAttributeResponse = ApiResponse;

// ---------------------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------------------

export interface CreateVpcEndpointRequest extends RegionalRequest, MutatingRequest {
  VpcId: string;
  /** The service to connect to; give this or `ServiceName`. */
  ServiceId?: string;
  /** Alternative to `ServiceId`, e.g. `com.aliyuncs.privatelink.cn-huhehaote.epsrv-...`. */
  ServiceName?: string;
  /** 1-10 groups; required in practice except for GatewayLoadBalancer endpoints. */
  SecurityGroupId?: string[];
  /** 2-128 characters, starting with a letter. */
  EndpointName?: string;
  /** 2-256 characters, not starting with http:// or https://. */
  EndpointDescription?: string;
  /** 1-10 zones. */
  Zone?: EndpointZoneInput[];
  /** `Interface` (default), `GatewayLoadBalancer`, or the reverse type. */
  EndpointType?: EndpointType;
  /** Private IPs per zone interface; only 1 is allowed. */
  ZonePrivateIpAddressCount?: number;
  /** Managed protection; effective only with STS credentials. */
  ProtectedEnabled?: boolean;
  Tag?: TagInput[];
  ResourceGroupId?: string;
  /** RAM access-policy document (JSON text) for the endpoint. */
  PolicyDocument?: string;
  /** `IPv4` or `DualStack`. */
  AddressIpVersion?: AddressIpVersion;
  ZoneAffinityEnabled?: boolean;
  /** Region of the service when it is not the endpoint's (a cross-region endpoint); default: the endpoint's region. */
  ServiceRegionId?: string;
  /** Mbit/s between the regions of a cross-region endpoint (at least 100; default 1000 within the Chinese mainland, else 100). */
  CrossRegionBandwidth?: number;
}

export interface CreateVpcEndpointResponse extends ApiResponse {
  EndpointId: string;
  EndpointName?: string;
  EndpointDescription?: string;
  /** `{EndpointId}.{ServiceId}.{RegionId}.privatelink.aliyuncs.com`. */
  EndpointDomain?: string;
  /** `Creating` right after the call; poll GetVpcEndpointAttribute until `Active`. */
  EndpointStatus?: EndpointStatus;
  EndpointBusinessStatus?: BusinessStatus;
  ConnectionStatus?: ConnectionStatus;
  /** Connection bandwidth, Mbit/s. */
  Bandwidth?: number;
  ServiceId?: string;
  ServiceName?: string;
  VpcId?: string;
  CreateTime?: string;
  AddressIpVersion?: AddressIpVersion;
  ZoneAffinityEnabled?: boolean;
  ServiceRegionId?: string;
  CrossRegionBandwidth?: number;
}

export interface UpdateVpcEndpointAttributeRequest extends RegionalRequest, MutatingRequest {
  EndpointId: string;
  /** 2-128 characters, starting with a letter (the 2021 documents required it; the current API does not). */
  EndpointName?: string;
  /** 2-256 characters, not starting with http:// or https://. */
  EndpointDescription?: string;
  /** RAM access-policy document (JSON text). */
  PolicyDocument?: string;
  /** true: back to the default policy (full access); not together with PolicyDocument. */
  ResetPolicy?: boolean;
  /** `IPv4` or `DualStack`. */
  AddressIpVersion?: AddressIpVersion;
  ZoneAffinityEnabled?: boolean;
  /** Cross-region endpoints only: the bandwidth between the two regions, Mbit/s. */
  CrossRegionBandwidth?: number;
}
export type UpdateVpcEndpointAttributeResponse = ApiResponse;

export interface GetVpcEndpointAttributeRequest extends RegionalRequest {
  /** Documented as optional, but the call means nothing without it (spec section 7). */
  EndpointId: string;
}

export interface GetVpcEndpointAttributeResponse extends ApiResponse {
  EndpointId: string;
  EndpointName?: string;
  EndpointDescription?: string;
  EndpointDomain?: string;
  /** Always present: the create and delete waiters poll it. */
  EndpointStatus: EndpointStatus;
  EndpointBusinessStatus?: BusinessStatus;
  /** Always present: the connection waiters poll it. */
  ConnectionStatus: ConnectionStatus;
  /** Maximum connection bandwidth, Mbit/s. */
  Bandwidth?: number;
  ServiceId?: string;
  ServiceName?: string;
  VpcId?: string;
  RegionId?: string;
  CreateTime?: string;
  /** The service's region (another one than RegionId for a cross-region endpoint). */
  ServiceRegionId?: string;
  /** Cross-region endpoints: Mbit/s between the regions. */
  CrossRegionBandwidth?: number;
  /** `Interface`, `GatewayLoadBalancer` or `Reverse`. */
  EndpointType?: EndpointType;
  AddressIpVersion?: AddressIpVersion;
  ZoneAffinityEnabled?: boolean;
  ResourceGroupId?: string;
  /** The RAM access policy (JSON text); empty when the endpoint has the default policy. */
  PolicyDocument?: string;
  /** Who pays for the connection: the service's Payer. */
  Payer?: Payer;
  /** true when the endpoint and its service belong to the same account. */
  ResourceOwner?: boolean;
  ZonePrivateIpAddressCount?: number;
}

export interface ListVpcEndpointsRequest extends RegionalRequest, PagedRequest, TagFilter {
  EndpointId?: string;
  /** Filter by the name of the endpoint service (there is no ServiceId filter). */
  ServiceName?: string;
  VpcId?: string;
  EndpointName?: string;
  EndpointStatus?: EndpointStatus;
  ConnectionStatus?: ConnectionStatus;
  EndpointType?: EndpointType;
  AddressIpVersion?: AddressIpVersion;
  /** Endpoints of services in this region (cross-region endpoints name another region than RegionId). */
  ServiceRegionId?: string;
}

export interface VpcEndpointSummary {
  EndpointId: string;
  EndpointName?: string;
  EndpointDescription?: string;
  EndpointDomain?: string;
  EndpointStatus?: EndpointStatus;
  EndpointBusinessStatus?: BusinessStatus;
  ConnectionStatus?: ConnectionStatus;
  /** Mbit/s. */
  Bandwidth?: number;
  ServiceId?: string;
  ServiceName?: string;
  VpcId?: string;
  RegionId?: string;
  CreateTime?: string;
  ResourceGroupId?: string;
  Tags: ResourceTag[];
  ServiceRegionId?: string;
  CrossRegionBandwidth?: number;
  EndpointType?: EndpointType;
  AddressIpVersion?: AddressIpVersion;
  ZoneAffinityEnabled?: boolean;
  PolicyDocument?: string;
  ResourceOwner?: boolean;
}

export interface ListVpcEndpointsResponse extends PagedResponse {
  /** Every item that matches (all pages); a number here, whatever the wire type. */
  TotalCount?: number;
  Endpoints: VpcEndpointSummary[];
}

export interface ListVpcEndpointServicesByEndUserRequest extends RegionalRequest, PagedRequest, TagFilter {
  ServiceId?: string;
  ServiceName?: string;
  /** Services of this region that accept endpoints from RegionId (cross-region); default: RegionId. */
  ServiceRegionId?: string;
  /** The endpoint type the service takes: `Interface`, `GatewayLoadBalancer` or `Reverse`. */
  ServiceType?: EndpointType;
}

/** An endpoint service the caller's account may connect endpoints to. */
export interface EndUserVpcEndpointService {
  ServiceId: string;
  ServiceName?: string;
  ServiceDomain?: string;
  Zones: string[];
  ResourceGroupId?: string;
  /** The service owner's tags. */
  Tags: ResourceTag[];
  /** The endpoint type to create for it. */
  ServiceType?: EndpointType;
  ServiceResourceType?: ResourceType;
  AutoAcceptEnabled?: boolean;
  Payer?: Payer;
  AddressIpVersion?: AddressIpVersion;
  ServiceSupportIPv6?: boolean;
  ZoneAffinityEnabled?: boolean;
  /** Whether endpoints of this service take a PolicyDocument. */
  VpcEndpointPolicySupported?: boolean;
}

export interface ListVpcEndpointServicesByEndUserResponse extends PagedResponse {
  /** Every item that matches (all pages); a number here, whatever the wire type. */
  TotalCount?: number;
  Services: EndUserVpcEndpointService[];
}

export interface DeleteVpcEndpointRequest extends RegionalRequest, MutatingRequest {
  EndpointId: string;
}
export type DeleteVpcEndpointResponse = ApiResponse;

// ---------------------------------------------------------------------------------------------------------
// Endpoint connections
// ---------------------------------------------------------------------------------------------------------

export interface EnableVpcEndpointConnectionRequest extends RegionalRequest, MutatingRequest {
  ServiceId: string;
  EndpointId: string;
  /** Connection bandwidth, Mbit/s; defaults to the service's ConnectBandwidth. */
  Bandwidth?: number;
  /** `BandwidthLimit` (Bandwidth applies) or `Scalability` (automatic scaling); CLB: BandwidthLimit only, GWLB: Scalability only. */
  TrafficControlMode?: TrafficControlMode;
}
export type EnableVpcEndpointConnectionResponse = ApiResponse;

export interface UpdateVpcEndpointConnectionAttributeRequest extends RegionalRequest, MutatingRequest {
  ServiceId: string;
  EndpointId: string;
  /** New maximum bandwidth, Mbit/s. */
  Bandwidth?: number;
  /** `BandwidthLimit` or `Scalability` (see EnableVpcEndpointConnection). */
  TrafficControlMode?: TrafficControlMode;
}
export type UpdateVpcEndpointConnectionAttributeResponse = ApiResponse;

export interface ListVpcEndpointConnectionsRequest extends RegionalRequest, PagedRequest {
  ServiceId: string;
  /** Filter. Documented as required, used as an optional filter (spec section 7). */
  EndpointId?: string;
  /** Filter by the account owning the endpoint. Documented as required, used as an optional filter. */
  EndpointOwnerId?: AccountIdInput;
  /** Filter. Documented as required, used as an optional filter. */
  ConnectionStatus?: ConnectionStatus;
  /** Connections with a zone whose network interface (or replaced interface) is this one. */
  EniId?: string;
  /** Connections with a zone served by this service resource. */
  ResourceId?: string;
  /** Connections with a zone whose smooth migration replaced this service resource. */
  ReplacedResourceId?: string;
}

export interface VpcEndpointConnectionZone {
  ZoneId: string;
  /** The zone's own connection state: Connecting → Connected, Disconnecting → Disconnected, Migrating → Migrated, ... */
  ZoneStatus?: ZoneStatus;
  /** Network interface of the endpoint in this zone (`eni-...`). */
  EniId?: string;
  VSwitchId?: string;
  /** Service resource serving this zone; empty while disconnected. */
  ResourceId?: string;
  /** After a smooth migration: the resource and interface that still serve old connections until released. */
  ReplacedResourceId?: string;
  ReplacedEniId?: string;
  ZoneDomain?: string;
}

export interface VpcEndpointConnection {
  EndpointId: string;
  /** Account owning the endpoint. */
  EndpointOwnerId?: AccountId;
  EndpointVpcId?: string;
  /** Region of the endpoint (another region than the service's for a cross-region endpoint). */
  EndpointRegionId?: string;
  ServiceId?: string;
  ServiceRegionId?: string;
  /** true when the endpoint and the service belong to the same account. */
  ResourceOwner?: boolean;
  /** Mbit/s. */
  Bandwidth?: number;
  /** `BandwidthLimit` or `Scalability`. */
  TrafficControlMode?: TrafficControlMode;
  /** Always present: the disable waiter polls it. */
  ConnectionStatus: ConnectionStatus;
  ModifiedTime?: string;
  Zones: VpcEndpointConnectionZone[];
}

export interface ListVpcEndpointConnectionsResponse extends PagedResponse {
  /** Every item that matches (all pages); a number here, whatever the wire type. */
  TotalCount?: number;
  Connections: VpcEndpointConnection[];
}

export interface DisableVpcEndpointConnectionRequest extends RegionalRequest, MutatingRequest {
  ServiceId: string;
  EndpointId: string;
}
export type DisableVpcEndpointConnectionResponse = ApiResponse;

/** Zone-level calls need the endpoint's connection Connected. */
export interface VpcEndpointZoneConnectionRequest extends RegionalRequest, MutatingRequest {
  ServiceId: string;
  EndpointId: string;
  ZoneId: string;
}

/** Reopens a closed zone connection: ZoneStatus Disconnected → Connecting → Connected. */
export type EnableVpcEndpointZoneConnectionRequest = VpcEndpointZoneConnectionRequest;
export type EnableVpcEndpointZoneConnectionResponse = ApiResponse;

export interface DisableVpcEndpointZoneConnectionRequest extends VpcEndpointZoneConnectionRequest {
  /**
   * true: close only the connections the replaced resource still serves after a smooth migration (ZoneStatus
   * Migrated → Connected); otherwise the zone's connection closes (Connected/Migrated → Disconnecting → Disconnected).
   */
  ReplacedResource?: boolean;
}
export type DisableVpcEndpointZoneConnectionResponse = ApiResponse;

export interface UpdateVpcEndpointZoneConnectionResourceAttributeRequest extends VpcEndpointZoneConnectionRequest {
  /** For a zone that is not connected: `Auto` (automatic allocation) or `Manual` (this ResourceId). */
  ResourceAllocateMode?: ResourceAllocateMode;
  /** For a connected zone: migrate to ResourceId, `Graceful` (old connections kept until released) or `Force`. */
  ResourceReplaceMode?: ResourceReplaceMode;
  ResourceId?: string;
  ResourceType?: ResourceType;
}
export type UpdateVpcEndpointZoneConnectionResourceAttributeResponse = ApiResponse;

// ---------------------------------------------------------------------------------------------------------
// Endpoint zones
// ---------------------------------------------------------------------------------------------------------

export interface AddZoneToVpcEndpointRequest extends RegionalRequest, MutatingRequest {
  EndpointId: string;
  ZoneId: string;
  /** vSwitch, in that zone, that receives the endpoint's network interface. */
  VSwitchId: string;
  /** Requested private IPv4 address of the interface (lower-case `ip` on the wire, as the API spells it). */
  ip?: string;
  /** Requested IPv6 address; only on a DualStack endpoint. */
  Ipv6Address?: string;
}
export type AddZoneToVpcEndpointResponse = ApiResponse;

export interface ListVpcEndpointZonesRequest extends RegionalRequest, PagedRequest {
  EndpointId: string;
}

export interface VpcEndpointZone {
  ZoneId: string;
  /** Always present: the zone waiters poll it. */
  ZoneStatus: ZoneStatus;
  VSwitchId?: string;
  EniId?: string;
  /** IP address of the endpoint's network interface. */
  EniIp?: string;
  RegionId?: string;
  ZoneDomain?: string;
  /** IPv6 address of the interface (DualStack endpoints). */
  ZoneIpv6Address?: string;
}

export interface ListVpcEndpointZonesResponse extends PagedResponse {
  /** Every item that matches (all pages); a number here, whatever the wire type. */
  TotalCount?: number;
  Zones: VpcEndpointZone[];
}

export interface RemoveZoneFromVpcEndpointRequest extends RegionalRequest, MutatingRequest {
  EndpointId: string;
  ZoneId: string;
}
export type RemoveZoneFromVpcEndpointResponse = ApiResponse;

// ---------------------------------------------------------------------------------------------------------
// Security groups
// ---------------------------------------------------------------------------------------------------------

export interface AttachSecurityGroupToVpcEndpointRequest extends RegionalRequest, MutatingRequest {
  EndpointId: string;
  SecurityGroupId: string;
}
export type AttachSecurityGroupToVpcEndpointResponse = ApiResponse;

export interface ListVpcEndpointSecurityGroupsRequest extends RegionalRequest, PagedRequest {
  EndpointId: string;
}

export interface VpcEndpointSecurityGroup {
  SecurityGroupId: string;
  /** `Attaching` or `Detaching` while the endpoint applies the change, then `Attached` (or gone). */
  SecurityGroupStatus?: SecurityGroupStatus;
}

export interface ListVpcEndpointSecurityGroupsResponse extends PagedResponse {
  /** Every item that matches (all pages); a number here, whatever the wire type. */
  TotalCount?: number;
  SecurityGroups: VpcEndpointSecurityGroup[];
}

export interface DetachSecurityGroupFromVpcEndpointRequest extends RegionalRequest, MutatingRequest {
  EndpointId: string;
  SecurityGroupId: string;
}
export type DetachSecurityGroupFromVpcEndpointResponse = ApiResponse;

// ---------------------------------------------------------------------------------------------------------
// Tags and resource groups
// ---------------------------------------------------------------------------------------------------------

export interface TagResourcesRequest extends RegionalRequest, MutatingRequest {
  /** `vpcendpoint` or `vpcendpointservice` (TAG_RESOURCE_TYPES; the API matches it case-insensitively). */
  ResourceType: string;
  /** At most 50 objects. */
  ResourceId: string[];
  /** At most 20; a key already on the object gets the new value. */
  Tag: TagInput[];
}
export type TagResourcesResponse = ApiResponse;

export interface UntagResourcesRequest extends RegionalRequest, MutatingRequest {
  ResourceType: string;
  ResourceId: string[];
  /** Keys to remove (at most 20); a key the object does not have is ignored. */
  TagKey?: string[];
  /** Remove every tag; ignored when TagKey is given. */
  All?: boolean;
}
export type UntagResourcesResponse = ApiResponse;

export interface ListTagResourcesRequest extends RegionalRequest {
  ResourceType: string;
  /** Give ResourceId or Tag (or both: objects among these IDs that carry all these tags). */
  ResourceId?: string[];
  Tag?: TagInput[];
  NextToken?: string;
  ClientToken?: string;
}

/** One tag of one object. */
export interface TagResource {
  ResourceId: string;
  ResourceType?: string;
  TagKey: string;
  TagValue?: string;
}

export interface ListTagResourcesResponse extends ApiResponse {
  NextToken?: string;
  TagResources: TagResource[];
}

/** Moves an object to another resource group. The API takes no RegionId (the client's is sent, and ignored). */
export interface ChangeResourceGroupRequest {
  ResourceId: string;
  /** e.g. `rg-acfmy*****`. */
  ResourceGroupId: string;
  /** `VpcEndpoint` or `VpcEndpointService` (RESOURCE_GROUP_RESOURCE_TYPES; matched case-insensitively). */
  ResourceType: string;
}
export type ChangeResourceGroupResponse = ApiResponse;

// ---------------------------------------------------------------------------------------------------------
// Activation of the product
// ---------------------------------------------------------------------------------------------------------

/** No parameters (the client still sends its region, which the API ignores here). */
export type CheckProductOpenRequest = object;

export interface CheckProductOpenResponse extends ApiResponse {
  /** true: PrivateLink is activated for the caller's account. */
  Success: boolean;
}

export interface OpenPrivateLinkServiceRequest {
  /** The caller's account; the API fills it in when absent. */
  OwnerId?: AccountIdInput;
}

export interface OpenPrivateLinkServiceResponse extends ApiResponse {
  /** Order of the activation. An account that is already activated gets the error code `OrderOpend` instead. */
  OrderId?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Request and response types by action
// ---------------------------------------------------------------------------------------------------------

export interface PrivateLinkRequests {
  DescribeRegions: DescribeRegionsRequest;
  DescribeZones: DescribeZonesRequest;
  CreateVpcEndpointService: CreateVpcEndpointServiceRequest;
  UpdateVpcEndpointServiceAttribute: UpdateVpcEndpointServiceAttributeRequest;
  GetVpcEndpointServiceAttribute: GetVpcEndpointServiceAttributeRequest;
  ListVpcEndpointServices: ListVpcEndpointServicesRequest;
  DeleteVpcEndpointService: DeleteVpcEndpointServiceRequest;
  AddUserToVpcEndpointService: AddUserToVpcEndpointServiceRequest;
  ListVpcEndpointServiceUsers: ListVpcEndpointServiceUsersRequest;
  RemoveUserFromVpcEndpointService: RemoveUserFromVpcEndpointServiceRequest;
  AttachResourceToVpcEndpointService: AttachResourceToVpcEndpointServiceRequest;
  ListVpcEndpointServiceResources: ListVpcEndpointServiceResourcesRequest;
  DetachResourceFromVpcEndpointService: DetachResourceFromVpcEndpointServiceRequest;
  UpdateVpcEndpointServiceResourceAttribute: UpdateVpcEndpointServiceResourceAttributeRequest;
  CreateVpcEndpoint: CreateVpcEndpointRequest;
  UpdateVpcEndpointAttribute: UpdateVpcEndpointAttributeRequest;
  GetVpcEndpointAttribute: GetVpcEndpointAttributeRequest;
  ListVpcEndpoints: ListVpcEndpointsRequest;
  ListVpcEndpointServicesByEndUser: ListVpcEndpointServicesByEndUserRequest;
  DeleteVpcEndpoint: DeleteVpcEndpointRequest;
  EnableVpcEndpointConnection: EnableVpcEndpointConnectionRequest;
  UpdateVpcEndpointConnectionAttribute: UpdateVpcEndpointConnectionAttributeRequest;
  ListVpcEndpointConnections: ListVpcEndpointConnectionsRequest;
  DisableVpcEndpointConnection: DisableVpcEndpointConnectionRequest;
  EnableVpcEndpointZoneConnection: EnableVpcEndpointZoneConnectionRequest;
  DisableVpcEndpointZoneConnection: DisableVpcEndpointZoneConnectionRequest;
  UpdateVpcEndpointZoneConnectionResourceAttribute: UpdateVpcEndpointZoneConnectionResourceAttributeRequest;
  AddZoneToVpcEndpoint: AddZoneToVpcEndpointRequest;
  ListVpcEndpointZones: ListVpcEndpointZonesRequest;
  RemoveZoneFromVpcEndpoint: RemoveZoneFromVpcEndpointRequest;
  AttachSecurityGroupToVpcEndpoint: AttachSecurityGroupToVpcEndpointRequest;
  ListVpcEndpointSecurityGroups: ListVpcEndpointSecurityGroupsRequest;
  DetachSecurityGroupFromVpcEndpoint: DetachSecurityGroupFromVpcEndpointRequest;
  TagResources: TagResourcesRequest;
  UntagResources: UntagResourcesRequest;
  ListTagResources: ListTagResourcesRequest;
  ChangeResourceGroup: ChangeResourceGroupRequest;
  CheckProductOpen: CheckProductOpenRequest;
  OpenPrivateLinkService: OpenPrivateLinkServiceRequest;
}

export interface PrivateLinkResponses {
  DescribeRegions: DescribeRegionsResponse;
  DescribeZones: DescribeZonesResponse;
  CreateVpcEndpointService: CreateVpcEndpointServiceResponse;
  UpdateVpcEndpointServiceAttribute: UpdateVpcEndpointServiceAttributeResponse;
  GetVpcEndpointServiceAttribute: GetVpcEndpointServiceAttributeResponse;
  ListVpcEndpointServices: ListVpcEndpointServicesResponse;
  DeleteVpcEndpointService: DeleteVpcEndpointServiceResponse;
  AddUserToVpcEndpointService: AddUserToVpcEndpointServiceResponse;
  ListVpcEndpointServiceUsers: ListVpcEndpointServiceUsersResponse;
  RemoveUserFromVpcEndpointService: RemoveUserFromVpcEndpointServiceResponse;
  AttachResourceToVpcEndpointService: AttachResourceToVpcEndpointServiceResponse;
  ListVpcEndpointServiceResources: ListVpcEndpointServiceResourcesResponse;
  DetachResourceFromVpcEndpointService: DetachResourceFromVpcEndpointServiceResponse;
  UpdateVpcEndpointServiceResourceAttribute: UpdateVpcEndpointServiceResourceAttributeResponse;
  CreateVpcEndpoint: CreateVpcEndpointResponse;
  UpdateVpcEndpointAttribute: UpdateVpcEndpointAttributeResponse;
  GetVpcEndpointAttribute: GetVpcEndpointAttributeResponse;
  ListVpcEndpoints: ListVpcEndpointsResponse;
  ListVpcEndpointServicesByEndUser: ListVpcEndpointServicesByEndUserResponse;
  DeleteVpcEndpoint: DeleteVpcEndpointResponse;
  EnableVpcEndpointConnection: EnableVpcEndpointConnectionResponse;
  UpdateVpcEndpointConnectionAttribute: UpdateVpcEndpointConnectionAttributeResponse;
  ListVpcEndpointConnections: ListVpcEndpointConnectionsResponse;
  DisableVpcEndpointConnection: DisableVpcEndpointConnectionResponse;
  EnableVpcEndpointZoneConnection: EnableVpcEndpointZoneConnectionResponse;
  DisableVpcEndpointZoneConnection: DisableVpcEndpointZoneConnectionResponse;
  UpdateVpcEndpointZoneConnectionResourceAttribute: UpdateVpcEndpointZoneConnectionResourceAttributeResponse;
  AddZoneToVpcEndpoint: AddZoneToVpcEndpointResponse;
  ListVpcEndpointZones: ListVpcEndpointZonesResponse;
  RemoveZoneFromVpcEndpoint: RemoveZoneFromVpcEndpointResponse;
  AttachSecurityGroupToVpcEndpoint: AttachSecurityGroupToVpcEndpointResponse;
  ListVpcEndpointSecurityGroups: ListVpcEndpointSecurityGroupsResponse;
  DetachSecurityGroupFromVpcEndpoint: DetachSecurityGroupFromVpcEndpointResponse;
  TagResources: TagResourcesResponse;
  UntagResources: UntagResourcesResponse;
  ListTagResources: ListTagResourcesResponse;
  ChangeResourceGroup: ChangeResourceGroupResponse;
  CheckProductOpen: CheckProductOpenResponse;
  OpenPrivateLinkService: OpenPrivateLinkServiceResponse;
}

/**
 * Response fields, besides `RequestId`, that normalisation guarantees (it throws ResponseFormatError when the
 * server omits one): identifiers, and the status fields that waiters poll. Paths use the unwrapped form.
 */
export const REQUIRED_RESPONSE_FIELDS = {
  DescribeRegions: ["Regions[].RegionId"],
  DescribeZones: ["Zones[].ZoneId"],
  CreateVpcEndpointService: ["ServiceId"],
  UpdateVpcEndpointServiceAttribute: [],
  GetVpcEndpointServiceAttribute: ["ServiceId", "ServiceStatus"],
  ListVpcEndpointServices: ["Services[].ServiceId", "Services[].Tags[].Key"],
  DeleteVpcEndpointService: [],
  AddUserToVpcEndpointService: [],
  ListVpcEndpointServiceUsers: ["Users[].UserId", "UserARNs[].UserARN"],
  RemoveUserFromVpcEndpointService: [],
  AttachResourceToVpcEndpointService: [],
  ListVpcEndpointServiceResources: ["Resources[].ResourceId"],
  DetachResourceFromVpcEndpointService: [],
  UpdateVpcEndpointServiceResourceAttribute: [],
  CreateVpcEndpoint: ["EndpointId"],
  UpdateVpcEndpointAttribute: [],
  GetVpcEndpointAttribute: ["EndpointId", "EndpointStatus", "ConnectionStatus"],
  ListVpcEndpoints: ["Endpoints[].EndpointId", "Endpoints[].Tags[].Key"],
  ListVpcEndpointServicesByEndUser: ["Services[].ServiceId", "Services[].Tags[].Key"],
  DeleteVpcEndpoint: [],
  EnableVpcEndpointConnection: [],
  UpdateVpcEndpointConnectionAttribute: [],
  ListVpcEndpointConnections: ["Connections[].EndpointId", "Connections[].ConnectionStatus", "Connections[].Zones[].ZoneId"],
  DisableVpcEndpointConnection: [],
  EnableVpcEndpointZoneConnection: [],
  DisableVpcEndpointZoneConnection: [],
  UpdateVpcEndpointZoneConnectionResourceAttribute: [],
  AddZoneToVpcEndpoint: [],
  ListVpcEndpointZones: ["Zones[].ZoneId", "Zones[].ZoneStatus"],
  RemoveZoneFromVpcEndpoint: [],
  AttachSecurityGroupToVpcEndpoint: [],
  ListVpcEndpointSecurityGroups: ["SecurityGroups[].SecurityGroupId"],
  DetachSecurityGroupFromVpcEndpoint: [],
  TagResources: [],
  UntagResources: [],
  ListTagResources: ["TagResources[].ResourceId", "TagResources[].TagKey"],
  ChangeResourceGroup: [],
  CheckProductOpen: ["Success"],
  OpenPrivateLinkService: [],
} as const satisfies { readonly [A in ActionName]: readonly string[] };

// ---------------------------------------------------------------------------------------------------------
// Compile-time agreement between these interfaces and the generated catalog. If a field is added to or
// removed from the spec, or an interface drifts, `tsc` fails here and names the action and the field path.
// ---------------------------------------------------------------------------------------------------------

type CatalogEntry<A extends ActionName> = Extract<(typeof OPERATIONS)[number], { action: A }>;

/** `Regions.Region[].RegionId` -> `Regions[].RegionId`: the response types unwrap the nested list form. */
type UnwrapNestedList<N extends string> = N extends `${infer Outer}.${infer _Inner}[]${infer Rest}`
  ? Outer extends `${string}[]${string}`
    ? N
    : `${Outer}[]${Rest}`
  : N;

type CatalogRequestPath<A extends ActionName> = CatalogEntry<A>["request"][number]["name"];
type CatalogResponsePath<A extends ActionName> = UnwrapNestedList<CatalogEntry<A>["response"][number]["name"]>;

/** Field paths of an interface in the catalog's notation; `WithArrayKey` adds the array field itself. */
type FieldPath<T, WithArrayKey extends boolean> = {
  [K in keyof T & string]-?: NonNullable<T[K]> extends readonly (infer E)[]
    ? E extends object
      ? (WithArrayKey extends true ? K : never) | `${K}[].${FieldPath<E, WithArrayKey>}`
      : K
    : K;
}[keyof T & string];

/** Non-optional scalar paths (arrays are always present, so only their elements' required fields count). */
type RequiredFieldPath<T> = {
  [K in keyof T & string]-?: NonNullable<T[K]> extends readonly (infer E)[]
    ? E extends object
      ? `${K}[].${RequiredFieldPath<E>}`
      : never
    : {} extends Pick<T, K>
      ? never
      : K;
}[keyof T & string];

type Difference<X, Y> = Exclude<X, Y> | Exclude<Y, X>;
type Drift<A extends ActionName, X, Y> = [Difference<X, Y>] extends [never] ? never : `${A}: ${Difference<X, Y> & string}`;

type RequestDrift = {
  [A in ActionName]: Drift<A, CatalogRequestPath<A>, FieldPath<PrivateLinkRequests[A], false>>;
}[ActionName];
type ResponseDrift = {
  [A in ActionName]: Drift<A, CatalogResponsePath<A>, FieldPath<PrivateLinkResponses[A], true>>;
}[ActionName];
type RequiredDrift = {
  [A in ActionName]: Drift<A, RequiredFieldPath<PrivateLinkResponses[A]>, "RequestId" | (typeof REQUIRED_RESPONSE_FIELDS)[A][number]>;
}[ActionName];

type NoDrift<D> = [D] extends [never] ? true : `${D & string}`;
const requestTypesMatchCatalog: NoDrift<RequestDrift> = true;
const responseTypesMatchCatalog: NoDrift<ResponseDrift> = true;
const requiredFieldsMatchTypes: NoDrift<RequiredDrift> = true;
void [requestTypesMatchCatalog, responseTypesMatchCatalog, requiredFieldsMatchTypes];

// ---------------------------------------------------------------------------------------------------------
// Response normalisation
// ---------------------------------------------------------------------------------------------------------

/** A response the API layer cannot read as the spec describes it (a value of the wrong kind, a missing ID). */
export class ResponseFormatError extends Error {
  constructor(
    readonly action: string,
    /** Where in the body, e.g. `Connections[2].EndpointOwnerId`. */
    readonly path: string,
    readonly detail: string,
    readonly value?: unknown,
  ) {
    super(`${action}: response field ${path} ${detail}`);
    this.name = "ResponseFormatError";
  }
}

/** Account IDs are longs: kept as decimal strings so that they stay exact. */
const ACCOUNT_ID_FIELDS: ReadonlySet<string> = new Set(["UserId", "EndpointOwnerId", "OwnerId"]);
/** Typed String in some of the API's tables but numbers in its samples (spec 1.5): always numbers here. */
const NUMERIC_FIELDS: ReadonlySet<string> = new Set([
  "MaxResults",
  "TotalCount",
  "Bandwidth",
  "ConnectBandwidth",
  "MaxBandwidth",
  "MinBandwidth",
  "CrossRegionBandwidth",
]);
const STATUS_FIELDS: Readonly<Record<string, readonly string[]>> = {
  ServiceStatus: SERVICE_STATUS,
  EndpointStatus: ENDPOINT_STATUS,
  ConnectionStatus: CONNECTION_STATUS,
  ZoneStatus: ZONE_STATUS,
  ServiceBusinessStatus: BUSINESS_STATUS,
  EndpointBusinessStatus: BUSINESS_STATUS,
};

type ScalarKind = "string" | "number" | "boolean" | "accountId" | "status";

type FieldSchema =
  | { kind: ScalarKind; required: boolean; allowed?: readonly string[] }
  | { kind: "stringArray"; required: boolean }
  | { kind: "objectArray"; required: boolean; wrapper?: string; element: ObjectSchema };

interface ObjectSchema {
  readonly fields: Map<string, FieldSchema>;
}

function leafSchema(key: string, catalogType: string): FieldSchema {
  if (ACCOUNT_ID_FIELDS.has(key)) return { kind: "accountId", required: false };
  if (NUMERIC_FIELDS.has(key)) return { kind: "number", required: false };
  const allowed = STATUS_FIELDS[key];
  if (allowed) return { kind: "status", required: false, allowed };
  switch (catalogType) {
    case "integer":
    case "long":
      return { kind: "number", required: false };
    case "boolean":
      return { kind: "boolean", required: false };
    case "array<string>":
      return { kind: "stringArray", required: false };
    case "array<object>":
      return { kind: "objectArray", required: false, element: { fields: new Map() } };
    default:
      return { kind: "string", required: false };
  }
}

/** Returns the object-array field `key` of `parent`, creating it when the catalog names only its members. */
function objectArrayField(parent: ObjectSchema, key: string): Extract<FieldSchema, { kind: "objectArray" }> {
  const existing = parent.fields.get(key);
  if (existing?.kind === "objectArray") return existing;
  const created: FieldSchema = { kind: "objectArray", required: false, element: { fields: new Map() } };
  parent.fields.set(key, created);
  return created;
}

/** Builds the response schema of one action from the catalog's `response` entries. */
function buildResponseSchema(action: ActionName): ObjectSchema {
  const spec = operationSpec(action);
  if (!spec) throw new TypeError(`unknown PrivateLink action ${action}`);
  const root: ObjectSchema = { fields: new Map() };
  for (const entry of spec.response) {
    const tokens = entry.name.split(".");
    let node = root;
    for (let i = 0; i < tokens.length - 1; i++) {
      const token = tokens[i]!;
      if (token.endsWith("[]")) {
        node = objectArrayField(node, token.slice(0, -2)).element;
      } else {
        // `Regions.Region[]`: the list is wrapped in an object under a singular key.
        const field = objectArrayField(node, token);
        field.wrapper = tokens[i + 1]!.replace(/\[\]$/, "");
        node = field.element;
        i++;
      }
    }
    const leaf = tokens[tokens.length - 1]!;
    const schema = leafSchema(leaf, entry.type);
    if (schema.kind === "objectArray") objectArrayField(node, leaf);
    else node.fields.set(leaf, schema);
  }
  for (const path of REQUIRED_RESPONSE_FIELDS[action] as readonly string[]) markRequired(root, path, action);
  const requestId = root.fields.get("RequestId");
  if (requestId) requestId.required = true;
  return root;
}

function markRequired(root: ObjectSchema, path: string, action: string): void {
  const parts = path.split("[].");
  let node = root;
  for (const part of parts.slice(0, -1)) {
    const field = node.fields.get(part);
    if (field?.kind !== "objectArray") throw new TypeError(`${action}: required path ${path} is not in the catalog`);
    node = field.element;
  }
  const leaf = node.fields.get(parts[parts.length - 1]!);
  if (!leaf) throw new TypeError(`${action}: required path ${path} is not in the catalog`);
  leaf.required = true;
}

const RESPONSE_SCHEMAS: ReadonlyMap<string, ObjectSchema> = new Map(ACTION_NAMES.map((action) => [action, buildResponseSchema(action)] as const));

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;
const UNSIGNED_INTEGER = /^\d+$/;

function normalizeScalar(schema: { kind: ScalarKind; allowed?: readonly string[] }, value: unknown, fail: (detail: string) => never): unknown {
  switch (schema.kind) {
    case "string":
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      return fail("is not a string");
    case "number":
      if (typeof value === "number" && Number.isFinite(value)) return value;
      if (typeof value === "string" && DECIMAL.test(value.trim())) return Number(value.trim());
      return fail("is not a number");
    case "boolean":
      if (typeof value === "boolean") return value;
      if (value === "true" || value === "True" || value === "TRUE" || value === 1 || value === "1") return true;
      if (value === "false" || value === "False" || value === "FALSE" || value === 0 || value === "0") return false;
      return fail("is not a boolean");
    case "accountId":
      if (typeof value === "string" && UNSIGNED_INTEGER.test(value.trim())) return value.trim();
      if (typeof value === "number" && Number.isInteger(value) && value >= 0) {
        // JSON parsing already rounded an ID beyond 2^53; refuse it rather than hand on a wrong account.
        if (!Number.isSafeInteger(value)) return fail("is an account ID too large to be exact as a JSON number");
        return String(value);
      }
      return fail("is not a decimal account ID");
    case "status": {
      if (typeof value !== "string") return fail("is not a status string");
      // Known values get their documented spelling; an unknown one passes through unchanged, so that a status
      // the cloud adds later reaches the waiters (which treat it as "keep waiting") instead of failing the read.
      const canonical = schema.allowed!.find((s) => s.toLowerCase() === value.toLowerCase());
      return canonical ?? value;
    }
  }
}

/** Turns the accepted list encodings (array, wrapper object, single element, missing) into an array. */
function listItems(value: unknown, wrapper: string | undefined, knownFields: ReadonlyMap<string, FieldSchema> | undefined): unknown[] {
  if (isAbsent(value)) return [];
  if (Array.isArray(value)) return value;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (wrapper !== undefined && keys.includes(wrapper)) return listItems(value[wrapper], undefined, knownFields);
    // An XML-style wrapper under a name we did not expect, e.g. {"Zones": {"Zone": [...]}}.
    if (keys.length === 1 && !knownFields?.has(keys[0]!) && typeof value[keys[0]!] === "object") {
      return listItems(value[keys[0]!], undefined, knownFields);
    }
  }
  return [value];
}

function normalizeObject(schema: ObjectSchema, value: unknown, path: string, action: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw new ResponseFormatError(action, path || "(body)", "is not an object", value);
  // Fields the catalog does not know pass through untouched, so newer API fields are not lost.
  const out: Record<string, unknown> = { ...value };
  for (const [key, field] of schema.fields) {
    const fieldPath = path ? `${path}.${key}` : key;
    const raw = value[key];
    const fail = (detail: string): never => {
      throw new ResponseFormatError(action, fieldPath, detail, raw);
    };
    if (field.kind === "objectArray") {
      out[key] = listItems(raw, field.wrapper, field.element.fields).map((item, i) => normalizeObject(field.element, item, `${fieldPath}[${i}]`, action));
    } else if (field.kind === "stringArray") {
      // A bare string is a one-element list (one documented sample); a comma-separated one is split.
      const items = typeof raw === "string" ? raw.split(",") : listItems(raw, undefined, undefined);
      out[key] = items
        .map((item, i) =>
          normalizeScalar({ kind: "string" }, item, (detail) => {
            throw new ResponseFormatError(action, `${fieldPath}[${i}]`, detail, item);
          }),
        )
        .map((s) => (s as string).trim())
        .filter((s) => s !== "");
    } else if (raw === undefined || raw === null || (raw === "" && field.kind !== "string")) {
      // Absent, null, or an empty string where a number, boolean, ID or status belongs: no value.
      if (field.required) fail("is missing");
      delete out[key];
    } else {
      const normalized = normalizeScalar(field, raw, fail);
      if (field.required && normalized === "") fail("is empty");
      out[key] = normalized;
    }
  }
  // An empty NextToken means "no more pages"; dropping it gives callers one test for the last page.
  if (path === "" && out["NextToken"] === "") delete out["NextToken"];
  return out;
}

/**
 * Reads a PrivateLink response body leniently and returns it in the shape of the action's response type:
 * numbers from numeric strings, booleans from "true"/"false", account IDs as decimal strings, status values
 * in their canonical spelling, every list as an array (missing: empty), nested `{Zones: {Zone: [...]}}` lists
 * unwrapped, an empty `NextToken` dropped. Unknown fields pass through. Pure: the input is not modified.
 * Throws ResponseFormatError for a value that cannot be read as its type and for a missing identifier.
 */
export function normalizeResponse<A extends ActionName>(action: A, body: unknown): PrivateLinkResponses[A];
export function normalizeResponse(action: string, body: unknown): ApiResponse & Record<string, unknown>;
export function normalizeResponse(action: string, body: unknown): ApiResponse & Record<string, unknown> {
  const schema = RESPONSE_SCHEMAS.get(action);
  if (!schema) throw new TypeError(`unknown PrivateLink action ${action}`);
  // One documented sample wraps the body in `{"<Action>Response": {...}}`.
  const wrapped = `${action}Response`;
  const unwrapped = isPlainObject(body) && Object.keys(body).length === 1 && isPlainObject(body[wrapped]) ? body[wrapped] : body;
  return normalizeObject(schema, unwrapped, "", action) as ApiResponse & Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------------
// Calling an action
// ---------------------------------------------------------------------------------------------------------

function accountIdParam(action: string, key: string, value: unknown): string {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${action}: ${key} ${value} is not an exact account ID; pass it as a decimal string`);
    }
    return String(value);
  }
  return String(value);
}

/** Copies a request into wire parameters: drops undefined members, account IDs become decimal strings. */
function toParams(action: string, request: object): ApiParams {
  const compact = (value: unknown): ApiValue => {
    if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
    if (isPlainObject(value)) {
      const out: { [k: string]: ApiValue } = {};
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = compact(v);
      return out;
    }
    return value as ApiValue;
  };
  const params: ApiParams = {};
  for (const [key, value] of Object.entries(request)) {
    if (value === undefined || key === "ClientToken") continue;
    params[key] = ACCOUNT_ID_FIELDS.has(key) ? accountIdParam(action, key, value) : compact(value);
  }
  return params;
}

/**
 * Calls one PrivateLink action and normalises its response. The request's `ClientToken` travels as
 * `options.clientToken`, so that the client's retries reuse it; giving two different tokens is an error.
 */
export async function callAction<A extends ActionName>(
  client: ApiCaller,
  action: A,
  request: PrivateLinkRequests[A],
  options?: CallOptions,
): Promise<PrivateLinkResponses[A]> {
  const token = (request as MutatingRequest).ClientToken;
  if (token !== undefined && options?.clientToken !== undefined && token !== options.clientToken) {
    throw new TypeError(`${action}: request.ClientToken and options.clientToken differ`);
  }
  const callOptions: CallOptions | undefined = token !== undefined ? { ...options, clientToken: token } : options;
  const params = toParams(action, request);
  const body = operationSpec(action)?.formBody
    ? await client.call<unknown>(action, {}, { ...callOptions, bodyParams: params })
    : await client.call<unknown>(action, params, callOptions);
  return normalizeResponse(action, body);
}

// ---------------------------------------------------------------------------------------------------------
// One function per action
// ---------------------------------------------------------------------------------------------------------

/** Regions where PrivateLink can be called, with each region's API host. */
export async function describeRegions(client: ApiCaller, request: DescribeRegionsRequest = {}, options?: CallOptions): Promise<DescribeRegionsResponse> {
  return callAction(client, "DescribeRegions", request, options);
}
/** Zones of a region. */
export async function describeZones(client: ApiCaller, request: DescribeZonesRequest = {}, options?: CallOptions): Promise<DescribeZonesResponse> {
  return callAction(client, "DescribeZones", request, options);
}

/** Creates an endpoint service; asynchronous (ServiceStatus Creating -> Active). */
export async function createVpcEndpointService(
  client: ApiCaller,
  request: CreateVpcEndpointServiceRequest,
  options?: CallOptions,
): Promise<CreateVpcEndpointServiceResponse> {
  return callAction(client, "CreateVpcEndpointService", request, options);
}
export async function updateVpcEndpointServiceAttribute(
  client: ApiCaller,
  request: UpdateVpcEndpointServiceAttributeRequest,
  options?: CallOptions,
): Promise<UpdateVpcEndpointServiceAttributeResponse> {
  return callAction(client, "UpdateVpcEndpointServiceAttribute", request, options);
}
export async function getVpcEndpointServiceAttribute(
  client: ApiCaller,
  request: GetVpcEndpointServiceAttributeRequest,
  options?: CallOptions,
): Promise<GetVpcEndpointServiceAttributeResponse> {
  return callAction(client, "GetVpcEndpointServiceAttribute", request, options);
}
/** One page of the caller's endpoint services; see listAllVpcEndpointServices. */
export async function listVpcEndpointServices(
  client: ApiCaller,
  request: ListVpcEndpointServicesRequest = {},
  options?: CallOptions,
): Promise<ListVpcEndpointServicesResponse> {
  return callAction(client, "ListVpcEndpointServices", request, options);
}
/** Deletes an endpoint service; asynchronous (Deleting, then EndpointServiceNotFound). */
export async function deleteVpcEndpointService(
  client: ApiCaller,
  request: DeleteVpcEndpointServiceRequest,
  options?: CallOptions,
): Promise<DeleteVpcEndpointServiceResponse> {
  return callAction(client, "DeleteVpcEndpointService", request, options);
}

export async function addUserToVpcEndpointService(
  client: ApiCaller,
  request: AddUserToVpcEndpointServiceRequest,
  options?: CallOptions,
): Promise<AddUserToVpcEndpointServiceResponse> {
  return callAction(client, "AddUserToVpcEndpointService", request, options);
}
export async function listVpcEndpointServiceUsers(
  client: ApiCaller,
  request: ListVpcEndpointServiceUsersRequest,
  options?: CallOptions,
): Promise<ListVpcEndpointServiceUsersResponse> {
  return callAction(client, "ListVpcEndpointServiceUsers", request, options);
}
export async function removeUserFromVpcEndpointService(
  client: ApiCaller,
  request: RemoveUserFromVpcEndpointServiceRequest,
  options?: CallOptions,
): Promise<RemoveUserFromVpcEndpointServiceResponse> {
  return callAction(client, "RemoveUserFromVpcEndpointService", request, options);
}

export async function attachResourceToVpcEndpointService(
  client: ApiCaller,
  request: AttachResourceToVpcEndpointServiceRequest,
  options?: CallOptions,
): Promise<AttachResourceToVpcEndpointServiceResponse> {
  return callAction(client, "AttachResourceToVpcEndpointService", request, options);
}
export async function listVpcEndpointServiceResources(
  client: ApiCaller,
  request: ListVpcEndpointServiceResourcesRequest,
  options?: CallOptions,
): Promise<ListVpcEndpointServiceResourcesResponse> {
  return callAction(client, "ListVpcEndpointServiceResources", request, options);
}
export async function detachResourceFromVpcEndpointService(
  client: ApiCaller,
  request: DetachResourceFromVpcEndpointServiceRequest,
  options?: CallOptions,
): Promise<DetachResourceFromVpcEndpointServiceResponse> {
  return callAction(client, "DetachResourceFromVpcEndpointService", request, options);
}

/** Switches automatic allocation of one attached resource (one zone's, for ALB/NLB/GWLB); the service must be Active. */
export async function updateVpcEndpointServiceResourceAttribute(
  client: ApiCaller,
  request: UpdateVpcEndpointServiceResourceAttributeRequest,
  options?: CallOptions,
): Promise<UpdateVpcEndpointServiceResourceAttributeResponse> {
  return callAction(client, "UpdateVpcEndpointServiceResourceAttribute", request, options);
}

/** Creates an endpoint; asynchronous (EndpointStatus Creating -> Active). */
export async function createVpcEndpoint(client: ApiCaller, request: CreateVpcEndpointRequest, options?: CallOptions): Promise<CreateVpcEndpointResponse> {
  return callAction(client, "CreateVpcEndpoint", request, options);
}
export async function updateVpcEndpointAttribute(
  client: ApiCaller,
  request: UpdateVpcEndpointAttributeRequest,
  options?: CallOptions,
): Promise<UpdateVpcEndpointAttributeResponse> {
  return callAction(client, "UpdateVpcEndpointAttribute", request, options);
}
export async function getVpcEndpointAttribute(
  client: ApiCaller,
  request: GetVpcEndpointAttributeRequest,
  options?: CallOptions,
): Promise<GetVpcEndpointAttributeResponse> {
  return callAction(client, "GetVpcEndpointAttribute", request, options);
}
export async function listVpcEndpoints(client: ApiCaller, request: ListVpcEndpointsRequest = {}, options?: CallOptions): Promise<ListVpcEndpointsResponse> {
  return callAction(client, "ListVpcEndpoints", request, options);
}
export async function listVpcEndpointServicesByEndUser(
  client: ApiCaller,
  request: ListVpcEndpointServicesByEndUserRequest = {},
  options?: CallOptions,
): Promise<ListVpcEndpointServicesByEndUserResponse> {
  return callAction(client, "ListVpcEndpointServicesByEndUser", request, options);
}
/** Deletes an endpoint; asynchronous (Deleting, then EndpointNotFound). */
export async function deleteVpcEndpoint(client: ApiCaller, request: DeleteVpcEndpointRequest, options?: CallOptions): Promise<DeleteVpcEndpointResponse> {
  return callAction(client, "DeleteVpcEndpoint", request, options);
}

/** The service owner accepts an endpoint; asynchronous (ConnectionStatus Connecting -> Connected). */
export async function enableVpcEndpointConnection(
  client: ApiCaller,
  request: EnableVpcEndpointConnectionRequest,
  options?: CallOptions,
): Promise<EnableVpcEndpointConnectionResponse> {
  return callAction(client, "EnableVpcEndpointConnection", request, options);
}
export async function updateVpcEndpointConnectionAttribute(
  client: ApiCaller,
  request: UpdateVpcEndpointConnectionAttributeRequest,
  options?: CallOptions,
): Promise<UpdateVpcEndpointConnectionAttributeResponse> {
  return callAction(client, "UpdateVpcEndpointConnectionAttribute", request, options);
}
export async function listVpcEndpointConnections(
  client: ApiCaller,
  request: ListVpcEndpointConnectionsRequest,
  options?: CallOptions,
): Promise<ListVpcEndpointConnectionsResponse> {
  return callAction(client, "ListVpcEndpointConnections", request, options);
}
/** The service owner rejects or tears down a connection; asynchronous (Disconnecting -> Disconnected). */
export async function disableVpcEndpointConnection(
  client: ApiCaller,
  request: DisableVpcEndpointConnectionRequest,
  options?: CallOptions,
): Promise<DisableVpcEndpointConnectionResponse> {
  return callAction(client, "DisableVpcEndpointConnection", request, options);
}

/** The owner reopens one zone of a connected endpoint; asynchronous (ZoneStatus Connecting -> Connected). */
export async function enableVpcEndpointZoneConnection(
  client: ApiCaller,
  request: EnableVpcEndpointZoneConnectionRequest,
  options?: CallOptions,
): Promise<EnableVpcEndpointZoneConnectionResponse> {
  return callAction(client, "EnableVpcEndpointZoneConnection", request, options);
}
/** The owner closes one zone (or, with ReplacedResource, the old connections of a migrated zone); asynchronous. */
export async function disableVpcEndpointZoneConnection(
  client: ApiCaller,
  request: DisableVpcEndpointZoneConnectionRequest,
  options?: CallOptions,
): Promise<DisableVpcEndpointZoneConnectionResponse> {
  return callAction(client, "DisableVpcEndpointZoneConnection", request, options);
}
/** Allocates (zone not connected) or migrates (connected) the service resource of one zone; allow-listed; asynchronous. */
export async function updateVpcEndpointZoneConnectionResourceAttribute(
  client: ApiCaller,
  request: UpdateVpcEndpointZoneConnectionResourceAttributeRequest,
  options?: CallOptions,
): Promise<UpdateVpcEndpointZoneConnectionResourceAttributeResponse> {
  return callAction(client, "UpdateVpcEndpointZoneConnectionResourceAttribute", request, options);
}

/** Adds a zone to an endpoint; asynchronous (ZoneStatus Creating -> Wait or Connected). */
export async function addZoneToVpcEndpoint(
  client: ApiCaller,
  request: AddZoneToVpcEndpointRequest,
  options?: CallOptions,
): Promise<AddZoneToVpcEndpointResponse> {
  return callAction(client, "AddZoneToVpcEndpoint", request, options);
}
export async function listVpcEndpointZones(
  client: ApiCaller,
  request: ListVpcEndpointZonesRequest,
  options?: CallOptions,
): Promise<ListVpcEndpointZonesResponse> {
  return callAction(client, "ListVpcEndpointZones", request, options);
}
/** Removes a zone from an endpoint; asynchronous (ZoneStatus Deleting, then gone). */
export async function removeZoneFromVpcEndpoint(
  client: ApiCaller,
  request: RemoveZoneFromVpcEndpointRequest,
  options?: CallOptions,
): Promise<RemoveZoneFromVpcEndpointResponse> {
  return callAction(client, "RemoveZoneFromVpcEndpoint", request, options);
}

export async function attachSecurityGroupToVpcEndpoint(
  client: ApiCaller,
  request: AttachSecurityGroupToVpcEndpointRequest,
  options?: CallOptions,
): Promise<AttachSecurityGroupToVpcEndpointResponse> {
  return callAction(client, "AttachSecurityGroupToVpcEndpoint", request, options);
}
export async function listVpcEndpointSecurityGroups(
  client: ApiCaller,
  request: ListVpcEndpointSecurityGroupsRequest,
  options?: CallOptions,
): Promise<ListVpcEndpointSecurityGroupsResponse> {
  return callAction(client, "ListVpcEndpointSecurityGroups", request, options);
}
export async function detachSecurityGroupFromVpcEndpoint(
  client: ApiCaller,
  request: DetachSecurityGroupFromVpcEndpointRequest,
  options?: CallOptions,
): Promise<DetachSecurityGroupFromVpcEndpointResponse> {
  return callAction(client, "DetachSecurityGroupFromVpcEndpoint", request, options);
}

/** Adds or overwrites tags on endpoints or endpoint services (parameters travel in the form body, as the SDK sends them). */
export async function tagResources(client: ApiCaller, request: TagResourcesRequest, options?: CallOptions): Promise<TagResourcesResponse> {
  return callAction(client, "TagResources", request, options);
}
export async function untagResources(client: ApiCaller, request: UntagResourcesRequest, options?: CallOptions): Promise<UntagResourcesResponse> {
  return callAction(client, "UntagResources", request, options);
}
/** One page of (object, tag) pairs; see listAllTagResources. */
export async function listTagResources(client: ApiCaller, request: ListTagResourcesRequest, options?: CallOptions): Promise<ListTagResourcesResponse> {
  return callAction(client, "ListTagResources", request, options);
}
export async function changeResourceGroup(client: ApiCaller, request: ChangeResourceGroupRequest, options?: CallOptions): Promise<ChangeResourceGroupResponse> {
  return callAction(client, "ChangeResourceGroup", request, options);
}
/** Whether PrivateLink is activated for the caller's account. */
export async function checkProductOpen(client: ApiCaller, request: CheckProductOpenRequest = {}, options?: CallOptions): Promise<CheckProductOpenResponse> {
  return callAction(client, "CheckProductOpen", request, options);
}
/** Activates PrivateLink for the caller's account; `OrderOpend` when it already is. */
export async function openPrivateLinkService(
  client: ApiCaller,
  request: OpenPrivateLinkServiceRequest = {},
  options?: CallOptions,
): Promise<OpenPrivateLinkServiceResponse> {
  return callAction(client, "OpenPrivateLinkService", request, options);
}

/** Every action's function under its action name (the compiler checks that none is missing). */
export const PRIVATELINK_OPERATIONS: {
  readonly [A in ActionName]: (client: ApiCaller, request: PrivateLinkRequests[A], options?: CallOptions) => Promise<PrivateLinkResponses[A]>;
} = {
  DescribeRegions: describeRegions,
  DescribeZones: describeZones,
  CreateVpcEndpointService: createVpcEndpointService,
  UpdateVpcEndpointServiceAttribute: updateVpcEndpointServiceAttribute,
  GetVpcEndpointServiceAttribute: getVpcEndpointServiceAttribute,
  ListVpcEndpointServices: listVpcEndpointServices,
  DeleteVpcEndpointService: deleteVpcEndpointService,
  AddUserToVpcEndpointService: addUserToVpcEndpointService,
  ListVpcEndpointServiceUsers: listVpcEndpointServiceUsers,
  RemoveUserFromVpcEndpointService: removeUserFromVpcEndpointService,
  AttachResourceToVpcEndpointService: attachResourceToVpcEndpointService,
  ListVpcEndpointServiceResources: listVpcEndpointServiceResources,
  DetachResourceFromVpcEndpointService: detachResourceFromVpcEndpointService,
  UpdateVpcEndpointServiceResourceAttribute: updateVpcEndpointServiceResourceAttribute,
  CreateVpcEndpoint: createVpcEndpoint,
  UpdateVpcEndpointAttribute: updateVpcEndpointAttribute,
  GetVpcEndpointAttribute: getVpcEndpointAttribute,
  ListVpcEndpoints: listVpcEndpoints,
  ListVpcEndpointServicesByEndUser: listVpcEndpointServicesByEndUser,
  DeleteVpcEndpoint: deleteVpcEndpoint,
  EnableVpcEndpointConnection: enableVpcEndpointConnection,
  UpdateVpcEndpointConnectionAttribute: updateVpcEndpointConnectionAttribute,
  ListVpcEndpointConnections: listVpcEndpointConnections,
  DisableVpcEndpointConnection: disableVpcEndpointConnection,
  EnableVpcEndpointZoneConnection: enableVpcEndpointZoneConnection,
  DisableVpcEndpointZoneConnection: disableVpcEndpointZoneConnection,
  UpdateVpcEndpointZoneConnectionResourceAttribute: updateVpcEndpointZoneConnectionResourceAttribute,
  AddZoneToVpcEndpoint: addZoneToVpcEndpoint,
  ListVpcEndpointZones: listVpcEndpointZones,
  RemoveZoneFromVpcEndpoint: removeZoneFromVpcEndpoint,
  AttachSecurityGroupToVpcEndpoint: attachSecurityGroupToVpcEndpoint,
  ListVpcEndpointSecurityGroups: listVpcEndpointSecurityGroups,
  DetachSecurityGroupFromVpcEndpoint: detachSecurityGroupFromVpcEndpoint,
  TagResources: tagResources,
  UntagResources: untagResources,
  ListTagResources: listTagResources,
  ChangeResourceGroup: changeResourceGroup,
  CheckProductOpen: checkProductOpen,
  OpenPrivateLinkService: openPrivateLinkService,
};

// ---------------------------------------------------------------------------------------------------------
// Paging
// ---------------------------------------------------------------------------------------------------------

/** A list whose server hands back a cursor it already gave (following it would never end). */
export class PaginationError extends Error {
  constructor(
    readonly action: string,
    readonly nextToken: string,
    /** Pages read before the repeat was seen. */
    readonly pages: number,
  ) {
    super(`${action}: the server returned NextToken "${nextToken}" a second time after ${pages} page(s); stopping instead of looping`);
    this.name = "PaginationError";
  }
}

/** Safety net for a server that keeps inventing new cursors: 10,000 pages of 50 is far beyond any quota. */
const MAX_PAGES = 10_000;

/** The List actions that page with NextToken. */
export type ListAction = { [A in ActionName]: "NextToken" extends keyof PrivateLinkRequests[A] ? A : never }[ActionName];

/** A list request without its paging fields: the helpers set them. */
export type ListAllRequest<A extends ListAction> = Omit<PrivateLinkRequests[A], keyof PagedRequest>;

/**
 * Reads every page of a List action, `MaxResults` 50, following `NextToken` until the server returns none,
 * and concatenates the items. Throws PaginationError when the server repeats a cursor.
 */
export async function listAllPages<A extends ListAction, K extends keyof PrivateLinkResponses[A]>(
  client: ApiCaller,
  action: A,
  itemsKey: K,
  request: ListAllRequest<A>,
  options?: CallOptions,
): Promise<PrivateLinkResponses[A][K]> {
  const items: unknown[] = [];
  const seen = new Set<string>();
  let nextToken: string | undefined;
  // The largest page where the action takes a page size (ListTagResources takes none).
  const pageSize = operationSpec(action)?.request.some((p) => p.wireName === "MaxResults") ? { MaxResults: MAX_RESULTS.max } : {};
  for (let page = 1; ; page++) {
    const pageRequest = { ...request, ...pageSize, NextToken: nextToken } as unknown as PrivateLinkRequests[A];
    const response = await callAction(client, action, pageRequest, options);
    items.push(...(response[itemsKey] as unknown[]));
    nextToken = (response as PagedResponse).NextToken;
    if (nextToken === undefined) return items as PrivateLinkResponses[A][K];
    if (seen.has(nextToken)) throw new PaginationError(action, nextToken, page);
    if (page >= MAX_PAGES) throw new PaginationError(action, nextToken, page);
    seen.add(nextToken);
  }
}

/** A typed "every page" function for one List action. */
function listAllOf<A extends ListAction, K extends keyof PrivateLinkResponses[A]>(action: A, itemsKey: K) {
  return (client: ApiCaller, request: ListAllRequest<A>, options?: CallOptions): Promise<PrivateLinkResponses[A][K]> =>
    listAllPages(client, action, itemsKey, request, options);
}

/** The same for a List action whose filters are all optional: the request may be left out. */
function listAllOptionalOf<A extends ListAction, K extends keyof PrivateLinkResponses[A]>(action: A, itemsKey: K) {
  return (client: ApiCaller, request: ListAllRequest<A> = {} as ListAllRequest<A>, options?: CallOptions): Promise<PrivateLinkResponses[A][K]> =>
    listAllPages(client, action, itemsKey, request, options);
}

export const listAllVpcEndpointServices = listAllOptionalOf("ListVpcEndpointServices", "Services");
export const listAllVpcEndpointServiceUsers = listAllOf("ListVpcEndpointServiceUsers", "Users");
/** Every ARN entry of a service's whitelist (UserListType `UserARNs`). */
export const listAllVpcEndpointServiceUserArns = (
  client: ApiCaller,
  request: Omit<ListAllRequest<"ListVpcEndpointServiceUsers">, "UserListType" | "UserId">,
  options?: CallOptions,
): Promise<EndpointServiceUserArn[]> => listAllPages(client, "ListVpcEndpointServiceUsers", "UserARNs", { ...request, UserListType: "UserARNs" }, options);
export const listAllVpcEndpointServiceResources = listAllOf("ListVpcEndpointServiceResources", "Resources");
export const listAllVpcEndpoints = listAllOptionalOf("ListVpcEndpoints", "Endpoints");
export const listAllVpcEndpointServicesByEndUser = listAllOptionalOf("ListVpcEndpointServicesByEndUser", "Services");
export const listAllVpcEndpointConnections = listAllOf("ListVpcEndpointConnections", "Connections");
export const listAllVpcEndpointZones = listAllOf("ListVpcEndpointZones", "Zones");
export const listAllVpcEndpointSecurityGroups = listAllOf("ListVpcEndpointSecurityGroups", "SecurityGroups");
export const listAllTagResources = listAllOf("ListTagResources", "TagResources");
