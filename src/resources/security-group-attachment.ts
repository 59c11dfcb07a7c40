// SecurityGroupAttachment: one security group on an endpoint, managed apart from the endpoint. It coexists
// with the endpoint's own declared `securityGroupIds` as long as each group is declared in one place only.
import type * as pulumi from "@pulumi/pulumi";
import * as api from "../api/privatelink";
import { isApiError, isNotFound } from "../client/errors";
import { terminalAcceptors, type OperationContext, type ResourceDefinition } from "../provider/lifecycle";
import { lockKey } from "../provider/locks";
import type { FieldSpec } from "../provider/schema";
import { GONE } from "../waiter";
import { PrivateLinkResource, idParser, idRules, type CommonArgs } from "./base";
import { awaitEndpointSettled, readEndpointAttribute, readSecurityGroups } from "./vpc-endpoint";

export interface SecurityGroupAttachmentArgs extends CommonArgs {
  endpointId: pulumi.Input<string>;
  /** A security group of the endpoint's VPC (`sg-…`). */
  securityGroupId: pulumi.Input<string>;
}

interface AttachmentLive {
  /** Every group on the endpoint (the attachment is among them). */
  groups: string[];
}

const fields: readonly FieldSpec[] = [
  { name: "endpointId", type: "string", required: true, onChange: "replace", rules: idRules("endpoint"), errorCodes: ["EndpointNotFound", "EndpointLocked"] },
  {
    name: "securityGroupId",
    type: "string",
    required: true,
    onChange: "replace",
    rules: idRules("securityGroup"),
    errorCodes: ["SecurityGroupNotFound", "SecurityGroupTypeOnlySingleTypeSupporteded", "GatewayLoadBalancerNotSupportSecurityGroup"],
  },
];

const parts = idParser("SecurityGroupAttachment", ["endpointId", "securityGroupId"], fields);

export function securityGroupAttachmentId(endpointId: string, securityGroupId: string): string {
  return `${endpointId}:${securityGroupId}`;
}

/** The endpoint's groups when the group is attached (one list call); GONE when it is not (or the endpoint is gone). */
async function readAttachment(ctx: OperationContext, endpointId: string, groupId: string): Promise<AttachmentLive | typeof GONE> {
  const groups = await readGroupIds(ctx, endpointId);
  return groups !== GONE && groups.includes(groupId) ? { groups } : GONE;
}

/** The endpoint's group IDs; GONE when the endpoint is gone. */
async function readGroupIds(ctx: OperationContext, endpointId: string): Promise<string[] | typeof GONE> {
  try {
    return (await readSecurityGroups(ctx, endpointId)).map((g) => g.SecurityGroupId);
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

  parentOf: (inputs) => ({ kind: "VpcEndpoint", id: inputs.endpointId as string }),
  naturalId: (inputs) => securityGroupAttachmentId(inputs.endpointId as string, inputs.securityGroupId as string),

  async create(ctx, inputs) {
    const endpointId = inputs.endpointId as string;
    const groupId = inputs.securityGroupId as string;
    try {
      await ctx.mutate(() => api.attachSecurityGroupToVpcEndpoint(ctx.client, { EndpointId: endpointId, SecurityGroupId: groupId }));
    } catch (error) {
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
    // The attachment is listed at once, and the endpoint is Pending until the group is applied: the wait polls the
    // endpoint's status alone (a read shared with the endpoint's other waiters), then the group list is read once.
    await ctx.wait<api.GetVpcEndpointAttributeResponse>({
      subject: `SecurityGroupAttachment ${id}`,
      target: "an Active endpoint with the group attached",
      expect: ["endpointPending"],
      poll: () => readEndpointAttribute(ctx, p.endpointId),
      acceptors: [
        { state: "success", matches: (o) => o.kind === "value" && o.value.EndpointStatus === "Active" },
        ...terminalAcceptors<api.GetVpcEndpointAttributeResponse>(
          (e) => e.EndpointStatus,
          ["Deleting"],
          (e) => e.EndpointBusinessStatus,
        ),
      ],
      describe: (o) => (o.kind === "value" ? `endpoint ${o.value.EndpointStatus}` : o.kind === "gone" ? "endpoint not found" : "error"),
    });
    const groups = (await readSecurityGroups(ctx, p.endpointId)).map((g) => g.SecurityGroupId);
    if (!groups.includes(p.securityGroupId)) {
      throw new Error(
        `SecurityGroupAttachment ${id}: security group ${p.securityGroupId} is no longer attached to endpoint ${p.endpointId} ` +
          `(detached out of band?); run \`pulumi refresh\`, then \`pulumi up\` to attach it again`,
      );
    }
    return { groups };
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
    // The group is listed (Detaching) until the endpoint is Active again: wait for that on the endpoint's status
    // (then the endpoint takes its next change: its lock ends), then confirm from the group list (usually one read).
    await awaitEndpointSettled(ctx, p.endpointId, `SecurityGroupAttachment ${id} (endpoint ${p.endpointId})`, ["endpointPending"]);
    ctx.parentFree();
    await ctx.wait<string[]>({
      subject: `SecurityGroupAttachment ${id}`,
      target: "detachment",
      poll: () => readGroupIds(ctx, p.endpointId),
      acceptors: [{ state: "success", matches: (o) => o.kind === "gone" || (o.kind === "value" && !o.value.includes(p.securityGroupId)) }],
      describe: (o) =>
        o.kind === "value" ? (o.value.includes(p.securityGroupId) ? "still attached" : "detached") : o.kind === "gone" ? "endpoint not found" : "error",
    });
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
