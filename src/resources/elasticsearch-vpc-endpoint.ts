// ElasticsearchVpcEndpoint: an Alibaba Cloud Elasticsearch instance reaching an endpoint service in the user's VPC
// (one way, from the Elasticsearch service VPC: reindex from, or ship to, the user's own services). Elasticsearch's
// CreateVpcEndpoint (ROA, 2017-06-13) makes an endpoint owned by its service account; the service owner sees it
// as a connection request, accepted with an EndpointConnection. There is no update call: every input replaces.
import type * as pulumi from "@pulumi/pulumi";
import * as es from "../api/elasticsearch";
import { isNotFound } from "../client/errors";
import type { OperationContext, ResourceDefinition } from "../provider/lifecycle";
import type { FieldSpec } from "../provider/schema";
import { ID_PATTERNS } from "../spec/constraints";
import { ELASTICSEARCH_ENDPOINT_FAILED_CONNECTION, ELASTICSEARCH_ENDPOINT_SETTLED_CONNECTION, ELASTICSEARCH_ID_PATTERNS } from "../spec/elasticsearch";
import type { ConnectionStatus, EndpointStatus } from "../spec/statuses";
import { GONE, statusIs, whenGone } from "../waiter";
import { PrivateLinkResource, clientTokenField, idParser, text, type CommonArgs } from "./base";

export interface ElasticsearchVpcEndpointArgs extends CommonArgs {
  /** The Elasticsearch instance, e.g. `es-cn-2r429tctl000d****` (cloud-native network architecture, active). */
  instanceId: pulumi.Input<string>;
  /** The endpoint service in your VPC; its whitelist must hold the Elasticsearch service account. */
  serviceId: pulumi.Input<string>;
  /** A zone the endpoint service serves; the instance-side endpoint is placed there. */
  zoneId: pulumi.Input<string>;
  /** A seed of the derived create token (printable ASCII, at most 64 characters); a new value makes `--replace` create anew. */
  clientToken?: pulumi.Input<string>;
}

const fields: readonly FieldSpec[] = [
  {
    name: "instanceId",
    type: "string",
    required: true,
    onChange: "replace",
    rules: { pattern: ELASTICSEARCH_ID_PATTERNS.instance, patternRule: "an Elasticsearch instance ID such as es-cn-2r429tctl000d1234" },
  },
  {
    name: "serviceId",
    type: "string",
    required: true,
    onChange: "replace",
    rules: { pattern: ID_PATTERNS.service, patternRule: "an endpoint service ID such as epsrv-bp1w0p3jdirbfmt6a1b2" },
    live: (e: es.InstanceVpcEndpoint) => e.serviceId,
  },
  {
    name: "zoneId",
    type: "string",
    required: true,
    onChange: "replace",
    rules: { pattern: ELASTICSEARCH_ID_PATTERNS.zone, patternRule: "a zone ID such as cn-hangzhou-i" },
  },
  clientTokenField,
];

const parts = idParser("ElasticsearchVpcEndpoint", ["instanceId", "endpointId"], fields);

async function readEndpoint(ctx: OperationContext, instanceId: string, endpointId: string): Promise<es.InstanceVpcEndpoint | typeof GONE> {
  try {
    const all = await es.listAllVpcEndpoints(ctx.client, { InstanceId: instanceId });
    return all.find((e) => e.endpointId === endpointId) ?? GONE;
  } catch (error) {
    if (isNotFound(error, "elasticsearchEndpoint")) return GONE;
    throw error;
  }
}

const describe = (o: { kind: string; value?: es.InstanceVpcEndpoint }) =>
  o.kind === "value" && o.value ? `${o.value.endpointStatus}, connection ${o.value.connectionStatus}` : o.kind === "gone" ? "not listed" : "error";

