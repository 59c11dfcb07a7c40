// VpcEndpoint: the consumer side of PrivateLink, an endpoint in the consumer's VPC connected to an endpoint
// service (by ID or by name), with network interfaces in the declared zones and the declared security groups.
//
// `securityGroupIds` and `zones` are the groups and zones this resource manages: given at create, later changes
// attach/detach (add/remove) only the difference of the declared list. Groups and zones added by
// SecurityGroupAttachment / EndpointZone resources are left alone; the live lists are separate outputs
// (`attachedSecurityGroupIds`, `endpointZones`), and refresh reports declared ∩ live, so both kinds coexist.
import type * as pulumi from "@pulumi/pulumi";
import * as api from "../api/privatelink";
import { isApiError, isNotFound } from "../client/errors";
import { goneAcceptors, readyAcceptors, terminalAcceptors, type OperationContext, type ResourceDefinition, type State } from "../provider/lifecycle";
import { isUnknown } from "../provider/sanitize";
import { lockKey } from "../provider/locks";
import type { CheckFailure, FieldSpec } from "../provider/schema";
import {
  ADDRESS_IP_VERSIONS,
  CROSS_REGION_BANDWIDTH,
  ENDPOINT_DESCRIPTION,
  ENDPOINT_NAME,
  ENDPOINT_SECURITY_GROUPS,
  ENDPOINT_TYPES,
  ENDPOINT_ZONES,
  ZONE_PRIVATE_IP_ADDRESS_COUNT,
  type AddressIpVersion,
  type EndpointType,
  type ZonePrivateIpAddressCount,
} from "../spec/constraints";
import {
  SETTLED_ZONE_STATUS,
  TRANSITIONAL_ZONE_STATUS,
  type BusinessStatus,
  type ConnectionStatus,
  type EndpointStatus,
  type ZoneStatus,
} from "../spec/statuses";
import { normaliseIpv6 } from "../spec/addresses";
import { GONE } from "../waiter";
import type { Transition } from "../spec/transitions";
import { endpointDomain, parseServiceName, serviceName } from "../spec/names";
import {
  NON_EMPTY,
  PrivateLinkResource,
  clientTokenField,
  findByOwnershipTag,
  idListRules,
  idRules,
  tagsAtCreate,
  text,
  zoneEntries,
  type CommonArgs,
  type StableOutputs,
} from "./base";
import { readTags, resourceGroupField, tagUpdaters, tagsField, type TagMap } from "./tagging";

export interface VpcEndpointZoneArgs {
  zoneId: pulumi.Input<string>;
  /** vSwitch, in this zone and in the endpoint's VPC, that receives the endpoint's network interface. */
  vSwitchId: pulumi.Input<string>;
  /** Requested private IPv4 address of the interface; a change re-creates the zone's interface. */
  ip?: pulumi.Input<string>;
  /** Requested IPv6 address (only with addressIpVersion `DualStack`); a change re-creates the zone's interface. */
  ipv6Address?: pulumi.Input<string>;
}

export interface VpcEndpointArgs extends CommonArgs {
  vpcId: pulumi.Input<string>;
  /** The endpoint service to connect to; give exactly one of serviceId and serviceName. */
  serviceId?: pulumi.Input<string>;
  /** `com.aliyuncs.privatelink.<region>.<serviceId>`; give exactly one of serviceId and serviceName. */
  serviceName?: pulumi.Input<string>;
  /**
   * Security groups this resource manages (1-10; none for GatewayLoadBalancer endpoints). Changes attach and
   * detach the difference; groups attached by SecurityGroupAttachment are left alone (see attachedSecurityGroupIds).
   */
  securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Zones this resource manages (at most 10). Changes add and remove the difference; zones added by EndpointZone
   * are left alone (see endpointZones).
   */
  zones?: pulumi.Input<pulumi.Input<VpcEndpointZoneArgs>[]>;
  /** 2-128 characters, starting with a letter; updated in place. */
  endpointName?: pulumi.Input<string>;
  /** 2-256 characters, not starting with http:// or https://; updated in place. */
  endpointDescription?: pulumi.Input<string>;
  /** `Interface` (the cloud's default), `GatewayLoadBalancer` or `Reverse`. */
  endpointType?: pulumi.Input<EndpointType>;
  /** Private IPs per zone interface; only 1 is allowed. */
  zonePrivateIpAddressCount?: pulumi.Input<ZonePrivateIpAddressCount>;
  /** Managed protection; effective only with STS credentials. */
  protectedEnabled?: pulumi.Input<boolean>;
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  resourceGroupId?: pulumi.Input<string>;
  /** RAM access policy of the endpoint: JSON text or an object (compared as JSON, not as text). */
  policyDocument?: pulumi.Input<string | Record<string, unknown>>;
  /** `IPv4` (default) or `DualStack`. */
  addressIpVersion?: pulumi.Input<AddressIpVersion>;
  /** Resolve the endpoint domain to the nearest zone. */
  zoneAffinityEnabled?: pulumi.Input<boolean>;
  /**
   * Region of the endpoint service when it is not the endpoint's own (a cross-region endpoint); the service must
   * list the endpoint's region among its supported regions. Default: the endpoint's region.
   */
  serviceRegionId?: pulumi.Input<string>;
  /** Cross-region endpoints only: Mbit/s between the two regions (at least 100; the cloud's default when absent). */
  crossRegionBandwidth?: pulumi.Input<number>;
  /** Idempotency token for the create call (see docs/examples.md, the @pulumi/random example). */
  clientToken?: pulumi.Input<string>;
}

