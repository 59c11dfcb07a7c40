// Service resources (spec 2.5, 4.2.2-4.2.3): load balancers attached to an endpoint service. ALB, NLB and GWLB
// instances span zones and are attached zone by zone (ZoneId required); CLB (slb) and NAT gateways have one zone.

import type { RequestContext } from "../types";
import { zonesOfLoadBalancer, type LoadBalancer, type ZoneMapping } from "../inventory";
import { resourceRecordKey, type ServiceRecord, type ServiceResourceRecord } from "../store";
import { missingParam, paginate, type Params } from "../validate";
import { RESOURCE_TYPES, SERVICE_RESOURCES, ZONAL_RESOURCE_TYPES, type ResourceType } from "../../spec/constraints";
import { SERVING_ZONE_STATUS } from "../../spec/statuses";
import { apiError, commitOrDryRun, ownService, regionOf, serviceNotLocked, serviceNotTransitional, type Handler, type WorldCore } from "./common";

/** The resource type must be one the emulator knows (spec 4.1: slb, plus alb/nlb/gwlb/natgw). */
export function checkResourceType(type: string): ResourceType {
  if (!(RESOURCE_TYPES as readonly string[]).includes(type)) throw apiError("EndpointServiceResourceTypeNotSupport");
  return type as ResourceType;
}

/** A PrivateLink-capable load balancer of the caller in this region, of this type (spec 4.2.1-4.2.2). */
export function resolveLoadBalancer(w: WorldCore, ctx: RequestContext, regionId: string, resourceId: string, type: ResourceType): LoadBalancer {
  const lb = w.inventory.loadBalancer(resourceId);
  if (!lb || lb.ownerId !== ctx.accountId || lb.regionId !== regionId || lb.type !== type) {
    if (type === "alb") throw apiError("AlbNotFound");
    if (type === "natgw") throw apiError("ResourceNotFound.NatGateway", resourceId);
    throw apiError("LoadBalancerNotFound");
  }
  if (!lb.privateLinkEnabled) throw apiError("LoadBalancerNotSupportPrivateLink");
  return lb;
}

/**
 * The zone of a load balancer a call names: required for the zone-by-zone types (`MissingParam.<name>`), optional
 * for the others; a zone the load balancer does not listen in → EndpointServiceNotSupportedZone.
 */
export function zoneOfResource(lb: LoadBalancer, zoneId: string | undefined, paramName: string): ZoneMapping {
  const zones = zonesOfLoadBalancer(lb);
  if (zoneId === undefined) {
    if (ZONAL_RESOURCE_TYPES.includes(lb.type)) throw missingParam(paramName);
    return zones[0]!;
  }
  const zone = zones.find((z) => z.zoneId === zoneId);
  if (!zone) throw apiError("EndpointServiceNotSupportedZone");
  return zone;
}

/** DualStack services need dual-stack NLB/GWLB resources (spec 4.1); ServiceSupportIPv6 needs IPv6 resources. */
export function checkIpVersion(resourceType: string, addressIpVersion: string, supportIpv6: boolean, lbs: readonly LoadBalancer[]): void {
  if (addressIpVersion === "DualStack") {
    if (resourceType !== "nlb" && resourceType !== "gwlb") throw apiError("OperationDenied.ResourceTypeNotSupportDualStack");
    if (lbs.some((lb) => !lb.dualStack)) throw apiError("OperationDenied.ServiceResourceIpVersionMismatch");
  }
  if (supportIpv6 && lbs.some((lb) => !lb.dualStack)) throw apiError("EndpointServiceNotSupportIpv6");
}

export function attachRecord(w: WorldCore, svc: ServiceRecord, lb: LoadBalancer, zone: ZoneMapping): void {
  const record: ServiceResourceRecord = {
    seq: w.store.nextSeq(),
    serviceId: svc.serviceId,
    resourceId: lb.id,
    resourceType: lb.type,
    regionId: lb.regionId,
    vpcId: lb.vpcId,
    vSwitchId: zone.vSwitchId,
    zoneId: zone.zoneId,
    ip: zone.ip,
    autoAllocated: true,
  };
  w.store.serviceResources.set(resourceRecordKey(record), record);
}

/** The attached record a call names (ResourceId, ZoneId; ResourceType when given), or EndpointServiceResourceNotFound. */
function attachedRecord(w: WorldCore, svc: ServiceRecord, p: Params, type: ResourceType | undefined): ServiceResourceRecord {
  const resourceId = p.requireStr("ResourceId");
  const zoneId = p.str("ZoneId");
  const matches = w.store
    .resourcesOf(svc.serviceId)
    .filter((r) => r.resourceId === resourceId && (type === undefined || r.resourceType === type) && (zoneId === undefined || r.zoneId === zoneId));
  if (matches.length === 0) throw apiError("EndpointServiceResourceNotFound");
  // A zone-by-zone resource attached in several zones: the call must say which one.
  if (matches.length > 1) throw missingParam("ZoneId");
  if (zoneId === undefined && ZONAL_RESOURCE_TYPES.includes(matches[0]!.resourceType)) throw missingParam("ZoneId");
  return matches[0]!;
}

