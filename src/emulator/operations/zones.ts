// Endpoint zones (spec 2.8, 3.4, 4.2.10): one ENI per zone, in a vSwitch of the endpoint's VPC.

import type { RequestContext } from "../types";
import type { VSwitch } from "../inventory";
import { allocateIpv4, allocateIpv6, ipv4InCidr, ipv6InCidr, isReservedIpv4, isReservedIpv6, normaliseIpv6, parseIpv4, parseIpv6 } from "../inventory";
import { ZONE_DEFAULTS, zoneKey, type EndpointRecord, type ServiceRecord, type ZoneRecord } from "../store";
import { paginate } from "../validate";
import { SERVING_ZONE_STATUS, TRANSITIONAL_ZONE_STATUS } from "../../spec/statuses";
import {
  apiError,
  commitOrDryRun,
  connectionNotTransitional,
  endpointNotLocked,
  endpointNotTransitional,
  ownEndpoint,
  regionOf,
  renderZone,
  type Handler,
  type WorldCore,
} from "./common";

/** A vSwitch of the caller, in the endpoint's VPC and in the given zone, ready for ENIs (spec 4.2.7 and decisions). */
export function resolveVSwitch(w: WorldCore, ctx: RequestContext, regionId: string, vpcId: string, vSwitchId: string, zoneId: string | undefined): VSwitch {
  const vsw = w.inventory.vswitch(vSwitchId);
  if (!vsw || vsw.ownerId !== ctx.accountId || vsw.regionId !== regionId) throw apiError("VSwitchNotFound");
  // Decision: a vSwitch of another VPC or zone is "not found" for this endpoint.
  if (vsw.vpcId !== vpcId || (zoneId !== undefined && vsw.zoneId !== zoneId)) throw apiError("VSwitchNotFound");
  if (vsw.status !== "Available") throw apiError("VSwitchStatusNotAllowed");
  return vsw;
}

/**
 * A zone an endpoint of this service may have: one the service's resources serve, or, for an endpoint in another
 * region than the service, a zone of its own region that can take the endpoint side of a cross-region connection.
 */
export function endpointZoneSupported(w: WorldCore, svc: ServiceRecord, endpointRegion: string, zoneId: string): void {
  const supported =
    svc.regionId === endpointRegion
      ? w.store.serviceZones(svc.serviceId).includes(zoneId)
      : Boolean(
          w.inventory
            .region(endpointRegion)
            ?.zones.find((z) => z.zoneId === zoneId)
            ?.crossRegionSides?.includes("Endpoint"),
        );
  if (!supported) throw apiError("EndpointServiceNotSupportedZone");
}

export interface EniAddresses {
  ip: string;
  ipv6: string;
}

/**
 * The ENI addresses of a new zone: the requested ones if valid, inside the vSwitch and free, otherwise the lowest
 * free ones. `taken` holds addresses already promised within the same request.
 */
export function allocateEni(
  w: WorldCore,
  vsw: VSwitch,
  requestedIp: string | undefined,
  requestedIpv6: string | undefined,
  dualStack: boolean,
  taken: Set<string>,
): EniAddresses {
  const used = new Set([...w.inventory.loadBalancerIps(vsw.id), ...w.store.eniIps(vsw.id), ...taken]);
  let ip: string | undefined;
  if (requestedIp !== undefined) {
    if (parseIpv4(requestedIp) === undefined || !ipv4InCidr(requestedIp, vsw.cidrBlock)) throw apiError("IllegalParam.Ip");
    if (isReservedIpv4(requestedIp, vsw.cidrBlock) || used.has(requestedIp)) throw apiError("EniIpUnavailable");
    ip = requestedIp;
  } else {
    ip = allocateIpv4(vsw.cidrBlock, used);
    if (ip === undefined) throw apiError("ResourceNotEnough.VSwitchIp");
  }
  let ipv6 = "";
  if (requestedIpv6 !== undefined) {
    if (!dualStack) throw apiError("OperationDenied.AddressIpVersionNotSupportSpecifyIpv6");
    if (parseIpv6(requestedIpv6) === undefined || !vsw.ipv6CidrBlock || !ipv6InCidr(requestedIpv6, vsw.ipv6CidrBlock))
      throw apiError("IllegalParam.Ipv6Address");
    ipv6 = normaliseIpv6(requestedIpv6);
    if (isReservedIpv6(ipv6, vsw.ipv6CidrBlock) || used.has(ipv6)) throw apiError("EniIpUnavailable");
  } else if (dualStack && vsw.ipv6CidrBlock) {
    ipv6 = allocateIpv6(vsw.ipv6CidrBlock, used) ?? "";
    if (!ipv6) throw apiError("ResourceNotEnough.VSwitchIp");
  }
  taken.add(ip);
  if (ipv6) taken.add(ipv6);
  return { ip, ipv6 };
}

