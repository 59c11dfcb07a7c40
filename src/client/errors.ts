// The one error type of the client, the named code sets the resource providers branch on, and the
// mapping from HTTP responses / transport failures to ApiError. An ApiError never carries the secret,
// the signature, the Authorization header, the request URL or an HTTP library's request config.

import { inspect } from "node:util";

export interface ApiErrorInit {
  action: string;
  /** 0 when no HTTP response was received. */
  httpStatus: number;
  code: string;
  message: string;
  requestId?: string;
  recommend?: string;
  hostId?: string;
  retryable: boolean;
  attempts?: number;
  /** Diagnosis of SignatureDoesNotMatch, when we could compare string-to-sign values. */
  signatureDiagnosis?: SignatureDiagnosis;
  /** Retry delay the server asked for (x-acs-retry-after, ms). */
  retryAfterMs?: number;
  accessDeniedDetail?: Record<string, unknown>;
  /** What to do about it, when we know more than the server said. */
  hint?: string;
}

export type SignatureDiagnosis = "secret-mismatch" | "canonicalization-mismatch" | "unknown";

/** A failed PrivateLink call: an API error answer or a transport failure (code `NetworkError` / `Timeout`). */
export class ApiError extends Error {
  readonly action: string;
  readonly httpStatus: number;
  readonly code: string;
  /** The server's (or transport's) message alone; `message` is the full human-readable sentence. */
  readonly apiMessage: string;
  readonly requestId?: string;
  readonly recommend?: string;
  readonly hostId?: string;
  readonly retryable: boolean;
  attempts: number;
  readonly signatureDiagnosis?: SignatureDiagnosis;
  readonly retryAfterMs?: number;
  readonly accessDeniedDetail?: Record<string, unknown>;
  hint?: string;

  constructor(init: ApiErrorInit) {
    super("");
    this.name = "ApiError";
    this.action = init.action;
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.apiMessage = init.message;
    this.requestId = init.requestId;
    this.recommend = init.recommend;
    this.hostId = init.hostId;
    this.retryable = init.retryable;
    this.attempts = init.attempts ?? 1;
    this.signatureDiagnosis = init.signatureDiagnosis;
    this.retryAfterMs = init.retryAfterMs;
    this.accessDeniedDetail = init.accessDeniedDetail;
    this.hint = init.hint;
    this.refreshMessage();
  }

  private init(): ApiErrorInit {
    return { ...this, message: this.apiMessage } as unknown as ApiErrorInit;
  }

  /** The same error with another retry decision. */
  withRetry(retryable: boolean): ApiError {
    return new ApiError({ ...this.init(), retryable });
  }

  /** Adds advice to the message (kept in `hint`). */
  withHint(hint: string): ApiError {
    this.hint = this.hint ? `${this.hint} ${hint}` : hint;
    this.refreshMessage();
    return this;
  }

