// What every operation family shares: the world's internals, documented errors, ownership lookups, guards and
// the rendering of records into response objects.

import { EmulatorError, type RequestContext } from "../types";
import type { Store, ServiceRecord, EndpointRecord, ZoneRecord, Tag } from "../store";
import { DEFAULT_FEATURES, type AccountFeatures } from "../features";
import type { Inventory } from "../inventory";
import type { Lifecycle } from "../lifecycle";
import type { IdGenerator } from "../ids";
import { endpointDomain, formatTime, serviceDomain, serviceName, zoneDomain } from "../ids";
import { illegalParam, missingParam, type PageTokens, type Params } from "../validate";
import { TRANSITIONAL_CONNECTION_STATUS, TRANSITIONAL_ENDPOINT_STATUS, TRANSITIONAL_SERVICE_STATUS } from "../../spec/statuses";
import { SERVICE_CONNECT_BANDWIDTH, SERVICE_TYPE_OF_RESOURCE, TAGS, type ResourceType } from "../../spec/constraints";

export interface WorldCore {
  readonly store: Store;
  readonly inventory: Inventory;
  readonly lifecycle: Lifecycle;
  readonly ids: IdGenerator;
  readonly tokens: PageTokens;
  readonly defaultRegion: string;
  now(): number;
  /** Applies due transitions (used before building a create response, so an instant world answers Active). */
  settle(): void;
  /** The call is about to change state. */
  markChanged(): void;
}

export type Handler = (p: Params, ctx: RequestContext, w: WorldCore) => Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------
// Documented errors with their literal messages (spec section 2)

