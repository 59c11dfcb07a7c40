// EndpointConnection: the service owner's decision on one endpoint's connection (accept with a bandwidth and a
// traffic control mode, or reject), and zone by zone: which zones are connected or closed, and which service
// resource serves a zone. EnableVpcEndpointConnection may not run concurrently within one account: enables are
// serialised.
import type * as pulumi from "@pulumi/pulumi";
import * as api from "../api/privatelink";
import { isNotFound } from "../client/errors";
import { readyAcceptors, type OperationContext, type ResourceDefinition, type State } from "../provider/lifecycle";
import { lockKey } from "../provider/locks";
import type { CheckFailure, FieldSpec } from "../provider/schema";
import {
  CONNECTION_BANDWIDTH,
  RESOURCE_REPLACE_MODES,
  RESOURCE_TYPES,
  TRAFFIC_CONTROL_MODES,
  type ResourceReplaceMode,
  type ResourceType,
  type TrafficControlMode,
} from "../spec/constraints";
import { ACCEPTED_CONNECTION_STATUS, SERVING_ZONE_STATUS, type ConnectionStatus, type ZoneStatus } from "../spec/statuses";
import { GONE } from "../waiter";
import { PrivateLinkResource, idParser, idRules, zoneEntries, type CommonArgs } from "./base";
import { defined } from "./vpc-endpoint";

export interface EndpointConnectionArgs extends CommonArgs {
  serviceId: pulumi.Input<string>;
  endpointId: pulumi.Input<string>;
  /** Accept (true, default) or reject (false) the endpoint's connection. */
  accepted?: pulumi.Input<boolean>;
  /** Connection bandwidth, Mbit/s (100-10240 for slb/alb, up to 25600 for nlb). The service's default when absent. */
  bandwidth?: pulumi.Input<number>;
  /** `BandwidthLimit` (bandwidth applies) or `Scalability`; CLB services take BandwidthLimit only, GWLB Scalability only. */
  trafficControlMode?: pulumi.Input<TrafficControlMode>;
  /**
   * The owner's decisions zone by zone (accepted connections only). Zones not listed are left as the connection
   * has them.
   */
  zoneConnections?: pulumi.Input<pulumi.Input<ZoneConnectionArgs>[]>;
}

export interface ZoneConnectionArgs {
  zoneId: pulumi.Input<string>;
  /** false: the zone's connection is closed (drained); true (default): connected. */
  enabled?: pulumi.Input<boolean>;
  /**
   * The service resource that serves this zone (allow-listed in the cloud: privatelink_whitelist/svc_res_mgt_uat).
   * Allocated before the zone connects; a connected zone is migrated to it.
   */
  resourceId?: pulumi.Input<string>;
  /** Type of resourceId: `slb` (default), `alb`, `nlb`, `gwlb`, `natgw`. */
  resourceType?: pulumi.Input<ResourceType>;
  /**
   * How a connected zone moves to resourceId: `Graceful` (default: new connections go to the new resource, then the
   * old ones are closed once the zone is Migrated) or `Force` (at once; open connections break).
   */
  replaceMode?: pulumi.Input<ResourceReplaceMode>;
}

type DeclaredZoneConnection = pulumi.Unwrap<ZoneConnectionArgs>;

const maxBandwidth = Math.max(...Object.values(CONNECTION_BANDWIDTH).map((r) => r.max));

