// Request signing: signature V3 (ACS3-HMAC-SHA256, the default) and RPC signature V1 (HMAC-SHA1) for the
// PrivateLink RPC API, and V3 for ROA (RESTful) operations such as Elasticsearch's. Every step is a small pure
// function so that each can be checked on its own against the conformance vectors; buildSignedRequest() and
// buildSignedRoaRequest() assemble one complete attempt.

import { createHash, createHmac } from "node:crypto";
import { API_VERSION } from "../spec/statuses";
import { EncodingError, encodeParams, formBodyBytes, joinEncoded, percentEncode, type EncodedParam, type FlatParams } from "./encoding";

export type SignatureVersion = "v3" | "v1";

export const V3_ALGORITHM = "ACS3-HMAC-SHA256";
export const V1_SIGNATURE_METHOD = "HMAC-SHA1";
export const V1_SIGNATURE_VERSION = "1.0";
export const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";
export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";
/** SHA-256 of the empty string: the payload hash of a request without body. */
export const EMPTY_PAYLOAD_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** The credential fields signing needs. */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

/** UTC `YYYY-MM-DDThh:mm:ssZ` (seconds precision), the format of V1 `Timestamp` and V3 `x-acs-date`. */
export function formatTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}

// ---------------------------------------------------------------------------------------------------------
// RPC signature V1 (HMAC-SHA1)

export interface V1CommonParamsInput {
  action: string;
  version?: string;
  /** Signed as sent; we send `JSON`. */
  format?: string;
  nonce: string;
  timestamp: string;
  credentials: Pick<SigningCredentials, "accessKeyId" | "securityToken">;
}

/**
 * The complete signed parameter set, in the official client's order (later keys overwrite earlier ones):
 * Action, Format, Version, Timestamp, SignatureNonce, business query params, [SecurityToken], SignatureMethod,
 * SignatureVersion, AccessKeyId, then the form-body params (a body value wins on a key clash).
 */
export function v1SignedParams(common: V1CommonParamsInput, query: FlatParams, body: FlatParams = {}): FlatParams {
  const out: FlatParams = {
    Action: common.action,
    Format: common.format ?? "JSON",
    Version: common.version ?? API_VERSION,
    Timestamp: common.timestamp,
    SignatureNonce: common.nonce,
    ...query,
  };
  if (common.credentials.securityToken) out.SecurityToken = common.credentials.securityToken;
  out.SignatureMethod = V1_SIGNATURE_METHOD;
  out.SignatureVersion = V1_SIGNATURE_VERSION;
  out.AccessKeyId = common.credentials.accessKeyId;
  return { ...out, ...body };
}

/** Canonicalized query string: sorted raw keys, `encode(k)=encode(v)` joined by `&`. */
export function v1CanonicalizedQuery(signed: FlatParams): string {
  return joinEncoded(encodeParams(signed));
}

/** `METHOD&%2F&encode(canonicalized)`: the canonical string is percent-encoded a second time. */
export function v1StringToSign(method: string, canonicalized: string): string {
  return `${method}&${percentEncode("/")}&${percentEncode(canonicalized)}`;
}

/** The HMAC key is the secret followed by "&", used verbatim. */
export function v1HmacKey(accessKeySecret: string): string {
  return `${accessKeySecret}&`;
}

/** base64(HMAC-SHA1(secret + "&", stringToSign)). */
export function v1Sign(stringToSign: string, accessKeySecret: string): string {
  return createHmac("sha1", v1HmacKey(accessKeySecret)).update(stringToSign, "utf8").digest("base64");
}

// ---------------------------------------------------------------------------------------------------------
// Signature V3 (ACS3-HMAC-SHA256)

/** Lower-case hex SHA-256 of the exact body bytes (x-acs-content-sha256 / HashedRequestPayload). */
export function hashPayload(body: Uint8Array | string | undefined): string {
  if (body === undefined || body.length === 0) return EMPTY_PAYLOAD_HASH;
  return createHash("sha256").update(body).digest("hex");
}

/** Canonical URI: the path as sent, with `+`→`%20`, `*`→`%2A`, `%7E`→`~` (all occurrences). RPC uses `/`. */
export function v3CanonicalUri(pathname: string): string {
  return pathname.replace(/\+/g, "%20").replace(/\*/g, "%2A").replace(/%7E/g, "~");
}

/**
 * Canonical query string: sorted raw keys, `key=encode(value)`. Like the official helper the key itself is not
 * encoded (identical for PrivateLink's key alphabet); an absent value gives `key=`.
 */