export const MESSAGES: Readonly<Record<string, string>> = {
  EndpointServiceNotFound: "The specified Service does not exist.",
  EndpointServiceLocked: "The specified Service is locked.",
  EndpointServiceOperationDenied: "The specified operation of endpoint service is not allowed.",
  EndpointServiceDependenceViolation: "The specified EndpointService already contains a resource.",
  EndpointServiceResourceExist: "The specified resource already exists.",
  EndpointServiceResourceNotFound: "The specified service resource is not found.",
  EndpointServiceResourceTypeNotSupport: "The specified resource type is not supported.",
  EndpointServiceDeleted: "The specified Service is already deleted.",
  EndpointServiceNotAuthorized: "The specified endpoint service is not authorized to user.",
  EndpointServiceNotSupportedZone: "The specified endpoint service does not support the zone.",
  EndpointServiceNotSupportIpv6: "The param supportIpv6 of EndpointService is forbidden , resource is not support ipv6.",
  LoadBalancerNotFound: "The specified load balancer does not exist.",
  LoadBalancerNotSupportPrivateLink: "The specified SLB does not support PrivateLink.",
  AlbNotFound: "The specified Alb does not exist.",
  "ResourceNotFound.NatGateway": "The specified resource %s is not found.",
  QuotaMisMatched: "The resource you applied for has exceeded the quota.",
  EndpointNotFound: "The specified Endpoint does not exist.",
  EndpointOperationDenied: "The specified operation of endpoint is not allowed.",
  EndpointLocked: "The specified Endpoint is locked.",
  EndpointConnectionNotFound: "The specified endpoint connection does not exist.",
  EndpointConnectionOperationDenied: "The endpoint is being connected.",
  EndpointZoneDuplicated: "The zone is duplicated for the Endpoint.",
  EndpointZoneNotFound: "The specified zone of Endpoint does not exist.",
  EndpointMustContainSecurityGroup: "The specified endpoint must have at least one security group.",
  SecurityGroupExist: "The specified security group already exists.",
  SecurityGroupNotFound: "The specified security group does not exist.",
  SecurityGroupTypeOnlySingleTypeSupporteded: "The specified security group only support one type.",
  VpcNotFound: "The specified VPC does not exist.",
  VSwitchNotFound: "The specified VSwitch does not exist.",
  VSwitchStatusNotAllowed: "The specified vswitch status is not Available.",
  EniIpUnavailable: "The specified IP address is unavailable.",
  "ResourceNotEnough.VSwitchIp": "The specified resource of VSwitchIp is not enough.",
  "IncorrectStatus.VpcEndpointService": "The status of %s [%s] is incorrect.",
  "Mismatch.EndpointType": "The %s is mismatched for %s and %s.",
  "Mismatch.ResourceType": "The %s is mismatched for %s and %s.",
  "QuotaExceeded.epZonePerEndpoint": "The quota of %s is exceeded, usage %s/%s.",
  GatewayLoadBalancerNotSupportSecurityGroup: "The gateway load balancer not support security group.",
  GatewayLoadBalancerZoneCountDeny: "The GatewayLoadBalancer zone count not support",
  "OperationDenied.EndpointPolicyNotSupport": "The operation is not allowed because of EndpointPolicyNotSupport.",
  "OperationDenied.EndpointTypeNotSupportDualstack":
    "The specified endpoint type does not support dualstack, only the Interface and GatewayLoadBalancer types support dual stack.",
  "OperationDenied.EndpointServiceNotSupportDualstack": "The specified endpoint service does not support dualstack.",
  "OperationDenied.VSwitchNotSupportDualstack": "The specified VSwitch does not support dualstack.",
  "OperationDenied.AddressIpVersionNotSupportSpecifyIpv6": "The AddressIpVersion of the endpoint does not support specifying IPv6 address.",
  "OperationDenied.NoAvailableServiceResource": "The operation is not allowed because of there are no resource in some available zones of endpoint service.",
  "OperationDenied.ResourceTypeNotSupportDualStack": "The specified resource type does not support dualstack.",
  "OperationDenied.ServiceResourceIpVersionMismatch": "The endpoint service and service resource AddressIpVersion do not match.",
  "IllegalParam.Ip": "The specified parameter IP is invalid.",
  "IllegalParam.Ipv6Address": "The specified parameter Ipv6Address is invalid.",
  "IllegalParam.AddressIpVersion": "The specified parameter AddressIpVersion is invalid.",
  DryRunOperation: "Request validation has been passed with DryRun flag set.",
  // The shared tag service (TagResources, UntagResources, ListTagResources).
  "InvalidInstanceType.NotFound": "The instance type is not found",
  "InvalidInstanceIds.NotFound": "The instanceIds are not found",
  InvalidTagKey: "The tag keys are not valid.",
  InvalidTagValue: "The tag values are not valid.",
  "Forbidden.TagKeys": "The request do not allow to operate the tag keys",
  "Forbidden.TagKey.Duplicated": "The specified tag key already exists.",
  "QuotaExceeded.TagNum": "Custom Tags quota exceeded",
  "SizeLimitExceeded.TagNum": "The maximum number of tags is exceeded.",
  "SizeLimitExceeded.ResourceId": "The maximum number of resource IDs is exceeded.",
  "BothEmpty.TagsAndResources": "The specified Tags and ResourcesIds are not allow to both empty.",
  "OperationDenied.CrossRegionNotSupport": "The endpoint service does not accept endpoints from region %s (not in its supported regions).",
  NeedOpenProduct: "The PrivateLink service is not activated for this account; call OpenPrivateLinkService first.",
  "OperationDenied.NotInWhitelist": "The account is not in the allow-list %s required by this operation.",
  OrderOpend: "You have already activated the service. Go to the console to start using it.",
};

/** A documented error; `%s` placeholders in its message are filled in order from `args`. */
export function apiError(code: string, ...args: string[]): EmulatorError {
  let message = MESSAGES[code] ?? code;
  for (const a of args) message = message.replace("%s", a);
  return new EmulatorError(code, message, 400);
}

// ---------------------------------------------------------------------------------------------------------------
// Accounts

