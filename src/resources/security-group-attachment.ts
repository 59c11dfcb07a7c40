// SecurityGroupAttachment: one security group on an endpoint, managed apart from the endpoint. It coexists
// with the endpoint's own declared `securityGroupIds` as long as each group is declared in one place only.
import type * as pulumi from "@pulumi/pulumi";
import * as api from "../api/privatelink";
import { isApiError, isNotFound } from "../client/errors";
import type { OperationContext, ResourceDefinition } from "../provider/lifecycle";
import { lockKey } from "../provider/locks";
import type { FieldSpec } from "../provider/schema";
import type { EndpointStatus } from "../spec/statuses";
import { GONE } from "../waiter";
import { PrivateLinkResource, splitId, type CommonArgs } from "./base";
import { awaitEndpointSettled } from "./vpc-endpoint";

export interface SecurityGroupAttachmentArgs extends CommonArgs {
  endpointId: pulumi.Input<string>;
  /** A security group of the endpoint's VPC (`sg-…`). */
  securityGroupId: pulumi.Input<string>;
}

interface AttachmentLive {
  endpointStatus: EndpointStatus;
  /** Every group on the endpoint (the attachment is among them). */
  groups: string[];
}

const fields: readonly FieldSpec[] = [
  { name: "endpointId", type: "string", required: true, onChange: "replace", errorCodes: ["EndpointNotFound", "EndpointLocked"] },
  {
    name: "securityGroupId",
    type: "string",
    required: true,
    onChange: "replace",
    rules: { pattern: /^sg-[a-z0-9]+$/, patternRule: "a security group ID (sg-…)" },
    errorCodes: ["SecurityGroupNotFound", "SecurityGroupTypeOnlySingleTypeSupporteded", "GatewayLoadBalancerNotSupportSecurityGroup"],
  },
];

const parts = (id: string) => splitId(id, ["endpointId", "securityGroupId"], "SecurityGroupAttachment");

export function securityGroupAttachmentId(endpointId: string, securityGroupId: string): string {
  return `${endpointId}:${securityGroupId}`;
}

/** The endpoint's status and groups when the group is attached; GONE when it is not (or the endpoint is gone). */
async function readAttachment(ctx: OperationContext, endpointId: string, groupId: string): Promise<AttachmentLive | typeof GONE> {
  try {
    const endpoint = await api.getVpcEndpointAttribute(ctx.client, { EndpointId: endpointId });
    const groups = (await api.listAllVpcEndpointSecurityGroups(ctx.client, { EndpointId: endpointId })).map((g) => g.SecurityGroupId);
    return groups.includes(groupId) ? { endpointStatus: endpoint.EndpointStatus, groups } : GONE;
  } catch (error) {
    if (isNotFound(error, "securityGroup")) return GONE;
    throw error;
  }
}