/** Zone connections a resource record serves now, and those it served before a smooth migration replaced it. */
function relatedCounts(w: WorldCore, r: ServiceResourceRecord): { related: number; deprecated: number } {
  let related = 0;
  let deprecated = 0;
  for (const ep of w.store.endpointsOf(r.serviceId)) {
    for (const z of w.store.zonesOf(ep.endpointId)) {
      if (z.resourceId === r.resourceId && z.resourceZoneId === r.zoneId && SERVING_ZONE_STATUS.includes(z.status)) related++;
      if (z.replacedResourceId === r.resourceId && z.replacedResourceZoneId === r.zoneId) deprecated++;
    }
  }
  return { related, deprecated };
}

export const resourceOperations: Record<string, Handler> = {
  AttachResourceToVpcEndpointService: (p, ctx, w) => {
    const region = regionOf(p, w);
    const svc = ownService(w, ctx, region, p.requireStr("ServiceId"));
    serviceNotTransitional(svc);
    const type = checkResourceType(p.requireStr("ResourceType"));
    const resourceId = p.requireStr("ResourceId");
    const lb = resolveLoadBalancer(w, ctx, region, resourceId, type);
    const zone = zoneOfResource(lb, p.str("ZoneId"), "ZoneId");
    if (w.store.resourcesOf(svc.serviceId).some((r) => r.resourceId === resourceId && r.zoneId === zone.zoneId)) throw apiError("EndpointServiceResourceExist");
    if (type !== svc.serviceResourceType) throw apiError("EndpointServiceResourceTypeNotSupport");
    if (w.store.resourcesOf(svc.serviceId).length >= SERVICE_RESOURCES.maxTotal) throw apiError("QuotaMisMatched");
    checkIpVersion(svc.serviceResourceType, svc.addressIpVersion, svc.serviceSupportIPv6, [lb]);
    commitOrDryRun(p, ctx, w);
    attachRecord(w, svc, lb, zone);
    return {};
  },

  ListVpcEndpointServiceResources: (p, ctx, w) => {
    const region = regionOf(p, w);
    const svc = ownService(w, ctx, region, p.requireStr("ServiceId"));
    const page = paginate(w.store.resourcesOf(svc.serviceId), p, w.tokens, `${p.action}:${ctx.accountId}:${svc.serviceId}`);
    return {
      NextToken: page.nextToken,
      MaxResults: page.maxResults,
      Resources: page.items.map((r) => {
        const counts = relatedCounts(w, r);
        return {
          Ip: r.ip,
          RegionId: r.regionId,
          ResourceId: r.resourceId,
          ResourceType: r.resourceType,
          VSwitchId: r.vSwitchId,
          VpcId: r.vpcId,
          ZoneId: r.zoneId,
          AutoAllocatedEnabled: r.autoAllocated,
          RelatedEndpointCount: counts.related,
          RelatedDeprecatedEndpointCount: counts.deprecated,
          ResourceSupportIPv6: Boolean(w.inventory.loadBalancer(r.resourceId)?.dualStack),
        };
      }),
    };
  },

  UpdateVpcEndpointServiceResourceAttribute: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    const autoAllocated = p.bool("AutoAllocatedEnabled");
    serviceNotLocked(svc);
    serviceNotTransitional(svc);
    const record = attachedRecord(w, svc, p, undefined);
    commitOrDryRun(p, ctx, w);
    // Existing zone connections keep their resource; only new allocations see the change.
    record.autoAllocated = autoAllocated!;
    return {};
  },

  DetachResourceFromVpcEndpointService: (p, ctx, w) => {
    const region = regionOf(p, w);
    const svc = ownService(w, ctx, region, p.requireStr("ServiceId"));
    const type = checkResourceType(p.requireStr("ResourceType"));
    serviceNotTransitional(svc);
    const rec = attachedRecord(w, svc, p, type);
    commitOrDryRun(p, ctx, w);
    w.store.serviceResources.delete(resourceRecordKey(rec));
    // Connected zones that this resource served move to another resource of their zone, if any.
    for (const ep of w.store.endpointsOf(svc.serviceId)) {
      for (const z of w.store.zonesOf(ep.endpointId)) {
        if (z.resourceId === rec.resourceId && z.resourceZoneId === rec.zoneId) w.lifecycle.serveZone(z, ep);
      }
    }
    return {};
  },
};
