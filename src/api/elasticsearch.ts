// Typed operations of the Elasticsearch API (2017-06-13) that give an instance a PrivateLink endpoint into the
// user's VPC: CreateVpcEndpoint, ListVpcEndpoints (with a helper that reads every page) and DeleteVpcEndpoint.
// Field names are the API's own (lower camelCase in bodies and results, unlike PrivateLink's PascalCase).

import type { ApiParams, ElasticsearchCallOptions, PrivateLinkClient } from "../client/client";
import { ELASTICSEARCH_PAGE, type ElasticsearchAction } from "../spec/elasticsearch";
import type { BusinessStatus, ConnectionStatus, EndpointStatus } from "../spec/statuses";

export type { ElasticsearchCallOptions } from "../client/client";

/** What these functions need from a client: `PrivateLinkClient` satisfies it, and so does a test double. */
export interface ElasticsearchCaller {
  readonly regionId: string;
  elasticsearch<T>(action: ElasticsearchAction, params: ApiParams, options?: ElasticsearchCallOptions): Promise<T>;
}

// Compile-time check only (a type import): the real client can be passed wherever an ElasticsearchCaller is expected.
const clientIsCaller = (client: PrivateLinkClient): ElasticsearchCaller => client;
void clientIsCaller;

export interface CreateVpcEndpointRequest {
  /** The Elasticsearch instance, e.g. `es-cn-2r429tctl000d****` (path parameter). */
  InstanceId: string;
  /** The user's endpoint service the instance connects to. */
  serviceId: string;
  /** A zone the endpoint service serves; the instance-side endpoint is placed there. */
  zoneId: string;
  /** Idempotency token (ASCII, at most 64 characters); generated when absent, the same on every retry. */
  ClientToken?: string;
  /** true: only the precheck runs; the API answers with the error code `DryRunOperation`. */
  dryRun?: boolean;
}

export interface CreatedVpcEndpoint {
  serviceId: string;
  /** The endpoint on the Elasticsearch service VPC's side, e.g. `ep-bp1tah7zbrwmkjef****`. */
  endpointId: string;
  endpointName: string;
  /** Domain name of the endpoint, used to configure the connection. */
  endpointDomain: string;
}

export interface CreateVpcEndpointResponse {
  RequestId: string;
  Result: CreatedVpcEndpoint;
}

export interface ListVpcEndpointsRequest {
  InstanceId: string;
  /** Page number from 1 (default 1). */
  page?: number;
  /** Entries per page (default 20). */
  size?: number;
}

/** One endpoint of an instance, as ListVpcEndpoints reports it. */
export interface InstanceVpcEndpoint {
  endpointId: string;
  endpointName: string;
  endpointDomain: string;
  endpointStatus: EndpointStatus;
  endpointBusinessStatus: BusinessStatus;
  connectionStatus: ConnectionStatus;
  serviceId: string;
  serviceName: string;
  /** `YYYY-MM-DDThh:mm:ssZ` */
  createTime: string;
}

export interface ListVpcEndpointsResponse {
  RequestId: string;
  Result: InstanceVpcEndpoint[];
}

export interface DeleteVpcEndpointRequest {
  InstanceId: string;
  EndpointId: string;
  ClientToken?: string;
}

export interface DeleteVpcEndpointResponse {
  RequestId: string;
  /** true when the deletion was accepted. */
  Result: boolean;
}

const text = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));
const object = (v: unknown): Record<string, unknown> => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function endpointOf(raw: unknown): InstanceVpcEndpoint {
  const o = object(raw);
  return {
    endpointId: text(o.endpointId),
    endpointName: text(o.endpointName),
    endpointDomain: text(o.endpointDomain),
    endpointStatus: text(o.endpointStatus) as EndpointStatus,
    endpointBusinessStatus: text(o.endpointBusinessStatus) as BusinessStatus,
    connectionStatus: text(o.connectionStatus) as ConnectionStatus,
    serviceId: text(o.serviceId),
    serviceName: text(o.serviceName),
    createTime: text(o.createTime),
  };
}

export async function createVpcEndpoint(
  client: ElasticsearchCaller,
  request: CreateVpcEndpointRequest,
  options?: ElasticsearchCallOptions,
): Promise<CreateVpcEndpointResponse> {
  const body = await client.elasticsearch<Record<string, unknown>>("CreateVpcEndpoint", { ...request }, options);
  const r = object(body.Result);
  return {
    RequestId: text(body.RequestId),
    Result: { serviceId: text(r.serviceId), endpointId: text(r.endpointId), endpointName: text(r.endpointName), endpointDomain: text(r.endpointDomain) },
  };
}

/** One page of an instance's endpoints; see listAllVpcEndpoints. */
export async function listVpcEndpoints(
  client: ElasticsearchCaller,
  request: ListVpcEndpointsRequest,
  options?: ElasticsearchCallOptions,
): Promise<ListVpcEndpointsResponse> {
  const body = await client.elasticsearch<Record<string, unknown>>("ListVpcEndpoints", { ...request }, options);
  return { RequestId: text(body.RequestId), Result: Array.isArray(body.Result) ? body.Result.map(endpointOf) : [] };
}

/** Every endpoint of an instance: reads pages until one comes back short. */
export async function listAllVpcEndpoints(
  client: ElasticsearchCaller,
  request: Omit<ListVpcEndpointsRequest, "page">,
  options?: ElasticsearchCallOptions,
): Promise<InstanceVpcEndpoint[]> {
  const size = request.size ?? ELASTICSEARCH_PAGE.maxSize;
  const all: InstanceVpcEndpoint[] = [];
  for (let page = ELASTICSEARCH_PAGE.firstPage; ; page++) {
    const { Result } = await listVpcEndpoints(client, { ...request, page, size }, options);
    all.push(...Result);
    if (Result.length < size) return all;
  }
}

export async function deleteVpcEndpoint(
  client: ElasticsearchCaller,
  request: DeleteVpcEndpointRequest,
  options?: ElasticsearchCallOptions,
): Promise<DeleteVpcEndpointResponse> {
  const body = await client.elasticsearch<Record<string, unknown>>("DeleteVpcEndpoint", { ...request }, options);
  return { RequestId: text(body.RequestId), Result: body.Result === true || body.Result === "true" };
}
