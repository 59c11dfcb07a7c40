// Per-account switches of the cloud that sit outside the PrivateLink API: whether the product is activated, and
// the allow-lists Alibaba Cloud grants on request. They are world state (snapshotted, patchable as the object
// kind `account`), seeded from the emulator's options.

import { EmulatorError, type EmulatorAccount } from "./types";

export interface AccountFeatures {
  /** PrivateLink is activated (OpenPrivateLinkService); until then every other call answers NeedOpenProduct. */
  opened: boolean;
  /** Allow-listed for `Reverse` endpoints (NAT gateway services; granted by the account manager). */
  reverseEndpoints: boolean;
  /**
   * Holds the Quota Center allow-list `privatelink_whitelist/svc_res_mgt_uat`: allocating and replacing the service
   * resource of an endpoint zone (UpdateVpcEndpointZoneConnectionResourceAttribute).
   */
  zoneResourceManagement: boolean;
}

export const DEFAULT_FEATURES: Readonly<AccountFeatures> = Object.freeze({ opened: true, reverseEndpoints: false, zoneResourceManagement: false });

/** The features of each account, keyed by account name or numeric ID in options. */
export type AccountFeatureOptions = Readonly<Record<string, Partial<AccountFeatures>>>;

const FEATURE_NAMES = Object.keys(DEFAULT_FEATURES) as (keyof AccountFeatures)[];

/** Resolves options keyed by name or ID to a full record per account ID; refuses unknown accounts and features. */
export function resolveFeatures(accounts: readonly EmulatorAccount[], options: AccountFeatureOptions = {}): Map<string, AccountFeatures> {
  const out = new Map<string, AccountFeatures>(accounts.map((a) => [a.accountId, { ...DEFAULT_FEATURES }]));
  for (const [ref, features] of Object.entries(options)) {
    const account = accounts.find((a) => a.name === ref || a.accountId === ref);
    if (!account) throw new EmulatorError("InvalidWorldOptions", `accountFeatures: no account named or numbered '${ref}'.`, 400);
    for (const [key, value] of Object.entries(features ?? {})) {
      if (!(FEATURE_NAMES as string[]).includes(key)) {
        throw new EmulatorError("InvalidWorldOptions", `accountFeatures.${ref}: unknown feature '${key}'; use ${FEATURE_NAMES.join(", ")}.`, 400);
      }
      if (typeof value !== "boolean") throw new EmulatorError("InvalidWorldOptions", `accountFeatures.${ref}.${key} must be a boolean.`, 400);
    }
    Object.assign(out.get(account.accountId)!, features);
  }
  return out;
}

/**
 * The CLI form `NAME:feature,feature`, where a feature is `closed` (PrivateLink not activated),
 * `reverse-endpoints` or `zone-resource-management` (allow-lists).
 */
export function parseFeatureSpec(spec: string): [string, Partial<AccountFeatures>] {
  const colon = spec.indexOf(":");
  if (colon <= 0) throw new Error(`--account-features expects NAME:feature[,feature], got ${JSON.stringify(spec)}`);
  const features: Partial<AccountFeatures> = {};
  for (const word of spec
    .slice(colon + 1)
    .split(",")
    .map((w) => w.trim())
    .filter(Boolean)) {
    if (word === "closed") features.opened = false;
    else if (word === "reverse-endpoints") features.reverseEndpoints = true;
    else if (word === "zone-resource-management") features.zoneResourceManagement = true;
    else throw new Error(`--account-features: unknown feature ${JSON.stringify(word)} (use closed, reverse-endpoints, zone-resource-management)`);
  }
  return [spec.slice(0, colon), features];
}
