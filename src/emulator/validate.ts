// Request parameter validation (spec 1.4, 1.10, 4.1). "Required" and "type" come from the generated catalog,
// relaxed or tightened where the spec's decisions say so; the handlers add enums, lengths, patterns and ranges.

import { createCipheriv, createDecipheriv, createHash } from "node:crypto";
import { EmulatorError } from "./types";
import { operationSpec, type ParamSpec } from "../spec/operations";
import { CLIENT_TOKEN_MAX_LENGTH, MAX_RESULTS } from "../spec/constraints";

export function missingParam(name: string): EmulatorError {
  return new EmulatorError(`MissingParam.${name}`, `The param of ${name} is missing.`, 400);
}

export function illegalParam(name: string, detail?: string): EmulatorError {
  return new EmulatorError(`IllegalParamFormat.${name}`, `The param format of ${name} is illegal.${detail ? ` ${detail}` : ""}`, 400);
}

/** Where the spec's decisions override the catalog's documented "required" (section 7, open decisions 1-3). */
export const REQUIRED_OVERRIDES: Readonly<Record<string, { optional?: readonly string[]; required?: readonly string[]; allowEmpty?: readonly string[] }>> = {
  // Open decision 1: the three filters are optional; only RegionId and ServiceId are mandatory.
  ListVpcEndpointConnections: { optional: ["EndpointId", "EndpointOwnerId", "ConnectionStatus"] },
  // Open decision 3: a missing EndpointId is an error.
  GetVpcEndpointAttribute: { required: ["EndpointId"] },
  // Open decision 2, as the current API models it: both optional (only what is sent changes); an empty value clears the field.
  UpdateVpcEndpointAttribute: { allowEmpty: ["EndpointName", "EndpointDescription"] },
};

export interface StringRules {
  min?: number;
  max?: number;
  pattern?: RegExp;
  forbiddenPrefixes?: readonly string[];
  /** Error code to use instead of IllegalParamFormat.<Name>. */
  code?: string;
  message?: string;
}

export interface Group {
  /** The N of `Name.N.Member`. */
  index: number;
  values: Record<string, string | undefined>;
}

/** The business parameters of one call, checked against the catalog on construction. */
export class Params {
  private readonly spec: readonly ParamSpec[];

  constructor(
    readonly action: string,
    readonly raw: Readonly<Record<string, string>>,
    /** The parameters of the action; the PrivateLink catalog's by default. */
    spec: readonly ParamSpec[] = operationSpec(action)?.request ?? [],
  ) {
    this.spec = spec;
    const o = REQUIRED_OVERRIDES[action] ?? {};
    for (const p of this.spec) {
      if (p.wireName.includes(".N")) {
        this.checkListKeys(p);
        continue;
      }
      const required = (p.required && !o.optional?.includes(p.wireName)) || Boolean(o.required?.includes(p.wireName));
      const value = raw[p.wireName];
      const empty = value === undefined || (value === "" && !o.allowEmpty?.includes(p.wireName));
      if (required && empty) throw missingParam(p.wireName);
      if (value === undefined || value === "") continue;
      if ((p.type === "integer" || p.type === "long") && !/^[+-]?\d+$/.test(value)) throw illegalParam(p.wireName, `Expected an integer, got '${value}'.`);
      if (p.type === "boolean" && !/^(true|false)$/i.test(value)) throw illegalParam(p.wireName, `Expected true or false, got '${value}'.`);
    }
    const token = raw["ClientToken"];
    if (token !== undefined && token !== "" && (token.length > CLIENT_TOKEN_MAX_LENGTH || !/^[\x20-\x7e]+$/.test(token)))
      throw illegalParam("ClientToken", `At most ${CLIENT_TOKEN_MAX_LENGTH} printable ASCII characters.`);
  }