export const elasticsearchVpcEndpointDefinition: ResourceDefinition<es.InstanceVpcEndpoint> = {
  kind: "ElasticsearchVpcEndpoint",
  family: "elasticsearchEndpoint",
  fields,
  deleteBeforeReplace: false,
  locks: () => [],
  stateFromId: (id) => parts(id),

  // The endpoint's ID is the cloud's: a re-run after a crash repeats the create with the same derived token. The
  // Elasticsearch API has no tags, so beyond the cloud's ClientToken retention nothing finds an orphan again.
  createToken: true,

  async create(ctx, inputs, clientToken) {
    const instanceId = inputs.instanceId as string;
    const created = await es.createVpcEndpoint(
      ctx.client,
      { InstanceId: instanceId, serviceId: inputs.serviceId as string, zoneId: inputs.zoneId as string },
      { clientToken },
    );
    if (!created.Result.endpointId) throw new Error(`CreateVpcEndpoint of instance ${instanceId} returned no endpointId (RequestId ${created.RequestId})`);
    return `${instanceId}:${created.Result.endpointId}`;
  },
  read(ctx, id) {
    const p = parts(id);
    return readEndpoint(ctx, p.instanceId!, p.endpointId!);
  },
  async awaitReady(ctx, id) {
    const p = parts(id);
    const live = await ctx.wait<es.InstanceVpcEndpoint>({
      subject: `ElasticsearchVpcEndpoint ${id}`,
      target: `endpoint Active, connection ${ELASTICSEARCH_ENDPOINT_SETTLED_CONNECTION.join(" or ")} on the service`,
      poll: () => readEndpoint(ctx, p.instanceId!, p.endpointId!),
      acceptors: [
        {
          state: "success",
          matches: (o) =>
            o.kind === "value" && o.value.endpointStatus === "Active" && ELASTICSEARCH_ENDPOINT_SETTLED_CONNECTION.includes(o.value.connectionStatus),
        },
        statusIs<es.InstanceVpcEndpoint>((e) => e.connectionStatus, ELASTICSEARCH_ENDPOINT_FAILED_CONNECTION, "failure", "its endpoint service was deleted"),
        statusIs<es.InstanceVpcEndpoint>((e) => e.endpointStatus, ["Deleting"], "failure", "it is being deleted"),
        whenGone("failure", "the endpoint disappeared"),
      ],
      describe,
    });
    return live!;
  },
  outputs: (e) => ({
    endpointId: e.endpointId,
    endpointName: e.endpointName,
    endpointDomain: e.endpointDomain,
    endpointStatus: e.endpointStatus,
    connectionStatus: e.connectionStatus,
    serviceName: e.serviceName,
  }),
  updaters: {},
  async delete(ctx, id) {
    const p = parts(id);
    const current = await readEndpoint(ctx, p.instanceId!, p.endpointId!);
    if (current === GONE) return;
    if (current.endpointStatus !== "Deleting") {
      await ctx.mutate(() => es.deleteVpcEndpoint(ctx.client, { InstanceId: p.instanceId!, EndpointId: p.endpointId! }));
    }
    await ctx.wait<es.InstanceVpcEndpoint>({
      subject: `ElasticsearchVpcEndpoint ${id}`,
      target: "removal (the connection leaves the endpoint service with it)",
      poll: () => readEndpoint(ctx, p.instanceId!, p.endpointId!),
      acceptors: [whenGone("success")],
      describe,
    });
  },
};

const OUTPUTS = ["endpointId", "endpointName", "endpointDomain", "endpointStatus", "connectionStatus", "serviceName", ...fields.map((f) => f.name)] as const;

export class ElasticsearchVpcEndpoint extends PrivateLinkResource {
  public readonly instanceId!: pulumi.Output<string>;
  public readonly serviceId!: pulumi.Output<string>;
  public readonly zoneId!: pulumi.Output<string>;
  public readonly clientToken!: pulumi.Output<string | undefined>;
  /** The endpoint on the Elasticsearch side (owned by its service account); accept it with an EndpointConnection. */
  public readonly endpointId!: pulumi.Output<string>;
  public readonly endpointName!: pulumi.Output<string>;
  /** Domain name of the endpoint, used to configure the connection. */
  public readonly endpointDomain!: pulumi.Output<string>;
  /** As of the last create or refresh. */
  public readonly endpointStatus!: pulumi.Output<EndpointStatus>;
  /** As of the last create or refresh: `Disconnected` until the service owner accepts, then `Connected`. */
  public readonly connectionStatus!: pulumi.Output<ConnectionStatus>;
  public readonly serviceName!: pulumi.Output<string>;

  constructor(name: string, args: ElasticsearchVpcEndpointArgs, opts?: pulumi.CustomResourceOptions) {
    super("ElasticsearchVpcEndpoint", name, args, OUTPUTS, opts, { endpointId: (k) => text(k.id) });
  }

  /** `id` is `<instanceId>:<endpointId>`. */
  static get(name: string, id: pulumi.Input<string>, state?: Partial<ElasticsearchVpcEndpointArgs>, opts?: pulumi.CustomResourceOptions) {
    return new ElasticsearchVpcEndpoint(name, { ...(state as ElasticsearchVpcEndpointArgs) }, { ...opts, id });
  }
}
