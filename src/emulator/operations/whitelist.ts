// The service whitelist (spec 2.4, 4.2.5): which accounts may see a service and connect endpoints to it, by
// account ID (UserId) or by ARN (UserARN, e.g. `acs:ram:*:<account>:*`).

import { whitelistKey, type WhitelistRecord } from "../store";
import { missingParam, paginate, type Params } from "../validate";
import { USER_ARN, USER_LIST_TYPES } from "../../spec/constraints";
import { commitOrDryRun, ownService, regionOf, type Handler } from "./common";

/** The principals a call names: its UserId and/or its UserARN; at least one. */
function principals(p: Params): { userId?: string; userArn?: string } {
  const userId = p.accountId("UserId");
  const userArn = p.str("UserARN", { max: USER_ARN.maxLength, pattern: USER_ARN.pattern });
  if (userId === undefined && userArn === undefined) throw missingParam("UserId");
  return { userId, userArn };
}

export const whitelistOperations: Record<string, Handler> = {
  AddUserToVpcEndpointService: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    const { userId, userArn } = principals(p);
    commitOrDryRun(p, ctx, w);
    // Adding a principal that is already listed succeeds without change (spec 4.2.5 decision).
    const add = (entry: Omit<WhitelistRecord, "seq" | "serviceId">) => {
      const key = whitelistKey(svc.serviceId, entry.userId || entry.userArn);
      if (!w.store.whitelist.has(key)) w.store.whitelist.set(key, { seq: w.store.nextSeq(), serviceId: svc.serviceId, ...entry });
    };
    if (userId !== undefined) add({ userId, userArn: "" });
    if (userArn !== undefined) add({ userId: "", userArn });
    return {};
  },

  ListVpcEndpointServiceUsers: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    const userId = p.accountId("UserId");
    const listType = p.enumOf("UserListType", USER_LIST_TYPES) ?? "Users";
    const entries = w.store
      .usersOf(svc.serviceId)
      .filter((u) => (listType === "Users" ? u.userId !== "" && (userId === undefined || u.userId === userId) : u.userArn !== ""));
    const page = paginate(entries, p, w.tokens, `${p.action}:${ctx.accountId}:${svc.serviceId}:${listType}`);
    return {
      NextToken: page.nextToken,
      MaxResults: page.maxResults,
      TotalCount: String(page.totalCount),
      Users: listType === "Users" ? page.items.map((u) => ({ UserId: Number(u.userId) })) : [],
      UserARNs: listType === "UserARNs" ? page.items.map((u) => ({ UserARN: u.userArn })) : [],
    };
  },

  RemoveUserFromVpcEndpointService: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    const { userId, userArn } = principals(p);
    commitOrDryRun(p, ctx, w);
    // Removing an absent principal succeeds (decision); existing endpoints of the account keep their connection.
    for (const principal of [userId, userArn]) if (principal) w.store.whitelist.delete(whitelistKey(svc.serviceId, principal));
    return {};
  },
};
