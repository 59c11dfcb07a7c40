// VpcEndpointService: an endpoint service that the owner's load balancers back and consumers' endpoints reach.
import type * as pulumi from "@pulumi/pulumi";
import * as api from "../api/privatelink";
import { isAlreadyExists, isNotFound } from "../client/errors";
import { goneAcceptors, readyAcceptors, type OperationContext, type ResourceDefinition } from "../provider/lifecycle";
import { lockKey } from "../provider/locks";
import { isUnknown } from "../provider/sanitize";
import type { CheckFailure, FieldSpec } from "../provider/schema";
import {
  ADDRESS_IP_VERSIONS,
  PAYERS,
  RESOURCE_TYPES,
  SERVICE_CONNECT_BANDWIDTH,
  SERVICE_RESOURCES,
  type AddressIpVersion,
  type Payer,
  type ResourceType,
} from "../spec/constraints";
import type { BusinessStatus, ServiceStatus } from "../spec/statuses";
import { GONE } from "../waiter";
import type { Transition } from "../spec/transitions";
import { serviceDomain, serviceName } from "../spec/names";
import { NON_EMPTY, PrivateLinkResource, clientTokenField, findByOwnershipTag, idRules, tagsAtCreate, text, type CommonArgs, type StableOutputs } from "./base";
import { readTags, resourceGroupField, tagUpdaters, tagsField, type TagMap } from "./tagging";
import { zoneRequired } from "./service-resource-attachment";

export interface ServiceResourceArgs {
  resourceId: pulumi.Input<string>;
  /** `slb` (default), `alb`, `nlb`, `gwlb` or `natgw`. */
  resourceType?: pulumi.Input<ResourceType>;
  /** Required for `alb`, `nlb` and `gwlb` (attached zone by zone: list the resource once per zone). */
  zoneId?: pulumi.Input<string>;
}

/** A resource attached to the service, as the API lists it (ListVpcEndpointServiceResources). */
export interface AttachedServiceResource {
  resourceId: string;
  resourceType?: ResourceType;
  zoneId?: string;
  /** The resource's address in that zone. */
  ip?: string;
  vpcId?: string;
  vSwitchId?: string;
}

export interface VpcEndpointServiceArgs extends CommonArgs {
  serviceDescription?: pulumi.Input<string>;
  /** Accept endpoint connections without the owner's EnableVpcEndpointConnection. Default false. */
  autoAcceptEnabled?: pulumi.Input<boolean>;
  /** Default maximum bandwidth of new connections, Mbit/s (100-1024). The cloud's default when absent. */
  connectBandwidth?: pulumi.Input<number>;
  /** `Endpoint` (the consumer pays, default) or `EndpointService`. */
  payer?: pulumi.Input<Payer>;
  zoneAffinityEnabled?: pulumi.Input<boolean>;
  /** Backend type of the service: `slb`, `alb`, `nlb`, `gwlb`, `natgw`. */
  serviceResourceType?: pulumi.Input<ResourceType>;
  /** Deprecated by the API; prefer addressIpVersion. */
  serviceSupportIpv6?: pulumi.Input<boolean>;
  /** `IPv4` or `DualStack` (DualStack needs NLB or GWLB backends). */
  addressIpVersion?: pulumi.Input<AddressIpVersion>;
  supportedRegions?: pulumi.Input<pulumi.Input<string>[]>;
  resourceGroupId?: pulumi.Input<string>;
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Service resources this resource manages (at most 10 at create). Changes attach and detach the difference;
   * resources attached by ServiceResourceAttachment are left alone (see `attachedResources` for all of them).
   */
  resources?: pulumi.Input<pulumi.Input<ServiceResourceArgs>[]>;
  /** On delete, reject endpoint connections and detach every service resource first. Default false. */
  forceDelete?: pulumi.Input<boolean>;
  /** Idempotency token for the create call (see docs/examples.md, the @pulumi/random example). */
  clientToken?: pulumi.Input<string>;
}

interface ServiceLive {
  service: api.GetVpcEndpointServiceAttributeResponse;
  resources: api.EndpointServiceResource[];
  /** Read by refresh only (not while waiting). */
  tags?: TagMap;
}

type DeclaredResource = pulumi.Unwrap<ServiceResourceArgs>;