export interface EndpointLive {
  endpoint: api.GetVpcEndpointAttributeResponse;
  zones: api.VpcEndpointZone[];
  securityGroupIds: string[];
  /** Read by refresh only (not while waiting). */
  tags?: TagMap;
}

export type DeclaredZone = pulumi.Unwrap<VpcEndpointZoneArgs>;

const zoneKey = (z: { zoneId?: string; ZoneId?: string; vSwitchId?: string; VSwitchId?: string }) =>
  `${z.zoneId ?? z.ZoneId}|${z.vSwitchId ?? z.VSwitchId ?? ""}`;

const declaredZones = (state: State): DeclaredZone[] | undefined => state.zones as DeclaredZone[] | undefined;
const declaredGroups = (state: State): string[] | undefined => state.securityGroupIds as string[] | undefined;

const SERVICE_CODES = ["EndpointServiceNotFound", "EndpointServiceNotAuthorized", "EndpointServiceDeleted", "IncorrectStatus.VpcEndpointService"];
const DUAL_STACK_CODES = [
  "IllegalParam.AddressIpVersion",
  "OperationDenied.EndpointTypeNotSupportDualstack",
  "OperationDenied.EndpointServiceNotSupportDualstack",
  "OperationDenied.VSwitchNotSupportDualstack",
];

// UpdateVpcEndpointAttribute changes the fields of the "attribute" group; the VPC, the service, the endpoint type,
// the IPs per zone and managed protection are create-only.
const fields: readonly FieldSpec[] = [
  {
    name: "vpcId",
    type: "string",
    required: true,
    onChange: "replace",
    rules: idRules("vpc"),
    errorCodes: ["VpcNotFound"],
    live: (l: EndpointLive) => l.endpoint.VpcId,
  },
  // serviceId and serviceName: one is declared, the cloud reports both; the undeclared one is not a change.
  {
    name: "serviceId",
    type: "string",
    cloudDefault: true,
    onChange: "replace",
    rules: idRules("service"),
    errorCodes: SERVICE_CODES,
    live: (l: EndpointLive) => l.endpoint.ServiceId,
  },
  {
    name: "serviceName",
    type: "string",
    cloudDefault: true,
    onChange: "replace",
    rules: NON_EMPTY,
    errorCodes: SERVICE_CODES,
    live: (l: EndpointLive) => l.endpoint.ServiceName,
  },
  {
    name: "securityGroupIds",
    type: "stringList",
    unordered: true,
    onChange: { update: "securityGroups" },
    rules: idListRules("securityGroup", { maxItems: ENDPOINT_SECURITY_GROUPS.maxAtCreate }),
    errorCodes: [
      "SecurityGroupNotFound",
      "SecurityGroupTypeOnlySingleTypeSupporteded",
      "EndpointMustContainSecurityGroup",
      "GatewayLoadBalancerNotSupportSecurityGroup",
    ],
    // Declared groups that are still attached: one detached out of band shows as drift.
    live: (l: EndpointLive, state) => {
      const declared = declaredGroups(state);
      if (!declared) return undefined;
      const attached = new Set(l.securityGroupIds);
      return declared.filter((g) => attached.has(g));
    },
  },
  {
    name: "zones",
    type: "objectList",
    unordered: true,
    onChange: { update: "zones" },
    rules: {
      maxItems: ENDPOINT_ZONES.maxAtCreate,
      members: [
        { name: "zoneId", type: "string", required: true, rules: idRules("zone") },
        { name: "vSwitchId", type: "string", required: true, rules: idRules("vSwitch") },
        { name: "ip", type: "string" },
        { name: "ipv6Address", type: "string" },
      ],
    },
    errorCodes: [
      "VSwitchNotFound",
      "VSwitchStatusNotAllowed",
      "EndpointZoneDuplicated",
      "EndpointServiceNotSupportedZone",
      "EniIpUnavailable",
      "IllegalParam.Ip",
      "IllegalParam.Ipv6Address",
      "ResourceNotEnough.VSwitchIp",
      "GatewayLoadBalancerZoneCountDeny",
      "QuotaExceeded.epZonePerEndpoint",
    ],
    // Declared zones that the endpoint still has in the declared vSwitch (a zone being removed does not count),
    // with the addresses its interface has where the declaration chose one (an address changed out of band is drift).
    live: (l: EndpointLive, state) => {
      const declared = declaredZones(state);
      if (!declared) return undefined;
      const present = l.zones.filter((z) => z.ZoneStatus !== "Deleting");
      return declared.flatMap((d) => {
        const zone = present.find((z) => zoneKey(z) === zoneKey(d));
        return zone ? [declaredAsLive(d, zone)] : [];
      });
    },
  },
  {
    name: "endpointName",
    type: "string",
    cloudDefault: true,
    onChange: { update: "attribute" },
    rules: { minLength: ENDPOINT_NAME.min, maxLength: ENDPOINT_NAME.max, pattern: ENDPOINT_NAME.pattern, patternRule: ENDPOINT_NAME.rule },
    live: (l: EndpointLive) => l.endpoint.EndpointName || undefined,
  },
  {
    name: "endpointDescription",
    type: "string",
    cloudDefault: true,
    onChange: { update: "attribute" },
    rules: { minLength: ENDPOINT_DESCRIPTION.min, maxLength: ENDPOINT_DESCRIPTION.max, forbiddenPrefixes: ENDPOINT_DESCRIPTION.forbiddenPrefixes },
    live: (l: EndpointLive) => l.endpoint.EndpointDescription || undefined,
  },
  {
    name: "endpointType",
    type: "string",
    cloudDefault: true,
    onChange: "replace",
    rules: { oneOf: ENDPOINT_TYPES },
    errorCodes: ["Mismatch.EndpointType"],
    live: (l: EndpointLive) => l.endpoint.EndpointType || undefined,
  },
  { name: "zonePrivateIpAddressCount", type: "integer", cloudDefault: true, onChange: "replace", rules: { oneOf: ZONE_PRIVATE_IP_ADDRESS_COUNT } },
  { name: "protectedEnabled", type: "boolean", cloudDefault: true, onChange: "replace" },
  tagsField(),
  resourceGroupField((l: EndpointLive) => l.endpoint.ResourceGroupId),
  {
    name: "policyDocument",
    type: "json",
    // Removing it from the program resets the endpoint to the default policy (ResetPolicy).
    onChange: { update: "attribute" },
    errorCodes: ["OperationDenied.EndpointPolicyNotSupport", "IllegalParamFormat.PolicyDocument"],
    // "" from the API means no policy (null, so that a declared policy removed out of band shows as drift).
    live: (l: EndpointLive) => (l.endpoint.PolicyDocument === undefined ? undefined : l.endpoint.PolicyDocument || null),
  },
  {
    name: "addressIpVersion",
    type: "string",
    cloudDefault: true,
    onChange: { update: "attribute" },
    rules: { oneOf: ADDRESS_IP_VERSIONS },
    errorCodes: DUAL_STACK_CODES,
    live: (l: EndpointLive) => l.endpoint.AddressIpVersion || undefined,
  },
  {
    name: "zoneAffinityEnabled",
    type: "boolean",
    cloudDefault: true,
    onChange: { update: "attribute" },
    live: (l: EndpointLive) => l.endpoint.ZoneAffinityEnabled,
  },
  {
    name: "serviceRegionId",
    type: "string",
    cloudDefault: true,
    onChange: "replace",
    rules: { pattern: /^[a-z]{2,}-[a-z0-9-]+$/, patternRule: "a region ID such as cn-hangzhou" },
    live: (l: EndpointLive) => l.endpoint.ServiceRegionId || undefined,
  },
  {
    name: "crossRegionBandwidth",
    type: "integer",
    cloudDefault: true,
    onChange: { update: "attribute" },
    rules: { min: CROSS_REGION_BANDWIDTH.min },
    live: (l: EndpointLive) => l.endpoint.CrossRegionBandwidth,
  },
  clientTokenField,
];