const fields: readonly FieldSpec[] = [
  {
    name: "serviceId",
    type: "string",
    required: true,
    onChange: "replace",
    rules: idRules("service"),
    errorCodes: ["EndpointServiceNotFound", "EndpointServiceLocked"],
  },
  {
    name: "endpointId",
    type: "string",
    required: true,
    onChange: "replace",
    rules: idRules("endpoint"),
    errorCodes: ["EndpointConnectionNotFound", "EndpointOperationDenied"],
  },
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
  {
    name: "trafficControlMode",
    type: "string",
    cloudDefault: true,
    onChange: { update: "bandwidth" },
    rules: { oneOf: TRAFFIC_CONTROL_MODES },
    live: (c: api.VpcEndpointConnection) => c.TrafficControlMode || undefined,
  },
  {
    name: "zoneConnections",
    type: "objectList",
    unordered: true,
    onChange: { update: "zones" },
    rules: {
      members: [
        { name: "zoneId", type: "string", required: true },
        { name: "enabled", type: "boolean" },
        { name: "resourceId", type: "string" },
        { name: "resourceType", type: "string", rules: { oneOf: RESOURCE_TYPES } },
        { name: "replaceMode", type: "string", rules: { oneOf: RESOURCE_REPLACE_MODES } },
      ],
    },
    // The declared zones as the connection has them: a zone closed or moved to another resource out of band is drift.
    live: (c: api.VpcEndpointConnection, state) => {
      const declared = state.zoneConnections as DeclaredZoneConnection[] | undefined;
      if (!declared) return undefined;
      return declared.map((d) => {
        const zone = c.Zones.find((z) => z.ZoneId === d.zoneId);
        if (!zone) return d;
        const enabled = zoneEnabled(zone);
        return {
          ...d,
          ...(d.enabled !== undefined || !enabled ? { enabled } : {}),
          ...(d.resourceId !== undefined && zone.ResourceId ? { resourceId: zone.ResourceId } : {}),
        };
      });
    },
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

/** A zone carries (or is about to carry) traffic, as opposed to closed or closing. */
function zoneEnabled(z: api.VpcEndpointConnectionZone): boolean {
  return !["Disconnecting", "Disconnected"].includes(z.ZoneStatus ?? "");
}

/** Zone decisions need an accepted connection; a replacement mode needs the resource it moves to; one entry per zone. */
function validate(inputs: State): CheckFailure[] {
  const zones = inputs.zoneConnections;
  if (!Array.isArray(zones)) return [];
  const failures: CheckFailure[] = [];
  if (inputs.accepted === false && zones.length > 0) {
    failures.push({ property: "zoneConnections", reason: "zoneConnections apply to an accepted connection (accepted is false)" });
  }
  for (const [zone, i] of zoneEntries(zones, "zoneConnections", failures)) {
    if (zone.replaceMode !== undefined && zone.resourceId === undefined) {
      failures.push({ property: `zoneConnections[${i}].replaceMode`, reason: `zoneConnections[${i}].replaceMode needs resourceId (the resource to move to)` });
    }
    if (zone.enabled === false && zone.resourceId !== undefined) {
      failures.push({
        property: `zoneConnections[${i}].resourceId`,
        reason: `zoneConnections[${i}].resourceId applies to a connected zone; it cannot be combined with enabled: false`,
      });
    }
  }
  return failures;
}

/** `<serviceId>:<endpointId>`, as the alicloud provider's VpcEndpointServiceConnection. */
const parts = idParser("EndpointConnection", ["serviceId", "endpointId"], fields);

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
    expect: accepted ? ["connectionConnecting"] : ["connectionDisconnecting"],
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
    // Resources chosen for zones are allocated before the connection is accepted, so that the zones connect to them.
    if (!ACCEPTED_CONNECTION_STATUS.includes(current.ConnectionStatus)) {
      for (const d of declaredZones(state).filter((z) => z.resourceId !== undefined && current.Zones.some((c) => c.ZoneId === z.zoneId))) {
        await ctx.mutate(() =>
          api.updateVpcEndpointZoneConnectionResourceAttribute(ctx.client, {
            ServiceId: serviceId,
            EndpointId: endpointId,
            ZoneId: d.zoneId,
            ResourceAllocateMode: "Manual",
            ResourceId: d.resourceId,
            ResourceType: d.resourceType ?? "slb",
          }),
        );
      }
    }
    await ctx.mutate(() =>
      api.enableVpcEndpointConnection(ctx.client, {
        ServiceId: serviceId,
        EndpointId: endpointId,
        Bandwidth: state.bandwidth as number | undefined,
        TrafficControlMode: state.trafficControlMode as TrafficControlMode | undefined,
      }),
    );
  }
}

const declaredZones = (state: State): DeclaredZoneConnection[] => (state.zoneConnections as DeclaredZoneConnection[] | undefined) ?? [];

/** Waits until one zone of the connection reaches a status (Connecting → Connected, Disconnecting → Disconnected, Migrating → Migrated). */
async function awaitZone(ctx: OperationContext, id: string, zoneId: string, target: readonly ZoneStatus[]): Promise<void> {
  const p = parts(id);
  const zoneOf = (c: api.VpcEndpointConnection) => c.Zones.find((z) => z.ZoneId === zoneId);
  await ctx.wait<api.VpcEndpointConnection>({
    subject: `EndpointConnection ${id} zone ${zoneId}`,
    target: `ZoneStatus ${target.join("/")}`,
    expect: target.includes("Migrated") ? ["zoneMigrating"] : target.includes("Disconnected") ? ["zoneDisconnecting"] : ["zoneConnecting"],
    poll: () => readConnection(ctx, p.serviceId, p.endpointId),
    acceptors: [
      { state: "success", matches: (o) => o.kind === "value" && target.includes(zoneOf(o.value)?.ZoneStatus as ZoneStatus) },
      { state: "failure", reason: `zone ${zoneId} left the endpoint`, matches: (o) => o.kind === "value" && !zoneOf(o.value) },
      { state: "failure", reason: "the connection disappeared", matches: (o) => o.kind === "gone" },
    ],
    describe: (o) => (o.kind === "value" ? `ZoneStatus ${zoneOf(o.value)?.ZoneStatus ?? "not listed"}` : o.kind),
  });
}