const resourceKey = (r: { resourceId?: string; ResourceId?: string; zoneId?: string; ZoneId?: string }) =>
  `${r.resourceId ?? r.ResourceId}|${r.zoneId ?? r.ZoneId ?? ""}`;

const LOAD_BALANCER_CODES = [
  "LoadBalancerNotFound",
  "AlbNotFound",
  "ResourceNotFound.NatGateway",
  "LoadBalancerNotSupportPrivateLink",
  "EndpointServiceResourceTypeNotSupport",
  "Mismatch.ResourceType",
  "EndpointServiceNotSupportedZone",
  "EndpointServiceResourceExist",
  "QuotaMisMatched",
];

// UpdateVpcEndpointServiceAttribute changes every field of the "attribute" group in one call; payer and the
// backend type are create-only.
const fields: readonly FieldSpec[] = [
  { name: "serviceDescription", type: "string", onChange: { update: "attribute" }, live: (l: ServiceLive) => l.service.ServiceDescription ?? "" },
  { name: "autoAcceptEnabled", type: "boolean", default: false, onChange: { update: "attribute" }, live: (l: ServiceLive) => l.service.AutoAcceptEnabled },
  {
    name: "connectBandwidth",
    type: "integer",
    cloudDefault: true,
    onChange: { update: "attribute" },
    rules: { min: SERVICE_CONNECT_BANDWIDTH.min, max: SERVICE_CONNECT_BANDWIDTH.max },
    live: (l: ServiceLive) => l.service.ConnectBandwidth,
  },
  { name: "payer", type: "string", cloudDefault: true, rules: { oneOf: PAYERS }, errorCodes: ["EndpointServicePayerForbidden"] },
  {
    name: "zoneAffinityEnabled",
    type: "boolean",
    cloudDefault: true,
    onChange: { update: "attribute" },
    errorCodes: ["OperationDenied.ZoneAffinityNotSupport"],
    live: (l: ServiceLive) => l.service.ZoneAffinityEnabled,
  },
  { name: "serviceResourceType", type: "string", cloudDefault: true, rules: { oneOf: RESOURCE_TYPES }, errorCodes: ["Mismatch.ResourceType"] },
  // Deprecated by the API, which no longer reports it: changed in place, not read back.
  { name: "serviceSupportIpv6", type: "boolean", cloudDefault: true, onChange: { update: "attribute" }, errorCodes: ["EndpointServiceNotSupportIpv6"] },
  {
    name: "addressIpVersion",
    type: "string",
    cloudDefault: true,
    onChange: { update: "attribute" },
    rules: { oneOf: ADDRESS_IP_VERSIONS },
    errorCodes: ["IllegalParam.AddressIpVersion", "OperationDenied.ResourceTypeNotSupportDualStack", "OperationDenied.ServiceResourceIpVersionMismatch"],
    live: (l: ServiceLive) => l.service.AddressIpVersion || undefined,
  },
  // The regions the service may be consumed from, beside its own; the cloud's list is left alone when absent.
  {
    name: "supportedRegions",
    type: "stringList",
    unordered: true,
    cloudDefault: true,
    onChange: { update: "attribute" },
    live: (l: ServiceLive) => l.service.SupportedRegionSet.map((r) => r.SupportedRegionId).filter((r): r is string => Boolean(r)),
  },
  resourceGroupField((l: ServiceLive) => l.service.ResourceGroupId),
  tagsField(),
  {
    name: "resources",
    type: "objectList",
    unordered: true,
    onChange: { update: "resources" },
    errorCodes: LOAD_BALANCER_CODES,
    rules: {
      maxItems: SERVICE_RESOURCES.maxAtCreate,
      members: [
        { name: "resourceId", type: "string", required: true, rules: NON_EMPTY },
        { name: "resourceType", type: "string", rules: { oneOf: RESOURCE_TYPES } },
        { name: "zoneId", type: "string", rules: idRules("zone") },
      ],
    },
    // Declared resources that are still attached (in the declared zone, when one is): one detached out of band shows as drift.
    live: (l: ServiceLive, state) => {
      const declared = (state.resources as DeclaredResource[] | undefined) ?? undefined;
      if (!declared) return undefined;
      return declared.filter((d) => l.resources.some((r) => r.ResourceId === d.resourceId && (d.zoneId === undefined || r.ZoneId === d.zoneId)));
    },
  },
  { name: "forceDelete", type: "boolean", default: false, onChange: "provider" },
  clientTokenField,
];

