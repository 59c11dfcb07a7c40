// Signature verification for the two schemes Alibaba Cloud RPC APIs accept: V1 (HMAC-SHA1 over the sorted,
// percent-encoded parameters) and V3 (ACS3-HMAC-SHA256 over a canonical request). Both recompute from the
// DECODED values as received: official clients sign `%2A` but send `*`, so any correct wire encoding verifies.

import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { EmulatorError, type EmulatorAccount } from "./types";
import type { AccountDirectory } from "./accounts";

export const SIGNATURE_MISMATCH_PREFIX = "Specified signature is not matched with our calculation. server string to sign is:";
export const DEFAULT_TIME_WINDOW_MS = 15 * 60 * 1000;
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const V3_ALGORITHM = "ACS3-HMAC-SHA256";

/** Parameters that belong to the protocol, not to the operation; never handed to a handler. */
export const COMMON_PARAMS: ReadonlySet<string> = new Set([
  "Action",
  "Version",
  "Format",
  "AccessKeyId",
  "Signature",
  "SignatureMethod",
  "SignatureVersion",
  "SignatureNonce",
  "SignatureType",
  "Timestamp",
  "SecurityToken",
  "BearerToken",
]);

export interface AuthOptions {
  /** Verify signatures (default true). When false the caller is still identified by its access key. */
  verifySignatures?: boolean;
  /** Refuse timestamps outside the window (default true). */
  checkTimestamps?: boolean;
  /** Refuse a nonce seen before inside the window (default true). */
  checkNonces?: boolean;
  /** Allowed clock difference, default 15 minutes. */
  timeWindowMs?: number;
  /** Hard cap on remembered nonces; the oldest are forgotten first. Default 1,000,000. */
  maxNonces?: number;
  now?: () => number;
}

/** What the protocol layer knows about a request when it authenticates it. */
export interface AuthInput {
  /** HTTP method actually used, upper case. */
  readonly method: string;
  /** Request path exactly as received, without the query (for V3's canonical URI). */
  readonly rawPath: string;
  /** Decoded query parameters. */
  readonly query: Readonly<Record<string, string>>;
  /** Decoded form-body parameters (empty when the body is not a form). */
  readonly form: Readonly<Record<string, string>>;
  /** Exact body bytes (V3 hashes them). */
  readonly body: Buffer;
  /** Header values by lower-case name, duplicates kept apart. */
  readonly headers: Readonly<Record<string, readonly string[] | undefined>>;
}

export interface AuthResult {
  readonly account: EmulatorAccount;
  readonly accessKeyId: string;
  readonly viaSts: boolean;
  readonly scheme: "V1" | "V3" | "unsigned";
}

/** RFC 3986 percent-encoding over UTF-8 with upper-case hex: what both signature schemes use. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** JS code-unit order, as the official signers sort (`Object.keys(...).sort()`). */
function sortedKeys(obj: Readonly<Record<string, string>>): string[] {
  return Object.keys(obj).sort();
}

/** V1: canonicalised query string and string to sign (section 2 of the protocol notes). */
export function v1StringToSign(method: string, params: Readonly<Record<string, string>>): string {
  const canonical = sortedKeys(params)
    .filter((k) => k !== "Signature")
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join("&");
  return `${method.toUpperCase()}&${percentEncode("/")}&${percentEncode(canonical)}`;
}

export function v1Signature(stringToSign: string, secret: string): string {
  return createHmac("sha1", secret + "&")
    .update(stringToSign, "utf8")
    .digest("base64");
}

export interface V3Canonical {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}