/** Activation and allow-lists of an account (features.ts). */
export function accountFeatures(w: WorldCore, accountId: string): AccountFeatures {
  return w.store.accounts.get(accountId) ?? DEFAULT_FEATURES;
}

// ---------------------------------------------------------------------------------------------------------------
// Region, dry run, ownership and guards

export function regionOf(p: Params, w: WorldCore): string {
  return p.str("RegionId") ?? w.defaultRegion;
}

/**
 * The gate before every mutation. DryRun: every check has passed; answer DryRunOperation instead of acting
 * (spec 1.9). Otherwise record that the call changes the world (for onChange listeners).
 */
export function commitOrDryRun(p: Params, ctx: RequestContext, w: WorldCore): void {
  if (ctx.dryRun || p.bool("DryRun") === true) throw apiError("DryRunOperation");
  w.markChanged();
}

/** A service of the caller in this region (spec 4.2.6: a non-owner gets EndpointServiceNotFound). */
export function ownService(w: WorldCore, ctx: RequestContext, regionId: string, serviceId: string): ServiceRecord {
  const s = w.store.services.get(serviceId);
  if (!s || s.regionId !== regionId || s.ownerId !== ctx.accountId) throw apiError("EndpointServiceNotFound");
  return s;
}

/** An endpoint of the caller in this region. */
export function ownEndpoint(w: WorldCore, ctx: RequestContext, regionId: string, endpointId: string): EndpointRecord {
  const e = w.store.endpoints.get(endpointId);
  if (!e || e.regionId !== regionId || e.ownerId !== ctx.accountId) throw apiError("EndpointNotFound");
  return e;
}

export function serviceNotTransitional(s: ServiceRecord): void {
  if (TRANSITIONAL_SERVICE_STATUS.includes(s.status)) throw apiError("EndpointServiceOperationDenied");
}
export function serviceNotLocked(s: ServiceRecord): void {
  if (s.businessStatus === "FinancialLocked") throw apiError("EndpointServiceLocked");
}
export function endpointNotTransitional(e: EndpointRecord): void {
  if (TRANSITIONAL_ENDPOINT_STATUS.includes(e.status)) throw apiError("EndpointOperationDenied");
}
export function endpointNotLocked(e: EndpointRecord): void {
  if (e.businessStatus === "FinancialLocked") throw apiError("EndpointLocked");
}
export function connectionNotTransitional(e: EndpointRecord): void {
  if (TRANSITIONAL_CONNECTION_STATUS.includes(e.connectionStatus)) throw apiError("EndpointConnectionOperationDenied");
}

/** The endpoint type a service's backend takes (ServiceType). */
export const serviceTypeOf = (s: ServiceRecord) => SERVICE_TYPE_OF_RESOURCE[s.serviceResourceType as ResourceType] ?? "Interface";

/**
 * Whether the account may see and connect to the service (spec 4.2.6, 4.2.7): its owner, a whitelisted account
 * ID, or a whitelisted ARN naming the account (or `*`) with any principal (`*` or `root`). ARNs of one user or role
 * match no caller: the emulator's callers are accounts, not RAM identities.
 */
export function mayConsume(w: WorldCore, s: ServiceRecord, accountId: string): boolean {
  if (s.ownerId === accountId) return true;
  return w.store.usersOf(s.serviceId).some((u) => u.userId === accountId || (u.userArn !== "" && arnAdmits(u.userArn, accountId)));
}