/** Cross-field rules: exactly one service reference, security groups by endpoint type, zone rules. */
function validate(inputs: State): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const known = (v: unknown) => v !== undefined && v !== null && !isUnknown(v);
  const hasId = inputs.serviceId !== undefined && inputs.serviceId !== null;
  const hasName = inputs.serviceName !== undefined && inputs.serviceName !== null;
  if (hasId && hasName) {
    failures.push({ property: "serviceId", reason: "give exactly one of serviceId and serviceName, not both" });
  } else if (!hasId && !hasName) {
    failures.push({ property: "serviceId", reason: "one of serviceId and serviceName is required (the endpoint service to connect to)" });
  }

  const type = inputs.endpointType;
  const groups = inputs.securityGroupIds;
  if (!isUnknown(type) && !isUnknown(groups)) {
    const count = Array.isArray(groups) ? groups.length : 0;
    if (type === "GatewayLoadBalancer" && count > 0) {
      failures.push({
        property: "securityGroupIds",
        reason: "securityGroupIds must be empty for a GatewayLoadBalancer endpoint (the API rejects security groups there)",
      });
    } else if (type !== "GatewayLoadBalancer" && count === 0) {
      failures.push({
        property: "securityGroupIds",
        reason: "securityGroupIds needs at least one security group: an endpoint must always have one (EndpointMustContainSecurityGroup)",
      });
    }
    if (Array.isArray(groups)) {
      const seen = new Set<string>();
      for (const g of groups) {
        if (typeof g !== "string") continue;
        if (seen.has(g)) failures.push({ property: "securityGroupIds", reason: `securityGroupIds lists ${g} twice` });
        seen.add(g);
      }
    }
  }

  // A cross-region bandwidth needs a service in another region.
  const bandwidth = inputs.crossRegionBandwidth;
  if (known(bandwidth) && !isUnknown(inputs.serviceRegionId) && !isUnknown(inputs.region)) {
    if (!known(inputs.serviceRegionId)) {
      failures.push({
        property: "crossRegionBandwidth",
        reason: "crossRegionBandwidth applies to a cross-region endpoint: set serviceRegionId to the service's region",
      });
    } else if (inputs.serviceRegionId === inputs.region) {
      failures.push({
        property: "crossRegionBandwidth",
        reason: `crossRegionBandwidth applies to a cross-region endpoint, but serviceRegionId is the endpoint's own region ${inputs.region}`,
      });
    }
  }

  for (const [zone, i] of zoneEntries(inputs.zones, "zones", failures, " (one interface per zone)")) {
    if (known(zone.ipv6Address) && !isUnknown(inputs.addressIpVersion) && inputs.addressIpVersion !== "DualStack") {
      failures.push({ property: `zones[${i}].ipv6Address`, reason: `zones[${i}].ipv6Address needs addressIpVersion "DualStack"` });
    }
  }
  return failures;
}

