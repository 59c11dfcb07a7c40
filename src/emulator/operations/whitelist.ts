// The service whitelist (spec 2.4, 4.2.5): which accounts may see a service and connect endpoints to it.

import { whitelistKey } from "../store";
import { missingParam, paginate } from "../validate";
import { commitOrDryRun, ownService, regionOf, type Handler } from "./common";

export const whitelistOperations: Record<string, Handler> = {
  AddUserToVpcEndpointService: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    const userId = p.accountId("UserId") ?? missingParamThrow("UserId");
    commitOrDryRun(p, ctx, w);
    const key = whitelistKey(svc.serviceId, userId);
    // Adding an account that is already listed succeeds without change (spec 4.2.5 decision).
    if (!w.store.whitelist.has(key)) w.store.whitelist.set(key, { seq: w.store.nextSeq(), serviceId: svc.serviceId, userId });
    return {};
  },

  ListVpcEndpointServiceUsers: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    const userId = p.accountId("UserId");
    const users = w.store.usersOf(svc.serviceId).filter((u) => userId === undefined || u.userId === userId);
    const page = paginate(users, p, w.tokens, `${p.action}:${ctx.accountId}:${svc.serviceId}`);
    return { NextToken: page.nextToken, MaxResults: page.maxResults, Users: page.items.map((u) => ({ UserId: Number(u.userId) })) };
  },

  RemoveUserFromVpcEndpointService: (p, ctx, w) => {
    const svc = ownService(w, ctx, regionOf(p, w), p.requireStr("ServiceId"));
    const userId = p.accountId("UserId") ?? missingParamThrow("UserId");
    commitOrDryRun(p, ctx, w);
    // Removing an absent account succeeds (decision); existing endpoints of the account keep their connection.
    w.store.whitelist.delete(whitelistKey(svc.serviceId, userId));
    return {};
  },
};

function missingParamThrow(name: string): never {
  throw missingParam(name);
}