export const securityGroupAttachmentDefinition: ResourceDefinition<AttachmentLive> = {
  kind: "SecurityGroupAttachment",
  family: "securityGroup",
  fields,
  deleteBeforeReplace: true,
  locks: (state) => [lockKey.endpoint(String(state.endpointId))],
  stateFromId: (id) => parts(id),

  async create(ctx, inputs) {
    const endpointId = inputs.endpointId as string;
    const groupId = inputs.securityGroupId as string;
    try {
      await ctx.mutate(() => api.attachSecurityGroupToVpcEndpoint(ctx.client, { EndpointId: endpointId, SecurityGroupId: groupId }));
    } catch (error) {
      if (isApiError(error) && error.code === "SecurityGroupExist") {
        throw new Error(
          `SecurityGroupAttachment: security group ${groupId} is already attached to endpoint ${endpointId} (declared in the ` +
            `VpcEndpoint's securityGroupIds, by another SecurityGroupAttachment, or attached out of band). Declare each group in ` +
            `one place only, or take the existing attachment over with adoptExistingId: "${securityGroupAttachmentId(endpointId, groupId)}".`,
        );
      }
      if (isApiError(error) && error.code === "EndpointNotFound") {
        throw new Error(`SecurityGroupAttachment: endpoint ${endpointId} does not exist in region ${ctx.regionId} for these credentials (${error.message})`);
      }
      throw error;
    }
    return securityGroupAttachmentId(endpointId, groupId);
  },

  read(ctx, id) {
    const p = parts(id);
    return readAttachment(ctx, p.endpointId, p.securityGroupId);
  },

  async awaitReady(ctx, id) {
    const p = parts(id);
    // The attachment is synchronous, but the endpoint may go Pending for a while: wait until it is Active again.
    const live = await ctx.wait<AttachmentLive>({
      subject: `SecurityGroupAttachment ${id}`,
      target: "attached to an Active endpoint",
      poll: () => readAttachment(ctx, p.endpointId, p.securityGroupId),
      acceptors: [
        { state: "success", matches: (o) => o.kind === "value" && o.value.endpointStatus === "Active" },
        { state: "failure", reason: "the group is not attached (or the endpoint disappeared)", matches: (o) => o.kind === "gone" },
      ],
      describe: (o) => (o.kind === "value" ? `attached, endpoint ${o.value.endpointStatus}` : o.kind === "gone" ? "not attached" : "error"),
    });
    return live!;
  },

  outputs: (live) => ({ endpointSecurityGroupIds: [...live.groups].sort() }),

  updaters: {},

  async delete(ctx, id) {
    const p = parts(id);
    try {
      await ctx.mutate(() => api.detachSecurityGroupFromVpcEndpoint(ctx.client, { EndpointId: p.endpointId, SecurityGroupId: p.securityGroupId }));
    } catch (error) {
      if (isApiError(error) && error.code === "EndpointMustContainSecurityGroup") {
        throw new Error(
          `SecurityGroupAttachment ${id}: cannot detach security group ${p.securityGroupId}, it is the last security group of ` +
            `endpoint ${p.endpointId} and an endpoint must always keep at least one (EndpointMustContainSecurityGroup). ` +
            `Attach another group first (in the VpcEndpoint's securityGroupIds or with another SecurityGroupAttachment), ` +
            `or delete the endpoint itself.`,
        );
      }
      throw error;
    }
    await ctx.wait<AttachmentLive>({
      subject: `SecurityGroupAttachment ${id}`,
      target: "detachment",
      poll: () => readAttachment(ctx, p.endpointId, p.securityGroupId),
      acceptors: [{ state: "success", matches: (o) => o.kind === "gone" }],
      describe: (o) => (o.kind === "value" ? "still attached" : o.kind === "gone" ? "detached" : "error"),
    });
    await awaitEndpointSettled(ctx, p.endpointId, `SecurityGroupAttachment ${id} (endpoint ${p.endpointId})`);
  },
};

const OUTPUTS = ["endpointSecurityGroupIds", ...fields.map((f) => f.name)] as const;

export class SecurityGroupAttachment extends PrivateLinkResource {
  public readonly endpointId!: pulumi.Output<string>;
  public readonly securityGroupId!: pulumi.Output<string>;
  /** Every security group on the endpoint when this attachment was last read. */
  public readonly endpointSecurityGroupIds!: pulumi.Output<string[]>;

  constructor(name: string, args: SecurityGroupAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super("SecurityGroupAttachment", name, args, OUTPUTS, opts);
  }

  /** `id` is `<endpointId>:<securityGroupId>`. */
  static get(
    name: string,
    id: pulumi.Input<string>,
    state?: Partial<SecurityGroupAttachmentArgs>,
    opts?: pulumi.CustomResourceOptions,
  ): SecurityGroupAttachment {
    return new SecurityGroupAttachment(name, { ...(state as SecurityGroupAttachmentArgs) }, { ...opts, id });
  }
}
