// Parameter flattening and percent-encoding for the Alibaba Cloud RPC protocol (pure functions).
// We build every query string and form body ourselves: HTTP libraries encode space as "+" and leave
// reserved characters raw, which would make the bytes we send differ from the bytes we signed.

/** A business parameter value as callers pass it; nested arrays/objects are flattened repeat-list style. */
export type ApiValue = string | number | boolean | null | undefined | ApiValue[] | { [k: string]: ApiValue };
export type ApiParams = Record<string, ApiValue>;
/** Flattened parameters: wire key (e.g. `Zone.1.VSwitchId`) to string value, in insertion order. */
export type FlatParams = Record<string, string>;

/** Raised for input that cannot be put on the wire (e.g. a string with a lone UTF-16 surrogate). */
export class EncodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EncodingError";
  }
}

/** String.prototype.isWellFormed (ES2024), present in every supported Node version but not in our TS lib. */
type WellFormedCheck = string & { isWellFormed?: () => boolean };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws EncodingError when `s` is not well-formed UTF-16 (it could not be encoded as UTF-8). */
export function assertWellFormed(s: string, what = "value"): void {
  if ((s as WellFormedCheck).isWellFormed?.() === true) return; // native since Node 20: no regex on the hot path
  const m = LONE_SURROGATE.exec(s);
  if (m) {
    throw new EncodingError(
      `${what} contains a lone UTF-16 surrogate (U+${m[0].charCodeAt(0).toString(16).toUpperCase()}) at index ${m.index}; ` +
        "it cannot be encoded as UTF-8. Remove it or pass a well-formed string.",
    );
  }
}

/**
 * RFC 3986 percent-encoding as the official signer does it: UTF-8, upper-case hex, only `A-Z a-z 0-9 - _ . ~`
 * left literal (encodeURIComponent also leaves `! ' ( ) *`, so those are escaped on top). Space is `%20`.
 */
export function percentEncode(s: string): string {
  if (UNRESERVED_ONLY.test(s)) return s; // most keys and IDs: nothing to encode
  let encoded: string;
  try {
    encoded = encodeURIComponent(s);
  } catch (error) {
    // encodeURIComponent refuses exactly the strings that are not well-formed UTF-16: say where and why.
    assertWellFormed(s);
    throw error;
  }
  return RESERVED_BY_RFC3986.test(encoded) ? encoded.replace(RESERVED_BY_RFC3986_ALL, escapeReserved) : encoded;
}

const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;
const RESERVED_BY_RFC3986 = /[!'()*]/;
const RESERVED_BY_RFC3986_ALL = /[!'()*]/g;
const escapeReserved = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;

/**
 * Encoding used for `application/x-www-form-urlencoded` bodies: byte-identical to what the official SDKs send
 * (encodeURIComponent; space is `%20`, `! ' ( ) * ~` stay literal), so the V3 payload hash covers the same bytes.
 */
export function formEncode(s: string): string {
  assertWellFormed(s);
  return encodeURIComponent(s);
}

function scalarToString(v: string | number | boolean): string {
  return typeof v === "string" ? v : v.toString();
}

function flattenInto(out: FlatParams, prefix: string, value: ApiValue): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    // 1-based; a dropped (null/undefined) element keeps its index, so later items are NOT renumbered.
    value.forEach((item, i) => {
      flattenInto(out, `${prefix}.${i + 1}`, item);
    });
    return;
  }
  if (typeof value === "object") {
    for (const [k, v] of Object.entries(value)) flattenInto(out, prefix ? `${prefix}.${k}` : k, v);
    return;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    out[prefix] = scalarToString(value);
    return;
  }
  throw new EncodingError(`parameter ${prefix} has unsupported type ${typeof value}`);
}

/**
 * Repeat-list flattening: `{SecurityGroupId: ['a','b']}` → `SecurityGroupId.1=a, SecurityGroupId.2=b`;
 * `{Zone: [{VSwitchId, ip}]}` → `Zone.1.VSwitchId, Zone.1.ip`; arrays of arrays → `M.1.1`; null/undefined
 * dropped; empty strings kept; numbers and booleans via toString().
 */
export function flattenParams(params: ApiParams | undefined): FlatParams {
  const out: FlatParams = {};
  if (!params) return out;
  for (const [k, v] of Object.entries(params)) flattenInto(out, k, v);
  for (const [k, v] of Object.entries(out)) {
    assertWellFormed(k, `parameter name ${JSON.stringify(k)}`);
    assertWellFormed(v, `parameter ${k}`);
  }
  return out;
}

/** Keys in signing order: plain JS sort of the unencoded keys (UTF-16 code units; `Tag.10` < `Tag.2`). */
export function sortedKeys(flat: FlatParams): string[] {
  return Object.keys(flat).sort();
}

/** One parameter in signing order, its key and value RFC 3986 encoded once for every use (signature and URL). */
export interface EncodedParam {
  readonly key: string;
  readonly encodedKey: string;
  readonly encodedValue: string;
}

/** The parameters sorted as signing wants them (see sortedKeys), each key and value percent-encoded once. */
export function encodeParams(flat: FlatParams): EncodedParam[] {
  return sortedKeys(flat).map((key) => ({ key, encodedKey: percentEncode(key), encodedValue: percentEncode(flat[key]) }));
}

/** `k=v&…` of already encoded parameters, in their order. */
export function joinEncoded(params: readonly EncodedParam[]): string {
  return params.map((p) => `${p.encodedKey}=${p.encodedValue}`).join("&");
}

/** `k=v&…` sorted, keys and values RFC 3986 encoded: the query string we put in the URL. */
export function buildQueryString(flat: FlatParams): string {
  return joinEncoded(encodeParams(flat));
}

/** Form body text in insertion order (as the official SDKs send it). */
export function buildFormBody(flat: FlatParams): string {
  return Object.keys(flat)
    .map((k) => `${formEncode(k)}=${formEncode(flat[k])}`)
    .join("&");
}

/** Form body as the exact bytes sent (UTF-8). */
export function formBodyBytes(flat: FlatParams): Buffer {
  return Buffer.from(buildFormBody(flat), "utf8");
}