  private checkListKeys(p: ParamSpec): void {
    const [head, member] = p.wireName.split(".N");
    const re = new RegExp(`^${escapeRe(head!)}\\.([^.]+)${member ? escapeRe(member) : ""}$`);
    for (const key of Object.keys(this.raw)) {
      const m = re.exec(key);
      if (m && !/^[1-9]\d{0,5}$/.test(m[1]!)) throw illegalParam(key, "The list index N must be a positive integer.");
    }
  }

  /** Present with a non-empty value. */
  has(name: string): boolean {
    const v = this.raw[name];
    return v !== undefined && v !== "";
  }

  /** Present at all (an empty value counts). */
  present(name: string): boolean {
    return this.raw[name] !== undefined;
  }

  str(name: string, rules: StringRules = {}): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === "") return v === "" && this.isEmptyAllowed(name) ? "" : undefined;
    checkString(name, v, rules);
    return v;
  }

  requireStr(name: string, rules: StringRules = {}): string {
    const v = this.str(name, rules);
    if (v === undefined) throw missingParam(name);
    return v;
  }

  int(name: string, range?: { min: number; max: number; code?: string }): number | undefined {
    const v = this.raw[name];
    if (v === undefined || v === "") return undefined;
    if (!/^[+-]?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw illegalParam(name, `Expected an integer, got '${v}'.`);
    const n = Number(v);
    if (range && (n < range.min || n > range.max)) {
      const msg = `The value ${n} is out of range ${range.min}-${range.max}.`;
      throw range.code ? new EmulatorError(range.code, msg, 400) : illegalParam(name, msg);
    }
    return n;
  }

  /** An account ID: a decimal long, returned as its canonical decimal string. */
  accountId(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === "") return undefined;
    if (!/^\d{1,20}$/.test(v) || !Number.isSafeInteger(Number(v))) throw illegalParam(name, `Expected a decimal account ID, got '${v}'.`);
    return String(Number(v));
  }

  bool(name: string): boolean | undefined {
    const v = this.raw[name];
    if (v === undefined || v === "") return undefined;
    if (/^true$/i.test(v)) return true;
    if (/^false$/i.test(v)) return false;
    throw illegalParam(name, `Expected true or false, got '${v}'.`);
  }

  enumOf<T extends string>(name: string, values: readonly T[], code?: string): T | undefined {
    const v = this.raw[name];
    if (v === undefined || v === "") return undefined;
    if (!(values as readonly string[]).includes(v)) {
      const msg = `'${v}' is not one of ${values.join(", ")}.`;
      throw code ? new EmulatorError(code, `The specified parameter ${name} is invalid. ${msg}`, 400) : illegalParam(name, msg);
    }
    return v as T;
  }

  /** `Name.N` values ordered by N; gaps are accepted (spec 1.4 decision). */
  list(name: string, maxIndex: number, overflow?: () => EmulatorError): string[] {
    const re = new RegExp(`^${escapeRe(name)}\\.(\\d+)$`);
    const found: [number, string][] = [];
    for (const [key, value] of Object.entries(this.raw)) {
      const m = re.exec(key);
      if (!m || value === "") continue;
      const n = Number(m[1]);
      if (n > maxIndex) throw overflow ? overflow() : illegalParam(`${name}.N`, `N must be between 1 and ${maxIndex}.`);
      found.push([n, value]);
    }
    return found.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  }

  /** `Name.N.Member` groups ordered by N; members sharing an N form one object (spec 1.4 decision). */
  groups(name: string, members: readonly string[], maxIndex: number, overflow?: () => EmulatorError): Group[] {
    const re = new RegExp(`^${escapeRe(name)}\\.(\\d+)\\.(.+)$`);
    const byIndex = new Map<number, Record<string, string | undefined>>();
    for (const [key, value] of Object.entries(this.raw)) {
      const m = re.exec(key);
      if (!m || !members.includes(m[2]!) || value === "") continue;
      const n = Number(m[1]);
      if (n > maxIndex) throw overflow ? overflow() : illegalParam(`${name}.N`, `N must be between 1 and ${maxIndex}.`);
      const g = byIndex.get(n) ?? {};
      g[m[2]!] = value;
      byIndex.set(n, g);
    }
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([index, values]) => ({ index, values }));
  }

  maxResults(): number {
    return this.int("MaxResults", { min: MAX_RESULTS.min, max: MAX_RESULTS.max }) ?? MAX_RESULTS.default;
  }

  private isEmptyAllowed(name: string): boolean {
    return Boolean(REQUIRED_OVERRIDES[this.action]?.allowEmpty?.includes(name));
  }
}

