// Endpoint services (spec 2.3, 3.1, 4.2.1, 4.2.4, 4.2.6).

import type { LoadBalancer, ZoneMapping } from "../inventory";
import type { ServiceRecord } from "../store";
import { serviceName } from "../ids";
import { illegalParam, missingParam, paginate, type Params } from "../validate";
import { ADDRESS_IP_VERSIONS, PAYERS, RESOURCE_GROUP_ID, RESOURCE_TYPES, SERVICE_CONNECT_BANDWIDTH, SERVICE_RESOURCES } from "../../spec/constraints";
import { BUSINESS_STATUS, SERVICE_STATUS } from "../../spec/statuses";
import {
  apiError,
  commitOrDryRun,
  ownService,
  parseTags,
  regionOf,
  renderService,
  renderTags,
  serviceNotLocked,
  serviceNotTransitional,
  type Handler,
  type WorldCore,
} from "./common";
import { attachRecord, checkIpVersion, checkResourceType, resolveLoadBalancer, zoneOfResource } from "./resources";
import { taggedFilter } from "./tags";

const CONNECT_BANDWIDTH = { min: SERVICE_CONNECT_BANDWIDTH.min, max: SERVICE_CONNECT_BANDWIDTH.max };

export const serviceOperations: Record<string, Handler> = {
  CreateVpcEndpointService: (p, ctx, w) => {
    const region = regionOf(p, w);
    const description = p.str("ServiceDescription") ?? "";
    const autoAccept = p.bool("AutoAcceptEnabled") ?? false;
    const payer = p.enumOf("Payer", PAYERS) ?? "Endpoint";
    const zoneAffinity = p.bool("ZoneAffinityEnabled") ?? false;
    const requestedType = p.str("ServiceResourceType");
    if (requestedType !== undefined) checkResourceType(requestedType);
    const supportIpv6 = p.bool("ServiceSupportIPv6") ?? false;
    const addressIpVersion = p.enumOf("AddressIpVersion", ADDRESS_IP_VERSIONS, "IllegalParam.AddressIpVersion") ?? "IPv4";
    const resourceGroupId = p.str("ResourceGroupId", { pattern: RESOURCE_GROUP_ID.pattern }) ?? "";
    const supportedRegions = regionList(p, "SupportedRegionList", w);
    const tags = parseTags(p);

    // Resource.N: N = 1..20 (PDF), at most 10 at creation (newer page); spec 4.1 decision.
    const groups = p.groups("Resource", ["ResourceId", "ResourceType", "ZoneId"], SERVICE_RESOURCES.maxTotal, () => apiError("QuotaMisMatched"));
    if (groups.length > SERVICE_RESOURCES.maxAtCreate) throw apiError("QuotaMisMatched");
    const serviceResourceType = requestedType ?? groups[0]?.values["ResourceType"] ?? "slb";
    const planned: { lb: LoadBalancer; zone: ZoneMapping }[] = [];
    for (const g of groups) {
      const id = g.values["ResourceId"];
      if (id === undefined) throw missingParam(`Resource.${g.index}.ResourceId`);
      const type = checkResourceType(g.values["ResourceType"] ?? serviceResourceType);
      const lb = resolveLoadBalancer(w, ctx, region, id, type);
      const zone = zoneOfResource(lb, g.values["ZoneId"], `Resource.${g.index}.ZoneId`);
      if (type !== serviceResourceType) throw apiError("Mismatch.ResourceType", "ResourceType", "service", id);
      if (planned.some((r) => r.lb.id === lb.id && r.zone.zoneId === zone.zoneId)) throw apiError("EndpointServiceResourceExist");
      planned.push({ lb, zone });
    }
    checkIpVersion(
      serviceResourceType,
      addressIpVersion,
      supportIpv6,
      planned.map((r) => r.lb),
    );
    commitOrDryRun(p, ctx, w);

    const now = w.now();
    const svc: ServiceRecord = {
      seq: w.store.nextSeq(),
      serviceId: w.ids.next("service"),
      regionId: region,
      ownerId: ctx.accountId,
      description,
      autoAcceptEnabled: autoAccept,
      connectBandwidth: SERVICE_CONNECT_BANDWIDTH.default,
      status: "Creating",
      businessStatus: "Normal",
      createTime: now,
      payer,
      zoneAffinityEnabled: zoneAffinity,
      serviceResourceType,
      serviceSupportIPv6: supportIpv6,
      addressIpVersion,
      resourceGroupId,
      supportedRegions,
      tags,
    };
    w.store.services.set(svc.serviceId, svc);
    for (const r of planned) attachRecord(w, svc, r.lb, r.zone);
    w.lifecycle.schedule("service", svc.serviceId, "serviceCreating", "Creating", "Active", now);
    w.settle();
    return renderService(w, svc);
  },

  UpdateVpcEndpointServiceAttribute: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    const description = p.present("ServiceDescription") ? (p.raw["ServiceDescription"] ?? "") : undefined;
    const autoAccept = p.bool("AutoAcceptEnabled");
    const bandwidth = p.int("ConnectBandwidth", CONNECT_BANDWIDTH);
    // Newer API: ZoneAffinityEnabled, ServiceSupportIPv6, AddressIpVersion, Add/DeleteSupportedRegionSet.
    const zoneAffinity = p.bool("ZoneAffinityEnabled");
    const supportIpv6 = p.bool("ServiceSupportIPv6");
    const addressIpVersion = p.enumOf("AddressIpVersion", ADDRESS_IP_VERSIONS, "IllegalParam.AddressIpVersion");
    const addRegions = regionList(p, "AddSupportedRegionSet", w);
    const deleteRegions = regionList(p, "DeleteSupportedRegionSet", w);
    const both = addRegions.find((r) => deleteRegions.includes(r));
    if (both) throw illegalParam("DeleteSupportedRegionSet.N", `Region '${both}' is also in AddSupportedRegionSet.`);
    serviceNotLocked(svc);
    serviceNotTransitional(svc);
    if (supportIpv6 !== undefined || addressIpVersion !== undefined) {
      const lbs = w.store
        .resourcesOf(svc.serviceId)
        .map((r) => w.inventory.loadBalancer(r.resourceId))
        .filter((l): l is LoadBalancer => Boolean(l));
      checkIpVersion(svc.serviceResourceType, addressIpVersion ?? svc.addressIpVersion, supportIpv6 ?? svc.serviceSupportIPv6, lbs);
    }
    commitOrDryRun(p, ctx, w);
    if (description !== undefined) svc.description = description;
    if (autoAccept !== undefined) svc.autoAcceptEnabled = autoAccept;
    if (bandwidth !== undefined) svc.connectBandwidth = bandwidth;
    if (zoneAffinity !== undefined) svc.zoneAffinityEnabled = zoneAffinity;
    if (supportIpv6 !== undefined) svc.serviceSupportIPv6 = supportIpv6;
    if (addressIpVersion !== undefined) svc.addressIpVersion = addressIpVersion;
    // Adding a region already supported, or deleting one that is not, changes nothing.
    svc.supportedRegions = [...svc.supportedRegions.filter((r) => !deleteRegions.includes(r)), ...addRegions.filter((r) => !svc.supportedRegions.includes(r))];
    // Spec 3.1 (optional, implemented): Active -> Pending -> Active (an Inactive service returns to Inactive).
    const back = svc.status === "Inactive" ? "Inactive" : "Active";
    svc.status = "Pending";
    w.lifecycle.schedule("service", svc.serviceId, "servicePending", "Pending", back);
    return {};
  },

  GetVpcEndpointServiceAttribute: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    return renderService(w, svc);
  },

  ListVpcEndpointServices: (p, ctx, w) => {
    const region = regionOf(p, w);
    const serviceId = p.str("ServiceId");
    const name = p.str("ServiceName");
    const autoAccept = p.bool("AutoAcceptEnabled");
    const status = p.enumOf("ServiceStatus", SERVICE_STATUS);
    const business = p.enumOf("ServiceBusinessStatus", BUSINESS_STATUS);
    const tagged = taggedFilter(p);
    const addressIpVersion = p.enumOf("AddressIpVersion", ADDRESS_IP_VERSIONS, "IllegalParam.AddressIpVersion");
    const resourceType = p.enumOf("ServiceResourceType", RESOURCE_TYPES);
    const zoneAffinity = p.bool("ZoneAffinityEnabled");
    const resourceId = p.str("ResourceId");
    const items = [...w.store.services.values()].filter(
      (s) =>
        s.ownerId === ctx.accountId &&
        s.regionId === region &&
        (serviceId === undefined || s.serviceId === serviceId) &&
        (name === undefined || serviceName(s.regionId, s.serviceId) === name) &&
        (autoAccept === undefined || s.autoAcceptEnabled === autoAccept) &&
        (status === undefined || s.status === status) &&
        (business === undefined || s.businessStatus === business) &&
        (addressIpVersion === undefined || s.addressIpVersion === addressIpVersion) &&
        (resourceType === undefined || s.serviceResourceType === resourceType) &&
        (zoneAffinity === undefined || s.zoneAffinityEnabled === zoneAffinity) &&
        (resourceId === undefined || w.store.resourcesOf(s.serviceId).some((r) => r.resourceId === resourceId)) &&
        tagged(s),
    );
    const page = paginate(items, p, w.tokens, `${p.action}:${ctx.accountId}:${region}`);
    return {
      NextToken: page.nextToken,
      MaxResults: page.maxResults,
      TotalCount: page.totalCount,
      Services: page.items.map((s) => ({ ...renderService(w, s), Tags: renderTags(s.tags) })),
    };
  },

  DeleteVpcEndpointService: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    serviceNotTransitional(svc);
    if (w.store.resourcesOf(svc.serviceId).length > 0) throw apiError("EndpointServiceDependenceViolation");
    commitOrDryRun(p, ctx, w);
    svc.status = "Deleting";
    w.lifecycle.schedule("service", svc.serviceId, "serviceDeleting", "Deleting", null);
    return {};
  },
};

/** A `Name.N` list of regions of the inventory (distinct). */
function regionList(p: Params, name: string, w: WorldCore): string[] {
  const regions = [...new Set(p.list(name, 100))];
  regions.forEach((r, i) => {
    if (!w.inventory.region(r)) throw illegalParam(`${name}.${i + 1}`, `Unknown region '${r}'.`);
  });
  return regions;
}
