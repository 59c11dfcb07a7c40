// Whether PrivateLink is activated for the caller's account (CheckProductOpen). Read-only: activating is the
// PrivateLinkActivation resource's job.
import * as api from "../api/privatelink";
import { outputVariant, withLookupClient, type LookupArgs } from "./common";

export type GetPrivateLinkActivationArgs = LookupArgs;

export interface GetPrivateLinkActivationResult {
  /** true when PrivateLink is activated for the account of the credentials used. */
  opened: boolean;
}

export async function getPrivateLinkActivation(args: GetPrivateLinkActivationArgs = {}): Promise<GetPrivateLinkActivationResult> {
  return withLookupClient(args, async (client) => ({ opened: (await api.checkProductOpen(client)).Success }));
}

export const getPrivateLinkActivationOutput = outputVariant(getPrivateLinkActivation);