/**
 * Brings the declared zones to their declared state on a Connected connection: resource first (migrated, or
 * allocated while closed), then open or closed. Each step waits for the zone's status; zones already as declared
 * cost no call.
 */
async function applyZoneDecisions(ctx: OperationContext, id: string, state: State): Promise<api.VpcEndpointConnection> {
  const p = parts(id);
  const args = { ServiceId: p.serviceId!, EndpointId: p.endpointId! };
  const read = async () => {
    const c = await readConnection(ctx, p.serviceId!, p.endpointId!);
    if (c === GONE) throw new Error(`EndpointConnection ${id}: the connection disappeared`);
    return c;
  };
  let live = await read();
  for (const d of declaredZones(state)) {
    const zone = live.Zones.find((z) => z.ZoneId === d.zoneId);
    if (!zone)
      throw new Error(
        `EndpointConnection ${id}: zoneConnections names zone ${d.zoneId}, which the endpoint does not have (zones: ${live.Zones.map((z) => z.ZoneId).join(", ") || "none"})`,
      );
    const ZoneId = d.zoneId;
    if (zone.ZoneStatus === "Migrated") {
      // A smooth migration is complete once the old connections are closed.
      await ctx.mutate(() => api.disableVpcEndpointZoneConnection(ctx.client, { ...args, ZoneId, ReplacedResource: true }));
      await awaitZone(ctx, id, ZoneId, ["Connected"]);
      live = await read();
    }
    const current = live.Zones.find((z) => z.ZoneId === ZoneId)!;
    const serving = SERVING_ZONE_STATUS.includes(current.ZoneStatus as ZoneStatus);
    if (d.resourceId !== undefined && current.ResourceId !== d.resourceId) {
      const resource = { ResourceId: d.resourceId, ResourceType: d.resourceType ?? "slb" };
      if (serving) {
        const mode = d.replaceMode ?? "Graceful";
        ctx.progress(`EndpointConnection ${id}: zone ${ZoneId} moves from ${current.ResourceId || "no resource"} to ${d.resourceId} (${mode})`);
        await ctx.mutate(() => api.updateVpcEndpointZoneConnectionResourceAttribute(ctx.client, { ...args, ZoneId, ResourceReplaceMode: mode, ...resource }));
        await awaitZone(ctx, id, ZoneId, mode === "Graceful" ? ["Migrated"] : ["Connected"]);
        if (mode === "Graceful") {
          await ctx.mutate(() => api.disableVpcEndpointZoneConnection(ctx.client, { ...args, ZoneId, ReplacedResource: true }));
          await awaitZone(ctx, id, ZoneId, ["Connected"]);
        }
      } else {
        await ctx.mutate(() =>
          api.updateVpcEndpointZoneConnectionResourceAttribute(ctx.client, { ...args, ZoneId, ResourceAllocateMode: "Manual", ...resource }),
        );
      }
      live = await read();
    }
    const now = live.Zones.find((z) => z.ZoneId === ZoneId)!;
    const wantOpen = d.enabled !== false;
    if (wantOpen !== zoneEnabled(now)) {
      if (wantOpen) {
        await ctx.mutate(() => api.enableVpcEndpointZoneConnection(ctx.client, { ...args, ZoneId }));
        await awaitZone(ctx, id, ZoneId, ["Connected"]);
      } else {
        await ctx.mutate(() => api.disableVpcEndpointZoneConnection(ctx.client, { ...args, ZoneId }));
        await awaitZone(ctx, id, ZoneId, ["Disconnected"]);
      }
      live = await read();
    } else if (!wantOpen && now.ZoneStatus === "Disconnecting") {
      await awaitZone(ctx, id, ZoneId, ["Disconnected"]);
      live = await read();
    }
  }
  return live;
}

