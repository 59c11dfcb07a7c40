// Activation of the product (CheckProductOpen, OpenPrivateLinkService): the only calls an account whose
// PrivateLink is not activated may make; every other call answers NeedOpenProduct (operations/index.ts).

import { activationOrderId } from "../ids";
import { accountFeatures, apiError, type Handler } from "./common";

export const ACTIVATION_ACTIONS: readonly string[] = ["CheckProductOpen", "OpenPrivateLinkService"];

export const activationOperations: Record<string, Handler> = {
  CheckProductOpen: (_p, ctx, w) => ({ Success: accountFeatures(w, ctx.accountId).opened }),

  OpenPrivateLinkService: (_p, ctx, w) => {
    const account = w.store.accounts.get(ctx.accountId);
    if (!account || account.opened) throw apiError("OrderOpend");
    w.markChanged();
    account.opened = true;
    return { OrderId: activationOrderId(w.ids.salt, ctx.accountId) };
  },
};
