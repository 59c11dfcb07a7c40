// Identifiers, names, domains and times of PrivateLink objects (spec 1.11, 1.5).
// IDs are derived from a per-world salt and a counter, so a world restored from a snapshot keeps issuing fresh,
// non-colliding IDs, and a world built with a fixed salt issues the same IDs run after run.

import { createHash, randomBytes } from "node:crypto";

export type IdKind = "service" | "endpoint" | "eni";

const PREFIX: Record<IdKind, string> = { service: "epsrv-", endpoint: "ep-", eni: "eni-" };
const SUFFIX_LENGTH = 20;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export interface IdGeneratorState {
  salt: string;
  counters: Record<IdKind, number>;
}

export function newSalt(): string {
  return randomBytes(8).toString("hex");
}

/** Issues `epsrv-`/`ep-`/`eni-` + 20 lowercase alphanumerics. */
export class IdGenerator {
  private state: IdGeneratorState;

  constructor(salt: string = newSalt()) {
    this.state = { salt, counters: { service: 0, endpoint: 0, eni: 0 } };
  }

  next(kind: IdKind): string {
    this.state.counters[kind] += 1;
    return PREFIX[kind] + suffix(`${this.state.salt}:${kind}:${this.state.counters[kind]}`);
  }

  snapshot(): IdGeneratorState {
    return { salt: this.state.salt, counters: { ...this.state.counters } };
  }

  restore(state: IdGeneratorState): void {
    this.state = {
      salt: String(state.salt),
      counters: {
        service: Number(state.counters?.service) || 0,
        endpoint: Number(state.counters?.endpoint) || 0,
        eni: Number(state.counters?.eni) || 0,
      },
    };
  }

  get salt(): string {
    return this.state.salt;
  }
}

function suffix(seed: string): string {
  const digest = createHash("sha256").update(seed).digest();
  let out = "";
  for (let i = 0; i < SUFFIX_LENGTH; i++) out += ALPHABET[digest[i]! % ALPHABET.length];
  return out;
}

/** The order number of an account's activation (OpenPrivateLinkService.OrderId): 12 digits, stable per world. */
export function activationOrderId(salt: string, accountId: string): string {
  const digest = createHash("sha256").update(`${salt}:order:${accountId}`).digest();
  return String(100_000_000_000 + (digest.readUInt32BE(0) % 900_000_000_000));
}

export const ID_FORMAT = {
  service: /^epsrv-[a-z0-9]{20}$/,
  endpoint: /^ep-[a-z0-9]{20}$/,
  eni: /^eni-[a-z0-9]{20}$/,
} as const;

// Names and domains, spec 1.11 (one definition, shared with the resources).
export { endpointDomain, serviceDomain, serviceName, zoneDomain } from "../spec/names";
export const regionEndpoint = (regionId: string): string => `privatelink.${regionId}.aliyuncs.com`;

/** `YYYY-MM-DDThh:mm:ssZ` in UTC (spec 1.5). */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
