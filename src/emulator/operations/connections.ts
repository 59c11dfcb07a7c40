// Endpoint connections (spec 2.7, 3.3, 4.2.12-4.2.13): the service owner's side of an endpoint, as a whole and
// zone by zone (Enable/DisableVpcEndpointZoneConnection, the zone's service resource).

import type { RequestContext } from "../types";
import { zoneKey, type EndpointRecord, type ServiceRecord, type ServiceResourceRecord, type ZoneRecord } from "../store";
import type { Params } from "../validate";
import { illegalParam, missingParam, paginate } from "../validate";
import {
  CONNECTION_BANDWIDTH,
  RESOURCE_ALLOCATE_MODES,
  RESOURCE_REPLACE_MODES,
  TRAFFIC_CONTROL_MODES,
  TRAFFIC_CONTROL_MODES_BY_RESOURCE,
  type ResourceType,
} from "../../spec/constraints";
import { CONNECTION_STATUS, SERVING_ZONE_STATUS } from "../../spec/statuses";
import { checkResourceType } from "./resources";
import {
  accountFeatures,
  apiError,
  commitOrDryRun,
  connectionNotTransitional,
  endpointNotTransitional,
  ownService,
  regionOf,
  renderConnection,
  serviceNotLocked,
  serviceNotTransitional,
  type Handler,
  type WorldCore,
} from "./common";

/**
 * The endpoint attached to this service (in any region: a cross-region endpoint is listed and managed in the
 * service's region, spec 7.11), or EndpointConnectionNotFound.
 */
function connectionOf(w: WorldCore, svc: ServiceRecord, endpointId: string): EndpointRecord {
  const ep = w.store.endpoints.get(endpointId);
  if (!ep || ep.serviceId !== svc.serviceId) throw apiError("EndpointConnectionNotFound");
  return ep;
}

/** Bandwidth within the range of the service's backend type (spec 4.1; Update uses Enable's range, decision). */
function bandwidthParam(p: Params, svc: ServiceRecord): number | undefined {
  const range = CONNECTION_BANDWIDTH[svc.serviceResourceType as keyof typeof CONNECTION_BANDWIDTH] ?? CONNECTION_BANDWIDTH.slb;
  return p.int("Bandwidth", { min: range.min, max: range.max });
}

/** TrafficControlMode within the modes the service's backend allows (CLB: BandwidthLimit only; GWLB: Scalability only). */
function trafficControlModeParam(p: Params, svc: ServiceRecord): string | undefined {
  const mode = p.enumOf("TrafficControlMode", TRAFFIC_CONTROL_MODES);
  if (mode === undefined) return undefined;
  const allowed = TRAFFIC_CONTROL_MODES_BY_RESOURCE[svc.serviceResourceType as ResourceType] ?? TRAFFIC_CONTROL_MODES;
  if (!allowed.includes(mode)) throw illegalParam("TrafficControlMode", `A ${svc.serviceResourceType} service takes ${allowed.join(" or ")}.`);
  return mode;
}

/** A zone of an endpoint connected to this service, or EndpointZoneNotFound. */
function connectionZone(w: WorldCore, ep: EndpointRecord, zoneId: string): ZoneRecord {
  const z = w.store.zones.get(zoneKey(ep.endpointId, zoneId));
  if (!z) throw apiError("EndpointZoneNotFound");
  return z;
}

/** Zone-level calls need the endpoint's connection Connected (the documents' precondition). */
function connectionConnected(ep: EndpointRecord): void {
  if (ep.connectionStatus !== "Connected") throw apiError("EndpointConnectionOperationDenied");
}

/** A zone with a transition of its own in progress refuses another zone-level change. */
function zoneIdle(w: WorldCore, z: ZoneRecord): void {
  if (w.lifecycle.pendingFor("zone", zoneKey(z.endpointId, z.zoneId))) throw apiError("EndpointConnectionOperationDenied");
}

/** The attached resource a zone can be given: in the zone itself, or (endpoint in another region) in any zone. */
function resourceForZone(w: WorldCore, svc: ServiceRecord, ep: EndpointRecord, z: ZoneRecord, resourceId: string, type: string): ServiceResourceRecord {
  const crossRegion = ep.regionId !== svc.regionId;
  const record = w.store
    .resourcesOf(svc.serviceId)
    .find((r) => r.resourceId === resourceId && r.resourceType === type && (crossRegion || r.zoneId === z.zoneId));
  if (!record) throw apiError("EndpointServiceResourceNotFound");
  return record;
}