/** The whole endpoint: its attributes, zones and security groups (the parts already known are reused). */
export async function readEndpoint(ctx: OperationContext, id: string, known: Partial<EndpointLive> = {}): Promise<EndpointLive | typeof GONE> {
  try {
    const endpoint = known.endpoint ?? (await api.getVpcEndpointAttribute(ctx.client, { EndpointId: id }));
    const zones = known.zones ?? (await api.listAllVpcEndpointZones(ctx.client, { EndpointId: id }));
    const securityGroupIds = known.securityGroupIds ?? (await readSecurityGroups(ctx, id)).map((g) => g.SecurityGroupId);
    return { endpoint, zones, securityGroupIds };
  } catch (error) {
    if (isNotFound(error, "endpoint")) return GONE;
    throw error;
  }
}

/**
 * The endpoint's attributes (GetVpcEndpointAttribute), the read every wait on an endpoint polls: one read answers
 * all the endpoint's waiters of the moment (its own, its zones', its security group attachments').
 */
export async function readEndpointAttribute(ctx: OperationContext, id: string): Promise<api.GetVpcEndpointAttributeResponse | typeof GONE> {
  try {
    return await ctx.shared(`GetVpcEndpointAttribute:${id}`, () => api.getVpcEndpointAttribute(ctx.client, { EndpointId: id }));
  } catch (error) {
    if (isNotFound(error, "endpoint")) return GONE;
    throw error;
  }
}

/**
 * The endpoint's security groups (ListVpcEndpointSecurityGroups has no filter by group: one page of up to 50
 * holds the at most 10 groups an endpoint has), shared by the waiters of the moment.
 */
export function readSecurityGroups(ctx: OperationContext, id: string): Promise<api.VpcEndpointSecurityGroup[]> {
  return ctx.shared(`ListVpcEndpointSecurityGroups:${id}`, () => api.listAllVpcEndpointSecurityGroups(ctx.client, { EndpointId: id }));
}

/**
 * Waits until an endpoint changed by a zone or security-group attachment is Active again, so the next change to
 * it does not collide with its Pending phase. An endpoint that is gone has nothing left to settle.
 */
export async function awaitEndpointSettled(ctx: OperationContext, endpointId: string, subject: string, expect: readonly Transition[]): Promise<void> {
  await ctx.wait<api.GetVpcEndpointAttributeResponse>({
    subject,
    target: "EndpointStatus Active",
    expect,
    poll: () => readEndpointAttribute(ctx, endpointId),
    acceptors: [{ state: "success", matches: (o) => o.kind === "gone" || (o.kind === "value" && o.value.EndpointStatus === "Active") }],
    describe: (o) => (o.kind === "value" ? `endpoint ${o.value.EndpointStatus}` : o.kind === "gone" ? "endpoint not found" : "error"),
  });
}

/** Waits until the endpoint's EndpointStatus is Active again (after a change that puts it in Pending). */
export async function awaitEndpointActive(
  ctx: OperationContext,
  id: string,
  expect: readonly Transition[] = ["endpointPending"],
  subject = `VpcEndpoint ${id}`,
): Promise<api.GetVpcEndpointAttributeResponse> {
  const live = await ctx.wait<api.GetVpcEndpointAttributeResponse>({
    subject,
    target: "EndpointStatus Active",
    expect,
    poll: () => readEndpointAttribute(ctx, id),
    acceptors: readyAcceptors<api.GetVpcEndpointAttributeResponse>(
      (e) => e.EndpointStatus,
      ["Active"],
      ["Deleting"],
      (e) => e.EndpointBusinessStatus,
    ),
    describe: (o) => (o.kind === "value" ? describeEndpoint(o.value) : o.kind === "gone" ? "endpoint not found" : "error"),
  });
  return live!;
}

function describeEndpoint(endpoint: api.GetVpcEndpointAttributeResponse): string {
  const business = endpoint.EndpointBusinessStatus;
  return `EndpointStatus ${endpoint.EndpointStatus}${business && business !== "Normal" ? `, ${business}` : ""}`;
}

/** What a readiness poll reads: the attributes, and the zones once the endpoint is Active (when zones are declared). */
interface EndpointProgress {
  endpoint: api.GetVpcEndpointAttributeResponse;
  zones?: api.VpcEndpointZone[];
}

/**
 * Ready: EndpointStatus Active, and no declared zone still being created or removed. A poll reads the attributes
 * alone while the endpoint is not Active (and the zones only when zones are declared); what the polls did not read
 * is read once, at the end, for the outputs, unless this create made the endpoint (then the inputs give it).
 */
