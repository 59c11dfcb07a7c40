// Endpoints (spec 2.6, 3.2, 4.2.7-4.2.9): the consumer side, in a VPC of the caller, attached to one service.

import { allocateIpv6, type VSwitch, type Vpc } from "../inventory";
import type { EndpointRecord, ServiceRecord } from "../store";
import { sgKey, zoneKey } from "../store";
import { serviceDomain, serviceName } from "../ids";
import { illegalParam, missingParam, paginate } from "../validate";
import {
  ADDRESS_IP_VERSIONS,
  ENDPOINT_DESCRIPTION,
  ENDPOINT_NAME,
  ENDPOINT_SECURITY_GROUPS,
  ENDPOINT_TYPES,
  CROSS_REGION_BANDWIDTH,
  ENDPOINT_ZONES,
  RESOURCE_GROUP_ID,
  isMainlandRegion,
  TRAFFIC_CONTROL_MODES_BY_RESOURCE,
  ZONE_PRIVATE_IP_ADDRESS_COUNT,
  type ResourceType,
} from "../../spec/constraints";
import { CONNECTION_STATUS, ENDPOINT_STATUS } from "../../spec/statuses";
import {
  accountFeatures,
  apiError,
  commitOrDryRun,
  endpointNotLocked,
  endpointNotTransitional,
  mayConsume,
  ownEndpoint,
  parseTags,
  regionOf,
  renderEndpoint,
  renderTags,
  serviceTypeOf,
  type Handler,
} from "./common";
import { taggedFilter } from "./tags";
import type { Params } from "../validate";
import { allocateEni, createZone, endpointZoneSupported, resolveVSwitch, type EniAddresses } from "./zones";

const NAME_RULES = { min: ENDPOINT_NAME.min, max: ENDPOINT_NAME.max, pattern: ENDPOINT_NAME.pattern };
const DESCRIPTION_RULES = { min: ENDPOINT_DESCRIPTION.min, max: ENDPOINT_DESCRIPTION.max, forbiddenPrefixes: ENDPOINT_DESCRIPTION.forbiddenPrefixes };