/** Each declared ALB/NLB/GWLB resource names its zone (they are attached zone by zone). */
function validate(inputs: Record<string, unknown>): CheckFailure[] {
  const resources = inputs.resources;
  if (!Array.isArray(resources)) return [];
  const failures: CheckFailure[] = [];
  resources.forEach((r, i) => {
    if (!r || typeof r !== "object" || isUnknown(r)) return;
    const { resourceType = "slb", zoneId } = r as Record<string, unknown>;
    if (isUnknown(resourceType) || isUnknown(zoneId) || !zoneRequired(resourceType) || typeof zoneId === "string") return;
    failures.push({
      property: `resources[${i}].zoneId`,
      reason: `resources[${i}].zoneId is required for a ${resourceType} resource (ALB, NLB and GWLB are attached zone by zone: list the resource once per zone)`,
    });
  });
  return failures;
}

async function readService(ctx: OperationContext, id: string): Promise<ServiceLive | typeof GONE> {
  try {
    const service = await api.getVpcEndpointServiceAttribute(ctx.client, { ServiceId: id });
    const resources = await api.listAllVpcEndpointServiceResources(ctx.client, { ServiceId: id });
    return { service, resources };
  } catch (error) {
    if (isNotFound(error, "service")) return GONE;
    throw error;
  }
}

function describeService(service: api.GetVpcEndpointServiceAttributeResponse): string {
  const business = service.ServiceBusinessStatus;
  return business && business !== "Normal" ? `${service.ServiceStatus}, ${business}` : service.ServiceStatus;
}

/**
 * The service's attributes (GetVpcEndpointServiceAttribute), the read every wait on a service polls: one read
 * answers all the service's waiters of the moment.
 */
async function readServiceAttribute(ctx: OperationContext, id: string): Promise<ServiceAttribute | typeof GONE> {
  try {
    return await ctx.shared(`GetVpcEndpointServiceAttribute:${id}`, () => api.getVpcEndpointServiceAttribute(ctx.client, { ServiceId: id }));
  } catch (error) {
    if (isNotFound(error, "service")) return GONE;
    throw error;
  }
}

type ServiceAttribute = api.GetVpcEndpointServiceAttributeResponse;

/**
 * Waits until the service is Active, polling its attributes alone.
 * `expect`: the transition the last change started (creation, or Pending after an attribute change); none after a
 * resource is attached or detached (the service stays Active).
 */
async function awaitActive(ctx: OperationContext, id: string, expect?: readonly Transition[]): Promise<ServiceAttribute> {
  const service = await ctx.wait<ServiceAttribute>({
    subject: `VpcEndpointService ${id}`,
    target: "ServiceStatus Active",
    expect,
    poll: () => readServiceAttribute(ctx, id),
    acceptors: readyAcceptors<ServiceAttribute>(
      (s) => s.ServiceStatus,
      ["Active"],
      ["Inactive", "Deleting"],
      (s) => s.ServiceBusinessStatus,
    ),
    describe: (o) => (o.kind === "value" ? describeService(o.value) : o.kind),
  });
  return service!;
}

function toResourceInput(r: DeclaredResource): api.ServiceResourceInput & { ResourceType: ResourceType } {
  return { ResourceId: r.resourceId, ResourceType: r.resourceType ?? "slb", ZoneId: r.zoneId };
}

async function attachResources(ctx: OperationContext, id: string, list: DeclaredResource[]) {
  for (const r of list) {
    try {
      await ctx.mutate(() => api.attachResourceToVpcEndpointService(ctx.client, { ServiceId: id, ...toResourceInput(r) }));
    } catch (error) {
      if (!isAlreadyExists(error, "resource")) throw error; // a repeated attach whose first attempt was applied
    }
    await awaitActive(ctx, id);
  }
}

async function detachResources(ctx: OperationContext, id: string, list: DeclaredResource[]) {
  for (const r of list) {
    try {
      await ctx.mutate(() => api.detachResourceFromVpcEndpointService(ctx.client, { ServiceId: id, ...toResourceInput(r) }));
    } catch (error) {
      if (!isNotFound(error, "resource")) throw error;
    }
    await awaitActive(ctx, id);
  }
}

