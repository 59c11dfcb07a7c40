// WhitelistUser: a principal allowed to see an endpoint service and connect endpoints to it: an account ID, or an
// ARN (e.g. `acs:ram:*:<account ID>:*`).
import type * as pulumi from "@pulumi/pulumi";
import * as api from "../api/privatelink";
import { isNotFound } from "../client/errors";
import { goneAcceptors, type OperationContext, type ResourceDefinition, type State } from "../provider/lifecycle";
import { lockKey } from "../provider/locks";
import { isUnknown } from "../provider/sanitize";
import { validateField, type CheckFailure, type FieldSpec } from "../provider/schema";
import { ID_PATTERNS, USER_ARN } from "../spec/constraints";
import { GONE } from "../waiter";
import { PrivateLinkResource, idRules, type CommonArgs } from "./base";

export interface WhitelistUserArgs extends CommonArgs {
  serviceId: pulumi.Input<string>;
  /** Alibaba Cloud account ID (digits; a string because account IDs are long integers). Give this or userArn. */
  userId?: pulumi.Input<string>;
  /** The principal as an ARN, e.g. `acs:ram:*:<account ID>:*`. Give this or userId. */
  userArn?: pulumi.Input<string>;
}

const fields: readonly FieldSpec[] = [
  { name: "serviceId", type: "string", required: true, onChange: "replace", rules: idRules("service"), errorCodes: ["EndpointServiceNotFound"] },
  {
    name: "userId",
    type: "string",
    onChange: "replace",
    rules: { pattern: ID_PATTERNS.accountId, patternRule: "an account ID made of digits" },
  },
  {
    name: "userArn",
    type: "string",
    onChange: "replace",
    rules: { maxLength: USER_ARN.maxLength, pattern: USER_ARN.pattern, patternRule: USER_ARN.rule },
  },
];

function validate(inputs: State): CheckFailure[] {
  const given = (v: unknown) => v !== undefined && v !== null;
  if (isUnknown(inputs.userId) || isUnknown(inputs.userArn)) return [];
  if (given(inputs.userId) && given(inputs.userArn)) return [{ property: "userId", reason: "give exactly one of userId and userArn, not both" }];
  if (!given(inputs.userId) && !given(inputs.userArn))
    return [{ property: "userId", reason: "one of userId and userArn is required (the principal to whitelist)" }];
  return [];
}

/** The whitelisted principal of a state or an ID: an account ID or an ARN. */
interface Principal {
  serviceId: string;
  userId?: string;
  userArn?: string;
}

/** `<serviceId>:<userId>` or `<serviceId>:<userArn>` (an ARN has colons of its own: the service ID is the first part). */
export function whitelistUserId(p: Principal): string {
  return `${p.serviceId}:${p.userId ?? p.userArn}`;
}

/**
 * `<serviceId>:<userId>` (the alicloud provider's VpcEndpointServiceUser ID too) or `<serviceId>:<userArn>`; each
 * part is checked with the rule of the input it stands for.
 */
function parseId(id: string): Principal {
  const colon = id.indexOf(":");
  const serviceId = id.slice(0, colon);
  const principal = id.slice(colon + 1);
  const p: Principal = principal.startsWith("acs:") ? { serviceId, userArn: principal } : { serviceId, userId: principal };
  const fail = (why: string): never => {
    throw new Error(`WhitelistUser ID ${JSON.stringify(id)} must look like <serviceId>:<userId> or <serviceId>:<userArn>: ${why}`);
  };
  if (colon < 0) fail("it has no colon");
  if (serviceId === "") fail("serviceId is empty");
  if (principal === "") fail("userId is empty");
  const broken = fields.flatMap((f) => {
    const value = p[f.name as keyof Principal];
    return value === undefined ? [] : validateField({ ...f, required: false }, value, f.name, {});
  });
  if (broken.length > 0) fail(broken.map((f) => f.reason).join("; "));
  return p;
}

async function readEntry(ctx: OperationContext, p: Principal): Promise<Principal | typeof GONE> {
  try {
    if (p.userArn !== undefined) {
      const arns = await api.listAllVpcEndpointServiceUserArns(ctx.client, { ServiceId: p.serviceId });
      return arns.some((a) => a.UserARN === p.userArn) ? p : GONE;
    }
    const users = await api.listAllVpcEndpointServiceUsers(ctx.client, { ServiceId: p.serviceId, UserId: p.userId });
    return users.some((u) => String(u.UserId) === p.userId) ? p : GONE;
  } catch (error) {
    if (isNotFound(error, "user")) return GONE;
    throw error;
  }
}

export const whitelistUserDefinition: ResourceDefinition<Principal> = {
  kind: "WhitelistUser",
  family: "user",
  fields,
  validate,
  deleteBeforeReplace: true,
  locks: (state) => [lockKey.service(String(state.serviceId))],
  stateFromId: (id) => ({ ...parseId(id) }),
  parentOf: (inputs) => ({ kind: "VpcEndpointService", id: inputs.serviceId as string }),
  naturalId: (inputs) =>
    whitelistUserId({ serviceId: inputs.serviceId as string, userId: inputs.userId as string | undefined, userArn: inputs.userArn as string | undefined }),

  async create(ctx, inputs) {
    const p: Principal = {
      serviceId: inputs.serviceId as string,
      userId: inputs.userId as string | undefined,
      userArn: inputs.userArn as string | undefined,
    };
    await ctx.mutate(() => api.addUserToVpcEndpointService(ctx.client, { ServiceId: p.serviceId, UserId: p.userId, UserARN: p.userArn }));
    return whitelistUserId(p);
  },
  read: (ctx, id) => readEntry(ctx, parseId(id)),
  async awaitReady(ctx, id) {
    const live = await ctx.wait({
      subject: `WhitelistUser ${id}`,
      target: "listed",
      poll: () => readEntry(ctx, parseId(id)),
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
    const p = parseId(id);
    await ctx.mutate(() => api.removeUserFromVpcEndpointService(ctx.client, { ServiceId: p.serviceId, UserId: p.userId, UserARN: p.userArn }));
    await ctx.wait({
      subject: `WhitelistUser ${id}`,
      target: "removal",
      poll: () => readEntry(ctx, p),
      acceptors: goneAcceptors<Principal>(),
      describe: (o) => (o.kind === "gone" ? "removed" : "still listed"),
    });
  },
};

export class WhitelistUser extends PrivateLinkResource {
  public readonly serviceId!: pulumi.Output<string>;
  public readonly userId!: pulumi.Output<string | undefined>;
  public readonly userArn!: pulumi.Output<string | undefined>;

  constructor(name: string, args: WhitelistUserArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "WhitelistUser",
      name,
      args,
      fields.map((f) => f.name),
      opts,
    );
  }

  /** `id` is `<serviceId>:<userId>` or `<serviceId>:<userArn>`. */
  static get(name: string, id: pulumi.Input<string>, state?: Partial<WhitelistUserArgs>, opts?: pulumi.CustomResourceOptions) {
    return new WhitelistUser(name, { ...(state as WhitelistUserArgs) }, { ...opts, id });
  }
}
