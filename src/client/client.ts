// The signed client: PrivateLink RPC calls and Elasticsearch ROA calls. It flattens parameters once, then per
// attempt signs (fresh credentials, nonce and timestamp, same ClientToken), sends, parses and maps errors, under
// the retry policy and the per-account limit; both products share all of it.

import { randomBytes, randomUUID } from "node:crypto";
import { CLIENT_TOKEN_MAX_LENGTH } from "../spec/constraints";
import { operationSpec } from "../spec/operations";
import { ELASTICSEARCH_API_VERSION, elasticsearchOperation, takesClientToken as roaTakesClientToken, type ElasticsearchAction } from "../spec/elasticsearch";
import { API_VERSION } from "../spec/statuses";
import { type CredentialSource, credentialSourceFor } from "./credential-providers";
import { debugLog } from "./debug";
import { EncodingError, flattenParams, type ApiParams } from "./encoding";
import { ApiError, parseResponse, transportError } from "./errors";
import { accountLimiter, DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS, runWithRetry, type RetryDeps } from "./retry";
import type { ResolvedSettings } from "./settings";
import { buildSignedRequest, buildSignedRoaRequest, formatTimestamp, roaPath, type SignedRequest, type SigningCredentials } from "./signer";
import { createAxiosTransport, TransportError, type HttpResponse, type Transport } from "./transport";

export type { ApiParams, ApiValue } from "./encoding";

export interface CallOptions {
  /** Idempotency token reused by every retry; generated when the action takes one and none is given. */
  clientToken?: string;
  /** Parameters sent in an x-www-form-urlencoded body instead of the query (still signed). */
  bodyParams?: ApiParams;
  /** Per-attempt response timeout for this call, overriding readTimeoutMs. */
  timeoutMs?: number;
}

export interface ElasticsearchCallOptions {
  /** Idempotency token reused by every retry; generated when the operation takes one and none is given. */
  clientToken?: string;
  /** Per-attempt response timeout for this call, overriding readTimeoutMs. */
  timeoutMs?: number;
}

export interface ClientDeps {
  transport?: Transport;
  /** Milliseconds since the epoch; used for signing timestamps and the retry budget. */
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Signature nonce source; must return a fresh value on every call. */
  nonce?: () => string;
  /** Called before each retry sleep (progress reporting). */
  onRetry?: (info: { action: string; attempt: number; delayMs: number; code: string }) => void;
  /** Where signing credentials come from; default: the source the settings' credential spec describes. */
  credentials?: CredentialSource;
}

/** Parameters the protocol sets itself; a business parameter with one of these names is a caller mistake. */
const RESERVED_PARAMS = new Set([
  "Action",
  "Version",
  "Format",
  "Timestamp",
  "SignatureNonce",
  "SignatureMethod",
  "SignatureVersion",
  "Signature",
  "AccessKeyId",
  "SecurityToken",
]);

function takesClientToken(action: string): boolean {
  return operationSpec(action)?.request.some((p) => p.wireName === "ClientToken") ?? false;
}

function defaultNonce(): string {
  return randomBytes(16).toString("hex");
}

/** The given token, else a fresh UUID when the operation takes one; checked against the API's length rule. */
function clientTokenFor(given: string | undefined, takesOne: boolean): string | undefined {
  const token = given ?? (takesOne ? randomUUID() : undefined);
  if (token !== undefined && (token.length === 0 || token.length > CLIENT_TOKEN_MAX_LENGTH)) {
    throw new EncodingError(`ClientToken must be 1..${CLIENT_TOKEN_MAX_LENGTH} characters, got ${token.length}`);
  }
  return token;
}

/** Signs one attempt with the credentials, timestamp and nonce of that attempt. */
type Signing = (credentials: SigningCredentials, timestamp: string, nonce: string) => SignedRequest;

const EXTRA_HEADERS = { accept: "application/json", "user-agent": "pulumi-alicloud-privatelink" };

export class PrivateLinkClient {
  readonly regionId: string;
  private readonly settings: ResolvedSettings;
  private readonly deps: ClientDeps;
  private transport: Transport | undefined;
  private readonly url: URL;
  private readonly elasticsearchUrl: URL;
  /** Where the signing credentials come from (fetched, and renewed, per attempt). */
  readonly credentials: CredentialSource;