/** `acs:ram:<region>:<account>:<principal>` admits an account when the account part is it or `*`/empty and the principal is `*` or `root`. */
export function arnAdmits(arn: string, accountId: string): boolean {
  const [, , , account, ...principal] = arn.split(":");
  const who = principal.join(":");
  return (account === accountId || account === "*" || account === "") && (who === "*" || who === "root");
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

export function renderService(w: WorldCore, s: ServiceRecord): Record<string, unknown> {
  return {
    ServiceId: s.serviceId,
    ServiceName: serviceName(s.regionId, s.serviceId),
    ServiceDomain: serviceDomain(s.regionId, s.serviceId),
    ServiceDescription: s.description,
    AutoAcceptEnabled: s.autoAcceptEnabled,
    ConnectBandwidth: s.connectBandwidth,
    MaxBandwidth: SERVICE_CONNECT_BANDWIDTH.max,
    MinBandwidth: SERVICE_CONNECT_BANDWIDTH.min,
    CreateTime: formatTime(s.createTime),
    RegionId: s.regionId,
    ServiceStatus: s.status,
    ServiceBusinessStatus: s.businessStatus,
    Zones: w.store.serviceZones(s.serviceId),
    // Fields of the newer API, returned so that a provider can read back what it set.
    Payer: s.payer,
    ServiceResourceType: s.serviceResourceType,
    ServiceType: serviceTypeOf(s),
    ZoneAffinityEnabled: s.zoneAffinityEnabled,
    ServiceSupportIPv6: s.serviceSupportIPv6,
    AddressIpVersion: s.addressIpVersion,
    ResourceGroupId: s.resourceGroupId,
    SupportedRegionSet: supportedRegionSet(s),
  };
}

function supportedRegionSet(s: ServiceRecord): Record<string, unknown>[] {
  return s.supportedRegions.map((r) => ({
    ServiceRegionId: s.regionId,
    SupportedRegionId: r,
    RegionServiceStatus: "Open",
    RegionBusinessStatus: "Normal",
  }));
}

export function renderEndpoint(w: WorldCore, e: EndpointRecord): Record<string, unknown> {
  const svc = w.store.services.get(e.serviceId);
  return {
    EndpointId: e.endpointId,
    EndpointName: e.name,
    EndpointDescription: e.description,
    EndpointDomain: endpointDomain(e.regionId, e.serviceId, e.endpointId),
    EndpointStatus: e.status,
    EndpointBusinessStatus: e.businessStatus,
    ConnectionStatus: e.connectionStatus,
    Bandwidth: e.bandwidth,
    ServiceId: e.serviceId,
    ServiceName: e.serviceName,
    VpcId: e.vpcId,
    RegionId: e.regionId,
    CreateTime: formatTime(e.createTime),
    // Fields of the newer API.
    ServiceRegionId: e.serviceRegionId,
    ...(e.serviceRegionId !== e.regionId ? { CrossRegionBandwidth: e.crossRegionBandwidth } : {}),
    EndpointType: e.endpointType,
    AddressIpVersion: e.addressIpVersion,
    ZoneAffinityEnabled: e.zoneAffinityEnabled,
    ResourceGroupId: e.resourceGroupId,
    PolicyDocument: e.policyDocument,
    // The service's payer; whether endpoint and service belong to one account.
    ...(svc ? { Payer: svc.payer, ResourceOwner: svc.ownerId === e.ownerId } : {}),
  };
}

export function renderZone(e: EndpointRecord, z: ZoneRecord): Record<string, unknown> {
  return {
    ZoneId: z.zoneId,
    ZoneStatus: z.status,
    VSwitchId: z.vSwitchId,
    EniId: z.eniId,
    EniIp: z.eniIp,
    RegionId: z.regionId,
    ZoneDomain: zoneDomain(e.regionId, e.serviceId, e.endpointId, z.zoneId),
    ...(z.ipv6Address ? { ZoneIpv6Address: z.ipv6Address } : {}),
  };
}

export function renderConnection(w: WorldCore, e: EndpointRecord): Record<string, unknown> {
  const svc = w.store.services.get(e.serviceId);
  return {
    EndpointId: e.endpointId,
    EndpointOwnerId: Number(e.ownerId),
    EndpointVpcId: e.vpcId,
    EndpointRegionId: e.regionId,
    ServiceId: e.serviceId,
    ServiceRegionId: svc?.regionId ?? e.regionId,
    ResourceOwner: svc !== undefined && svc.ownerId === e.ownerId,
    Bandwidth: e.bandwidth,
    TrafficControlMode: e.trafficControlMode,
    ConnectionStatus: e.connectionStatus,
    ModifiedTime: formatTime(e.connectionModifiedTime),
    Zones: w.store.zonesOf(e.endpointId).map((z) => ({
      ZoneId: z.zoneId,
      ZoneStatus: z.status,
      EniId: z.eniId,
      VSwitchId: z.vSwitchId,
      ResourceId: z.resourceId,
      ReplacedResourceId: z.replacedResourceId,
      ReplacedEniId: z.replacedEniId,
      ZoneDomain: zoneDomain(e.regionId, e.serviceId, e.endpointId, z.zoneId),
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Tags (spec 4.1: at most 20; key 1-64, value at most 128; no aliyun/acs: prefixes, no http(s):// inside)

export interface TagProblem {
  /** The text starts with a prefix the cloud keeps for its own tags (aliyun, acs:). */
  readonly reserved: boolean;
  readonly detail: string;
}

/** What is wrong with a tag key or value, or undefined: the tag rules in one place for every operation. */
export function tagTextProblem(text: string, part: "key" | "value"): TagProblem | undefined {
  const max = part === "key" ? TAGS.keyMax : TAGS.valueMax;
  const length = [...text].length;
  if (part === "key" && length === 0) return { reserved: false, detail: "It must not be empty." };
  if (length > max) return { reserved: false, detail: `At most ${max} characters.` };
  const prefix = TAGS.forbiddenPrefixes.find((x) => text.toLowerCase().startsWith(x));
  if (prefix) return { reserved: true, detail: `It must not start with ${prefix}.` };
  const bad = TAGS.forbiddenSubstrings.find((x) => text.includes(x));
  if (bad) return { reserved: false, detail: `It must not contain ${bad}.` };
  return undefined;
}

/** The errors an operation answers for bad `Tag.N` groups (create calls and the tag operations differ). */
export interface TagErrors {
  overflow(): EmulatorError;
  missingKey(index: number): EmulatorError;
  invalid(index: number, part: "key" | "value", problem: TagProblem): EmulatorError;
  duplicate(index: number, key: string): EmulatorError;
}

/** `Tag.N.Key` / `Tag.N.Value` groups, checked against the tag rules; an absent value is "". */
export function readTags(p: Params, errors: TagErrors): Tag[] {
  const groups = p.groups("Tag", ["Key", "Value"], TAGS.maxCount, errors.overflow);
  const seen = new Set<string>();
  return groups.map((g) => {
    const key = g.values["Key"];
    if (key === undefined) throw errors.missingKey(g.index);
    const value = g.values["Value"] ?? "";
    const keyProblem = tagTextProblem(key, "key");
    if (keyProblem) throw errors.invalid(g.index, "key", keyProblem);
    const valueProblem = tagTextProblem(value, "value");
    if (valueProblem) throw errors.invalid(g.index, "value", valueProblem);
    if (seen.has(key)) throw errors.duplicate(g.index, key);
    seen.add(key);
    return { Key: key, Value: value };
  });
}

/** Tags of a create call (CreateVpcEndpointService, CreateVpcEndpoint): IllegalParamFormat codes. */
export function parseTags(p: Params): Tag[] {
  return readTags(p, {
    overflow: () => illegalParam("Tag.N", `At most ${TAGS.maxCount} tags.`),
    missingKey: (i) => missingParam(`Tag.${i}.Key`),
    invalid: (i, part, problem) => illegalParam(`Tag.${i}.${part === "key" ? "Key" : "Value"}`, problem.detail),
    duplicate: (i, key) => illegalParam(`Tag.${i}.Key`, `Duplicate tag key '${key}'.`),
  });
}

export function renderTags(tags: readonly Tag[]): Record<string, unknown>[] {
  return tags.map((t) => ({ Key: t.Key, Value: t.Value }));
}
