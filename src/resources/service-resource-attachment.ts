// ServiceResourceAttachment: one load balancer (or other backend) attached to an endpoint service.
import type * as pulumi from "@pulumi/pulumi";
import * as api from "../api/privatelink";
import { isNotFound } from "../client/errors";
import { goneAcceptors, type OperationContext, type ResourceDefinition } from "../provider/lifecycle";
import { lockKey } from "../provider/locks";
import type { FieldSpec } from "../provider/schema";
import { RESOURCE_TYPES } from "../spec/constraints";
import { GONE } from "../waiter";
import { PrivateLinkResource, splitId, text, type CommonArgs } from "./base";

export interface ServiceResourceAttachmentArgs extends CommonArgs {
  serviceId: pulumi.Input<string>;
  resourceId: pulumi.Input<string>;
  /** `slb` (default), `alb`, `nlb`, `gwlb` or `natgw`. */
  resourceType?: pulumi.Input<string>;
  /**
   * Zone of the resource. API version 2020-04-15 takes no zone on attach (the zone comes from the load
   * balancer); when set, it is part of the ID and must match the zone the service reports for the resource.
   */
  zoneId?: pulumi.Input<string>;
}

interface AttachmentLive {
  resource: api.EndpointServiceResource;
  serviceStatus: string;
}

const fields: readonly FieldSpec[] = [
  { name: "serviceId", type: "string", required: true, onChange: "replace", errorCodes: ["EndpointServiceNotFound", "EndpointServiceOperationDenied"] },
  {
    name: "resourceId",
    type: "string",
    required: true,
    onChange: "replace",
    errorCodes: ["LoadBalancerNotFound", "AlbNotFound", "ResourceNotFound.NatGateway", "LoadBalancerNotSupportPrivateLink", "EndpointServiceResourceExist"],
  },
  {
    name: "resourceType",
    type: "string",
    default: "slb",
    onChange: "replace",
    rules: { oneOf: RESOURCE_TYPES },
    live: (l: AttachmentLive) => l.resource.ResourceType,
  },
  { name: "zoneId", type: "string", cloudDefault: true, onChange: "replace" },
];

const ID_PARTS = ["serviceId", "resourceId", "zoneId"] as const;

export function serviceResourceAttachmentId(serviceId: string, resourceId: string, zoneId?: string): string {
  return zoneId ? `${serviceId}:${resourceId}:${zoneId}` : `${serviceId}:${resourceId}`;
}

async function readAttachment(ctx: OperationContext, serviceId: string, resourceId: string, zoneId?: string): Promise<AttachmentLive | typeof GONE> {
  try {
    const service = await api.getVpcEndpointServiceAttribute(ctx.client, { ServiceId: serviceId });
    const resources = await api.listAllVpcEndpointServiceResources(ctx.client, { ServiceId: serviceId });
    const resource = resources.find((r) => r.ResourceId === resourceId && (!zoneId || !r.ZoneId || r.ZoneId === zoneId));
    return resource ? { resource, serviceStatus: service.ServiceStatus } : GONE;
  } catch (error) {
    if (isNotFound(error, "service")) return GONE;
    throw error;
  }
}

const parts = (id: string) => splitId(id, ID_PARTS, "ServiceResourceAttachment");

export const serviceResourceAttachmentDefinition: ResourceDefinition<AttachmentLive> = {
  kind: "ServiceResourceAttachment",
  family: "resource",
  fields,
  deleteBeforeReplace: true,
  locks: (state) => [lockKey.service(String(state.serviceId))],
  stateFromId: (id) => parts(id),

  async create(ctx, inputs) {
    const serviceId = inputs.serviceId as string;
    const resourceId = inputs.resourceId as string;
    const zoneId = inputs.zoneId as string | undefined;
    await ctx.mutate(() =>
      api.attachResourceToVpcEndpointService(ctx.client, {
        ServiceId: serviceId,
        ResourceId: resourceId,
        ResourceType: inputs.resourceType as string,
      }),
    );
    return serviceResourceAttachmentId(serviceId, resourceId, zoneId);
  },

  read(ctx, id) {
    const p = parts(id);
    return readAttachment(ctx, p.serviceId, p.resourceId, p.zoneId);
  },

  async awaitReady(ctx, id) {
    const p = parts(id);
    const live = await ctx.wait<AttachmentLive>({
      subject: `ServiceResourceAttachment ${id}`,
      target: "attached to an Active service",
      poll: () => readAttachment(ctx, p.serviceId, p.resourceId, p.zoneId),
      acceptors: [
        { state: "success", matches: (o) => o.kind === "value" && o.value.serviceStatus === "Active" },
        { state: "retry", matches: (o) => o.kind === "gone" },
      ],
      describe: (o) => (o.kind === "value" ? `attached, service ${o.value.serviceStatus}` : "not listed yet"),
    });
    return live!;
  },

  outputs: (live, id) => ({
    attachmentId: id,
    zoneId: live.resource.ZoneId,
    ip: live.resource.Ip,
    vpcId: live.resource.VpcId,
    vSwitchId: live.resource.VSwitchId,
    regionId: live.resource.RegionId,
  }),

  updaters: {},

  async delete(ctx, id, state) {
    const p = parts(id);
    await ctx.mutate(() =>
      api.detachResourceFromVpcEndpointService(ctx.client, {
        ServiceId: p.serviceId,
        ResourceId: p.resourceId,
        ResourceType: (state.resourceType as string | undefined) ?? "slb",
      }),
    );
    await ctx.wait({
      subject: `ServiceResourceAttachment ${id}`,
      target: "detachment",
      poll: () => readAttachment(ctx, p.serviceId, p.resourceId, p.zoneId),
      acceptors: goneAcceptors<AttachmentLive>(),
      describe: (o) => (o.kind === "gone" ? "detached" : "still attached"),
    });
  },
};

const OUTPUTS = ["attachmentId", "ip", "vpcId", "vSwitchId", "regionId", ...fields.map((f) => f.name)] as const;

export class ServiceResourceAttachment extends PrivateLinkResource {
  public readonly serviceId!: pulumi.Output<string>;
  public readonly resourceId!: pulumi.Output<string>;
  public readonly resourceType!: pulumi.Output<string>;
  public readonly zoneId!: pulumi.Output<string>;
  public readonly ip!: pulumi.Output<string>;
  public readonly vpcId!: pulumi.Output<string>;
  public readonly vSwitchId!: pulumi.Output<string>;
  public readonly regionId!: pulumi.Output<string>;

  constructor(name: string, args: ServiceResourceAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super("ServiceResourceAttachment", name, args, OUTPUTS, opts, {
      attachmentId: (k) => text(k.id),
      zoneId: (k) => (text(k.id) ? parts(k.id as string).zoneId : undefined),
      regionId: (k) => text(k.region),
    });
  }

  /** `id` is `<serviceId>:<resourceId>` or `<serviceId>:<resourceId>:<zoneId>`. */
  static get(name: string, id: pulumi.Input<string>, state?: Partial<ServiceResourceAttachmentArgs>, opts?: pulumi.CustomResourceOptions) {
    return new ServiceResourceAttachment(name, { ...(state as ServiceResourceAttachmentArgs) }, { ...opts, id });
  }
}
