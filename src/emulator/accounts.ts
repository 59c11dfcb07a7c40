// Accounts, their access keys and the STS credentials the emulator mints. Authentication looks every access key
// up here; the admin API mints temporary credentials bound to an account.

import { randomBytes } from "node:crypto";
import { EmulatorError, type EmulatorAccount } from "./types";

/**
 * The two accounts every emulator starts with unless told otherwise. Deterministic so that documents, examples and
 * the quick start can name them; they unlock nothing outside the emulator.
 */
export const DEFAULT_ACCOUNTS: readonly EmulatorAccount[] = Object.freeze([
  Object.freeze({
    name: "owner",
    accountId: "1380000000000001",
    accessKeyId: "LTAI-EMULATOR-OWNER-0001",
    accessKeySecret: "emulator-owner-secret-do-not-use-in-production",
  }),
  Object.freeze({
    name: "consumer",
    accountId: "1380000000000002",
    accessKeyId: "LTAI-EMULATOR-CONSUMER-0002",
    accessKeySecret: "emulator-consumer-secret-do-not-use-in-production",
  }),
]);

/** Temporary credentials, as Alibaba's STS returns them (`Credentials` of AssumeRole). */
export interface StsCredentials {
  readonly AccessKeyId: string;
  readonly AccessKeySecret: string;
  readonly SecurityToken: string;
  /** UTC `YYYY-MM-DDThh:mm:ssZ`. */
  readonly Expiration: string;
  readonly AccountId: string;
}

interface StsRecord {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken: string;
  readonly accountId: string;
  readonly expiresAt: number;
  /** Set for credentials of an assumed role (AssumeRole, AssumeRoleWithOIDC, the instance role). */
  readonly roleArn?: string;
}

/** What authentication learns about an access key. */
export interface KeyLookup {
  readonly account: EmulatorAccount;
  readonly secret: string;
  /** Present for STS keys: the token that must accompany the key and when it expires (epoch ms). */
  readonly sts?: { readonly securityToken: string; readonly expiresAt: number; readonly roleArn?: string };
}

/** Expired STS keys are kept this long so callers get `InvalidSecurityToken.Expired` rather than NotFound. */
const EXPIRED_STS_RETENTION_MS = 24 * 60 * 60 * 1000;
const ACCOUNT_ID = /^[0-9]{1,19}$/;

export function formatUtcSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** Checks a list of accounts: unique names, IDs and keys, numeric IDs, non-empty secrets. Throws a plain Error. */
export function validateAccounts(accounts: readonly EmulatorAccount[]): EmulatorAccount[] {
  if (accounts.length === 0) throw new Error("at least one account is required");
  const seen = new Set<string>();
  const out: EmulatorAccount[] = [];
  for (const a of accounts) {
    if (!a || typeof a !== "object") throw new Error("an account must be an object");
    const { name, accountId, accessKeyId, accessKeySecret } = a;
    if (typeof name !== "string" || name === "") throw new Error("an account needs a name");
    if (typeof accountId !== "string" || !ACCOUNT_ID.test(accountId)) {
      throw new Error(`account ${name}: accountId must be a decimal number, got ${JSON.stringify(accountId)}`);
    }
    if (typeof accessKeyId !== "string" || accessKeyId === "" || accessKeyId.startsWith("STS.")) {
      throw new Error(`account ${name}: accessKeyId must be non-empty and must not start with "STS."`);
    }
    if (typeof accessKeySecret !== "string" || accessKeySecret === "") {
      throw new Error(`account ${name}: accessKeySecret must be non-empty`);
    }
    for (const k of [`name:${name}`, `id:${accountId}`, `key:${accessKeyId}`]) {
      if (seen.has(k)) throw new Error(`duplicate account ${k.replace(":", " ")}`);
      seen.add(k);
    }
    out.push(Object.freeze({ name, accountId, accessKeyId, accessKeySecret }));
  }
  return out;
}

/**
 * Parses the CLI form `NAME:ACCOUNT_ID:ACCESS_KEY_ID:SECRET` (the secret may itself contain `:`).
 */
export function parseAccountSpec(spec: string): EmulatorAccount {
  const parts = spec.split(":");
  if (parts.length < 4) throw new Error(`--account expects NAME:ACCOUNT_ID:ACCESS_KEY_ID:SECRET, got ${JSON.stringify(spec)}`);
  const [name, accountId, accessKeyId, ...rest] = parts;
  return { name: name!, accountId: accountId!, accessKeyId: accessKeyId!, accessKeySecret: rest.join(":") };
}