async function awaitReady(ctx: OperationContext, id: string, state: State): Promise<EndpointLive> {
  const declared = new Set((declaredZones(state) ?? []).map((z) => z.zoneId));
  const pendingZones = (l: EndpointProgress) =>
    (l.zones ?? []).filter((z) => declared.has(z.ZoneId) && (TRANSITIONAL_ZONE_STATUS as readonly string[]).includes(z.ZoneStatus));
  const poll = async (): Promise<EndpointProgress | typeof GONE> => {
    const endpoint = await readEndpointAttribute(ctx, id);
    if (endpoint === GONE || declared.size === 0 || endpoint.EndpointStatus !== "Active") return endpoint === GONE ? GONE : { endpoint };
    const zones = await readZones(ctx, id);
    return zones === GONE ? GONE : { endpoint, zones };
  };
  const ready = (l: EndpointProgress) =>
    l.endpoint.EndpointStatus === "Active" && (declared.size === 0 || l.zones !== undefined) && pendingZones(l).length === 0;
  const progress = await ctx.wait<EndpointProgress>({
    subject: `VpcEndpoint ${id}`,
    target: "EndpointStatus Active",
    // After a create the endpoint is being created; after an update the changes' own waits came first.
    expect: ctx.operation === "create" ? ["endpointCreating"] : undefined,
    poll,
    acceptors: [
      { state: "success", matches: (o) => o.kind === "value" && ready(o.value) },
      ...terminalAcceptors<EndpointProgress>(
        (l) => l.endpoint.EndpointStatus,
        ["Deleting"],
        (l) => l.endpoint.EndpointBusinessStatus,
      ),
    ],
    describe: (o) => {
      if (o.kind !== "value") return o.kind === "gone" ? "not found" : "error";
      const zones = pendingZones(o.value);
      const zoneText = zones.length ? `, zones ${zones.map((z) => `${z.ZoneId} ${z.ZoneStatus}`).join(", ")}` : "";
      return `${describeEndpoint(o.value.endpoint)}, ConnectionStatus ${o.value.endpoint.ConnectionStatus}${zoneText}`;
    },
  });
  // An endpoint this create made has only what the create declared (no child can be attached before the create
  // returns its ID): its zones (none when none are declared; the polls read them otherwise) and its groups are known.
  const made = ctx.operation === "create" && ctx.madeInThisDeployment("VpcEndpoint", id);
  const groups = declaredGroups(state) ?? [];
  const known: Partial<EndpointLive> = made
    ? { ...progress!, zones: progress!.zones ?? (declared.size === 0 ? [] : undefined), securityGroupIds: groups.length > 0 ? [...groups] : undefined }
    : progress!;
  const live = await readEndpoint(ctx, id, known);
  if (live === GONE) throw new Error(`VpcEndpoint ${id} disappeared after it became Active (deleted out of band?); run \`pulumi refresh\``);
  return live;
}

/** The endpoint's zones (ListVpcEndpointZones has no filter by zone), shared by the waiters of the moment. */
export async function readZones(ctx: OperationContext, endpointId: string): Promise<api.VpcEndpointZone[] | typeof GONE> {
  try {
    return await ctx.shared(`ListVpcEndpointZones:${endpointId}`, () => api.listAllVpcEndpointZones(ctx.client, { EndpointId: endpointId }));
  } catch (error) {
    if (isNotFound(error, "endpoint")) return GONE;
    throw error;
  }
}

/** Waits until one zone of the endpoint is usable (present) or gone (absent). */
export async function awaitZone(ctx: OperationContext, endpointId: string, zoneId: string, want: "ready" | "gone"): Promise<api.VpcEndpointZone | undefined> {
  const find = (zones: api.VpcEndpointZone[]) => zones.find((z) => z.ZoneId === zoneId);
  const found = await ctx.wait<api.VpcEndpointZone[]>({
    subject: `VpcEndpoint ${endpointId} zone ${zoneId}`,
    target: want === "ready" ? `ZoneStatus ${SETTLED_ZONE_STATUS.join("/")}` : "removal",
    expect: want === "ready" ? ["zoneCreating"] : ["zoneDeleting"],
    poll: () => readZones(ctx, endpointId),
    acceptors:
      want === "ready"
        ? [
            { state: "success", matches: (o) => o.kind === "value" && SETTLED_ZONE_STATUS.includes(find(o.value)?.ZoneStatus as ZoneStatus) },
            { state: "failure", reason: "the zone disappeared", matches: (o) => o.kind === "value" && !find(o.value) },
            {
              state: "failure",
              reason: "the zone is being removed (out of band?); run `pulumi refresh`, then `pulumi up` to add it again",
              matches: (o) => o.kind === "value" && find(o.value)?.ZoneStatus === "Deleting",
            },
            { state: "failure", reason: `endpoint ${endpointId} disappeared`, matches: (o) => o.kind === "gone" },
          ]
        : [{ state: "success", matches: (o) => o.kind === "gone" || (o.kind === "value" && !find(o.value)) }],
    describe: (o) => (o.kind === "value" ? (find(o.value)?.ZoneStatus ?? "not listed") : o.kind === "gone" ? "endpoint not found" : "error"),
  });
  return found ? find(found) : undefined;
}

const codeOf = (error: unknown) => (isApiError(error) ? error.code : undefined);

const sameIpv6 = (a: string | undefined, b: string | undefined) => (a === undefined || b === undefined ? a === b : normaliseIpv6(a) === normaliseIpv6(b));

async function attachGroup(ctx: OperationContext, id: string, groupId: string): Promise<void> {
  try {
    await ctx.mutate(() => api.attachSecurityGroupToVpcEndpoint(ctx.client, { EndpointId: id, SecurityGroupId: groupId }));
  } catch (error) {
    if (codeOf(error) !== "SecurityGroupExist") throw error; // already attached (e.g. by a SecurityGroupAttachment)
  }
  await awaitEndpointActive(ctx, id);
}

