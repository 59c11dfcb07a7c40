// EndpointZone: one zone (and its network interface) of an endpoint, managed apart from the endpoint. It
// coexists with the endpoint's own declared `zones` as long as each zone is declared in one place only.
import type * as pulumi from "@pulumi/pulumi";
import * as api from "../api/privatelink";
import { isApiError, isNotFound } from "../client/errors";
import { terminalAcceptors, type OperationContext, type ResourceDefinition } from "../provider/lifecycle";
import { lockKey } from "../provider/locks";
import type { FieldSpec } from "../provider/schema";
import { SETTLED_ZONE_STATUS, type ZoneStatus } from "../spec/statuses";
import { GONE } from "../waiter";
import { PrivateLinkResource, idParser, idRules, text, type CommonArgs } from "./base";
import { awaitEndpointSettled, declaredAsLive, defined } from "./vpc-endpoint";

export interface EndpointZoneArgs extends CommonArgs {
  endpointId: pulumi.Input<string>;
  /** One of the endpoint service's zones. */
  zoneId: pulumi.Input<string>;
  /** vSwitch, in this zone and in the endpoint's VPC, that receives the endpoint's network interface. */
  vSwitchId: pulumi.Input<string>;
  /** Requested private IPv4 address of the interface (a free address of the vSwitch); the lowest free one when absent. */
  ip?: pulumi.Input<string>;
  /** Requested IPv6 address of the interface; DualStack endpoints only. */
  ipv6Address?: pulumi.Input<string>;
}

interface ZoneLive {
  zone: api.VpcEndpointZone;
}

const fields: readonly FieldSpec[] = [
  { name: "endpointId", type: "string", required: true, onChange: "replace", rules: idRules("endpoint"), errorCodes: ["EndpointNotFound", "EndpointLocked"] },
  { name: "zoneId", type: "string", required: true, onChange: "replace", rules: idRules("zone") },
  {
    name: "vSwitchId",
    type: "string",
    required: true,
    onChange: "replace",
    rules: idRules("vSwitch"),
    errorCodes: ["VSwitchNotFound", "VSwitchStatusNotAllowed", "EndpointServiceNotSupportedZone", "EndpointZoneDuplicated", "ResourceNotEnough.VSwitchIp"],
    live: (l: ZoneLive) => l.zone.VSwitchId,
  },
  // A declared address is read back (the interface's): one changed out of band is drift.
  {
    name: "ip",
    type: "string",
    onChange: "replace",
    rules: { pattern: /^\d{1,3}(\.\d{1,3}){3}$/, patternRule: "an IPv4 address" },
    errorCodes: ["EniIpUnavailable", "IllegalParam.Ip"],
    live: (l: ZoneLive, state) => (state.ip === undefined ? undefined : declaredAsLive({ ip: state.ip as string }, l.zone).ip),
  },
  {
    name: "ipv6Address",
    type: "string",
    onChange: "replace",
    rules: { pattern: /^[0-9a-fA-F:]+$/, patternRule: "an IPv6 address" },
    errorCodes: ["IllegalParam.Ipv6Address", "OperationDenied.AddressIpVersionNotSupportSpecifyIpv6"],
    live: (l: ZoneLive, state) =>
      state.ipv6Address === undefined ? undefined : declaredAsLive({ ipv6Address: state.ipv6Address as string }, l.zone).ipv6Address,
  },
];

/** `<endpointId>:<zoneId>`, as the alicloud provider's VpcEndpointZone. */
const parts = idParser("EndpointZone", ["endpointId", "zoneId"], fields);

export function endpointZoneId(endpointId: string, zoneId: string): string {
  return `${endpointId}:${zoneId}`;
}

/** The zone, from the endpoint's zone list (read once for every waiter of the endpoint's zones at that moment). */
async function readZone(ctx: OperationContext, endpointId: string, zoneId: string): Promise<ZoneLive | typeof GONE> {
  try {
    const zones = await ctx.shared(`ListVpcEndpointZones:${endpointId}`, () => api.listAllVpcEndpointZones(ctx.client, { EndpointId: endpointId }));
    const zone = zones.find((z) => z.ZoneId === zoneId);
    return zone ? { zone } : GONE;
  } catch (error) {
    if (isNotFound(error, "zone")) return GONE;
    throw error;
  }
}

