// The facts of the three Alibaba Cloud Elasticsearch (API version 2017-06-13) operations that give an
// Elasticsearch instance a PrivateLink endpoint into the user's VPC. They are ROA (RESTful) operations: method,
// path with parameters, query and JSON body. Names, locations and types follow Alibaba's generated SDK models of
// elasticsearch-20170613 (CreateVpcEndpoint, ListVpcEndpoints, DeleteVpcEndpoint). The client, the typed API,
// the emulator and the resource import them from here.

import { CONNECTION_STATUS, TRANSITIONAL_CONNECTION_STATUS, type ConnectionStatus } from "./statuses";
import type { ParamType } from "./operations";

export const ELASTICSEARCH_API_VERSION = "2017-06-13";
export const ELASTICSEARCH_PRODUCT_CODE = "elasticsearch";
/** How the emulator's counters and fault rules name these operations: `Elasticsearch.<Action>`. */
export const ELASTICSEARCH_PRODUCT = "Elasticsearch";

/** The product endpoint of a region: `https://elasticsearch.<region>.aliyuncs.com/`. */
export function elasticsearchEndpoint(region: string): string {
  return `https://${ELASTICSEARCH_PRODUCT_CODE}.${region}.aliyuncs.com/`;
}

export type RoaMethod = "GET" | "POST" | "DELETE";
export type RoaParamLocation = "path" | "query" | "body";

export interface RoaParamSpec {
  /** Name on the wire (path placeholder, query key or JSON body key), spelled as the SDK models spell it. */
  readonly name: string;
  readonly in: RoaParamLocation;
  readonly type: ParamType;
  readonly required: boolean;
}

export interface RoaOperationSpec {
  readonly action: string;
  readonly method: RoaMethod;
  /** Path template with `{Name}` placeholders, each a `path` parameter (percent-encoded when filled in). */
  readonly path: string;
  readonly request: readonly RoaParamSpec[];
  readonly response: readonly { readonly name: string; readonly type: string }[];
}

export const ELASTICSEARCH_OPERATIONS = [
  {
    action: "CreateVpcEndpoint",
    method: "POST",
    path: "/openapi/instances/{InstanceId}/vpc-endpoints",
    request: [
      { name: "InstanceId", in: "path", type: "string", required: true },
      { name: "ClientToken", in: "query", type: "string", required: false },
      { name: "dryRun", in: "query", type: "boolean", required: false },
      { name: "serviceId", in: "body", type: "string", required: false },
      { name: "zoneId", in: "body", type: "string", required: false },
    ],
    response: [
      { name: "RequestId", type: "string" },
      { name: "Result.serviceId", type: "string" },
      { name: "Result.endpointId", type: "string" },
      { name: "Result.endpointName", type: "string" },
      { name: "Result.endpointDomain", type: "string" },
    ],
  },
  {
    action: "ListVpcEndpoints",
    method: "GET",
    path: "/openapi/instances/{InstanceId}/vpc-endpoints",
    request: [
      { name: "InstanceId", in: "path", type: "string", required: true },
      { name: "page", in: "query", type: "integer", required: false },
      { name: "size", in: "query", type: "integer", required: false },
    ],
    response: [
      { name: "RequestId", type: "string" },
      { name: "Result[].endpointId", type: "string" },
      { name: "Result[].endpointName", type: "string" },
      { name: "Result[].endpointDomain", type: "string" },
      { name: "Result[].endpointStatus", type: "string" },
      { name: "Result[].endpointBusinessStatus", type: "string" },
      { name: "Result[].connectionStatus", type: "string" },
      { name: "Result[].serviceId", type: "string" },
      { name: "Result[].serviceName", type: "string" },
      { name: "Result[].createTime", type: "string" },
    ],
  },
  {
    action: "DeleteVpcEndpoint",
    method: "DELETE",
    path: "/openapi/instances/{InstanceId}/vpc-endpoints/{EndpointId}",
    request: [
      { name: "InstanceId", in: "path", type: "string", required: true },
      { name: "EndpointId", in: "path", type: "string", required: true },
      { name: "ClientToken", in: "query", type: "string", required: false },
    ],
    response: [
      { name: "RequestId", type: "string" },
      { name: "Result", type: "boolean" },
    ],
  },
] as const satisfies readonly RoaOperationSpec[];

export type ElasticsearchAction = (typeof ELASTICSEARCH_OPERATIONS)[number]["action"];

const byAction = new Map<string, RoaOperationSpec>(ELASTICSEARCH_OPERATIONS.map((o) => [o.action, o]));

export function elasticsearchOperation(action: string): RoaOperationSpec | undefined {
  return byAction.get(action);
}

/** `Elasticsearch.CreateVpcEndpoint`, …: the operations' names beside PrivateLink's own (which share some). */
export const QUALIFIED_ELASTICSEARCH_ACTIONS: readonly string[] = ELASTICSEARCH_OPERATIONS.map((o) => `${ELASTICSEARCH_PRODUCT}.${o.action}`);

/** Whether the operation takes an idempotency token (the client then sends one on every attempt). */
export function takesClientToken(op: RoaOperationSpec): boolean {
  return op.request.some((p) => p.name === "ClientToken");
}

/** ListVpcEndpoints paging: `page` from 1, `size` per page (the SDK documents the default; the maximum is ours). */
export const ELASTICSEARCH_PAGE = { firstPage: 1, defaultSize: 20, maxSize: 100 } as const;

/** Instance statuses (DescribeInstance `status`); only an `active` instance can get an endpoint. */
export const ELASTICSEARCH_INSTANCE_STATUS = ["active", "activating", "inactive", "invalid"] as const;
export type ElasticsearchInstanceStatus = (typeof ELASTICSEARCH_INSTANCE_STATUS)[number];

/**
 * Network architecture (DescribeInstance `archType`): `public` is the cloud-native architecture of instances
 * created since October 2020, the only one with private connections; `exclusive` is the original one.
 */
export const ELASTICSEARCH_ARCH_TYPES = ["public", "exclusive"] as const;
export type ElasticsearchArchType = (typeof ELASTICSEARCH_ARCH_TYPES)[number];
export const PRIVATE_CONNECTION_ARCH_TYPE: ElasticsearchArchType = "public";

/**
 * The instance-side endpoint is ready when it is Active and its connection has settled on the user's endpoint
 * service: awaiting the owner's acceptance (`Disconnected`) or accepted (`Connected`, at once with auto-accept).
 */
export const ELASTICSEARCH_ENDPOINT_SETTLED_CONNECTION: readonly ConnectionStatus[] = CONNECTION_STATUS.filter(
  (s) => !TRANSITIONAL_CONNECTION_STATUS.includes(s) && s !== "ServiceDeleted",
);
/** Connection statuses after which the endpoint can no longer reach the service. */
export const ELASTICSEARCH_ENDPOINT_FAILED_CONNECTION: readonly ConnectionStatus[] = ["ServiceDeleted"];

export const ELASTICSEARCH_ID_PATTERNS = {
  instance: /^es-[a-z0-9-]{4,60}$/,
  zone: /^[a-z]{2,}-[a-z0-9]+-[a-z0-9]+$/,
} as const;