export const endpointConnectionDefinition: ResourceDefinition<api.VpcEndpointConnection> = {
  kind: "EndpointConnection",
  family: "connection",
  fields,
  validate,
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
    if (state.accepted === false) return live;
    // Bandwidth and mode can only change on a Connected connection: applied here, after create or update.
    const bandwidth = state.bandwidth as number | undefined;
    const mode = state.trafficControlMode as TrafficControlMode | undefined;
    const changeBandwidth = bandwidth !== undefined && live.Bandwidth !== bandwidth;
    const changeMode = mode !== undefined && live.TrafficControlMode !== mode;
    if (changeBandwidth || changeMode) {
      const p = parts(id);
      await ctx.mutate(() =>
        api.updateVpcEndpointConnectionAttribute(ctx.client, {
          ServiceId: p.serviceId,
          EndpointId: p.endpointId,
          Bandwidth: changeBandwidth ? bandwidth : undefined,
          TrafficControlMode: changeMode ? mode : undefined,
        }),
      );
      live = await awaitDecision(ctx, id, true);
    }
    if (declaredZones(state).length > 0) live = await applyZoneDecisions(ctx, id, state);
    return live;
  },
  outputs: (c) =>
    defined({
      connectionStatus: c.ConnectionStatus,
      endpointOwnerId: c.EndpointOwnerId,
      endpointVpcId: c.EndpointVpcId,
      endpointRegionId: c.EndpointRegionId,
      serviceRegionId: c.ServiceRegionId,
      bandwidth: c.Bandwidth,
      trafficControlMode: c.TrafficControlMode || undefined,
      modifiedTime: c.ModifiedTime,
      zones: c.Zones.map(connectionZoneOutput),
    }),
  updaters: {
    async acceptance(ctx, id, news) {
      const p = parts(id);
      await applyDecision(ctx, p.serviceId, p.endpointId, news);
    },
    async bandwidth(ctx, id, news, _olds, changed) {
      // Applied by awaitReady once the connection is Connected (the API refuses it in other states).
      if (news.accepted === false) return;
      const p = parts(id);
      const current = await readConnection(ctx, p.serviceId, p.endpointId);
      if (current === GONE || current.ConnectionStatus !== "Connected") return;
      const send = (field: string) => changed.includes(field) && news[field] !== undefined;
      if (!send("bandwidth") && !send("trafficControlMode")) return;
      await api.updateVpcEndpointConnectionAttribute(ctx.client, {
        ServiceId: p.serviceId,
        EndpointId: p.endpointId,
        Bandwidth: send("bandwidth") ? (news.bandwidth as number) : undefined,
        TrafficControlMode: send("trafficControlMode") ? (news.trafficControlMode as TrafficControlMode) : undefined,
      });
    },
    // Zone decisions are applied by awaitReady, on the Connected connection the update waits for anyway.
    async zones() {},
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
      expect: ["connectionDisconnecting"],
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

const OUTPUTS = [
  "connectionStatus",
  "endpointOwnerId",
  "endpointVpcId",
  "endpointRegionId",
  "serviceRegionId",
  "modifiedTime",
  "zones",
  ...fields.map((f) => f.name),
] as const;

export interface ConnectionZoneOutput {
  zoneId: string;
  zoneStatus?: ZoneStatus;
  eniId?: string;
  vSwitchId?: string;
  /** The service resource serving the zone ("" while it is not connected). */
  resourceId?: string;
  /** During a smooth migration: the resource and interface still serving old connections. */
  replacedResourceId?: string;
  replacedEniId?: string;
  zoneDomain?: string;
}

/** One zone of a connection as the resource and the lookup report it. */
export function connectionZoneOutput(z: api.VpcEndpointConnectionZone): ConnectionZoneOutput {
  return defined({
    zoneId: z.ZoneId,
    zoneStatus: z.ZoneStatus,
    eniId: z.EniId,
    vSwitchId: z.VSwitchId,
    resourceId: z.ResourceId,
    replacedResourceId: z.ReplacedResourceId || undefined,
    replacedEniId: z.ReplacedEniId || undefined,
    zoneDomain: z.ZoneDomain,
  });
}

export class EndpointConnection extends PrivateLinkResource {
  public readonly serviceId!: pulumi.Output<string>;
  public readonly endpointId!: pulumi.Output<string>;
  public readonly accepted!: pulumi.Output<boolean>;
  public readonly bandwidth!: pulumi.Output<number>;
  public readonly connectionStatus!: pulumi.Output<ConnectionStatus>;
  /** Account that owns the endpoint (decimal string). */
  public readonly endpointOwnerId!: pulumi.Output<string>;
  public readonly endpointVpcId!: pulumi.Output<string>;
  /** Region of the endpoint (differs from the service's for a cross-region endpoint). */
  public readonly endpointRegionId!: pulumi.Output<string>;
  public readonly serviceRegionId!: pulumi.Output<string>;
  public readonly trafficControlMode!: pulumi.Output<TrafficControlMode>;
  /** When the connection last changed (ISO 8601, UTC). */
  public readonly modifiedTime!: pulumi.Output<string>;
  /** The declared zone decisions. */
  public readonly zoneConnections!: pulumi.Output<pulumi.Unwrap<ZoneConnectionArgs>[] | undefined>;
  /** Every zone of the connection with its own status and serving resource. */
  public readonly zones!: pulumi.Output<ConnectionZoneOutput[]>;

  constructor(name: string, args: EndpointConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    super("EndpointConnection", name, args, OUTPUTS, opts);
  }

  /** `id` is `<serviceId>:<endpointId>`. */
  static get(name: string, id: pulumi.Input<string>, state?: Partial<EndpointConnectionArgs>, opts?: pulumi.CustomResourceOptions) {
    return new EndpointConnection(name, { ...(state as EndpointConnectionArgs) }, { ...opts, id });
  }
}
