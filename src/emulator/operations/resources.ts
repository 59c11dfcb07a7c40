// Service resources (spec 2.5, 4.2.2-4.2.3): load balancers attached to an endpoint service.

import type { RequestContext } from "../types";
import type { LoadBalancer } from "../inventory";
import { resourceKey, type ServiceRecord } from "../store";
import { paginate } from "../validate";
import { RESOURCE_TYPES, SERVICE_RESOURCES, type ResourceType } from "../../spec/constraints";
import { apiError, commitOrDryRun, ownService, regionOf, serviceNotTransitional, type Handler, type WorldCore } from "./common";

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

/** DualStack services need dual-stack NLB/GWLB resources (spec 4.1); ServiceSupportIPv6 needs IPv6 resources. */
export function checkIpVersion(resourceType: string, addressIpVersion: string, supportIpv6: boolean, lbs: readonly LoadBalancer[]): void {
  if (addressIpVersion === "DualStack") {
    if (resourceType !== "nlb" && resourceType !== "gwlb") throw apiError("OperationDenied.ResourceTypeNotSupportDualStack");
    if (lbs.some((lb) => !lb.dualStack)) throw apiError("OperationDenied.ServiceResourceIpVersionMismatch");
  }
  if (supportIpv6 && lbs.some((lb) => !lb.dualStack)) throw apiError("EndpointServiceNotSupportIpv6");
}

export function attachRecord(w: WorldCore, svc: ServiceRecord, lb: LoadBalancer): void {
  w.store.serviceResources.set(resourceKey(svc.serviceId, lb.id), {
    seq: w.store.nextSeq(),
    serviceId: svc.serviceId,
    resourceId: lb.id,
    resourceType: lb.type,
    regionId: lb.regionId,
    vpcId: lb.vpcId,
    vSwitchId: lb.vSwitchId,
    zoneId: lb.zoneId,
    ip: lb.ip,
  });
}

export const resourceOperations: Record<string, Handler> = {
  AttachResourceToVpcEndpointService: (p, ctx, w) => {
    const region = regionOf(p, w);
    const svc = ownService(w, ctx, region, p.requireStr("ServiceId"));
    serviceNotTransitional(svc);
    const type = checkResourceType(p.requireStr("ResourceType"));
    const resourceId = p.requireStr("ResourceId");
    const lb = resolveLoadBalancer(w, ctx, region, resourceId, type);
    const zoneId = p.str("ZoneId");
    if (zoneId !== undefined && zoneId !== lb.zoneId) throw apiError("EndpointServiceNotSupportedZone");
    if (w.store.serviceResources.has(resourceKey(svc.serviceId, resourceId))) throw apiError("EndpointServiceResourceExist");
    if (type !== svc.serviceResourceType) throw apiError("EndpointServiceResourceTypeNotSupport");
    if (w.store.resourcesOf(svc.serviceId).length >= SERVICE_RESOURCES.maxTotal) throw apiError("QuotaMisMatched");
    checkIpVersion(svc.serviceResourceType, svc.addressIpVersion, svc.serviceSupportIPv6, [lb]);
    commitOrDryRun(p, ctx, w);
    attachRecord(w, svc, lb);
    return {};
  },

  ListVpcEndpointServiceResources: (p, ctx, w) => {
    const region = regionOf(p, w);
    const svc = ownService(w, ctx, region, p.requireStr("ServiceId"));
    const page = paginate(w.store.resourcesOf(svc.serviceId), p, w.tokens, `${p.action}:${ctx.accountId}:${svc.serviceId}`);
    return {
      NextToken: page.nextToken,
      MaxResults: page.maxResults,
      Resources: page.items.map((r) => ({
        Ip: r.ip,
        RegionId: r.regionId,
        ResourceId: r.resourceId,
        ResourceType: r.resourceType,
        VSwitchId: r.vSwitchId,
        VpcId: r.vpcId,
        ZoneId: r.zoneId,
      })),
    };
  },

  DetachResourceFromVpcEndpointService: (p, ctx, w) => {
    const region = regionOf(p, w);
    const svc = ownService(w, ctx, region, p.requireStr("ServiceId"));
    const resourceId = p.requireStr("ResourceId");
    const type = checkResourceType(p.requireStr("ResourceType"));
    serviceNotTransitional(svc);
    const rec = w.store.serviceResources.get(resourceKey(svc.serviceId, resourceId));
    if (!rec || rec.resourceType !== type) throw apiError("EndpointServiceResourceNotFound");
    commitOrDryRun(p, ctx, w);
    w.store.serviceResources.delete(resourceKey(svc.serviceId, resourceId));
    // Connected zones that this resource served move to another resource of their zone, if any.
    for (const ep of w.store.endpointsOf(svc.serviceId)) {
      for (const z of w.store.zonesOf(ep.endpointId)) {
        if (z.resourceId !== resourceId) continue;
        z.resourceId = w.store.resourcesOf(svc.serviceId).find((r) => r.zoneId === z.zoneId)?.resourceId ?? "";
      }
    }
    return {};
  },
};