export function checkString(name: string, v: string, rules: StringRules): void {
  const fail = (detail: string): EmulatorError =>
    rules.code ? new EmulatorError(rules.code, rules.message ?? `The specified parameter ${name} is invalid. ${detail}`, 400) : illegalParam(name, detail);
  const len = [...v].length;
  if (rules.min !== undefined && len < rules.min) throw fail(`At least ${rules.min} characters.`);
  if (rules.max !== undefined && len > rules.max) throw fail(`At most ${rules.max} characters.`);
  if (rules.pattern && !rules.pattern.test(v)) throw fail(`It must match ${rules.pattern}.`);
  for (const p of rules.forbiddenPrefixes ?? []) if (v.toLowerCase().startsWith(p)) throw fail(`It must not start with ${p}.`);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// ---------------------------------------------------------------------------------------------------------------
// Paging (spec 1.10): creation order; the NextToken is 32 hex characters, opaque to clients. It is one AES block
// holding a magic number, a hash of the listing's scope (action, caller, parent) and the sequence number of the
// last item returned, so it survives deletions between pages and a token of another listing is rejected.

const MAGIC = 0x504c;

export class PageTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash("sha256").update(`page-token:${secret}`).digest().subarray(0, 16);
  }

  encode(scope: string, cursor: number): string {
    const block = Buffer.alloc(16);
    block.writeUInt16BE(MAGIC, 0);
    block.writeUInt16BE(1, 2);
    block.writeUInt32BE(scopeHash(scope), 4);
    block.writeBigUInt64BE(BigInt(cursor), 8);
    const c = createCipheriv("aes-128-ecb", this.key, null);
    c.setAutoPadding(false);
    return Buffer.concat([c.update(block), c.final()]).toString("hex");
  }

  decode(scope: string, token: string): number {
    if (!/^[0-9a-fA-F]{32}$/.test(token)) throw illegalParam("NextToken", "Unknown token.");
    const d = createDecipheriv("aes-128-ecb", this.key, null);
    d.setAutoPadding(false);
    const block = Buffer.concat([d.update(Buffer.from(token, "hex")), d.final()]);
    if (block.readUInt16BE(0) !== MAGIC || block.readUInt16BE(2) !== 1 || block.readUInt32BE(4) !== scopeHash(scope))
      throw illegalParam("NextToken", "Unknown token.");
    return Number(block.readBigUInt64BE(8));
  }
}

function scopeHash(scope: string): number {
  return createHash("sha256").update(scope).digest().readUInt32BE(0);
}

export interface Page<T> {
  items: T[];
  nextToken: string;
  maxResults: number;
  /** Every item of the listing (all pages), the lists' TotalCount. */
  totalCount: number;
}

/** One page of `items` (already filtered, in creation order) after the cursor in NextToken. */
export function paginate<T extends { seq: number }>(items: readonly T[], p: Params, tokens: PageTokens, scope: string): Page<T> {
  const maxResults = p.maxResults();
  const token = p.str("NextToken");
  const after = token ? tokens.decode(scope, token) : 0;
  const rest = items.filter((i) => i.seq > after).sort((a, b) => a.seq - b.seq);
  const pageItems = rest.slice(0, maxResults);
  const nextToken = rest.length > maxResults ? tokens.encode(scope, pageItems[pageItems.length - 1]!.seq) : "";
  return { items: pageItems, nextToken, maxResults, totalCount: items.length };
}