/** Creates the zone record (Creating) and schedules its first phase. */
export function createZone(w: WorldCore, ep: EndpointRecord, vsw: VSwitch, addresses: EniAddresses, at: number): ZoneRecord {
  const z: ZoneRecord = {
    seq: w.store.nextSeq(),
    endpointId: ep.endpointId,
    zoneId: vsw.zoneId,
    regionId: ep.regionId,
    vSwitchId: vsw.id,
    eniId: w.ids.next("eni"),
    eniIp: addresses.ip,
    ipv6Address: addresses.ipv6,
    status: "Creating",
    resourceId: "",
    resourceZoneId: "",
    ...ZONE_DEFAULTS,
  };
  w.store.zones.set(zoneKey(ep.endpointId, z.zoneId), z);
  w.lifecycle.schedule("zone", zoneKey(ep.endpointId, z.zoneId), "zoneCreating", "Creating", "Wait", at);
  return z;
}

export const zoneOperations: Record<string, Handler> = {
  AddZoneToVpcEndpoint: (p, ctx, w) => {
    const region = regionOf(p, w);
    const ep = ownEndpoint(w, ctx, region, p.requireStr("EndpointId"));
    const zoneId = p.requireStr("ZoneId");
    const vSwitchId = p.requireStr("VSwitchId");
    endpointNotTransitional(ep);
    endpointNotLocked(ep);
    connectionNotTransitional(ep);
    if (w.store.zones.has(zoneKey(ep.endpointId, zoneId))) throw apiError("EndpointZoneDuplicated");
    const svc = w.store.services.get(ep.serviceId);
    if (!svc) throw apiError("EndpointServiceNotSupportedZone");
    endpointZoneSupported(w, svc, ep.regionId, zoneId);
    const vsw = resolveVSwitch(w, ctx, region, ep.vpcId, vSwitchId, zoneId);
    const dualStack = ep.addressIpVersion === "DualStack";
    if (dualStack && !vsw.ipv6CidrBlock) throw apiError("OperationDenied.VSwitchNotSupportDualstack");
    // Accepted as well (newer API): ip and Ipv6Address of the zone's ENI.
    const addresses = allocateEni(w, vsw, p.str("ip"), p.str("Ipv6Address"), dualStack, new Set());
    commitOrDryRun(p, ctx, w);
    const now = w.now();
    createZone(w, ep, vsw, addresses, now);
    // The endpoint is Pending while the ENI is created (decision), so zone changes on one endpoint are serial.
    ep.status = "Pending";
    w.lifecycle.schedule("endpoint", ep.endpointId, "zoneCreating", "Pending", "Active", now);
    return {};
  },

  ListVpcEndpointZones: (p, ctx, w) => {
    const ep = ownEndpoint(w, ctx, regionOf(p, w), p.requireStr("EndpointId"));
    const page = paginate(w.store.zonesOf(ep.endpointId), p, w.tokens, `${p.action}:${ctx.accountId}:${ep.endpointId}`);
    return { NextToken: page.nextToken, MaxResults: page.maxResults, TotalCount: page.totalCount, Zones: page.items.map((z) => renderZone(ep, z)) };
  },

  RemoveZoneFromVpcEndpoint: (p, ctx, w) => {
    const ep = ownEndpoint(w, ctx, regionOf(p, w), p.requireStr("EndpointId"));
    const zoneId = p.requireStr("ZoneId");
    endpointNotTransitional(ep);
    endpointNotLocked(ep);
    connectionNotTransitional(ep);
    const z = w.store.zones.get(zoneKey(ep.endpointId, zoneId));
    if (!z) throw apiError("EndpointZoneNotFound");
    if (TRANSITIONAL_ZONE_STATUS.includes(z.status)) throw apiError("EndpointOperationDenied");
    commitOrDryRun(p, ctx, w);
    const now = w.now();
    const key = zoneKey(ep.endpointId, zoneId);
    let total: number;
    if (SERVING_ZONE_STATUS.includes(z.status)) {
      // Connected (or Migrated) -> Disconnecting -> Deleting -> gone.
      z.status = "Disconnecting";
      w.lifecycle.releaseZone(z);
      w.lifecycle.schedule("zone", key, "zoneDisconnecting", "Disconnecting", "Deleting", now);
      total = w.lifecycle.delay("zoneDisconnecting") + w.lifecycle.delay("zoneDeleting");
    } else {
      z.status = "Deleting";
      w.lifecycle.schedule("zone", key, "zoneDeleting", "Deleting", null, now);
      total = w.lifecycle.delay("zoneDeleting");
    }
    ep.status = "Pending";
    const t = w.lifecycle.schedule("endpoint", ep.endpointId, "zoneDeleting", "Pending", "Active", now);
    t.due = now + total;
    return {};
  },
};
