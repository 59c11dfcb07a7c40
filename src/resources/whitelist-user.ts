// WhitelistUser: an account allowed to see an endpoint service and connect endpoints to it.
import type * as pulumi from "@pulumi/pulumi";
import * as api from "../api/privatelink";
import { isNotFound } from "../client/errors";
import { goneAcceptors, type OperationContext, type ResourceDefinition } from "../provider/lifecycle";
import { lockKey } from "../provider/locks";
import type { FieldSpec } from "../provider/schema";
import { ID_PATTERNS } from "../spec/constraints";
import { GONE } from "../waiter";
import { PrivateLinkResource, splitId, type CommonArgs } from "./base";

export interface WhitelistUserArgs extends CommonArgs {
  serviceId: pulumi.Input<string>;
  /** Alibaba Cloud account ID (digits; a string because account IDs are long integers). */
  userId: pulumi.Input<string>;
}

const fields: readonly FieldSpec[] = [
  { name: "serviceId", type: "string", required: true, onChange: "replace", errorCodes: ["EndpointServiceNotFound"] },
  {
    name: "userId",
    type: "string",
    required: true,
    onChange: "replace",
    rules: { pattern: ID_PATTERNS.accountId, patternRule: "an account ID made of digits" },
  },
];

const parts = (id: string) => splitId(id, ["serviceId", "userId"], "WhitelistUser");

async function readEntry(ctx: OperationContext, serviceId: string, userId: string): Promise<{ userId: string } | typeof GONE> {
  try {
    const users = await api.listAllVpcEndpointServiceUsers(ctx.client, { ServiceId: serviceId, UserId: userId });
    return users.some((u) => String(u.UserId) === userId) ? { userId } : GONE;
  } catch (error) {
    if (isNotFound(error, "user")) return GONE;
    throw error;
  }
}

export const whitelistUserDefinition: ResourceDefinition<{ userId: string }> = {
  kind: "WhitelistUser",
  family: "user",
  fields,
  deleteBeforeReplace: true,
  locks: (state) => [lockKey.service(String(state.serviceId))],
  stateFromId: (id) => parts(id),

  async create(ctx, inputs) {
    await ctx.mutate(() => api.addUserToVpcEndpointService(ctx.client, { ServiceId: inputs.serviceId as string, UserId: inputs.userId as string }));
    return `${inputs.serviceId}:${inputs.userId}`;
  },
  read(ctx, id) {
    const p = parts(id);
    return readEntry(ctx, p.serviceId, p.userId);
  },
  async awaitReady(ctx, id) {
    const p = parts(id);
    const live = await ctx.wait({
      subject: `WhitelistUser ${id}`,
      target: "listed",
      poll: () => readEntry(ctx, p.serviceId, p.userId),
      acceptors: [
        { state: "success", matches: (o) => o.kind === "value" },
        { state: "retry", matches: (o) => o.kind === "gone" },
      ],
      describe: (o) => (o.kind === "value" ? "listed" : "not listed yet"),
    });
    return live!;
  },
  outputs: () => ({}),
  updaters: {},
  async delete(ctx, id) {
    const p = parts(id);
    await ctx.mutate(() => api.removeUserFromVpcEndpointService(ctx.client, { ServiceId: p.serviceId, UserId: p.userId }));
    await ctx.wait({
      subject: `WhitelistUser ${id}`,
      target: "removal",
      poll: () => readEntry(ctx, p.serviceId, p.userId),
      acceptors: goneAcceptors<{ userId: string }>(),
      describe: (o) => (o.kind === "gone" ? "removed" : "still listed"),
    });
  },
};

export class WhitelistUser extends PrivateLinkResource {
  public readonly serviceId!: pulumi.Output<string>;
  public readonly userId!: pulumi.Output<string>;

  constructor(name: string, args: WhitelistUserArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "WhitelistUser",
      name,
      args,
      fields.map((f) => f.name),
      opts,
    );
  }

  /** `id` is `<serviceId>:<userId>`. */
  static get(name: string, id: pulumi.Input<string>, state?: Partial<WhitelistUserArgs>, opts?: pulumi.CustomResourceOptions) {
    return new WhitelistUser(name, { ...(state as WhitelistUserArgs) }, { ...opts, id });
  }
}
