// EndpointConnection: the service owner's decision on one endpoint's connection (accept with a bandwidth, or
// reject). EnableVpcEndpointConnection may not run concurrently within one account: enables are serialised.
import type * as pulumi from "@pulumi/pulumi";
import * as api from "../api/privatelink";
import { isNotFound } from "../client/errors";
import { readyAcceptors, type OperationContext, type ResourceDefinition, type State } from "../provider/lifecycle";
import { lockKey } from "../provider/locks";
import type { CheckFailure, FieldSpec } from "../provider/schema";
import { CONNECTION_BANDWIDTH } from "../spec/constraints";
import { ACCEPTED_CONNECTION_STATUS } from "../spec/statuses";
import { GONE } from "../waiter";
import { PrivateLinkResource, splitId, type CommonArgs } from "./base";

export interface EndpointConnectionArgs extends CommonArgs {
  serviceId: pulumi.Input<string>;
  endpointId: pulumi.Input<string>;
  /** Accept (true, default) or reject (false) the endpoint's connection. */
  accepted?: pulumi.Input<boolean>;
  /** Connection bandwidth, Mbit/s (100-10240 for slb/alb, up to 25600 for nlb). The service's default when absent. */
  bandwidth?: pulumi.Input<number>;
}

const maxBandwidth = Math.max(...Object.values(CONNECTION_BANDWIDTH).map((r) => r.max));

const fields: readonly FieldSpec[] = [
  { name: "serviceId", type: "string", required: true, onChange: "replace", errorCodes: ["EndpointServiceNotFound", "EndpointServiceLocked"] },
  { name: "endpointId", type: "string", required: true, onChange: "replace", errorCodes: ["EndpointConnectionNotFound", "EndpointOperationDenied"] },
  {
    name: "accepted",
    type: "boolean",
    default: true,
    onChange: { update: "acceptance" },
    live: (c: api.VpcEndpointConnection) => ACCEPTED_CONNECTION_STATUS.includes(c.ConnectionStatus),
  },
  {
    name: "bandwidth",
    type: "integer",
    cloudDefault: true,
    onChange: { update: "bandwidth" },
    // The range by backend type is checked at preview against the service (checkWithCloud).
    rules: { min: CONNECTION_BANDWIDTH.slb.min, max: maxBandwidth },
    errorCodes: ["IllegalParamFormat.Bandwidth"],
    live: (c: api.VpcEndpointConnection) => c.Bandwidth,
  },
];

/** The bandwidth range of the service's backend type (one read, only when the bandwidth changed). */
async function checkBandwidth(ctx: OperationContext, inputs: State, changed: readonly string[]): Promise<CheckFailure[]> {
  const bandwidth = inputs.bandwidth;
  if (!changed.includes("bandwidth") || typeof bandwidth !== "number") return [];
  let type: string | undefined;
  try {
    type = (await api.getVpcEndpointServiceAttribute(ctx.client, { ServiceId: inputs.serviceId as string })).ServiceResourceType;
  } catch (error) {
    if (isNotFound(error, "service")) return []; // created by this run: the API checks it at up
    throw error;
  }
  const range = CONNECTION_BANDWIDTH[(type ?? "slb") as keyof typeof CONNECTION_BANDWIDTH];
  if (!range || (bandwidth >= range.min && bandwidth <= range.max)) return [];
  return [
    {
      property: "bandwidth",
      reason: `bandwidth must be between ${range.min} and ${range.max} Mbit/s for a service with ${type} backends like ${inputs.serviceId} (got ${bandwidth})`,
    },
  ];
}

const parts = (id: string) => splitId(id, ["serviceId", "endpointId"], "EndpointConnection");

async function readConnection(ctx: OperationContext, serviceId: string, endpointId: string): Promise<api.VpcEndpointConnection | typeof GONE> {
  try {
    const list = await api.listAllVpcEndpointConnections(ctx.client, { ServiceId: serviceId, EndpointId: endpointId });
    return list.find((c) => c.EndpointId === endpointId) ?? GONE;
  } catch (error) {
    if (isNotFound(error, "connection")) return GONE;
    throw error;
  }
}

async function awaitDecision(ctx: OperationContext, id: string, accepted: boolean): Promise<api.VpcEndpointConnection> {
  const p = parts(id);
  const live = await ctx.wait<api.VpcEndpointConnection>({
    subject: `EndpointConnection ${id}`,
    target: accepted ? "ConnectionStatus Connected" : "ConnectionStatus Disconnected",
    poll: () => readConnection(ctx, p.serviceId, p.endpointId),
    acceptors: readyAcceptors<api.VpcEndpointConnection>((c) => c.ConnectionStatus, [accepted ? "Connected" : "Disconnected"], ["ServiceDeleted", "Deleting"]),
    describe: (o) => (o.kind === "value" ? o.value.ConnectionStatus : o.kind === "gone" ? "endpoint not found" : "error"),
  });
  return live!;
}

async function applyDecision(ctx: OperationContext, serviceId: string, endpointId: string, state: State): Promise<void> {
  const current = await readConnection(ctx, serviceId, endpointId);
  if (current === GONE)
    throw new Error(`endpoint ${endpointId} has no connection to service ${serviceId} (is the endpoint created against this service, in this region?)`);
  if (state.accepted === false) {
    if (current.ConnectionStatus !== "Disconnected") {
      await ctx.mutate(() => api.disableVpcEndpointConnection(ctx.client, { ServiceId: serviceId, EndpointId: endpointId }));
    }
    return;
  }
  if (current.ConnectionStatus !== "Connected") {
    await ctx.mutate(() =>
      api.enableVpcEndpointConnection(ctx.client, { ServiceId: serviceId, EndpointId: endpointId, Bandwidth: state.bandwidth as number | undefined }),
    );
  }
}