  constructor(settings: ResolvedSettings, deps: ClientDeps = {}) {
    this.settings = settings;
    this.regionId = settings.region;
    this.deps = deps;
    this.transport = deps.transport;
    this.url = new URL(settings.endpoint);
    this.elasticsearchUrl = new URL(settings.elasticsearchEndpoint);
    this.credentials =
      deps.credentials ??
      credentialSourceFor(settings.credentials, {
        proxy: settings.proxy,
        connectTimeoutMs: settings.connectTimeoutMs,
        readTimeoutMs: settings.readTimeoutMs,
        maxRetries: settings.maxRetries,
        retryBudgetMs: settings.retryBudgetMs,
      });
  }

  /** Closes pooled connections of the default transport. */
  close(): void {
    this.transport?.close();
  }

  /**
   * Calls one PrivateLink action. `RegionId` defaults to the client's region; actions whose catalog entry has a
   * `ClientToken` parameter get one (UUID) when none is given, and every retry carries the same token.
   */
  async call<T = Record<string, unknown>>(action: string, params: ApiParams = {}, options: CallOptions = {}): Promise<T> {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(action)) throw new EncodingError(`invalid action name ${JSON.stringify(action)}`);
    const query: ApiParams = { ...params };
    if (query.RegionId === undefined || query.RegionId === null) query.RegionId = this.regionId;
    const bodyParams = options.bodyParams;
    const tokenInBody = bodyParams !== undefined && bodyParams.ClientToken != null;
    if (!tokenInBody) {
      const given = options.clientToken ?? (query.ClientToken != null ? String(query.ClientToken) : undefined);
      const token = clientTokenFor(given, takesClientToken(action));
      if (token !== undefined) query.ClientToken = token;
    }
    const flatQuery = flattenParams(query);
    const flatBody = flattenParams(bodyParams);
    for (const k of [...Object.keys(flatQuery), ...Object.keys(flatBody)]) {
      if (RESERVED_PARAMS.has(k)) throw new EncodingError(`parameter ${k} is set by the protocol and cannot be passed to ${action}`);
    }