export const endpointZoneDefinition: ResourceDefinition<ZoneLive> = {
  kind: "EndpointZone",
  family: "zone",
  fields,
  // The zone ID is a natural key of the endpoint: the old zone must go before the new one can be added.
  deleteBeforeReplace: true,
  locks: (state) => [lockKey.endpoint(String(state.endpointId))],
  stateFromId: (id) => parts(id),

  parentOf: (inputs) => ({ kind: "VpcEndpoint", id: inputs.endpointId as string }),
  naturalId: (inputs) => endpointZoneId(inputs.endpointId as string, inputs.zoneId as string),

  async create(ctx, inputs) {
    const endpointId = inputs.endpointId as string;
    const zoneId = inputs.zoneId as string;
    try {
      await ctx.mutate(() =>
        api.addZoneToVpcEndpoint(ctx.client, {
          EndpointId: endpointId,
          ZoneId: zoneId,
          VSwitchId: inputs.vSwitchId as string,
          ip: inputs.ip as string | undefined,
          Ipv6Address: inputs.ipv6Address as string | undefined,
        }),
      );
    } catch (error) {
      if (isApiError(error) && error.code === "EndpointNotFound") {
        throw new Error(`EndpointZone: endpoint ${endpointId} does not exist in region ${ctx.regionId} for these credentials (${error.message})`);
      }
      throw error;
    }
    return endpointZoneId(endpointId, zoneId);
  },

  read(ctx, id) {
    const p = parts(id);
    return readZone(ctx, p.endpointId, p.zoneId);
  },

  async awaitReady(ctx, id) {
    const p = parts(id);
    // The endpoint is Pending while the zone's interface is created (the same transition) and takes its next change
    // once it is Active again, while the zone may still be Connecting: the endpoint's lock ends there, and the zone's
    // own wait (whose last sight of the zone gives the outputs) goes on outside it.
    await awaitEndpointSettled(ctx, p.endpointId, `EndpointZone ${id} (endpoint ${p.endpointId})`, ["zoneCreating"]);
    ctx.parentFree();
    const live = await ctx.wait<ZoneLive>({
      subject: `EndpointZone ${id}`,
      target: `ZoneStatus ${SETTLED_ZONE_STATUS.join("/")}`,
      expect: ["zoneConnecting"],
      poll: () => readZone(ctx, p.endpointId, p.zoneId),
      acceptors: [
        { state: "success", matches: (o) => o.kind === "value" && SETTLED_ZONE_STATUS.includes(o.value.zone.ZoneStatus as ZoneStatus) },
        ...terminalAcceptors<ZoneLive>((l) => l.zone.ZoneStatus, ["Deleting"]),
      ],
      describe: (o) => (o.kind === "value" ? `ZoneStatus ${o.value.zone.ZoneStatus}` : o.kind === "gone" ? "not listed" : "error"),
    });
    return live!;
  },

  outputs: (live) =>
    defined({
      zoneStatus: live.zone.ZoneStatus,
      eniId: live.zone.EniId,
      eniIp: live.zone.EniIp,
      zoneIpv6Address: live.zone.ZoneIpv6Address || undefined,
      zoneDomain: live.zone.ZoneDomain,
      regionId: live.zone.RegionId,
    }),

  updaters: {},

  async delete(ctx, id) {
    const p = parts(id);
    await ctx.mutate(() => api.removeZoneFromVpcEndpoint(ctx.client, { EndpointId: p.endpointId, ZoneId: p.zoneId }));
    // The endpoint is Pending while the zone goes; once it is Active it takes its next change.
    await awaitEndpointSettled(ctx, p.endpointId, `EndpointZone ${id} (endpoint ${p.endpointId})`, ["zoneDeleting"]);
    ctx.parentFree();
    await ctx.wait<ZoneLive>({
      subject: `EndpointZone ${id}`,
      target: "removal",
      expect: ["zoneDeleting"],
      poll: () => readZone(ctx, p.endpointId, p.zoneId),
      acceptors: [{ state: "success", matches: (o) => o.kind === "gone" }],
      describe: (o) => (o.kind === "value" ? `ZoneStatus ${o.value.zone.ZoneStatus}` : o.kind === "gone" ? "removed" : "error"),
    });
  },
};

const OUTPUTS = ["zoneStatus", "eniId", "eniIp", "zoneIpv6Address", "zoneDomain", "regionId", ...fields.map((f) => f.name)] as const;

export class EndpointZone extends PrivateLinkResource {
  public readonly endpointId!: pulumi.Output<string>;
  public readonly zoneId!: pulumi.Output<string>;
  public readonly vSwitchId!: pulumi.Output<string>;
  /** Wait (until the owner accepts the connection), Connected or Disconnected once ready. */
  public readonly zoneStatus!: pulumi.Output<ZoneStatus>;
  public readonly eniId!: pulumi.Output<string>;
  public readonly eniIp!: pulumi.Output<string>;
  /** The interface's IPv6 address (DualStack endpoints). */
  public readonly zoneIpv6Address!: pulumi.Output<string | undefined>;
  public readonly ip!: pulumi.Output<string | undefined>;
  public readonly ipv6Address!: pulumi.Output<string | undefined>;
  /** Zone-level domain of the service; serves traffic once the zone is Connected. */
  public readonly zoneDomain!: pulumi.Output<string>;
  public readonly regionId!: pulumi.Output<string>;

  constructor(name: string, args: EndpointZoneArgs, opts?: pulumi.CustomResourceOptions) {
    super("EndpointZone", name, args, OUTPUTS, opts, { regionId: (k) => text(k.region) });
  }

  /** `id` is `<endpointId>:<zoneId>`. */
  static get(name: string, id: pulumi.Input<string>, state?: Partial<EndpointZoneArgs>, opts?: pulumi.CustomResourceOptions): EndpointZone {
    return new EndpointZone(name, { ...(state as EndpointZoneArgs) }, { ...opts, id });
  }
}
