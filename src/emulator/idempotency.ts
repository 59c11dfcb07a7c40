// ClientToken idempotence (spec 1.8): a retried call with the same token and the same parameters gets the
// original answer back and changes nothing; the same token with different parameters is refused.

import { createHash } from "node:crypto";
import { EmulatorError } from "./types";

export const MAX_CLIENT_TOKEN_LENGTH = 64;

/** Parameters that never take part in the comparison: the token itself and DryRun (dry runs are not stored). */
const EXCLUDED_FROM_HASH = new Set(["ClientToken"]);

export interface IdempotencyRecord {
  readonly key: string;
  readonly paramsHash: string;
  readonly body: Record<string, unknown>;
  readonly storedAt: number;
}

export type IdempotencyLookup = { readonly kind: "new" } | { readonly kind: "replay"; readonly body: Record<string, unknown> } | { readonly kind: "mismatch" };

/** Validates a ClientToken: printable ASCII, at most 64 characters. Empty means "no token". */
export function checkClientToken(token: string | undefined): string | undefined {
  if (token === undefined || token === "") return undefined;
  if (token.length > MAX_CLIENT_TOKEN_LENGTH || !/^[\x20-\x7e]+$/.test(token)) {
    throw new EmulatorError(
      "IllegalParamFormat.ClientToken",
      `The ClientToken parameter is invalid: it must be ASCII and at most ${MAX_CLIENT_TOKEN_LENGTH} characters.`,
      400,
    );
  }
  return token;
}

/** Canonical hash of the business parameters (signature and common parameters already removed). */
export function paramsHash(params: Readonly<Record<string, string>>): string {
  const h = createHash("sha256");
  for (const k of Object.keys(params).sort()) {
    if (EXCLUDED_FROM_HASH.has(k)) continue;
    h.update(k).update("\u0000").update(params[k]!).update("\u0001");
  }
  return h.digest("hex");
}

export function idempotencyKey(accountId: string, action: string, token: string): string {
  return `${accountId}\n${action}\n${token}`;
}

export interface IdempotencyOptions {
  /** Forget tokens after this long (default: never, for the life of the process or state file). */
  ttlMs?: number;
  /** Keep at most this many records; the oldest go first. Default 100,000. */
  maxRecords?: number;
  now?: () => number;
}

export class IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();
  private readonly ttlMs: number | undefined;
  private readonly maxRecords: number;
  private readonly now: () => number;
  private listener: (() => void) | undefined;

  constructor(options: IdempotencyOptions = {}) {
    this.ttlMs = options.ttlMs;
    this.maxRecords = options.maxRecords ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  onChange(listener: () => void): void {
    this.listener = listener;
  }

  lookup(key: string, hash: string): IdempotencyLookup {
    const rec = this.records.get(key);
    if (!rec) return { kind: "new" };
    if (this.ttlMs !== undefined && this.now() - rec.storedAt > this.ttlMs) {
      this.records.delete(key);
      return { kind: "new" };
    }
    if (rec.paramsHash !== hash) return { kind: "mismatch" };
    return { kind: "replay", body: structuredClone(rec.body) };
  }

  /** Stores a successful answer (without RequestId). */
  record(key: string, hash: string, body: Record<string, unknown>): void {
    const copy = structuredClone(body);
    delete copy.RequestId;
    this.records.delete(key);
    this.records.set(key, { key, paramsHash: hash, body: copy, storedAt: this.now() });
    while (this.records.size > this.maxRecords) this.records.delete(this.records.keys().next().value as string);
    this.listener?.();
  }

  get size(): number {
    return this.records.size;
  }

  clear(): void {
    if (this.records.size === 0) return;
    this.records.clear();
    this.listener?.();
  }

  snapshot(): IdempotencyRecord[] {
    return [...this.records.values()];
  }

  restore(records: unknown): void {
    this.records.clear();
    if (!Array.isArray(records)) return;
    for (const r of records as Partial<IdempotencyRecord>[]) {
      if (r && typeof r.key === "string" && typeof r.paramsHash === "string" && r.body && typeof r.body === "object" && typeof r.storedAt === "number") {
        this.records.set(r.key, { key: r.key, paramsHash: r.paramsHash, body: r.body, storedAt: r.storedAt });
      }
    }
  }
}