/** V3: canonical request from what was received; header values are taken for the names in SignedHeaders. */
export function v3Canonical(
  method: string,
  rawPath: string,
  query: Readonly<Record<string, string>>,
  headers: Readonly<Record<string, readonly string[] | undefined>>,
  signedHeaders: readonly string[],
  hashedPayload: string,
): V3Canonical {
  const canonicalUri = (rawPath || "/").replace(/\+/g, "%20").replace(/\*/g, "%2A").replace(/%7E/gi, "~");
  const canonicalQuery = sortedKeys(query)
    .map((k) => `${k}=${percentEncode(query[k]!)}`)
    .join("&");
  const names = [...new Set(signedHeaders.map((h) => h.toLowerCase()))].sort();
  let canonicalHeaders = "";
  for (const name of names) {
    const values = (headers[name] ?? []).map((v) => v.trim()).sort();
    canonicalHeaders += `${name}:${values.join(",")}\n`;
  }
  const canonicalRequest = [method.toUpperCase(), canonicalUri, canonicalQuery, canonicalHeaders, names.join(";"), hashedPayload].join("\n");
  const stringToSign = `${V3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
  return { canonicalRequest, stringToSign };
}

export function v3Signature(stringToSign: string, secret: string): string {
  return createHmac("sha256", secret).update(stringToSign, "utf8").digest("hex");
}

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Constant-time string comparison (equal lengths compared in constant time; lengths themselves may leak). */
export function constantTimeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, "utf8");
  const bb = Buffer.from(b, "utf8");
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

interface ParsedAuthorization {
  readonly credential: string;
  readonly signedHeaders: string[];
  readonly signature: string;
}

/** Parses `ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex`; undefined when malformed. */
export function parseV3Authorization(header: string): ParsedAuthorization | undefined {
  const m = /^\s*ACS3-HMAC-SHA256\s+(.*)$/s.exec(header);
  if (!m) return undefined;
  const fields = new Map<string, string>();
  for (const part of m[1]!.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return undefined;
    const key = part.slice(0, eq).trim();
    if (fields.has(key)) return undefined;
    fields.set(key, part.slice(eq + 1).trim());
  }
  const credential = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!credential || !signedHeaders || !signature || !/^[0-9a-fA-F]+$/.test(signature)) return undefined;
  const names = signedHeaders.split(";").map((h) => h.trim().toLowerCase());
  if (names.some((n) => n === "")) return undefined;
  return { credential, signedHeaders: names, signature };
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?Z$/;

/** Parses `YYYY-MM-DDThh:mm:ssZ` (milliseconds tolerated); undefined when not a real UTC instant. */
export function parseTimestamp(value: string): number | undefined {
  const m = TIMESTAMP.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(t);
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== h ||
    back.getUTCMinutes() !== mi ||
    back.getUTCSeconds() !== s
  ) {
    return undefined;
  }
  return t;
}

export function missingParameter(name: string): EmulatorError {
  return new EmulatorError("MissingParameter", `The input parameter "${name}" that is mandatory for processing this request is not supplied.`, 400);
}

function incompleteSignature(detail?: string): EmulatorError {
  return new EmulatorError("IncompleteSignature", "The request signature does not conform to Aliyun standards." + (detail ? ` ${detail}` : ""), 400);
}

/**
 * Remembers nonces per access key. A nonce is kept for twice the time window after it was seen: any replay
 * later than that carries a timestamp outside the window anyway. Insertion order = expiry order, so pruning
 * pops from the front; a hard cap bounds memory under floods.
 */
export class NonceCache {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly retentionMs: number,
    private readonly maxEntries: number,
  ) {}

  /** True when the nonce is new (and records it); false when it was used already. */
  checkAndRecord(accessKeyId: string, nonce: string, now: number): boolean {
    this.prune(now);
    const key = `${accessKeyId}\n${nonce}`;
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    this.seen.delete(key);
    this.seen.set(key, now + this.retentionMs);
    while (this.seen.size > this.maxEntries) {
      const first = this.seen.keys().next().value as string;
      this.seen.delete(first);
    }
    return true;
  }

  prune(now: number): void {
    for (const [k, until] of this.seen) {
      if (until > now) break;
      this.seen.delete(k);
    }
  }

  get size(): number {
    return this.seen.size;
  }

  clear(): void {
    this.seen.clear();
  }
}

function first(headers: AuthInput["headers"], name: string): string | undefined {
  const v = headers[name];
  return v && v.length > 0 ? v[0] : undefined;
}

/** V3 headers always signed by the cloud: the routing headers, the host and the payload hash. */
export const V3_REQUIRED_SIGNED_HEADERS: readonly string[] = [
  "host",
  "x-acs-action",
  "x-acs-version",
  "x-acs-content-sha256",
  "x-acs-date",
  "x-acs-signature-nonce",
];

/**
 * The headers a V3 signature must cover: the required ones and every `x-acs-*` header sent. Otherwise a signed
 * request could be re-sent with another action, version or token in an unsigned header.
 */
export function mustBeSigned(headers: AuthInput["headers"]): string[] {
  const sent = Object.keys(headers).filter((name) => name.startsWith("x-acs-") && (headers[name]?.length ?? 0) > 0);
  return [...new Set([...V3_REQUIRED_SIGNED_HEADERS, ...sent])].sort();
}

export class Authenticator {
  readonly verifySignatures: boolean;
  readonly checkTimestamps: boolean;
  readonly checkNonces: boolean;
  private readonly windowMs: number;
  private readonly now: () => number;
  readonly nonces: NonceCache;

  constructor(
    private readonly accounts: AccountDirectory,
    options: AuthOptions = {},
  ) {
    this.verifySignatures = options.verifySignatures ?? true;
    this.checkTimestamps = options.checkTimestamps ?? true;
    this.checkNonces = options.checkNonces ?? true;
    this.windowMs = options.timeWindowMs ?? DEFAULT_TIME_WINDOW_MS;
    this.now = options.now ?? Date.now;
    this.nonces = new NonceCache(2 * this.windowMs, options.maxNonces ?? 1_000_000);
  }

  /** Identifies and verifies the caller, or throws the EmulatorError the real gateway would answer with. */
  authenticate(input: AuthInput): AuthResult {
    const authorization = first(input.headers, "authorization");
    if (authorization !== undefined && /^\s*ACS3-/i.test(authorization)) return this.verifyV3(input, authorization);
    if (authorization !== undefined && !("Signature" in input.query) && !("Signature" in input.form)) {
      throw incompleteSignature("Unsupported Authorization scheme.");
    }
    return this.verifyV1(input);
  }

  private verifyV1(input: AuthInput): AuthResult {
    const params: Record<string, string> = { ...input.query, ...input.form };
    const accessKeyId = params.AccessKeyId;
    if (!this.verifySignatures) return this.unsigned(accessKeyId, params.SecurityToken);
    if (accessKeyId === undefined || accessKeyId === "") throw missingParameter("AccessKeyId");
    const signature = params.Signature;
    if (signature === undefined || signature === "") throw incompleteSignature("The Signature parameter is missing.");
    if (params.SignatureMethod === undefined) throw missingParameter("SignatureMethod");
    if (params.SignatureMethod !== "HMAC-SHA1") throw incompleteSignature(`SignatureMethod ${params.SignatureMethod} is not supported; use HMAC-SHA1.`);
    if (params.SignatureVersion === undefined) throw missingParameter("SignatureVersion");
    if (params.SignatureVersion !== "1.0") throw incompleteSignature(`SignatureVersion ${params.SignatureVersion} is not supported; use 1.0.`);
    const nonce = params.SignatureNonce;
    if (nonce === undefined || nonce === "") throw missingParameter("SignatureNonce");
    const timestamp = params.Timestamp;
    if (timestamp === undefined || timestamp === "") throw missingParameter("Timestamp");
    const now = this.now();
    this.checkTime(timestamp, now);
    const key = this.resolveKey(accessKeyId, params.SecurityToken, now);
    const stringToSign = v1StringToSign(input.method, params);
    const expected = v1Signature(stringToSign, key.secret);
    if (!constantTimeEqual(expected, signature)) {
      throw new EmulatorError("SignatureDoesNotMatch", SIGNATURE_MISMATCH_PREFIX + stringToSign, 400);
    }
    this.checkNonce(accessKeyId, nonce, now);
    return { account: key.account, accessKeyId, viaSts: key.viaSts, scheme: "V1" };
  }

  private verifyV3(input: AuthInput, authorization: string): AuthResult {
    const parsed = parseV3Authorization(authorization);
    if (!parsed) throw incompleteSignature("The Authorization header is malformed; expected ACS3-HMAC-SHA256 Credential=...,SignedHeaders=...,Signature=....");
    const accessKeyId = parsed.credential;
    const securityToken = first(input.headers, "x-acs-security-token");
    if (!this.verifySignatures) return this.unsigned(accessKeyId, securityToken);
    const date = first(input.headers, "x-acs-date");
    if (date === undefined || date === "") throw missingParameter("x-acs-date");
    const nonce = first(input.headers, "x-acs-signature-nonce");
    if (nonce === undefined || nonce === "") throw missingParameter("x-acs-signature-nonce");
    const claimedHash = first(input.headers, "x-acs-content-sha256");
    if (claimedHash === undefined || claimedHash === "") throw missingParameter("x-acs-content-sha256");
    for (const name of mustBeSigned(input.headers)) {
      if (!parsed.signedHeaders.includes(name)) throw incompleteSignature(`The header ${name} must be signed.`);
    }
    const now = this.now();
    this.checkTime(date, now);
    const key = this.resolveKey(accessKeyId, securityToken, now);
    // The payload line uses the hash of the bytes actually received: a body that does not match the signed
    // x-acs-content-sha256 therefore fails like any other tampering.
    const { stringToSign } = v3Canonical(input.method, input.rawPath, input.query, input.headers, parsed.signedHeaders, sha256Hex(input.body));
    const expected = v3Signature(stringToSign, key.secret);
    if (!constantTimeEqual(expected, parsed.signature.toLowerCase()) || !constantTimeEqual(claimedHash.toLowerCase(), sha256Hex(input.body))) {
      throw new EmulatorError("SignatureDoesNotMatch", SIGNATURE_MISMATCH_PREFIX + stringToSign, 400);
    }
    this.checkNonce(accessKeyId, nonce, now);
    return { account: key.account, accessKeyId, viaSts: key.viaSts, scheme: "V3" };
  }

  /** Signature checks off: identify the caller by its key when there is one, else act as the first account. */
  private unsigned(accessKeyId: string | undefined, securityToken: string | undefined): AuthResult {
    if (accessKeyId === undefined || accessKeyId === "") {
      const account = this.accounts.accounts[0]!;
      return { account, accessKeyId: account.accessKeyId, viaSts: false, scheme: "unsigned" };
    }
    const key = this.resolveKey(accessKeyId, securityToken, this.now());
    return { account: key.account, accessKeyId, viaSts: key.viaSts, scheme: "unsigned" };
  }

  private checkTime(value: string, now: number): void {
    const t = parseTimestamp(value);
    if (t === undefined) {
      throw new EmulatorError("InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.", 400);
    }
    if (this.checkTimestamps && Math.abs(now - t) > this.windowMs) {
      throw new EmulatorError("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.", 400);
    }
  }

  private checkNonce(accessKeyId: string, nonce: string, now: number): void {
    if (!this.checkNonces) return;
    if (!this.nonces.checkAndRecord(accessKeyId, nonce, now)) {
      throw new EmulatorError("SignatureNonceUsed", "Specified signature nonce was used already.", 400);
    }
  }

  private resolveKey(accessKeyId: string, securityToken: string | undefined, now: number): { account: EmulatorAccount; secret: string; viaSts: boolean } {
    const found = this.accounts.lookup(accessKeyId);
    if (!found) throw new EmulatorError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404);
    const token = securityToken === "" ? undefined : securityToken;
    if (!found.sts) {
      if (token !== undefined) {
        throw new EmulatorError("InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken mismatch with the AccessKey.", 400);
      }
      return { account: found.account, secret: found.secret, viaSts: false };
    }
    if (token === undefined) throw new EmulatorError("MissingSecurityToken", "SecurityToken is mandatory for temporary (STS) access keys.", 400);
    if (!constantTimeEqual(token, found.sts.securityToken)) {
      throw new EmulatorError("InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken mismatch with the AccessKey.", 400);
    }
    if (found.sts.expiresAt <= now) throw new EmulatorError("InvalidSecurityToken.Expired", "Specified SecurityToken is expired.", 400);
    return { account: found.account, secret: found.secret, viaSts: true };
  }
}