export class AccountDirectory {
  private readonly accountsList: EmulatorAccount[];
  private readonly byKey = new Map<string, EmulatorAccount>();
  private readonly sts = new Map<string, StsRecord>();
  private changeListener: (() => void) | undefined;

  constructor(
    accounts: readonly EmulatorAccount[] = DEFAULT_ACCOUNTS,
    private readonly now: () => number = Date.now,
  ) {
    this.accountsList = validateAccounts(accounts);
    for (const a of this.accountsList) this.byKey.set(a.accessKeyId, a);
  }

  get accounts(): readonly EmulatorAccount[] {
    return this.accountsList;
  }

  onChange(listener: () => void): void {
    this.changeListener = listener;
  }

  /** Finds an account by name or by numeric ID. */
  find(ref: string): EmulatorAccount | undefined {
    return this.accountsList.find((a) => a.name === ref || a.accountId === ref);
  }

  lookup(accessKeyId: string): KeyLookup | undefined {
    const account = this.byKey.get(accessKeyId);
    if (account) return { account, secret: account.accessKeySecret };
    const rec = this.sts.get(accessKeyId);
    if (!rec) return undefined;
    const owner = this.accountsList.find((a) => a.accountId === rec.accountId);
    if (!owner) return undefined;
    return { account: owner, secret: rec.accessKeySecret, sts: { securityToken: rec.securityToken, expiresAt: rec.expiresAt, roleArn: rec.roleArn } };
  }

  /**
   * Mints temporary credentials for an account (name or ID). durationSeconds: 1..43200, default 3600; `lifeMs`
   * overrides the life (STS scales it by the time scale); `roleArn` marks credentials of an assumed role.
   */
  mintSts(accountRef: string, durationSeconds = 3600, options: { lifeMs?: number; roleArn?: string } = {}): StsCredentials {
    const account = this.find(accountRef);
    if (!account) throw new EmulatorError("AccountNotFound", `No account named or numbered ${JSON.stringify(accountRef)}.`, 404);
    if (!Number.isInteger(durationSeconds) || durationSeconds < 1 || durationSeconds > 43200) {
      throw new EmulatorError("InvalidParameter.DurationSeconds", "durationSeconds must be an integer from 1 to 43200.", 400);
    }
    this.prune();
    const rec: StsRecord = {
      accessKeyId: "STS." + alnum(25),
      accessKeySecret: alnum(44),
      // Real tokens are long base64 strings containing + / =, which exercises the encoders on both sides.
      securityToken: "CAIS" + randomBytes(96).toString("base64"),
      accountId: account.accountId,
      expiresAt: Math.floor((this.now() + (options.lifeMs ?? durationSeconds * 1000)) / 1000) * 1000,
      ...(options.roleArn ? { roleArn: options.roleArn } : {}),
    };
    this.sts.set(rec.accessKeyId, rec);
    this.changeListener?.();
    return {
      AccessKeyId: rec.accessKeyId,
      AccessKeySecret: rec.accessKeySecret,
      SecurityToken: rec.securityToken,
      Expiration: formatUtcSeconds(rec.expiresAt),
      AccountId: rec.accountId,
    };
  }

  /** Forgets STS keys that expired more than a day ago. */
  prune(): void {
    const limit = this.now() - EXPIRED_STS_RETENTION_MS;
    for (const [k, rec] of this.sts) if (rec.expiresAt < limit) this.sts.delete(k);
  }

  snapshotSts(): unknown[] {
    this.prune();
    return [...this.sts.values()].map((r) => ({ ...r }));
  }

  restoreSts(records: unknown): void {
    this.sts.clear();
    if (!Array.isArray(records)) return;
    for (const r of records as Partial<StsRecord>[]) {
      if (
        r &&
        typeof r.accessKeyId === "string" &&
        typeof r.accessKeySecret === "string" &&
        typeof r.securityToken === "string" &&
        typeof r.accountId === "string" &&
        typeof r.expiresAt === "number"
      ) {
        this.sts.set(r.accessKeyId, { ...(r as StsRecord) });
      }
    }
    this.prune();
  }
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
function alnum(n: number): string {
  const bytes = randomBytes(n);
  let s = "";
  for (let i = 0; i < n; i++) s += ALNUM[bytes[i]! % ALNUM.length];
  return s;
}