async function detachGroup(ctx: OperationContext, id: string, groupId: string): Promise<void> {
  try {
    await ctx.mutate(() => api.detachSecurityGroupFromVpcEndpoint(ctx.client, { EndpointId: id, SecurityGroupId: groupId }));
  } catch (error) {
    if (codeOf(error) === "SecurityGroupNotFound") return; // already detached
    if (codeOf(error) === "EndpointMustContainSecurityGroup") {
      throw new Error(
        `VpcEndpoint ${id}: cannot detach security group ${groupId}, it is the endpoint's last one and an endpoint must always ` +
          `keep at least one security group (EndpointMustContainSecurityGroup). Declare another group in securityGroupIds ` +
          `(or attach one with a SecurityGroupAttachment) before removing this one.`,
      );
    }
    throw error;
  }
  await awaitEndpointActive(ctx, id);
}

async function addZone(ctx: OperationContext, id: string, zone: DeclaredZone): Promise<void> {
  try {
    await ctx.mutate(() =>
      api.addZoneToVpcEndpoint(ctx.client, { EndpointId: id, ZoneId: zone.zoneId, VSwitchId: zone.vSwitchId, ip: zone.ip, Ipv6Address: zone.ipv6Address }),
    );
  } catch (error) {
    if (codeOf(error) !== "EndpointZoneDuplicated") throw error;
    // The zone is already there: fine when it is in the declared vSwitch (a retried call), an error otherwise.
    const zones = await readZones(ctx, id);
    const existing = zones === GONE ? undefined : zones.find((z) => z.ZoneId === zone.zoneId);
    if (!existing || existing.VSwitchId !== zone.vSwitchId) {
      throw new Error(
        `VpcEndpoint ${id}: zone ${zone.zoneId} is already on the endpoint` +
          (existing ? ` with vSwitch ${existing.VSwitchId}, not ${zone.vSwitchId}` : "") +
          ` (added by an EndpointZone resource or out of band); declare it in one place only`,
      );
    }
  }
  await awaitZone(ctx, id, zone.zoneId, "ready");
  await awaitEndpointActive(ctx, id, ["zoneCreating"]);
}

async function removeZone(ctx: OperationContext, id: string, zoneId: string): Promise<void> {
  try {
    await ctx.mutate(() => api.removeZoneFromVpcEndpoint(ctx.client, { EndpointId: id, ZoneId: zoneId }));
  } catch (error) {
    if (codeOf(error) !== "EndpointZoneNotFound") throw error;
  }
  await awaitZone(ctx, id, zoneId, "gone");
  await awaitEndpointActive(ctx, id, ["zoneDeleting"]);
}

/** A declared zone as the live one reports it: a declared address is replaced by the address the interface has. */
export function declaredAsLive<Z extends { ip?: string; ipv6Address?: string }>(declared: Z, zone: api.VpcEndpointZone): Z {
  const out = { ...declared };
  if (declared.ip !== undefined && zone.EniIp) out.ip = zone.EniIp;
  if (declared.ipv6Address !== undefined && zone.ZoneIpv6Address && normaliseIpv6(zone.ZoneIpv6Address) !== normaliseIpv6(declared.ipv6Address)) {
    out.ipv6Address = zone.ZoneIpv6Address;
  }
  return out;
}

/** Drops undefined values, so that an output the API left out never hides a declared input of the same name. */
export function defined<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as T;
}

function policyText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function zoneOutputs(zones: api.VpcEndpointZone[]) {
  return zones.map((z) => ({
    zoneId: z.ZoneId,
    vSwitchId: z.VSwitchId,
    zoneStatus: z.ZoneStatus,
    eniId: z.EniId,
    eniIp: z.EniIp,
    ipv6Address: z.ZoneIpv6Address || undefined,
    zoneDomain: z.ZoneDomain,
    regionId: z.RegionId,
  }));
}