    return this.withRetries<T>(action, options.timeoutMs, this.url, (credentials, timestamp, nonce) =>
      buildSignedRequest({
        signatureVersion: this.settings.signatureVersion,
        action,
        version: API_VERSION,
        host: this.url.host,
        query: flatQuery,
        body: flatBody,
        credentials,
        nonce,
        timestamp,
        extraHeaders: EXTRA_HEADERS,
      }),
    );
  }

  /**
   * Calls one Elasticsearch (2017-06-13) ROA operation at the Elasticsearch endpoint, signed with V3. `params`
   * holds path, query and body parameters by their wire names; the catalog says where each goes. Operations
   * with a `ClientToken` get one (UUID) when none is given, and every retry carries the same token.
   */
  async elasticsearch<T = Record<string, unknown>>(action: ElasticsearchAction, params: ApiParams = {}, options: ElasticsearchCallOptions = {}): Promise<T> {
    const op = elasticsearchOperation(action);
    if (!op) throw new EncodingError(`unknown Elasticsearch operation ${JSON.stringify(action)}`);
    const known = new Set(op.request.map((p) => p.name));
    for (const name of Object.keys(params)) {
      if (params[name] != null && !known.has(name)) throw new EncodingError(`${action} has no parameter ${name}`);
    }
    const pathValues: Record<string, string> = {};
    const query: ApiParams = {};
    let body: Record<string, unknown> | undefined;
    for (const p of op.request) {
      const value = params[p.name];
      if (value === undefined || value === null) continue;
      if (p.in === "path") pathValues[p.name] = String(value);
      else if (p.in === "query") query[p.name] = value;
      else (body ??= {})[p.name] = value;
    }
    const token = clientTokenFor(options.clientToken ?? (query.ClientToken != null ? String(query.ClientToken) : undefined), roaTakesClientToken(op));
    if (token !== undefined) query.ClientToken = token;
    const path = roaPath(op.path, pathValues);
    const flatQuery = flattenParams(query);
    return this.withRetries<T>(action, options.timeoutMs, this.elasticsearchUrl, (credentials, timestamp, nonce) =>
      buildSignedRoaRequest({
        action,
        version: ELASTICSEARCH_API_VERSION,
        method: op.method,
        host: this.elasticsearchUrl.host,
        path,
        query: flatQuery,
        body,
        credentials,
        nonce,
        timestamp,
        extraHeaders: EXTRA_HEADERS,
      }),
    );
  }

  /** One logical call: attempts under the retry policy, each inside the account's limit of calls in flight. */
  private withRetries<T>(action: string, timeoutMs: number | undefined, base: URL, sign: Signing): Promise<T> {
    const clock = this.deps.clock ?? Date.now;
    const retryDeps: RetryDeps = {
      now: clock,
      sleep: this.deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      random: this.deps.random ?? Math.random,
    };
    const limiter = accountLimiter(this.credentials.identity, this.settings.maxConcurrentCalls);
    const readTimeoutMs = timeoutMs ?? this.settings.readTimeoutMs;

    return runWithRetry<T>(
      (n) => limiter.run(() => this.attempt<T>(action, base, sign, clock, readTimeoutMs, n)),
      {
        maxRetries: this.settings.maxRetries,
        budgetMs: this.settings.retryBudgetMs,
        baseDelayMs: DEFAULT_BASE_DELAY_MS,
        maxDelayMs: DEFAULT_MAX_DELAY_MS,
      },
      retryDeps,
      {
        onRetry: ({ attempt, delayMs, error, reason }) => {
          const code = error instanceof ApiError ? error.code : "Error";
          debugLog("retry", { action, attempt, code, decision: "retry", delayMs, reason });
          this.deps.onRetry?.({ action, attempt, delayMs, code });
        },
        onGiveUp: ({ attempt, error, reason }) => {
          debugLog("retry", { action, attempt, code: error instanceof ApiError ? error.code : "Error", decision: "give-up", reason });
        },
      },
    );
  }

  private async attempt<T>(action: string, base: URL, sign: Signing, clock: () => number, readTimeoutMs: number, n: number): Promise<T> {
    const started = clock();
    // Fresh credentials every attempt: a session renewed during a long wait or backoff is picked up here.
    const credentials = await this.credentials.get();
    const signed = sign(credentials, formatTimestamp(clock()), (this.deps.nonce ?? defaultNonce)());
    this.transport ??= createAxiosTransport({ proxy: this.settings.proxy });
    let res: HttpResponse;
    try {
      res = await this.transport.send({
        url: `${base.origin}${signed.path}${signed.queryString ? `?${signed.queryString}` : ""}`,
        method: signed.method,
        headers: signed.headers,
        body: signed.body,
        connectTimeoutMs: this.settings.connectTimeoutMs,
        readTimeoutMs,
      });
    } catch (err) {
      const failure =
        err instanceof TransportError
          ? transportError(action, err.kind, err.message)
          : transportError(action, "network", err instanceof Error ? err.message : String(err));
      debugLog("call", { action, attempt: n, status: 0, code: failure.code, ms: clock() - started });
      throw failure;
    }
    const parsed = parseResponse(action, res, signed.stringToSign);
    const requestId = parsed.error?.requestId ?? (parsed.data?.RequestId as string | undefined) ?? res.headers["x-acs-request-id"];
    debugLog("call", { action, attempt: n, status: res.status, code: parsed.error?.code, requestId, ms: clock() - started });
    if (!parsed.ok) throw this.explainCredentialFailure(parsed.error!);
    return parsed.data as T;
  }

  /**
   * An expired or rejected token: a renewable source is renewed and the call retried; a fixed token gets a
   * hint that says where it came from and what to do.
   */
  private explainCredentialFailure(error: ApiError): ApiError {
    if (!/^InvalidSecurityToken/.test(error.code)) return error;
    if (this.credentials.invalidate() && error.code === "InvalidSecurityToken.Expired") return error.withRetry(true);
    if (this.credentials.kind !== "stsToken") return error;
    const fromStack = /Pulumi config/.test(this.credentials.description);
    return error.withHint(
      `The STS token comes from ${this.credentials.description} and is used as given; nothing renews it. ` +
        (fromStack
          ? "`pulumi refresh` and `pulumi destroy` use the stack config saved in the state at the last `pulumi up`, so a token rotated in config only reaches them with --run-program (or after an `up`). "
          : "Put a fresh token there, ") +
        "Better: let the provider fetch short-lived credentials itself (a RAM role, an OIDC token file, an ECS instance role or a profile file; see docs/configuration.md).",
    );
  }
}