/** Names what still depends on the service, for an error a person can act on. */
async function describeDependents(ctx: OperationContext, id: string): Promise<string> {
  const resources = await api.listAllVpcEndpointServiceResources(ctx.client, { ServiceId: id });
  const connections = await api.listAllVpcEndpointConnections(ctx.client, { ServiceId: id });
  const parts: string[] = [];
  if (resources.length) parts.push(`service resources ${resources.map((r) => `${r.ResourceId} (${r.ResourceType ?? "slb"})`).join(", ")}`);
  const live = connections.filter((c) => c.ConnectionStatus !== "Disconnected");
  if (live.length) parts.push(`endpoint connections ${live.map((c) => `${c.EndpointId} (${c.ConnectionStatus})`).join(", ")}`);
  return parts.join(" and ") || "dependents the API did not list";
}

export const vpcEndpointServiceDefinition: ResourceDefinition<ServiceLive> = {
  kind: "VpcEndpointService",
  family: "service",
  fields,
  deleteBeforeReplace: false,
  validate,
  createToken: true,
  locks: (_state, id) => (id ? [lockKey.service(id)] : []),

  findByCreateToken: (ctx, token) =>
    findByOwnershipTag(
      api.listAllVpcEndpointServices,
      ctx.client,
      token,
      (s) => s.ServiceId,
      (s) => s.ServiceStatus,
    ),

  async create(ctx, inputs, clientToken) {
    const resources = (inputs.resources as DeclaredResource[] | undefined) ?? [];
    const response = await api.createVpcEndpointService(
      ctx.client,
      {
        ServiceDescription: inputs.serviceDescription as string | undefined,
        AutoAcceptEnabled: inputs.autoAcceptEnabled as boolean | undefined,
        Payer: inputs.payer as Payer | undefined,
        ZoneAffinityEnabled: inputs.zoneAffinityEnabled as boolean | undefined,
        ServiceResourceType: inputs.serviceResourceType as ResourceType | undefined,
        ServiceSupportIPv6: inputs.serviceSupportIpv6 as boolean | undefined,
        AddressIpVersion: inputs.addressIpVersion as AddressIpVersion | undefined,
        SupportedRegionList: inputs.supportedRegions as string[] | undefined,
        ResourceGroupId: inputs.resourceGroupId as string | undefined,
        Tag: tagsAtCreate(inputs),
        Resource: resources.length > 0 ? resources.map(toResourceInput) : undefined,
      },
      { clientToken },
    );
    return response.ServiceId;
  },

  async read(ctx, id) {
    const live = await readService(ctx, id);
    return live === GONE ? GONE : { ...live, tags: await readTags(ctx, "service", id) };
  },
  exists: async (ctx, id) => (await readServiceAttribute(ctx, id)) !== GONE,

  async awaitReady(ctx, id, state) {
    // After a create the service is being created; after an update the changes' own waits came first.
    let service = await awaitActive(ctx, id, ctx.operation === "create" ? ["serviceCreating"] : undefined);
    // ConnectBandwidth is not a create parameter: apply it once the service is Active.
    const wanted = state.connectBandwidth as number | undefined;
    if (wanted !== undefined && service.ConnectBandwidth !== wanted) {
      await ctx.mutate(() => api.updateVpcEndpointServiceAttribute(ctx.client, { ServiceId: id, ConnectBandwidth: wanted }));
      service = await awaitActive(ctx, id, ["servicePending"]);
    }
    // The resources are read once, for the outputs.
    return { service, resources: await api.listAllVpcEndpointServiceResources(ctx.client, { ServiceId: id }) };
  },

  outputs: (live, id) => ({
    serviceId: id,
    serviceName: live.service.ServiceName,
    serviceDomain: live.service.ServiceDomain,
    serviceStatus: live.service.ServiceStatus,
    serviceBusinessStatus: live.service.ServiceBusinessStatus,
    connectBandwidth: live.service.ConnectBandwidth,
    minBandwidth: live.service.MinBandwidth,
    maxBandwidth: live.service.MaxBandwidth,
    zones: live.service.Zones,
    regionId: live.service.RegionId,
    createTime: live.service.CreateTime,
    attachedResources: live.resources.map((r) => ({
      resourceId: r.ResourceId,
      resourceType: r.ResourceType,
      zoneId: r.ZoneId,
      ip: r.Ip,
      vpcId: r.VpcId,
      vSwitchId: r.VSwitchId,
    })),
  }),

  updaters: {
    async attribute(ctx, id, news, _olds, changed) {
      const send = <T>(field: string): T | undefined => (changed.includes(field) ? (news[field] as T | undefined) : undefined);
      // Supported regions change by difference, against the live list.
      const wanted = changed.includes("supportedRegions") ? ((news.supportedRegions as string[] | undefined) ?? []) : undefined;
      const live = wanted ? (await api.getVpcEndpointServiceAttribute(ctx.client, { ServiceId: id })).SupportedRegionSet.map((r) => r.SupportedRegionId) : [];
      const addRegions = wanted?.filter((r) => !live.includes(r)) ?? [];
      const deleteRegions = wanted ? live.filter((r): r is string => r !== undefined && !wanted.includes(r)) : [];
      await api.updateVpcEndpointServiceAttribute(ctx.client, {
        ServiceId: id,
        ServiceDescription: changed.includes("serviceDescription") ? ((news.serviceDescription as string | undefined) ?? "") : undefined,
        AutoAcceptEnabled: send("autoAcceptEnabled"),
        ConnectBandwidth: send("connectBandwidth"),
        ZoneAffinityEnabled: send("zoneAffinityEnabled"),
        ServiceSupportIPv6: send("serviceSupportIpv6"),
        AddressIpVersion: send("addressIpVersion"),
        AddSupportedRegionSet: addRegions.length > 0 ? addRegions : undefined,
        DeleteSupportedRegionSet: deleteRegions.length > 0 ? deleteRegions : undefined,
      });
      await awaitActive(ctx, id, ["servicePending"]);
    },
    ...tagUpdaters("service"),
    async resources(ctx, id, news, olds) {
      const before = (olds.resources as DeclaredResource[] | undefined) ?? [];
      const after = (news.resources as DeclaredResource[] | undefined) ?? [];
      const beforeKeys = new Set(before.map(resourceKey));
      const afterKeys = new Set(after.map(resourceKey));
      await detachResources(
        ctx,
        id,
        before.filter((r) => !afterKeys.has(resourceKey(r))),
      );
      await attachResources(
        ctx,
        id,
        after.filter((r) => !beforeKeys.has(resourceKey(r))),
      );
    },
  },

  async delete(ctx, id, state) {
    // The resources this service declared are its own: detach them. Others block the delete unless forceDelete.
    const declared = (state.resources as DeclaredResource[] | undefined) ?? [];
    if (declared.length > 0) {
      const attached = await api.listAllVpcEndpointServiceResources(ctx.client, { ServiceId: id });
      await detachResources(
        ctx,
        id,
        declared.filter((d) => attached.some((r) => r.ResourceId === d.resourceId && (d.zoneId === undefined || r.ZoneId === d.zoneId))),
      );
    }
    if (state.forceDelete === true) {
      const connections = await api.listAllVpcEndpointConnections(ctx.client, { ServiceId: id });
      for (const c of connections.filter((c) => c.ConnectionStatus !== "Disconnected" && c.ConnectionStatus !== "Deleting")) {
        ctx.progress(`VpcEndpointService ${id}: rejecting the connection of ${c.EndpointId}`);
        await ctx.mutate(() => api.disableVpcEndpointConnection(ctx.client, { ServiceId: id, EndpointId: c.EndpointId }));
      }
      const resources = await api.listAllVpcEndpointServiceResources(ctx.client, { ServiceId: id });
      ctx.progress(`VpcEndpointService ${id}: detaching ${resources.length} service resources`);
      await detachResources(
        ctx,
        id,
        resources.map((r) => ({ resourceId: r.ResourceId, resourceType: r.ResourceType, zoneId: r.ZoneId })),
      );
    }
    try {
      await ctx.mutate(() => api.deleteVpcEndpointService(ctx.client, { ServiceId: id }));
    } catch (error) {
      if ((error as { code?: string }).code === "EndpointServiceDependenceViolation") {
        const dependents = await describeDependents(ctx, id);
        throw new Error(
          `VpcEndpointService ${id} cannot be deleted while it has ${dependents}. Delete those resources first, ` +
            `or set forceDelete: true on the service to reject its connections and detach its resources before deleting it.`,
        );
      }
      throw error;
    }
    await ctx.wait<ServiceAttribute>({
      subject: `VpcEndpointService ${id}`,
      target: "deletion",
      expect: ["serviceDeleting"],
      poll: () => readServiceAttribute(ctx, id),
      acceptors: goneAcceptors<ServiceAttribute>(),
      describe: (o) => (o.kind === "value" ? o.value.ServiceStatus : o.kind),
    });
  },
};