export function v3CanonicalQuery(query: Record<string, string | null | undefined>): string {
  return Object.keys(query)
    .sort()
    .map((k) => {
      const v = query[k];
      return v === undefined || v === null ? `${k}=` : `${k}=${percentEncode(v)}`;
    })
    .join("&");
}

/** The canonical query string of parameters already encoded (each value encoded once, see encodeParams). */
function v3CanonicalQueryOf(params: readonly EncodedParam[]): string {
  return params.map((p) => `${p.key}=${p.encodedValue}`).join("&");
}

export type HeaderInput = Record<string, string | readonly string[] | undefined>;

export interface CanonicalHeaders {
  /** `name:value\n` lines, sorted by lower-cased name. */
  readonly canonicalHeaders: string;
  /** Lower-cased names joined by `;`. */
  readonly signedHeaders: string;
}

/** Signs `host`, `content-type` and every `x-acs-*` header; values trimmed; same-name values sorted and joined by `,`. */
export function v3CanonicalHeaders(headers: HeaderInput): CanonicalHeaders {
  const byName = new Map<string, string[]>();
  for (const [name, raw] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!(lower === "host" || lower === "content-type" || lower.startsWith("x-acs-"))) continue;
    const values = raw === undefined ? [""] : typeof raw === "string" ? [raw] : [...raw];
    const list = byName.get(lower) ?? [];
    for (const v of values) list.push(v.trim());
    byName.set(lower, list);
  }
  const names = [...byName.keys()].sort();
  return {
    canonicalHeaders: names.map((n) => `${n}:${byName.get(n)!.sort().join(",")}\n`).join(""),
    signedHeaders: names.join(";"),
  };
}

export interface V3CanonicalRequestParts {
  method: string;
  canonicalUri: string;
  canonicalQuery: string;
  canonicalHeaders: string;
  signedHeaders: string;
  hashedPayload: string;
}

export function v3CanonicalRequest(p: V3CanonicalRequestParts): string {
  return [p.method, p.canonicalUri, p.canonicalQuery, p.canonicalHeaders, p.signedHeaders, p.hashedPayload].join("\n");
}

/** `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request. */
export function v3StringToSign(canonicalRequest: string): string {
  return `${V3_ALGORITHM}\n${createHash("sha256").update(canonicalRequest, "utf8").digest("hex")}`;
}

/** hex(HMAC-SHA256(secret, stringToSign)); the key is the secret alone (no "&"). */
export function v3Sign(stringToSign: string, accessKeySecret: string): string {
  return createHmac("sha256", accessKeySecret).update(stringToSign, "utf8").digest("hex");
}