function policyDocument(p: Params): string | undefined {
  const doc = p.str("PolicyDocument");
  if (doc === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(doc);
  } catch {
    throw illegalParam("PolicyDocument", "It must be a JSON policy document.");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw illegalParam("PolicyDocument", "It must be a JSON object.");
  return doc;
}

/** The dual-stack rules (spec 4.1) for an endpoint of this type, against this service, in this VPC and vSwitches. */
function checkDualStack(endpointType: string, svc: ServiceRecord | undefined, vpc: Vpc | undefined, vSwitches: readonly (VSwitch | undefined)[]): void {
  if (endpointType !== "Interface" && endpointType !== "GatewayLoadBalancer") throw apiError("OperationDenied.EndpointTypeNotSupportDualstack");
  if (svc?.addressIpVersion !== "DualStack") throw apiError("OperationDenied.EndpointServiceNotSupportDualstack");
  if (!vpc?.ipv6CidrBlock || vSwitches.some((v) => !v?.ipv6CidrBlock)) throw apiError("OperationDenied.VSwitchNotSupportDualstack");
}

/** IPv6 addresses for the zones of an endpoint turning dual-stack, after the dual-stack rules. */
function planIpv6(w: Parameters<Handler>[2], ep: EndpointRecord): { zoneId: string; ipv6: string }[] {
  const zones = w.store.zonesOf(ep.endpointId);
  const vSwitches = zones.map((z) => w.inventory.vswitch(z.vSwitchId));
  checkDualStack(ep.endpointType, w.store.services.get(ep.serviceId), w.inventory.vpc(ep.vpcId), vSwitches);
  return zones.map((z, i) => {
    const vsw = vSwitches[i]!;
    const used = new Set([...w.inventory.loadBalancerIps(vsw.id), ...w.store.eniIps(vsw.id)]);
    const ipv6 = allocateIpv6(vsw.ipv6CidrBlock!, used);
    if (ipv6 === undefined) throw apiError("ResourceNotEnough.VSwitchIp");
    return { zoneId: z.zoneId, ipv6 };
  });
}

/**
 * Service by ServiceId and/or ServiceName (spec 7.6: one of the two; both must agree when both are given), in
 * `regionId`: the endpoint's region, or ServiceRegionId for a cross-region endpoint.
 */
function resolveService(p: Params, w: Parameters<Handler>[2], regionId: string): ServiceRecord {
  const id = p.str("ServiceId");
  const name = p.str("ServiceName");
  if (id === undefined && name === undefined) throw apiError("EndpointServiceNotFound");
  const svc = id !== undefined ? w.store.services.get(id) : [...w.store.services.values()].find((s) => serviceName(s.regionId, s.serviceId) === name);
  if (!svc || svc.regionId !== regionId) throw apiError("EndpointServiceNotFound");
  if (name !== undefined && serviceName(svc.regionId, svc.serviceId) !== name) throw apiError("EndpointServiceNotFound");
  return svc;
}

/** The documents' default: 1000 Mbit/s between two regions of the Chinese mainland, 100 otherwise. */
function defaultCrossRegionBandwidth(endpointRegion: string, serviceRegion: string): number {
  return isMainlandRegion(endpointRegion) && isMainlandRegion(serviceRegion) ? CROSS_REGION_BANDWIDTH.defaultMainland : CROSS_REGION_BANDWIDTH.defaultOther;
}

export const endpointOperations: Record<string, Handler> = {
  CreateVpcEndpoint: (p, ctx, w) => {
    const region = regionOf(p, w);
    const vpcId = p.requireStr("VpcId");
    const name = p.str("EndpointName", NAME_RULES) ?? "";
    const description = p.str("EndpointDescription", DESCRIPTION_RULES) ?? "";
    const endpointType = p.enumOf("EndpointType", ENDPOINT_TYPES) ?? "Interface";
    const ipCount = p.int("ZonePrivateIpAddressCount");
    if (ipCount !== undefined && !(ZONE_PRIVATE_IP_ADDRESS_COUNT as readonly number[]).includes(ipCount))
      throw illegalParam("ZonePrivateIpAddressCount", `Allowed: ${ZONE_PRIVATE_IP_ADDRESS_COUNT.join(", ")}.`);
    const protectedEnabled = p.bool("ProtectedEnabled") ?? false;
    const tags = parseTags(p);
    const resourceGroupId = p.str("ResourceGroupId", { pattern: RESOURCE_GROUP_ID.pattern }) ?? "";
    const policy = policyDocument(p);
    const addressIpVersion = p.enumOf("AddressIpVersion", ADDRESS_IP_VERSIONS, "IllegalParam.AddressIpVersion") ?? "IPv4";
    const dualStack = addressIpVersion === "DualStack";
    const zoneAffinity = p.bool("ZoneAffinityEnabled") ?? false;
    const sgIds = [...new Set(p.list("SecurityGroupId", ENDPOINT_SECURITY_GROUPS.maxAtCreate))];
    const zoneIndexes = new Set(
      Object.keys(p.raw)
        .map((k) => /^Zone\.(\d+)\./.exec(k)?.[1])
        .filter(Boolean),
    );
    const zones = p.groups("Zone", ["VSwitchId", "ZoneId", "ip", "Ipv6Address"], ENDPOINT_ZONES.maxAtCreate, () =>
      apiError("QuotaExceeded.epZonePerEndpoint", "epZonePerEndpoint", String(zoneIndexes.size), String(ENDPOINT_ZONES.maxAtCreate)),
    );

    const serviceRegion = p.str("ServiceRegionId") ?? region;
    if (!w.inventory.region(serviceRegion)) throw illegalParam("ServiceRegionId", `Unknown region '${serviceRegion}'.`);
    const crossRegion = serviceRegion !== region;
    const crossRegionBandwidth = p.int("CrossRegionBandwidth", CROSS_REGION_BANDWIDTH);
    if (crossRegionBandwidth !== undefined && !crossRegion)
      throw illegalParam("CrossRegionBandwidth", "It applies only to an endpoint whose service is in another region (ServiceRegionId).");

    // Existence and ownership (spec 4.2.7).
    const vpc = w.inventory.vpc(vpcId);
    if (!vpc || vpc.ownerId !== ctx.accountId || vpc.regionId !== region) throw apiError("VpcNotFound");
    const svc = resolveService(p, w, serviceRegion);
    if (!mayConsume(w, svc, ctx.accountId)) throw apiError("EndpointServiceNotAuthorized");
    if (svc.status === "Deleting") throw apiError("EndpointServiceDeleted");
    if (svc.status !== "Active") throw apiError("IncorrectStatus.VpcEndpointService", "VpcEndpointService", svc.status);
    // Cross-region: the service must list the endpoint's region among its supported regions.
    if (crossRegion && !svc.supportedRegions.includes(region)) throw apiError("OperationDenied.CrossRegionNotSupport", region);

    // Endpoint type against the service's backend: Interface for slb/alb/nlb, GatewayLoadBalancer for gwlb, Reverse
    // for NAT gateway services (allow-listed by Alibaba Cloud).
    if (endpointType === "Reverse" && !accountFeatures(w, ctx.accountId).reverseEndpoints)
      throw apiError("OperationDenied.NotInWhitelist", "reverse endpoints");
    if (endpointType !== serviceTypeOf(svc)) throw apiError("Mismatch.EndpointType", "EndpointType", endpointType, svc.serviceResourceType);

    // Security groups (spec 7.5): required except for GatewayLoadBalancer endpoints, which refuse them.
    if (endpointType === "GatewayLoadBalancer") {
      if (sgIds.length > 0) throw apiError("GatewayLoadBalancerNotSupportSecurityGroup");
      if (zones.length > 1) throw apiError("GatewayLoadBalancerZoneCountDeny");
      if (policy !== undefined) throw apiError("OperationDenied.EndpointPolicyNotSupport");
    } else if (sgIds.length === 0) throw apiError("EndpointMustContainSecurityGroup");
    const groups = sgIds.map((id) => {
      const sg = w.inventory.securityGroup(id);
      if (!sg || sg.ownerId !== ctx.accountId || sg.regionId !== region || sg.vpcId !== vpcId) throw apiError("SecurityGroupNotFound");
      return sg;
    });
    if (new Set(groups.map((g) => g.type)).size > 1) throw apiError("SecurityGroupTypeOnlySingleTypeSupporteded");

    // Dual stack (spec 4.1).
    if (dualStack) checkDualStack(endpointType, svc, vpc, []);

    // Zones: distinct, served by the service (cross-region: able to take the endpoint side), each in an Available
    // vSwitch of the VPC, with free ENI addresses.
    const taken = new Set<string>();
    const planned: { vsw: VSwitch; addresses: EniAddresses }[] = [];
    for (const g of zones) {
      const vSwitchId = g.values["VSwitchId"];
      if (vSwitchId === undefined) throw missingParam(`Zone.${g.index}.VSwitchId`);
      const zoneId = g.values["ZoneId"];
      const vsw = resolveVSwitch(w, ctx, region, vpcId, vSwitchId, zoneId);
      if (planned.some((z) => z.vsw.zoneId === vsw.zoneId)) throw apiError("EndpointZoneDuplicated");
      endpointZoneSupported(w, svc, region, vsw.zoneId);
      if (dualStack) checkDualStack(endpointType, svc, vpc, [vsw]);
      planned.push({ vsw, addresses: allocateEni(w, vsw, g.values["ip"], g.values["Ipv6Address"], dualStack, taken) });
    }
    commitOrDryRun(p, ctx, w);

    const ep = startEndpoint(
      w,
      svc,
      {
        regionId: region,
        ownerId: ctx.accountId,
        vpcId,
        name,
        description,
        endpointType,
        addressIpVersion,
        zoneAffinityEnabled: zoneAffinity,
        // Managed protection only takes effect for STS callers (newer API).
        protectedEnabled: protectedEnabled && ctx.viaSts,
        policyDocument: policy ?? "",
        resourceGroupId,
        zonePrivateIpAddressCount: ipCount ?? 1,
        tags,
        crossRegionBandwidth: crossRegion ? (crossRegionBandwidth ?? defaultCrossRegionBandwidth(region, svc.regionId)) : 0,
      },
      planned,
    );
    for (const g of groups)
      w.store.securityGroupAttachments.set(sgKey(ep.endpointId, g.id), {
        seq: w.store.nextSeq(),
        endpointId: ep.endpointId,
        securityGroupId: g.id,
        status: "Attaching",
      });
    w.settle();
    return renderEndpoint(w, ep);
  },

  UpdateVpcEndpointAttribute: (p, ctx, w) => {
    const ep = ownEndpoint(w, ctx, regionOf(p, w), p.requireStr("EndpointId"));
    const name = p.str("EndpointName", NAME_RULES);
    const description = p.str("EndpointDescription", DESCRIPTION_RULES);
    // Newer API: PolicyDocument / ResetPolicy, AddressIpVersion, ZoneAffinityEnabled.
    const policy = policyDocument(p);
    const resetPolicy = p.bool("ResetPolicy") === true;
    if (resetPolicy && policy !== undefined) throw illegalParam("ResetPolicy", "ResetPolicy and PolicyDocument cannot be given together.");
    const addressIpVersion = p.enumOf("AddressIpVersion", ADDRESS_IP_VERSIONS, "IllegalParam.AddressIpVersion");
    const zoneAffinity = p.bool("ZoneAffinityEnabled");
    const crossRegionBandwidth = p.int("CrossRegionBandwidth", CROSS_REGION_BANDWIDTH);
    endpointNotTransitional(ep);
    endpointNotLocked(ep);
    if (policy !== undefined && ep.endpointType === "GatewayLoadBalancer") throw apiError("OperationDenied.EndpointPolicyNotSupport");
    if (crossRegionBandwidth !== undefined && ep.serviceRegionId === ep.regionId)
      throw illegalParam("CrossRegionBandwidth", "It applies only to an endpoint whose service is in another region.");
    // Becoming dual-stack gives every zone's interface an IPv6 address of its vSwitch.
    const ipv6Plan = addressIpVersion === "DualStack" && ep.addressIpVersion !== "DualStack" ? planIpv6(w, ep) : [];
    commitOrDryRun(p, ctx, w);
    if (crossRegionBandwidth !== undefined) ep.crossRegionBandwidth = crossRegionBandwidth;
    if (name !== undefined) ep.name = name;
    if (description !== undefined) ep.description = description;
    if (policy !== undefined) ep.policyDocument = policy;
    if (resetPolicy) ep.policyDocument = "";
    if (zoneAffinity !== undefined) ep.zoneAffinityEnabled = zoneAffinity;
    if (addressIpVersion !== undefined) {
      ep.addressIpVersion = addressIpVersion;
      for (const z of w.store.zonesOf(ep.endpointId))
        z.ipv6Address = ipv6Plan.find((a) => a.zoneId === z.zoneId)?.ipv6 ?? (addressIpVersion === "IPv4" ? "" : z.ipv6Address);
    }
    // Spec 3.2 (optional, implemented): Active -> Pending -> Active.
    ep.status = "Pending";
    w.lifecycle.schedule("endpoint", ep.endpointId, "endpointPending", "Pending", "Active");
    return {};
  },

  GetVpcEndpointAttribute: (p, ctx, w) => {
    const ep = ownEndpoint(w, ctx, regionOf(p, w), p.requireStr("EndpointId"));
    return { ...renderEndpoint(w, ep), ZonePrivateIpAddressCount: ep.zonePrivateIpAddressCount };
  },

  ListVpcEndpoints: (p, ctx, w) => {
    const region = regionOf(p, w);
    const endpointId = p.str("EndpointId");
    const sname = p.str("ServiceName");
    const vpcId = p.str("VpcId");
    const name = p.str("EndpointName");
    const status = p.enumOf("EndpointStatus", ENDPOINT_STATUS);
    const connection = p.enumOf("ConnectionStatus", CONNECTION_STATUS);
    const tagged = taggedFilter(p);
    const endpointType = p.enumOf("EndpointType", ENDPOINT_TYPES);
    const addressIpVersion = p.enumOf("AddressIpVersion", ADDRESS_IP_VERSIONS, "IllegalParam.AddressIpVersion");
    const serviceRegion = p.str("ServiceRegionId");
    const items = [...w.store.endpoints.values()].filter(
      (e) =>
        e.ownerId === ctx.accountId &&
        e.regionId === region &&
        (endpointId === undefined || e.endpointId === endpointId) &&
        (sname === undefined || e.serviceName === sname) &&
        (vpcId === undefined || e.vpcId === vpcId) &&
        (name === undefined || e.name === name) &&
        (status === undefined || e.status === status) &&
        (connection === undefined || e.connectionStatus === connection) &&
        (endpointType === undefined || e.endpointType === endpointType) &&
        (addressIpVersion === undefined || e.addressIpVersion === addressIpVersion) &&
        (serviceRegion === undefined || e.serviceRegionId === serviceRegion) &&
        tagged(e),
    );
    const page = paginate(items, p, w.tokens, `${p.action}:${ctx.accountId}:${region}`);
    return {
      NextToken: page.nextToken,
      MaxResults: page.maxResults,
      TotalCount: page.totalCount,
      Endpoints: page.items.map((e) => ({ ...renderEndpoint(w, e), Tags: renderTags(e.tags) })),
    };
  },

  ListVpcEndpointServicesByEndUser: (p, ctx, w) => {
    const region = regionOf(p, w);
    const serviceId = p.str("ServiceId");
    const sname = p.str("ServiceName");
    const tagged = taggedFilter(p);
    const serviceType = p.enumOf("ServiceType", ENDPOINT_TYPES);
    // Services of another region: those that accept endpoints from the caller's region (cross-region).
    const serviceRegion = p.str("ServiceRegionId") ?? region;
    // Usable services: the caller's own and those whose whitelist holds the caller (spec 4.2.6), except those
    // being deleted.
    const items = [...w.store.services.values()].filter(
      (s) =>
        s.regionId === serviceRegion &&
        (serviceRegion === region || s.supportedRegions.includes(region)) &&
        s.status !== "Deleting" &&
        mayConsume(w, s, ctx.accountId) &&
        (serviceId === undefined || s.serviceId === serviceId) &&
        (sname === undefined || serviceName(s.regionId, s.serviceId) === sname) &&
        (serviceType === undefined || serviceTypeOf(s) === serviceType) &&
        tagged(s),
    );
    const page = paginate(items, p, w.tokens, `${p.action}:${ctx.accountId}:${region}:${serviceRegion}`);
    return {
      NextToken: page.nextToken,
      MaxResults: page.maxResults,
      TotalCount: String(page.totalCount),
      Services: page.items.map((s) => ({
        ServiceId: s.serviceId,
        ServiceName: serviceName(s.regionId, s.serviceId),
        ServiceDomain: serviceDomain(s.regionId, s.serviceId),
        Zones: w.store.serviceZones(s.serviceId),
        ResourceGroupId: s.resourceGroupId,
        Tags: renderTags(s.tags),
        ServiceType: serviceTypeOf(s),
        ServiceResourceType: s.serviceResourceType,
        AutoAcceptEnabled: s.autoAcceptEnabled,
        Payer: s.payer,
        AddressIpVersion: s.addressIpVersion,
        ServiceSupportIPv6: s.serviceSupportIPv6,
        ZoneAffinityEnabled: s.zoneAffinityEnabled,
        // Endpoint policies are refused on GatewayLoadBalancer endpoints.
        VpcEndpointPolicySupported: serviceTypeOf(s) !== "GatewayLoadBalancer",
      })),
    };
  },

  DeleteVpcEndpoint: (p, ctx, w) => {
    const ep = ownEndpoint(w, ctx, regionOf(p, w), p.requireStr("EndpointId"));
    endpointNotTransitional(ep);
    commitOrDryRun(p, ctx, w);
    beginEndpointDeletion(w, ep);
    return {};
  },
};

/** What the creator of an endpoint decides; everything else starts the same for every endpoint. */
export type NewEndpoint = Omit<
  EndpointRecord,
  | "seq"
  | "endpointId"
  | "serviceId"
  | "serviceName"
  | "status"
  | "businessStatus"
  | "connectionStatus"
  | "bandwidth"
  | "createTime"
  | "connectionModifiedTime"
  | "enabledBy"
  | "trafficControlMode"
  | "serviceRegionId"
  | "crossRegionBandwidth"
> & {
  /** Cross-region endpoints only (0 otherwise). */
  crossRegionBandwidth?: number;
};

/**
 * Stores a new endpoint of the service, not connected, with an interface in each planned zone, and starts its
 * creation (Creating → Active; auto-accept follows). The caller settles the world before answering.
 */
export function startEndpoint(
  w: Parameters<Handler>[2],
  svc: ServiceRecord,
  spec: NewEndpoint,
  zones: readonly { vsw: VSwitch; addresses: EniAddresses }[],
): EndpointRecord {
  const now = w.now();
  const ep: EndpointRecord = {
    seq: w.store.nextSeq(),
    endpointId: w.ids.next("endpoint"),
    ...spec,
    serviceId: svc.serviceId,
    serviceName: serviceName(svc.regionId, svc.serviceId),
    status: "Creating",
    businessStatus: "Normal",
    connectionStatus: "Disconnected",
    bandwidth: svc.connectBandwidth,
    createTime: now,
    connectionModifiedTime: now,
    enabledBy: null,
    // The first mode the service's backend type allows (BandwidthLimit; Scalability for gwlb).
    trafficControlMode: TRAFFIC_CONTROL_MODES_BY_RESOURCE[svc.serviceResourceType as ResourceType]?.[0] ?? "BandwidthLimit",
    serviceRegionId: svc.regionId,
    crossRegionBandwidth: spec.crossRegionBandwidth ?? 0,
  };
  w.store.endpoints.set(ep.endpointId, ep);
  for (const z of zones) createZone(w, ep, z.vsw, z.addresses, now);
  w.lifecycle.schedule("endpoint", ep.endpointId, "endpointCreating", "Creating", "Active", now);
  return ep;
}

/** Endpoint and connection go Deleting with their zones (the ENIs go with the endpoint), then the endpoint is gone. */
export function beginEndpointDeletion(w: Parameters<Handler>[2], ep: EndpointRecord): void {
  ep.status = "Deleting";
  ep.connectionStatus = "Deleting";
  ep.connectionModifiedTime = w.now();
  ep.enabledBy = null;
  w.lifecycle.cancel("connection", ep.endpointId);
  // The ENIs go with the endpoint: every zone shows Deleting and gives its resource back.
  for (const z of w.store.zonesOf(ep.endpointId)) {
    w.lifecycle.cancel("zone", zoneKey(z.endpointId, z.zoneId));
    z.status = "Deleting";
    w.lifecycle.releaseZone(z);
  }
  w.lifecycle.schedule("endpoint", ep.endpointId, "endpointDeleting", "Deleting", null);
}