export const vpcEndpointDefinition: ResourceDefinition<EndpointLive> = {
  kind: "VpcEndpoint",
  family: "endpoint",
  fields,
  deleteBeforeReplace: false,
  createToken: true,
  validate,
  locks: (_state, id) => (id ? [lockKey.endpoint(id)] : []),

  findByCreateToken: (ctx, token) =>
    findByOwnershipTag(
      api.listAllVpcEndpoints,
      ctx.client,
      token,
      (e) => e.EndpointId,
      (e) => e.EndpointStatus,
    ),

  async create(ctx, inputs, clientToken) {
    const zones = declaredZones(inputs) ?? [];
    const groups = declaredGroups(inputs) ?? [];
    const response = await api.createVpcEndpoint(
      ctx.client,
      {
        VpcId: inputs.vpcId as string,
        ServiceId: inputs.serviceId as string | undefined,
        ServiceName: inputs.serviceName as string | undefined,
        SecurityGroupId: groups.length > 0 ? groups : undefined,
        Zone: zones.length > 0 ? zones.map((z) => ({ ZoneId: z.zoneId, VSwitchId: z.vSwitchId, ip: z.ip, Ipv6Address: z.ipv6Address })) : undefined,
        EndpointName: inputs.endpointName as string | undefined,
        EndpointDescription: inputs.endpointDescription as string | undefined,
        EndpointType: inputs.endpointType as EndpointType | undefined,
        ZonePrivateIpAddressCount: inputs.zonePrivateIpAddressCount as number | undefined,
        ProtectedEnabled: inputs.protectedEnabled as boolean | undefined,
        Tag: tagsAtCreate(inputs),
        ResourceGroupId: inputs.resourceGroupId as string | undefined,
        PolicyDocument: policyText(inputs.policyDocument),
        AddressIpVersion: inputs.addressIpVersion as AddressIpVersion | undefined,
        ZoneAffinityEnabled: inputs.zoneAffinityEnabled as boolean | undefined,
        ServiceRegionId: inputs.serviceRegionId as string | undefined,
        CrossRegionBandwidth: inputs.crossRegionBandwidth as number | undefined,
      },
      { clientToken },
    );
    ctx.progress(`VpcEndpoint ${response.EndpointId}: created (${response.EndpointStatus ?? "status unknown"}), waiting for Active`);
    return response.EndpointId;
  },

  async read(ctx, id) {
    const live = await readEndpoint(ctx, id);
    return live === GONE ? GONE : { ...live, tags: await readTags(ctx, "endpoint", id) };
  },
  exists: async (ctx, id) => (await readEndpointAttribute(ctx, id)) !== GONE,
  awaitReady,

  outputs: (live, id, state) =>
    defined({
      endpointId: id,
      endpointName: live.endpoint.EndpointName || undefined,
      endpointDescription: live.endpoint.EndpointDescription || undefined,
      endpointDomain: live.endpoint.EndpointDomain,
      endpointStatus: live.endpoint.EndpointStatus,
      endpointBusinessStatus: live.endpoint.EndpointBusinessStatus,
      connectionStatus: live.endpoint.ConnectionStatus,
      bandwidth: live.endpoint.Bandwidth,
      serviceId: live.endpoint.ServiceId,
      serviceName: live.endpoint.ServiceName,
      vpcId: live.endpoint.VpcId,
      regionId: live.endpoint.RegionId ?? (state.region as string | undefined),
      createTime: live.endpoint.CreateTime,
      endpointType: live.endpoint.EndpointType || undefined,
      addressIpVersion: live.endpoint.AddressIpVersion || undefined,
      zoneAffinityEnabled: live.endpoint.ZoneAffinityEnabled,
      resourceGroupId: live.endpoint.ResourceGroupId || undefined,
      serviceRegionId: live.endpoint.ServiceRegionId || undefined,
      crossRegionBandwidth: live.endpoint.CrossRegionBandwidth,
      attachedSecurityGroupIds: [...live.securityGroupIds].sort(),
      endpointZones: zoneOutputs(live.zones),
    }),

  updaters: {
    async attribute(ctx, id, news, _olds, changed) {
      const send = <T>(field: string): T | undefined => (changed.includes(field) ? (news[field] as T | undefined) : undefined);
      const policyRemoved = changed.includes("policyDocument") && news.policyDocument === undefined;
      await api.updateVpcEndpointAttribute(ctx.client, {
        EndpointId: id,
        EndpointName: send("endpointName"),
        EndpointDescription: send("endpointDescription"),
        PolicyDocument: changed.includes("policyDocument") ? policyText(news.policyDocument) : undefined,
        ResetPolicy: policyRemoved ? true : undefined,
        AddressIpVersion: send("addressIpVersion"),
        ZoneAffinityEnabled: send("zoneAffinityEnabled"),
        CrossRegionBandwidth: send("crossRegionBandwidth"),
      });
      await awaitEndpointActive(ctx, id);
    },
    ...tagUpdaters("endpoint"),

    async securityGroups(ctx, id, news, olds) {
      const before = declaredGroups(olds) ?? [];
      const after = declaredGroups(news) ?? [];
      // Attach first, so that swapping one group for another never leaves the endpoint without a group.
      for (const g of after.filter((g) => !before.includes(g))) await attachGroup(ctx, id, g);
      for (const g of before.filter((g) => !after.includes(g))) await detachGroup(ctx, id, g);
    },

    async zones(ctx, id, news, olds) {
      const before = declaredZones(olds) ?? [];
      const after = declaredZones(news) ?? [];
      const beforeKeys = new Set(before.map(zoneKey));
      const afterKeys = new Set(after.map(zoneKey));
      // A zone whose requested address changes gets a new interface: it is removed, then added back with it.
      const readdressed = after.filter((z) => {
        const old = before.find((b) => zoneKey(b) === zoneKey(z));
        return old !== undefined && (old.ip !== z.ip || !sameIpv6(old.ipv6Address, z.ipv6Address));
      });
      const added = [...after.filter((z) => !beforeKeys.has(zoneKey(z))), ...readdressed];
      const removed = [...before.filter((z) => !afterKeys.has(zoneKey(z))), ...readdressed];
      // A zone moving to another vSwitch is removed first (one interface per zone), then added back.
      const moved = removed.filter((z) => added.some((a) => a.zoneId === z.zoneId));
      for (const z of moved) await removeZone(ctx, id, z.zoneId);
      for (const z of added) await addZone(ctx, id, z);
      for (const z of removed.filter((r) => !moved.includes(r))) await removeZone(ctx, id, z.zoneId);
    },
  },

  async delete(ctx, id) {
    await ctx.mutate(() => api.deleteVpcEndpoint(ctx.client, { EndpointId: id }));
    await ctx.wait({
      subject: `VpcEndpoint ${id}`,
      target: "deletion",
      expect: ["endpointDeleting"],
      poll: () => readEndpointAttribute(ctx, id),
      acceptors: goneAcceptors<api.GetVpcEndpointAttributeResponse>(),
      describe: (o) => (o.kind === "value" ? `EndpointStatus ${o.value.EndpointStatus}` : o.kind === "gone" ? "deleted" : "error"),
    });
  },
};

