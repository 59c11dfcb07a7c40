// ServiceResourceAttachment: one load balancer (or other backend) attached to an endpoint service.
import type * as pulumi from "@pulumi/pulumi";
import * as api from "../api/privatelink";
import { isNotFound } from "../client/errors";
import { goneAcceptors, terminalAcceptors, type OperationContext, type ResourceDefinition } from "../provider/lifecycle";
import { lockKey } from "../provider/locks";
import { isUnknown } from "../provider/sanitize";
import type { CheckFailure, FieldSpec } from "../provider/schema";
import { RESOURCE_TYPES, ZONAL_RESOURCE_TYPES, type ResourceType } from "../spec/constraints";
import { GONE } from "../waiter";
import { NON_EMPTY, PrivateLinkResource, idParser, idRules, text, type CommonArgs } from "./base";

export interface ServiceResourceAttachmentArgs extends CommonArgs {
  serviceId: pulumi.Input<string>;
  resourceId: pulumi.Input<string>;
  /** `slb` (default), `alb`, `nlb`, `gwlb` or `natgw`. */
  resourceType?: pulumi.Input<ResourceType>;
  /**
   * Zone of the resource: required for `alb`, `nlb` and `gwlb` (attached zone by zone: one attachment per zone);
   * optional for `slb` and `natgw` (their one zone). Part of the ID when set.
   */
  zoneId?: pulumi.Input<string>;
  /** New zone connections may be allocated to this resource automatically (default true); in place. */
  autoAllocatedEnabled?: pulumi.Input<boolean>;
}

interface AttachmentLive {
  resource: api.EndpointServiceResource;
  serviceStatus: string;
}