export function v3Authorization(accessKeyId: string, signedHeaders: string, signature: string): string {
  return `${V3_ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
}

// ---------------------------------------------------------------------------------------------------------
// One complete attempt

export interface SignRequestInput {
  signatureVersion: SignatureVersion;
  action: string;
  /** Defaults to the PrivateLink API version. */
  version?: string;
  /** Host header value: `hostname[:port]` exactly as the HTTP client will send it. */
  host: string;
  /** Flattened business parameters that go in the URL query. */
  query: FlatParams;
  /** Flattened parameters that go in a form body (optional). */
  body?: FlatParams;
  credentials: SigningCredentials;
  nonce: string;
  /** `YYYY-MM-DDThh:mm:ssZ` */
  timestamp: string;
  /** V1 `Format` parameter; we send `JSON` (it is signed, so any case works as long as it is what we sign). */
  format?: string;
  /** Extra headers to send (not x-acs-* overrides of ours). */
  extraHeaders?: Record<string, string>;
}

export interface SignedRequest {
  readonly method: string;
  /** Path as sent (percent-encoded segments); `/` for RPC. */
  readonly path: string;
  /** Encoded query string, without the leading `?`. */
  readonly queryString: string;
  /** Every header to send, lower-case names (includes `authorization` for V3). */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes; empty when there are no body parameters. */
  readonly body: Buffer;
  /** Our string-to-sign, kept to diagnose SignatureDoesNotMatch (contains no secret). */
  readonly stringToSign: string;
}

/** Builds method, path, query string, headers and body of one signed attempt (POST /). */
export function buildSignedRequest(input: SignRequestInput): SignedRequest {
  const version = input.version ?? API_VERSION;
  const bodyFlat = input.body ?? {};
  const hasBody = Object.keys(bodyFlat).length > 0;
  const body = hasBody ? formBodyBytes(bodyFlat) : Buffer.alloc(0);
  const base: Record<string, string> = {
    host: input.host,
    "x-acs-action": input.action,
    "x-acs-version": version,
    ...lowerCaseKeys(input.extraHeaders ?? {}),
  };
  if (hasBody) base["content-type"] = FORM_CONTENT_TYPE;

  if (input.signatureVersion === "v1") {
    const signed = v1SignedParams(
      { action: input.action, version, format: input.format ?? "JSON", nonce: input.nonce, timestamp: input.timestamp, credentials: input.credentials },
      input.query,
      bodyFlat,
    );
    // Each parameter is encoded once: the canonicalized query and the URL share the encoded pairs.
    const encoded = encodeParams(signed);
    const stringToSign = v1StringToSign("POST", joinEncoded(encoded));
    const signature = v1Sign(stringToSign, input.credentials.accessKeySecret);
    // Only the non-body params travel in the URL; body params are signed but sent in the body.
    const queryString = `${joinEncoded(encoded.filter((p) => !(p.key in bodyFlat)))}&Signature=${percentEncode(signature)}`;
    return { method: "POST", path: "/", queryString, headers: base, body, stringToSign };
  }

  return signV3({ method: "POST", path: "/", query: input.query, headers: base, body, input });
}

/** V3 over any method and path: adds the date, nonce, payload hash and STS headers, signs, adds authorization. */
function signV3(r: {
  method: string;
  path: string;
  query: FlatParams;
  headers: Record<string, string>;
  body: Buffer;
  input: Pick<SignRequestInput, "timestamp" | "nonce" | "credentials">;
}): SignedRequest {
  const { credentials } = r.input;
  const headers: Record<string, string> = {
    ...r.headers,
    "x-acs-date": r.input.timestamp,
    "x-acs-signature-nonce": r.input.nonce,
    "x-acs-content-sha256": hashPayload(r.body),
  };
  if (credentials.securityToken) {
    headers["x-acs-security-token"] = credentials.securityToken;
    headers["x-acs-accesskey-id"] = credentials.accessKeyId;
  }
  const { canonicalHeaders, signedHeaders } = v3CanonicalHeaders(headers);
  // Each query value is encoded once, for the canonical query and the URL alike.
  const encoded = encodeParams(r.query);
  const canonicalRequest = v3CanonicalRequest({
    method: r.method,
    canonicalUri: v3CanonicalUri(r.path),
    canonicalQuery: v3CanonicalQueryOf(encoded),
    canonicalHeaders,
    signedHeaders,
    hashedPayload: headers["x-acs-content-sha256"],
  });
  const stringToSign = v3StringToSign(canonicalRequest);
  const signature = v3Sign(stringToSign, credentials.accessKeySecret);
  headers.authorization = v3Authorization(credentials.accessKeyId, signedHeaders, signature);
  return { method: r.method, path: r.path, queryString: joinEncoded(encoded), headers, body: r.body, stringToSign };
}

export interface SignRoaRequestInput extends Pick<SignRequestInput, "action" | "host" | "credentials" | "nonce" | "timestamp" | "extraHeaders"> {
  /** The product's API version, e.g. `2017-06-13`. */
  version: string;
  method: string;
  /** Path with its parameters already percent-encoded (see roaPath). */
  path: string;
  query: FlatParams;
  /** JSON body, serialised with JSON.stringify; none when undefined. */
  body?: Record<string, unknown>;
}

/** Builds one signed ROA attempt (always V3, the only scheme here that covers a path and a JSON body). */
export function buildSignedRoaRequest(input: SignRoaRequestInput): SignedRequest {
  const body = input.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(input.body), "utf8");
  const headers: Record<string, string> = {
    host: input.host,
    "x-acs-action": input.action,
    "x-acs-version": input.version,
    ...lowerCaseKeys(input.extraHeaders ?? {}),
  };
  if (input.body !== undefined) headers["content-type"] = JSON_CONTENT_TYPE;
  return signV3({ method: input.method.toUpperCase(), path: input.path, query: input.query, headers, body, input });
}

/** Fills a ROA path template's `{Name}` placeholders with percent-encoded values (as the generated SDKs do). */
export function roaPath(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined || value === "") throw new EncodingError(`path parameter ${name} is missing`);
    return percentEncode(value);
  });
}

function lowerCaseKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}
