// Elasticsearch's private connections (ROA API 2017-06-13): an instance gets an endpoint, owned by the
// Elasticsearch service account in its VPC, that connects to an endpoint service in the user's VPC. The endpoint
// is an ordinary endpoint of the world, so PrivateLink's rules apply to it (the service account must be
// whitelisted, the zone must be served) and the service owner sees its connection request like any other.

import { EmulatorError, type RequestContext } from "../types";
import { ELASTICSEARCH_SERVICE_ACCOUNT_ID, type ElasticsearchInstance } from "../inventory";
import type { EndpointRecord } from "../store";
import { endpointDomain, formatTime } from "../ids";
import { illegalParam, type Params } from "../validate";
import { ELASTICSEARCH_PAGE, PRIVATE_CONNECTION_ARCH_TYPE } from "../../spec/elasticsearch";
import { apiError, commitOrDryRun, endpointNotTransitional, mayConsume, type Handler, type WorldCore } from "./common";
import { beginEndpointDeletion, startEndpoint } from "./endpoints";
import { allocateEni } from "./zones";

export { ELASTICSEARCH_SERVICE_ACCOUNT_ID };

/** Elasticsearch's own errors (its not-found answers are HTTP 404). */
function instanceNotFound(): EmulatorError {
  return new EmulatorError("InstanceNotFound", "The instanceId provided does not exist.", 404);
}

function endpointNotFound(): EmulatorError {
  return new EmulatorError("EndpointNotFound", "The specified Endpoint does not exist.", 404);
}

function instanceCannotConnect(reason: string): EmulatorError {
  return new EmulatorError("InstanceStatusNotSupportCurrentAction", `The instance does not support this action now: ${reason}`, 400);
}

/**
 * An instance of the caller. The cloud's API is regional by host name; the emulator serves every region on one
 * address, so the instance's own region applies.
 */
function ownInstance(w: WorldCore, ctx: RequestContext, instanceId: string): ElasticsearchInstance {
  const instance = w.inventory.elasticsearchInstance(instanceId);
  if (!instance || instance.ownerId !== ctx.accountId) throw instanceNotFound();
  return instance;
}

function render(ep: EndpointRecord): Record<string, unknown> {
  return {
    endpointId: ep.endpointId,
    endpointName: ep.name,
    endpointDomain: endpointDomain(ep.regionId, ep.serviceId, ep.endpointId),
    endpointStatus: ep.status,
    endpointBusinessStatus: ep.businessStatus,
    connectionStatus: ep.connectionStatus,
    serviceId: ep.serviceId,
    serviceName: ep.serviceName,
    createTime: formatTime(ep.createTime),
  };
}

function endpointsOf(w: WorldCore, instanceId: string): EndpointRecord[] {
  return [...w.store.endpoints.values()].filter((e) => e.elasticsearchInstanceId === instanceId).sort((a, b) => a.seq - b.seq);
}

export const elasticsearchOperations: Record<string, Handler> = {
  CreateVpcEndpoint: (p: Params, ctx, w) => {
    const instance = ownInstance(w, ctx, p.requireStr("InstanceId"));
    const serviceId = p.requireStr("serviceId");
    const zoneId = p.requireStr("zoneId");
    if (instance.status !== "active") throw instanceCannotConnect(`it is ${instance.status}, not active.`);
    if (instance.archType !== PRIVATE_CONNECTION_ARCH_TYPE)
      throw instanceCannotConnect(`its network architecture (${instance.archType}, created before October 2020) has no private connections.`);
    const region = instance.regionId;
    if (!w.inventory.zoneExists(region, zoneId)) throw illegalParam("zoneId", `'${zoneId}' is not a zone of ${region}.`);

    // From here the service account creates an ordinary endpoint: PrivateLink's rules and codes apply.
    const svc = w.store.services.get(serviceId);
    if (!svc || svc.regionId !== region) throw apiError("EndpointServiceNotFound");
    if (!mayConsume(w, svc, ELASTICSEARCH_SERVICE_ACCOUNT_ID)) throw apiError("EndpointServiceNotAuthorized");
    if (svc.status === "Deleting") throw apiError("EndpointServiceDeleted");
    if (svc.status !== "Active") throw apiError("IncorrectStatus.VpcEndpointService", "VpcEndpointService", svc.status);
    if (svc.serviceResourceType === "gwlb") throw apiError("Mismatch.EndpointType", "EndpointType", "Interface", svc.serviceResourceType);
    if (!w.store.serviceZones(svc.serviceId).includes(zoneId)) throw apiError("EndpointServiceNotSupportedZone");
    const vsw = w.inventory.elasticsearchServiceVSwitch(region, zoneId);
    if (!vsw) throw apiError("EndpointServiceNotSupportedZone");
    const addresses = allocateEni(w, vsw, undefined, undefined, false, new Set());
    commitOrDryRun(p, ctx, w);

    const ep = startEndpoint(
      w,
      svc,
      {
        regionId: region,
        ownerId: ELASTICSEARCH_SERVICE_ACCOUNT_ID,
        vpcId: vsw.vpcId,
        name: "vpcElasticSearch",
        description: `Elasticsearch instance ${instance.id}`,
        endpointType: "Interface",
        addressIpVersion: "IPv4",
        zoneAffinityEnabled: false,
        protectedEnabled: false,
        policyDocument: "",
        resourceGroupId: "",
        zonePrivateIpAddressCount: 1,
        tags: [],
        elasticsearchInstanceId: instance.id,
      },
      [{ vsw, addresses }],
    );
    w.settle();
    return {
      Result: {
        serviceId: ep.serviceId,
        endpointId: ep.endpointId,
        endpointName: ep.name,
        endpointDomain: endpointDomain(ep.regionId, ep.serviceId, ep.endpointId),
      },
    };
  },

  ListVpcEndpoints: (p, ctx, w) => {
    const instance = ownInstance(w, ctx, p.requireStr("InstanceId"));
    const page = p.int("page", { min: ELASTICSEARCH_PAGE.firstPage, max: 1_000_000 }) ?? ELASTICSEARCH_PAGE.firstPage;
    const size = p.int("size", { min: 1, max: ELASTICSEARCH_PAGE.maxSize }) ?? ELASTICSEARCH_PAGE.defaultSize;
    const start = (page - 1) * size;
    return {
      Result: endpointsOf(w, instance.id)
        .slice(start, start + size)
        .map(render),
    };
  },

  DeleteVpcEndpoint: (p, ctx, w) => {
    const instance = ownInstance(w, ctx, p.requireStr("InstanceId"));
    const ep = w.store.endpoints.get(p.requireStr("EndpointId"));
    if (!ep || ep.elasticsearchInstanceId !== instance.id) throw endpointNotFound();
    endpointNotTransitional(ep);
    commitOrDryRun(p, ctx, w);
    beginEndpointDeletion(w, ep);
    return { Result: true };
  },
};
