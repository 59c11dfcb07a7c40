// Endpoint connections (spec 2.7, 3.3, 4.2.12-4.2.13): the service owner's side of an endpoint.

import type { RequestContext } from "../types";
import type { EndpointRecord, ServiceRecord } from "../store";
import type { Params } from "../validate";
import { paginate } from "../validate";
import { CONNECTION_BANDWIDTH } from "../../spec/constraints";
import { CONNECTION_STATUS } from "../../spec/statuses";
import {
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

/** The endpoint attached to this service, in the service's region (spec 7.11), or EndpointConnectionNotFound. */
function connectionOf(w: WorldCore, svc: ServiceRecord, endpointId: string): EndpointRecord {
  const ep = w.store.endpoints.get(endpointId);
  if (!ep || ep.serviceId !== svc.serviceId || ep.regionId !== svc.regionId) throw apiError("EndpointConnectionNotFound");
  return ep;
}

/** Bandwidth within the range of the service's backend type (spec 4.1; Update uses Enable's range, decision). */
function bandwidthParam(p: Params, svc: ServiceRecord): number | undefined {
  const range = CONNECTION_BANDWIDTH[svc.serviceResourceType as keyof typeof CONNECTION_BANDWIDTH] ?? CONNECTION_BANDWIDTH.slb;
  return p.int("Bandwidth", { min: range.min, max: range.max });
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
    p.str("TrafficControlMode", { max: 64 });
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
    connectionNotTransitional(ep);
    commitOrDryRun(p, ctx, w);
    if (bandwidth !== undefined) ep.bandwidth = bandwidth;
    ep.connectionModifiedTime = w.now();
    if (ep.connectionStatus === "Connected") {
      // Spec 3.3 (optional, implemented): Connected -> Pending -> Connected.
      ep.connectionStatus = "Pending";
      w.lifecycle.schedule("connection", ep.endpointId, "connectionPending", "Pending", "Connected");
    }
    return {};
  },

  ListVpcEndpointConnections: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    const endpointId = p.str("EndpointId");
    const ownerId = p.accountId("EndpointOwnerId");
    const status = p.enumOf("ConnectionStatus", CONNECTION_STATUS);
    const items = w.store
      .endpointsOf(svc.serviceId)
      .filter(
        (e) =>
          e.regionId === svc.regionId &&
          (endpointId === undefined || e.endpointId === endpointId) &&
          (ownerId === undefined || e.ownerId === ownerId) &&
          (status === undefined || e.connectionStatus === status),
      );
    const page = paginate(items, p, w.tokens, `${p.action}:${ctx.accountId}:${svc.serviceId}`);
    return { NextToken: page.nextToken, MaxResults: page.maxResults, Connections: page.items.map((e) => renderConnection(w, e)) };
  },
};