const OUTPUTS = [
  "serviceId",
  "serviceName",
  "serviceDomain",
  "serviceStatus",
  "serviceBusinessStatus",
  "connectBandwidth",
  "minBandwidth",
  "maxBandwidth",
  "zones",
  "regionId",
  "createTime",
  "attachedResources",
  ...fields.map((f) => f.name),
] as const;

/** Known during a preview of an update (docs/behaviour.md, "What a preview knows"). */
const STABLE_OUTPUTS: StableOutputs = {
  serviceId: (k) => text(k.id),
  regionId: (k) => text(k.region),
  serviceName: (k) => (text(k.serviceId) && text(k.region) ? serviceName(k.region as string, k.serviceId as string) : undefined),
  serviceDomain: (k) => (text(k.serviceId) && text(k.region) ? serviceDomain(k.region as string, k.serviceId as string) : undefined),
};

export class VpcEndpointService extends PrivateLinkResource {
  public readonly serviceId!: pulumi.Output<string>;
  /** `com.aliyuncs.privatelink.<region>.<serviceId>`: what consumers use to find the service. */
  public readonly serviceName!: pulumi.Output<string>;
  /** `<serviceId>.<region>.privatelink.aliyuncs.com`. */
  public readonly serviceDomain!: pulumi.Output<string>;
  public readonly serviceStatus!: pulumi.Output<ServiceStatus>;
  public readonly serviceBusinessStatus!: pulumi.Output<BusinessStatus>;
  public readonly serviceDescription!: pulumi.Output<string | undefined>;
  public readonly autoAcceptEnabled!: pulumi.Output<boolean>;
  /** As the cloud reports it (the declared value once applied, else the cloud's default). */
  public readonly connectBandwidth!: pulumi.Output<number>;
  public readonly minBandwidth!: pulumi.Output<number>;
  public readonly maxBandwidth!: pulumi.Output<number>;
  public readonly payer!: pulumi.Output<Payer | undefined>;
  public readonly zoneAffinityEnabled!: pulumi.Output<boolean | undefined>;
  public readonly serviceResourceType!: pulumi.Output<ResourceType | undefined>;
  public readonly serviceSupportIpv6!: pulumi.Output<boolean | undefined>;
  public readonly addressIpVersion!: pulumi.Output<AddressIpVersion | undefined>;
  public readonly supportedRegions!: pulumi.Output<string[] | undefined>;
  public readonly resourceGroupId!: pulumi.Output<string | undefined>;
  public readonly tags!: pulumi.Output<Record<string, string> | undefined>;
  /** The declared (managed) service resources. */
  public readonly resources!: pulumi.Output<pulumi.Unwrap<ServiceResourceArgs>[] | undefined>;
  public readonly forceDelete!: pulumi.Output<boolean>;
  public readonly clientToken!: pulumi.Output<string | undefined>;
  /** Zones of the attached resources. */
  public readonly zones!: pulumi.Output<string[]>;
  public readonly regionId!: pulumi.Output<string>;
  public readonly createTime!: pulumi.Output<string>;
  /** Every attached resource, however it was attached; one entry per zone of an ALB, NLB or GWLB. */
  public readonly attachedResources!: pulumi.Output<AttachedServiceResource[]>;

  constructor(name: string, args: VpcEndpointServiceArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super("VpcEndpointService", name, args, OUTPUTS, opts, STABLE_OUTPUTS);
  }

  /** Reads an existing service into the program without managing it. */
  static get(name: string, id: pulumi.Input<string>, state?: Partial<VpcEndpointServiceArgs>, opts?: pulumi.CustomResourceOptions): VpcEndpointService {
    return new VpcEndpointService(name, { ...(state ?? {}) }, { ...opts, id });
  }
}