const fields: readonly FieldSpec[] = [
  {
    name: "serviceId",
    type: "string",
    required: true,
    onChange: "replace",
    rules: idRules("service"),
    errorCodes: ["EndpointServiceNotFound", "EndpointServiceOperationDenied"],
  },
  {
    name: "resourceId",
    type: "string",
    required: true,
    onChange: "replace",
    rules: NON_EMPTY,
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
  { name: "zoneId", type: "string", cloudDefault: true, onChange: "replace", rules: idRules("zone") },
  {
    name: "autoAllocatedEnabled",
    type: "boolean",
    cloudDefault: true,
    onChange: { update: "allocation" },
    live: (l: AttachmentLive) => l.resource.AutoAllocatedEnabled,
  },
];

/** ALB, NLB and GWLB resources are attached zone by zone: the zone is part of what the attachment is. */
export function zoneRequired(resourceType: unknown): boolean {
  return ZONAL_RESOURCE_TYPES.includes(resourceType as ResourceType);
}

function validate(inputs: Record<string, unknown>): CheckFailure[] {
  const type = inputs.resourceType;
  if (isUnknown(type) || isUnknown(inputs.zoneId) || !zoneRequired(type) || typeof inputs.zoneId === "string") return [];
  return [{ property: "zoneId", reason: `zoneId is required for a ${type} resource (ALB, NLB and GWLB are attached zone by zone)` }];
}

const ID_PARTS = ["serviceId", "resourceId", "zoneId"] as const;

export function serviceResourceAttachmentId(serviceId: string, resourceId: string, zoneId?: string): string {
  return zoneId ? `${serviceId}:${resourceId}:${zoneId}` : `${serviceId}:${resourceId}`;
}

async function readAttachment(ctx: OperationContext, serviceId: string, resourceId: string, zoneId?: string): Promise<AttachmentLive | typeof GONE> {
  try {
    const service = await api.getVpcEndpointServiceAttribute(ctx.client, { ServiceId: serviceId });
    const resources = await api.listAllVpcEndpointServiceResources(ctx.client, { ServiceId: serviceId });
    const resource = resources.find((r) => r.ResourceId === resourceId && (!zoneId || r.ZoneId === zoneId));
    return resource ? { resource, serviceStatus: service.ServiceStatus } : GONE;
  } catch (error) {
    if (isNotFound(error, "service")) return GONE;
    throw error;
  }
}

/**
 * `<serviceId>:<resourceId>` or `<serviceId>:<resourceId>:<zoneId>`: the alicloud provider's IDs are the same, and its
 * `<service_id>:<resource_id>:` (a backend attached without a zone) reads as the two-part form.
 */
const parts = idParser("ServiceResourceAttachment", ID_PARTS, fields, true);

function setAllocation(ctx: OperationContext, p: Record<string, string>, enabled: boolean): Promise<unknown> {
  return ctx.mutate(() =>
    api.updateVpcEndpointServiceResourceAttribute(ctx.client, {
      ServiceId: p.serviceId!,
      ResourceId: p.resourceId!,
      ZoneId: p.zoneId,
      AutoAllocatedEnabled: enabled,
    }),
  );
}

async function awaitAttached(ctx: OperationContext, id: string, p: Record<string, string>): Promise<AttachmentLive> {
  const live = await ctx.wait<AttachmentLive>({
    subject: `ServiceResourceAttachment ${id}`,
    target: "attached to an Active service",
    poll: () => readAttachment(ctx, p.serviceId, p.resourceId, p.zoneId),
    acceptors: [
      { state: "success", matches: (o) => o.kind === "value" && o.value.serviceStatus === "Active" },
      { state: "retry", matches: (o) => o.kind === "gone" },
      ...terminalAcceptors<AttachmentLive>((l) => l.serviceStatus, ["Inactive", "Deleting"]),
    ],
    describe: (o) => (o.kind === "value" ? `attached, service ${o.value.serviceStatus}` : "not listed yet"),
  });
  return live!;
}

export const serviceResourceAttachmentDefinition: ResourceDefinition<AttachmentLive> = {
  kind: "ServiceResourceAttachment",
  family: "resource",
  fields,
  validate,
  deleteBeforeReplace: true,
  locks: (state) => [lockKey.service(String(state.serviceId))],
  stateFromId: (id) => parts(id),
  parentOf: (inputs) => ({ kind: "VpcEndpointService", id: inputs.serviceId as string }),
  naturalId: (inputs) => serviceResourceAttachmentId(inputs.serviceId as string, inputs.resourceId as string, inputs.zoneId as string | undefined),

  async create(ctx, inputs) {
    const serviceId = inputs.serviceId as string;
    const resourceId = inputs.resourceId as string;
    const zoneId = inputs.zoneId as string | undefined;
    await ctx.mutate(() =>
      api.attachResourceToVpcEndpointService(ctx.client, {
        ServiceId: serviceId,
        ResourceId: resourceId,
        ResourceType: inputs.resourceType as ResourceType,
        ZoneId: zoneId,
      }),
    );
    return serviceResourceAttachmentId(serviceId, resourceId, zoneId);
  },

  read(ctx, id) {
    const p = parts(id);
    return readAttachment(ctx, p.serviceId, p.resourceId, p.zoneId);
  },

  async awaitReady(ctx, id, state) {
    const p = parts(id);
    const live = await awaitAttached(ctx, id, p);
    // AutoAllocatedEnabled is not an attach parameter: apply it once the resource is listed.
    const wanted = state.autoAllocatedEnabled as boolean | undefined;
    if (wanted === undefined || live.resource.AutoAllocatedEnabled === wanted) return live;
    await setAllocation(ctx, p, wanted);
    return awaitAttached(ctx, id, p);
  },

  outputs: (live, id) => ({
    attachmentId: id,
    zoneId: live.resource.ZoneId,
    ip: live.resource.Ip,
    vpcId: live.resource.VpcId,
    vSwitchId: live.resource.VSwitchId,
    regionId: live.resource.RegionId,
    autoAllocatedEnabled: live.resource.AutoAllocatedEnabled,
    relatedEndpointCount: live.resource.RelatedEndpointCount,
    resourceSupportIpv6: live.resource.ResourceSupportIPv6,
  }),

  updaters: {
    async allocation(ctx, id, news) {
      if (news.autoAllocatedEnabled === undefined) return;
      await setAllocation(ctx, parts(id), news.autoAllocatedEnabled as boolean);
    },
  },

  async delete(ctx, id, state) {
    const p = parts(id);
    await ctx.mutate(() =>
      api.detachResourceFromVpcEndpointService(ctx.client, {
        ServiceId: p.serviceId,
        ResourceId: p.resourceId,
        ResourceType: (state.resourceType as ResourceType | undefined) ?? "slb",
        ZoneId: p.zoneId,
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

const OUTPUTS = ["attachmentId", "ip", "vpcId", "vSwitchId", "regionId", "relatedEndpointCount", "resourceSupportIpv6", ...fields.map((f) => f.name)] as const;

export class ServiceResourceAttachment extends PrivateLinkResource {
  public readonly serviceId!: pulumi.Output<string>;
  public readonly resourceId!: pulumi.Output<string>;
  public readonly resourceType!: pulumi.Output<ResourceType>;
  /** The ID: `<serviceId>:<resourceId>` or `<serviceId>:<resourceId>:<zoneId>`. */
  public readonly attachmentId!: pulumi.Output<string>;
  public readonly zoneId!: pulumi.Output<string>;
  public readonly ip!: pulumi.Output<string>;
  public readonly vpcId!: pulumi.Output<string>;
  public readonly vSwitchId!: pulumi.Output<string>;
  public readonly regionId!: pulumi.Output<string>;
  public readonly autoAllocatedEnabled!: pulumi.Output<boolean>;
  /** Zone connections this resource serves. */
  public readonly relatedEndpointCount!: pulumi.Output<number>;
  public readonly resourceSupportIpv6!: pulumi.Output<boolean>;

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