  /** Recomputes `message` (the attempt count is filled in by the retry loop). */
  refreshMessage(): void {
    const status = this.httpStatus > 0 ? `HTTP ${this.httpStatus}` : "no HTTP response";
    let msg = `${this.action} failed: ${this.code} (${status}): ${this.apiMessage}`;
    if (this.requestId) msg += ` RequestId: ${this.requestId}`;
    if (this.attempts > 1) msg += ` (after ${this.attempts} attempts)`;
    if (this.hint) msg += `. ${this.hint}`;
    this.message = msg;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      action: this.action,
      httpStatus: this.httpStatus,
      code: this.code,
      requestId: this.requestId,
      recommend: this.recommend,
      hostId: this.hostId,
      retryable: this.retryable,
      attempts: this.attempts,
      signatureDiagnosis: this.signatureDiagnosis,
      retryAfterMs: this.retryAfterMs,
      accessDeniedDetail: this.accessDeniedDetail,
      hint: this.hint,
    };
  }

  [inspect.custom](): string {
    // The captured stack's first line holds the message of construction time; print the current one.
    const frames = (this.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
    return [`${this.name}: ${this.message}`, ...frames].join("\n") + "\n" + inspect(this.toJSON());
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

// ---------------------------------------------------------------------------------------------------------
// Named code sets for the resource providers

export type ResourceFamily = "service" | "endpoint" | "zone" | "connection" | "resource" | "securityGroup" | "user" | "elasticsearchEndpoint" | "activation";

/** Codes meaning "the object (or its parent) does not exist", per resource family. */
export const NOT_FOUND_CODES: Readonly<Record<ResourceFamily, readonly string[]>> = Object.freeze({
  service: ["EndpointServiceNotFound"],
  endpoint: ["EndpointNotFound"],
  zone: ["EndpointZoneNotFound", "EndpointNotFound"],
  connection: ["EndpointConnectionNotFound", "EndpointServiceNotFound", "EndpointNotFound"],
  resource: ["EndpointServiceResourceNotFound", "EndpointServiceNotFound"],
  securityGroup: ["SecurityGroupNotFound", "EndpointNotFound"],
  user: ["EndpointServiceNotFound"],
  // An instance that no longer exists has no endpoints either.
  elasticsearchEndpoint: ["EndpointNotFound", "InstanceNotFound"],
  activation: [],
});

/** Codes meaning "the object is busy / in the wrong state right now": wait and try again (plus `IncorrectStatus.*`). */
export const STATE_CONFLICT_CODES: readonly string[] = Object.freeze([
  "EndpointOperationDenied",
  "EndpointServiceOperationDenied",
  "EndpointConnectionOperationDenied",
  "ConcurrentCallNotSupported",
]);

/**
 * Codes meaning "the object is locked by its business status" (FinancialLocked: overdue payment), keyed by the
 * kind of object locked. No retry can help until the owner acts, so they end a retry loop at once.
 */
export const LOCKED_CODES: Readonly<Record<string, "endpoint" | "endpoint service">> = Object.freeze({
  EndpointLocked: "endpoint",
  EndpointServiceLocked: "endpoint service",
});

/** Codes meaning "this natural-key child already exists" (a zone, a security group, a service resource). */
export const ALREADY_EXISTS_CODES: Readonly<Partial<Record<ResourceFamily, readonly string[]>>> = Object.freeze({
  zone: ["EndpointZoneDuplicated"],
  securityGroup: ["SecurityGroupExist"],
  resource: ["EndpointServiceResourceExist"],
});

/** Codes the client retries by itself (plus any code containing `Throttling`). */
export const RETRYABLE_CODES: readonly string[] = Object.freeze([
  "Throttling",
  "Throttling.User",
  "Throttling.Api",
  "Throttling.Resource",
  "Rejected.Throttling",
  "ServiceUnavailable",
  "InternalError",
  "UnknownError",
  "SystemBusy",
]);

function codeOf(err: unknown): string | undefined {
  return err instanceof ApiError ? err.code : undefined;
}

export function isNotFound(err: unknown, family: ResourceFamily): boolean {
  const code = codeOf(err);
  return code !== undefined && NOT_FOUND_CODES[family].includes(code);
}

export function isStateConflict(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && (STATE_CONFLICT_CODES.includes(code) || code.startsWith("IncorrectStatus"));
}

/** The kind of object a locked-code answer names ("endpoint", "endpoint service"), or undefined. */
export function lockedObject(err: unknown): "endpoint" | "endpoint service" | undefined {
  const code = codeOf(err);
  return code === undefined ? undefined : LOCKED_CODES[code];
}

export function isAlreadyExists(err: unknown, family: ResourceFamily): boolean {
  const code = codeOf(err);
  return code !== undefined && (ALREADY_EXISTS_CODES[family] ?? []).includes(code);
}

/** A failure that may pass by itself (throttling, 5xx, lost connection) after the client's own retries. */
export function isTransient(err: unknown): boolean {
  return err instanceof ApiError && err.retryable;
}

export function isThrottlingCode(code: string): boolean {
  return /Throttling/.test(code);
}

export function isThrottling(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && isThrottlingCode(code);
}

/** Whether an API answer with this code/status is worth another attempt. */
export function isRetryableApiCode(code: string, httpStatus: number): boolean {
  return isThrottlingCode(code) || RETRYABLE_CODES.includes(code) || httpStatus >= 500 || httpStatus === 429;
}

// ---------------------------------------------------------------------------------------------------------
// Mapping

const SIGNATURE_PREFIX = "server string to sign is:";

/**
 * Compares the string-to-sign the server echoes in a SignatureDoesNotMatch message with ours: equal means the
 * secret is wrong, different means our canonicalisation differs from the server's.
 */
export function diagnoseSignatureMismatch(
  serverMessage: string,
  ourStringToSign: string | undefined,
): {
  diagnosis: SignatureDiagnosis;
  firstDifference?: number;
} {
  const at = serverMessage.indexOf(SIGNATURE_PREFIX);
  if (at < 0 || ourStringToSign === undefined) return { diagnosis: "unknown" };
  const server = serverMessage.slice(at + SIGNATURE_PREFIX.length).trim();
  if (server === ourStringToSign) return { diagnosis: "secret-mismatch" };
  let i = 0;
  while (i < server.length && i < ourStringToSign.length && server[i] === ourStringToSign[i]) i++;
  return { diagnosis: "canonicalization-mismatch", firstDifference: i };
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;
}

/** Codes a 2xx body may carry that still mean success. */
const SUCCESS_CODES = new Set(["200", "OK", "Success", "success"]);

export interface ResponseLike {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

export interface ParsedResponse {
  ok: boolean;
  data?: Record<string, unknown>;
  error?: ApiError;
}

/**
 * The delay the server asks for: `x-acs-retry-after` (milliseconds) first, else the standard `Retry-After`
 * (seconds, or an HTTP date).
 */
export function retryAfterFrom(headers: Readonly<Record<string, string | undefined>>, now: number = Date.now()): number | undefined {
  const acs = Number(headers["x-acs-retry-after"]);
  if (Number.isFinite(acs) && acs > 0) return acs;
  const std = headers["retry-after"]?.trim();
  if (!std) return undefined;
  if (/^\d+(\.\d+)?$/.test(std)) return Number(std) > 0 ? Math.round(Number(std) * 1000) : undefined;
  const at = Date.parse(std);
  return Number.isFinite(at) && at > now ? at - now : undefined;
}

/** Parses one HTTP answer: 2xx JSON without an error `Code` is success; anything else becomes an ApiError. */
export function parseResponse(action: string, res: ResponseLike, ourStringToSign?: string): ParsedResponse {
  let data: unknown;
  let parsed = false;
  try {
    data = res.body === "" ? {} : JSON.parse(res.body);
    parsed = typeof data === "object" && data !== null && !Array.isArray(data);
  } catch {
    parsed = false;
  }
  const retryAfterMs = retryAfterFrom(res.headers);
  if (!parsed) {
    const snippet = res.body.replace(/\s+/g, " ").trim().slice(0, 200);
    return {
      ok: false,
      error: new ApiError({
        action,
        httpStatus: res.status,
        code: "InvalidResponse",
        message: `the response body is not a JSON object${snippet ? `: ${snippet}` : ""}`,
        retryable: res.status >= 500 || res.status === 429,
        retryAfterMs,
      }),
    };
  }
  const body = data as Record<string, unknown>;
  const code = str(body.Code ?? body.code);
  const is2xx = res.status >= 200 && res.status < 300;
  if (is2xx && (code === undefined || SUCCESS_CODES.has(code))) return { ok: true, data: body };

  const errCode = code ?? `HTTP${res.status}`;
  let message = str(body.Message ?? body.message) ?? `HTTP status ${res.status}`;
  let signatureDiagnosis: SignatureDiagnosis | undefined;
  if (errCode === "SignatureDoesNotMatch") {
    const d = diagnoseSignatureMismatch(message, ourStringToSign);
    signatureDiagnosis = d.diagnosis;
    // Drop the echoed string-to-sign (it can contain an STS token); say what the comparison showed instead.
    const cut = message.indexOf(SIGNATURE_PREFIX);
    if (cut >= 0) message = message.slice(0, cut).trim();
    if (d.diagnosis === "secret-mismatch") {
      message += " The server computed the same string-to-sign as we did, so the AccessKey secret is wrong for this AccessKey ID.";
    } else if (d.diagnosis === "canonicalization-mismatch") {
      message += ` The server's string-to-sign differs from ours (first difference at character ${d.firstDifference}): the request was canonicalised differently (a proxy rewriting the URL, headers or body, or a client bug).`;
    }
  }
  const detail = body.AccessDeniedDetail ?? body.accessDeniedDetail;
  return {
    ok: false,
    error: new ApiError({
      action,
      httpStatus: res.status,
      code: errCode,
      message,
      requestId: str(body.RequestId ?? body.requestId),
      recommend: str(body.Recommend ?? body.recommend),
      hostId: str(body.HostId ?? body.hostId),
      retryable: isRetryableApiCode(errCode, res.status),
      retryAfterMs,
      signatureDiagnosis,
      accessDeniedDetail: typeof detail === "object" && detail !== null ? (detail as Record<string, unknown>) : undefined,
    }),
  };
}

/** Transport-level failure kinds (see transport.ts). */
export type TransportFailureKind = "timeout" | "connect-timeout" | "reset" | "network" | "refused" | "dns" | "tls";

const RETRYABLE_TRANSPORT: ReadonlySet<TransportFailureKind> = new Set(["timeout", "connect-timeout", "reset", "network"]);

/** A transport failure as an ApiError (code `Timeout` or `NetworkError`); only the failure text is kept. */
export function transportError(action: string, kind: TransportFailureKind, detail: string): ApiError {
  const code = kind === "timeout" || kind === "connect-timeout" ? "Timeout" : "NetworkError";
  return new ApiError({ action, httpStatus: 0, code, message: detail, retryable: RETRYABLE_TRANSPORT.has(kind) });
}