/** Spec 4.2.13: one Enable at a time per calling account. */
function noConcurrentEnable(w: WorldCore, ctx: RequestContext): void {
  for (const e of w.store.endpoints.values()) {
    if (e.connectionStatus === "Connecting" && e.enabledBy === ctx.accountId) throw apiError("EndpointConnectionOperationDenied");
  }
}

export const connectionOperations: Record<string, Handler> = {
  EnableVpcEndpointConnection: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    const ep = connectionOf(w, svc, p.requireStr("EndpointId"));
    const bandwidth = bandwidthParam(p, svc);
    const mode = trafficControlModeParam(p, svc);
    if (ep.connectionStatus === "Connected") {
      // Already accepted: succeed without change, so that retries converge (spec 3.3 decision).
      commitOrDryRun(p, ctx, w);
      return {};
    }
    connectionNotTransitional(ep);
    endpointNotTransitional(ep);
    if (w.store.resourcesOf(svc.serviceId).length === 0 || w.store.zonesOf(ep.endpointId).some((z) => !w.lifecycle.allocate(ep, z)))
      throw apiError("OperationDenied.NoAvailableServiceResource");
    noConcurrentEnable(w, ctx);
    commitOrDryRun(p, ctx, w);
    ep.bandwidth = bandwidth ?? svc.connectBandwidth;
    if (mode !== undefined) ep.trafficControlMode = mode;
    w.lifecycle.beginConnect(ep, ctx.accountId);
    return {};
  },

  DisableVpcEndpointConnection: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    const ep = connectionOf(w, svc, p.requireStr("EndpointId"));
    if (ep.connectionStatus === "Disconnected") {
      commitOrDryRun(p, ctx, w);
      return {};
    }
    connectionNotTransitional(ep);
    commitOrDryRun(p, ctx, w);
    w.lifecycle.beginDisconnect(ep);
    return {};
  },

  UpdateVpcEndpointConnectionAttribute: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    serviceNotLocked(svc);
    serviceNotTransitional(svc);
    const ep = connectionOf(w, svc, p.requireStr("EndpointId"));
    const bandwidth = bandwidthParam(p, svc);
    const mode = trafficControlModeParam(p, svc);
    connectionNotTransitional(ep);
    commitOrDryRun(p, ctx, w);
    if (bandwidth !== undefined) ep.bandwidth = bandwidth;
    if (mode !== undefined) ep.trafficControlMode = mode;
    ep.connectionModifiedTime = w.now();
    if (ep.connectionStatus === "Connected") {
      // Spec 3.3 (optional, implemented): Connected -> Pending -> Connected.
      ep.connectionStatus = "Pending";
      w.lifecycle.schedule("connection", ep.endpointId, "connectionPending", "Pending", "Connected");
    }
    return {};
  },

  EnableVpcEndpointZoneConnection: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    const ep = connectionOf(w, svc, p.requireStr("EndpointId"));
    const z = connectionZone(w, ep, p.requireStr("ZoneId"));
    connectionConnected(ep);
    if (SERVING_ZONE_STATUS.includes(z.status)) {
      // Already connected: succeed without change, so that retries converge (as Enable does).
      commitOrDryRun(p, ctx, w);
      return {};
    }
    if (z.status !== "Disconnected") throw apiError("EndpointConnectionOperationDenied");
    zoneIdle(w, z);
    if (!w.lifecycle.allocate(ep, z)) throw apiError("OperationDenied.NoAvailableServiceResource");
    commitOrDryRun(p, ctx, w);
    z.status = "Connecting";
    w.lifecycle.schedule("zone", zoneKey(z.endpointId, z.zoneId), "zoneConnecting", "Connecting", "Connected");
    return {};
  },

  DisableVpcEndpointZoneConnection: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    const ep = connectionOf(w, svc, p.requireStr("EndpointId"));
    const z = connectionZone(w, ep, p.requireStr("ZoneId"));
    const replacedOnly = p.bool("ReplacedResource") ?? false;
    connectionConnected(ep);
    const key = zoneKey(z.endpointId, z.zoneId);
    if (replacedOnly) {
      // Close the connections the old resource still serves after a smooth migration.
      if (z.status !== "Migrated") throw apiError("EndpointConnectionOperationDenied");
      zoneIdle(w, z);
      commitOrDryRun(p, ctx, w);
      w.lifecycle.schedule("zone", key, "zoneDisconnecting", "Migrated", "Connected");
      return {};
    }
    if (z.status === "Disconnected") {
      commitOrDryRun(p, ctx, w);
      return {};
    }
    if (!SERVING_ZONE_STATUS.includes(z.status)) throw apiError("EndpointConnectionOperationDenied");
    zoneIdle(w, z);
    commitOrDryRun(p, ctx, w);
    z.status = "Disconnecting";
    w.lifecycle.schedule("zone", key, "zoneDisconnecting", "Disconnecting", "Disconnected");
    return {};
  },

  UpdateVpcEndpointZoneConnectionResourceAttribute: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    const ep = connectionOf(w, svc, p.requireStr("EndpointId"));
    const z = connectionZone(w, ep, p.requireStr("ZoneId"));
    const allocateMode = p.enumOf("ResourceAllocateMode", RESOURCE_ALLOCATE_MODES);
    const replaceMode = p.enumOf("ResourceReplaceMode", RESOURCE_REPLACE_MODES);
    if (allocateMode === undefined && replaceMode === undefined) throw missingParam("ResourceAllocateMode");
    const needsResource = allocateMode === "Manual" || replaceMode !== undefined;
    const resourceId = needsResource ? p.requireStr("ResourceId") : undefined;
    const resourceType = needsResource ? checkResourceType(p.requireStr("ResourceType")) : undefined;
    // Allow-listed in the cloud (Quota Center: privatelink_whitelist/svc_res_mgt_uat).
    if (!accountFeatures(w, ctx.accountId).zoneResourceManagement) throw apiError("OperationDenied.NotInWhitelist", "privatelink_whitelist/svc_res_mgt_uat");
    serviceNotLocked(svc);
    serviceNotTransitional(svc);
    zoneIdle(w, z);
    const record = resourceId !== undefined ? resourceForZone(w, svc, ep, z, resourceId, resourceType!) : undefined;
    const key = zoneKey(z.endpointId, z.zoneId);
    if (replaceMode !== undefined) {
      // Migrate a connected zone to another resource: Graceful keeps the old one serving until released.
      if (z.status !== "Connected") throw apiError("EndpointConnectionOperationDenied");
      if (record!.resourceId === z.resourceId && record!.zoneId === z.resourceZoneId) throw apiError("EndpointServiceResourceExist");
      commitOrDryRun(p, ctx, w);
      z.manualResourceId = record!.resourceId;
      z.manualResourceZoneId = record!.zoneId;
      z.status = "Migrating";
      w.lifecycle.schedule("zone", key, "zoneMigrating", "Migrating", replaceMode === "Graceful" ? "Migrated" : "Connected");
    } else {
      // Choose the resource of a zone that is not connected: it applies at the next connection.
      if (SERVING_ZONE_STATUS.includes(z.status) || z.status === "Migrating") throw apiError("EndpointConnectionOperationDenied");
      commitOrDryRun(p, ctx, w);
      z.manualResourceId = record?.resourceId ?? "";
      z.manualResourceZoneId = record?.zoneId ?? "";
    }
    // The documents: the service is Pending while the change is applied.
    svc.status = "Pending";
    w.lifecycle.schedule("service", svc.serviceId, "servicePending", "Pending", "Active");
    return {};
  },

  ListVpcEndpointConnections: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    const endpointId = p.str("EndpointId");
    const ownerId = p.accountId("EndpointOwnerId");
    const status = p.enumOf("ConnectionStatus", CONNECTION_STATUS);
    const eniId = p.str("EniId");
    const resourceId = p.str("ResourceId");
    const replacedResourceId = p.str("ReplacedResourceId");
    const anyZone = (e: EndpointRecord, test: (z: ZoneRecord) => boolean) => w.store.zonesOf(e.endpointId).some(test);
    const items = w.store
      .endpointsOf(svc.serviceId)
      .filter(
        (e) =>
          (endpointId === undefined || e.endpointId === endpointId) &&
          (ownerId === undefined || e.ownerId === ownerId) &&
          (status === undefined || e.connectionStatus === status) &&
          (eniId === undefined || anyZone(e, (z) => z.eniId === eniId || z.replacedEniId === eniId)) &&
          (resourceId === undefined || anyZone(e, (z) => z.resourceId === resourceId)) &&
          (replacedResourceId === undefined || anyZone(e, (z) => z.replacedResourceId === replacedResourceId)),
      );
    const page = paginate(items, p, w.tokens, `${p.action}:${ctx.accountId}:${svc.serviceId}`);
    // TotalCount is text in this answer (the API's model types it so).
    return {
      NextToken: page.nextToken,
      MaxResults: page.maxResults,
      TotalCount: String(page.totalCount),
      Connections: page.items.map((e) => renderConnection(w, e)),
    };
  },
};