export const endpointConnectionDefinition: ResourceDefinition<api.VpcEndpointConnection> = {
  kind: "EndpointConnection",
  family: "connection",
  fields,
  deleteBeforeReplace: true,
  // One change per service, and one EnableVpcEndpointConnection per account at a time (until it is Connected).
  locks: (state) => [lockKey.service(String(state.serviceId)), lockKey.connectionEnable(`${state.region ?? ""}/${state.profile ?? ""}`)],
  stateFromId: (id) => parts(id),
  checkWithCloud: checkBandwidth,

  async create(ctx, inputs) {
    await applyDecision(ctx, inputs.serviceId as string, inputs.endpointId as string, inputs);
    return `${inputs.serviceId}:${inputs.endpointId}`;
  },
  read(ctx, id) {
    const p = parts(id);
    return readConnection(ctx, p.serviceId, p.endpointId);
  },
  async awaitReady(ctx, id, state) {
    let live = await awaitDecision(ctx, id, state.accepted !== false);
    const wanted = state.bandwidth as number | undefined;
    if (state.accepted !== false && wanted !== undefined && live.Bandwidth !== wanted) {
      const p = parts(id);
      await ctx.mutate(() => api.updateVpcEndpointConnectionAttribute(ctx.client, { ServiceId: p.serviceId, EndpointId: p.endpointId, Bandwidth: wanted }));
      live = await awaitDecision(ctx, id, true);
    }
    return live;
  },
  outputs: (c) => ({
    connectionStatus: c.ConnectionStatus,
    endpointOwnerId: c.EndpointOwnerId,
    endpointVpcId: c.EndpointVpcId,
    bandwidth: c.Bandwidth,
    modifiedTime: c.ModifiedTime,
    zones: c.Zones.map((z) => ({ zoneId: z.ZoneId, eniId: z.EniId, vSwitchId: z.VSwitchId, resourceId: z.ResourceId, zoneDomain: z.ZoneDomain })),
  }),
  updaters: {
    async acceptance(ctx, id, news) {
      const p = parts(id);
      await applyDecision(ctx, p.serviceId, p.endpointId, news);
    },
    async bandwidth(ctx, id, news) {
      // Applied by awaitReady once the connection is Connected (the API refuses it in other states).
      if (news.accepted === false || news.bandwidth === undefined) return;
      const p = parts(id);
      const current = await readConnection(ctx, p.serviceId, p.endpointId);
      if (current !== GONE && current.ConnectionStatus === "Connected") {
        await api.updateVpcEndpointConnectionAttribute(ctx.client, { ServiceId: p.serviceId, EndpointId: p.endpointId, Bandwidth: news.bandwidth as number });
      }
    },
  },
  async delete(ctx, id) {
    const p = parts(id);
    const current = await readConnection(ctx, p.serviceId, p.endpointId);
    if (current === GONE || current.ConnectionStatus === "ServiceDeleted") return;
    if (current.ConnectionStatus !== "Disconnected") {
      await ctx.mutate(() => api.disableVpcEndpointConnection(ctx.client, { ServiceId: p.serviceId, EndpointId: p.endpointId }));
    }
    await ctx.wait<api.VpcEndpointConnection>({
      subject: `EndpointConnection ${id}`,
      target: "ConnectionStatus Disconnected",
      poll: () => readConnection(ctx, p.serviceId, p.endpointId),
      acceptors: [
        {
          state: "success",
          matches: (o) => o.kind === "gone" || (o.kind === "value" && ["Disconnected", "ServiceDeleted"].includes(o.value.ConnectionStatus)),
        },
      ],
      describe: (o) => (o.kind === "value" ? o.value.ConnectionStatus : o.kind),
    });
  },
};

const OUTPUTS = ["connectionStatus", "endpointOwnerId", "endpointVpcId", "modifiedTime", "zones", ...fields.map((f) => f.name)] as const;

export class EndpointConnection extends PrivateLinkResource {
  public readonly serviceId!: pulumi.Output<string>;
  public readonly endpointId!: pulumi.Output<string>;
  public readonly accepted!: pulumi.Output<boolean>;
  public readonly bandwidth!: pulumi.Output<number>;
  public readonly connectionStatus!: pulumi.Output<string>;
  /** Account that owns the endpoint (decimal string). */
  public readonly endpointOwnerId!: pulumi.Output<string>;
  public readonly endpointVpcId!: pulumi.Output<string>;
  public readonly zones!: pulumi.Output<{ zoneId: string; eniId?: string; vSwitchId?: string; resourceId?: string; zoneDomain?: string }[]>;

  constructor(name: string, args: EndpointConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    super("EndpointConnection", name, args, OUTPUTS, opts);
  }

  /** `id` is `<serviceId>:<endpointId>`. */
  static get(name: string, id: pulumi.Input<string>, state?: Partial<EndpointConnectionArgs>, opts?: pulumi.CustomResourceOptions) {
    return new EndpointConnection(name, { ...(state as EndpointConnectionArgs) }, { ...opts, id });
  }
}