const OUTPUTS = [
  "endpointId",
  "endpointDomain",
  "endpointStatus",
  "endpointBusinessStatus",
  "connectionStatus",
  "bandwidth",
  "regionId",
  "createTime",
  "attachedSecurityGroupIds",
  "endpointZones",
  ...fields.map((f) => f.name),
] as const;

export interface EndpointZoneOutput {
  zoneId: string;
  vSwitchId?: string;
  zoneStatus: ZoneStatus;
  eniId?: string;
  eniIp?: string;
  /** The interface's IPv6 address (DualStack endpoints). */
  ipv6Address?: string;
  zoneDomain?: string;
  regionId?: string;
}

/** Known during a preview of an update (docs/behaviour.md, "What a preview knows"); the service by ID or by name. */
const STABLE_OUTPUTS: StableOutputs = {
  endpointId: (k) => text(k.id),
  regionId: (k) => text(k.region),
  serviceId: (k) => parseServiceName(text(k.serviceName) ?? "")?.serviceId,
  // The service lives in the endpoint's region (a cross-region endpoint names the service's region).
  serviceName: (k) => {
    const region = text(k.serviceRegionId) ?? text(k.region);
    return text(k.serviceId) && region ? serviceName(region, k.serviceId as string) : undefined;
  },
  endpointDomain: (k) =>
    text(k.id) && text(k.serviceId) && text(k.region) ? endpointDomain(k.region as string, k.serviceId as string, k.id as string) : undefined,
};

export class VpcEndpoint extends PrivateLinkResource {
  public readonly endpointId!: pulumi.Output<string>;
  public readonly vpcId!: pulumi.Output<string>;
  /** Resolved from serviceName when that was declared. */
  public readonly serviceId!: pulumi.Output<string>;
  /** Resolved from serviceId when that was declared. */
  public readonly serviceName!: pulumi.Output<string>;
  public readonly endpointName!: pulumi.Output<string | undefined>;
  public readonly endpointDescription!: pulumi.Output<string | undefined>;
  /** `<endpointId>.<serviceId>.<region>.privatelink.aliyuncs.com`. */
  public readonly endpointDomain!: pulumi.Output<string>;
  public readonly endpointStatus!: pulumi.Output<EndpointStatus>;
  public readonly endpointBusinessStatus!: pulumi.Output<BusinessStatus>;
  /** Disconnected until the service owner accepts (or the service auto-accepts), then Connected. Not waited for. */
  public readonly connectionStatus!: pulumi.Output<ConnectionStatus>;
  /** Connection bandwidth, Mbit/s. */
  public readonly bandwidth!: pulumi.Output<number>;
  public readonly regionId!: pulumi.Output<string>;
  public readonly createTime!: pulumi.Output<string>;
  /** The declared (managed) security groups. */
  public readonly securityGroupIds!: pulumi.Output<string[] | undefined>;
  /** Every security group attached to the endpoint, however it was attached. */
  public readonly attachedSecurityGroupIds!: pulumi.Output<string[]>;
  /** The declared (managed) zones. */
  public readonly zones!: pulumi.Output<pulumi.Unwrap<VpcEndpointZoneArgs>[] | undefined>;
  /** Every zone of the endpoint, however it was added, with its status, interface and domain. */
  public readonly endpointZones!: pulumi.Output<EndpointZoneOutput[]>;
  public readonly endpointType!: pulumi.Output<EndpointType | undefined>;
  public readonly zonePrivateIpAddressCount!: pulumi.Output<ZonePrivateIpAddressCount | undefined>;
  public readonly protectedEnabled!: pulumi.Output<boolean | undefined>;
  public readonly addressIpVersion!: pulumi.Output<AddressIpVersion | undefined>;
  public readonly zoneAffinityEnabled!: pulumi.Output<boolean | undefined>;
  public readonly policyDocument!: pulumi.Output<string | Record<string, unknown> | undefined>;
  public readonly resourceGroupId!: pulumi.Output<string | undefined>;
  public readonly tags!: pulumi.Output<Record<string, string> | undefined>;
  /** Region of the service (another region than the endpoint's for a cross-region endpoint). */
  public readonly serviceRegionId!: pulumi.Output<string>;
  /** Cross-region endpoints: Mbit/s between the two regions. */
  public readonly crossRegionBandwidth!: pulumi.Output<number | undefined>;
  public readonly clientToken!: pulumi.Output<string | undefined>;

  constructor(name: string, args: VpcEndpointArgs, opts?: pulumi.CustomResourceOptions) {
    super("VpcEndpoint", name, args, OUTPUTS, opts, STABLE_OUTPUTS);
  }

  /** Reads an existing endpoint (`ep-…`) into the program without managing it. */
  static get(name: string, id: pulumi.Input<string>, state?: Partial<VpcEndpointArgs>, opts?: pulumi.CustomResourceOptions): VpcEndpoint {
    return new VpcEndpoint(name, { ...(state as VpcEndpointArgs) }, { ...opts, id });
  }
}
