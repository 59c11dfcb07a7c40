// PrivateLinkActivation: PrivateLink activated for the account (OpenPrivateLinkService), so that a program can
// start from a fresh account. Idempotent: an account that is already activated is taken as it is. The API has
// no way to deactivate, so deleting the resource leaves the product activated.
import type * as pulumi from "@pulumi/pulumi";
import * as api from "../api/privatelink";
import { isApiError } from "../client/errors";
import type { OperationContext, ResourceDefinition } from "../provider/lifecycle";
import { GONE } from "../waiter";
import { PrivateLinkResource, type CommonArgs } from "./base";

export type PrivateLinkActivationArgs = CommonArgs;

interface ActivationLive {
  opened: true;
}

/** One activation per account: the ID names the product, not an object. */
export const ACTIVATION_ID = "privatelink";

async function readActivation(ctx: OperationContext): Promise<ActivationLive | typeof GONE> {
  const answer = await api.checkProductOpen(ctx.client);
  return answer.Success ? { opened: true } : GONE;
}

export const privateLinkActivationDefinition: ResourceDefinition<ActivationLive> = {
  kind: "PrivateLinkActivation",
  family: "activation",
  fields: [],
  deleteBeforeReplace: false,
  locks: () => ["activation"],

  async create(ctx) {
    if ((await readActivation(ctx)) !== GONE) {
      ctx.progress("PrivateLinkActivation: PrivateLink is already activated for this account");
      return ACTIVATION_ID;
    }
    try {
      const order = await api.openPrivateLinkService(ctx.client);
      ctx.progress(`PrivateLinkActivation: PrivateLink activated (order ${order.OrderId ?? "not reported"})`);
    } catch (error) {
      // Activated meanwhile (another program, the console): the goal is reached.
      if (!(isApiError(error) && error.code === "OrderOpend")) throw error;
    }
    return ACTIVATION_ID;
  },

  read: (ctx) => readActivation(ctx),

  async awaitReady(ctx) {
    const live = await ctx.wait<ActivationLive>({
      subject: "PrivateLinkActivation",
      target: "CheckProductOpen Success",
      poll: () => readActivation(ctx),
      acceptors: [
        { state: "success", matches: (o) => o.kind === "value" },
        { state: "retry", matches: (o) => o.kind === "gone" },
      ],
      describe: (o) => (o.kind === "value" ? "activated" : "not activated yet"),
    });
    return live!;
  },

  outputs: () => ({ opened: true }),
  updaters: {},

  async delete(ctx) {
    ctx.progress("PrivateLinkActivation: removed from the stack; PrivateLink stays activated (the API cannot deactivate it)");
  },
};

export class PrivateLinkActivation extends PrivateLinkResource {
  /** true once PrivateLink is activated for the account. */
  public readonly opened!: pulumi.Output<boolean>;

  constructor(name: string, args: PrivateLinkActivationArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super("PrivateLinkActivation", name, { ...args }, ["opened"], opts);
  }
}
