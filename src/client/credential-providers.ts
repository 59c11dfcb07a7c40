// Turns a credential spec into something that hands out signing credentials, on Alibaba's @alicloud/credentials
// providers: they build, sign and parse the AssumeRole / AssumeRoleWithOIDC / ECS metadata / credentials-URI
// exchanges. Three things are ours:
//   - the HTTP: each provider's `doRequest` (the library's own injection point, which its tests use) is replaced by
//     our transport, so STS goes through the same proxies, timeouts and loopback emulator endpoints as every call;
//   - the refresh policy: a session is renewed when a quarter of its life (at most 15 minutes) is left, and a
//     refused renewal is an error naming the source and the reason (the library keeps serving the stale session);
//   - the errors: built from the HTTP answer (code, message, RequestId), never from the library's text, which can
//     hold the request URL with its signature and token.
// Sessions are shared per spec within a process, so lookups and resources using one role assume it once.

import type * as CredentialsLibrary from "@alicloud/credentials";
import { createHash } from "node:crypto";
import { type CredentialKind, type CredentialSpec, describeSpec, type SigningCredentials } from "./credentials";
import { debugLog } from "./debug";
import { buildFormBody } from "./encoding";
import { ApiError, parseResponse, transportError } from "./errors";
import { runWithRetry } from "./retry";
import { createAxiosTransport, type HttpResponse, TransportError, type Transport } from "./transport";

/** Hands out the credentials to sign the next request with. */
export interface CredentialSource {
  readonly kind: CredentialKind;
  /** Where the credentials come from (role ARN and base source for roles); never a secret. */
  readonly description: string;
  /** Stable per source within a process (for per-account limits); not derived from a secret in readable form. */
  readonly identity: string;
  get(): Promise<SigningCredentials>;
  /** Drops a cached session so the next get() fetches a new one; false when there is nothing to renew. */
  invalidate(): boolean;
}

/** A credential fetch that failed for good: names the source and the reason, never a secret. */
export class CredentialsError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly requestId?: string;
  readonly source: string;

  constructor(source: string, reason: ApiError | string) {
    const text = typeof reason === "string" ? reason : reason.message;
    super(`Cannot get credentials from ${source}: ${text}`);
    this.name = "CredentialsError";
    this.source = source;
    this.code = typeof reason === "string" ? "CredentialsUnavailable" : reason.code;
    this.httpStatus = typeof reason === "string" ? 0 : reason.httpStatus;
    this.requestId = typeof reason === "string" ? undefined : reason.requestId;
  }
}

export interface CredentialHttpOptions {
  /** Proxy URL setting (the *_PROXY variables apply when absent). */
  readonly proxy?: string;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  /** Retries of a transient STS/metadata failure, and their time budget. */
  readonly maxRetries: number;
  readonly retryBudgetMs: number;
}

export interface CredentialDeps {
  transport?: Transport;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The session a library refresher returns. */
interface LibrarySession {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  expiration: string;
}

/** The parts of the library's request and response objects the bridge uses. */
interface LibraryRequest {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly bodyForm?: Record<string, string>;
  readonly readTimeout?: number;
  readonly connectTimeout?: number;
  toRequestURL(): string;
}
interface LibraryResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** What the last exchange of one provider was, so a failure is explained from the answer, not the library text. */
interface Exchange {
  last?: HttpResponse | TransportError;
}

const STALE_CEILING_MS = 15 * 60 * 1000;
const DEFAULT_SESSION_NAME = "pulumi-alicloud-privatelink";
/** Sessions without an Expiration are fetched again after this long. */
const UNKNOWN_LIFE_MS = 15 * 60 * 1000;

/** The library's `doRequest`, sent through our transport; `origin` replaces the scheme, host and port it chose. */
function bridge(transport: () => Transport, options: CredentialHttpOptions, exchange: Exchange, origin?: string) {
  return async (req: LibraryRequest): Promise<LibraryResponse> => {
    let url = req.toRequestURL();
    if (origin) {
      const u = new URL(url);
      url = `${origin}${u.pathname}${u.search}`;
    }
    const form = req.bodyForm && Object.keys(req.bodyForm).length > 0 ? buildFormBody(req.bodyForm) : "";
    const headers: Record<string, string> = { accept: "application/json", "user-agent": "pulumi-alicloud-privatelink", ...req.headers };
    if (form && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/x-www-form-urlencoded";
    try {
      const res = await transport().send({
        url,
        method: req.method,
        headers,
        body: Buffer.from(form, "utf8"),
        connectTimeoutMs: options.connectTimeoutMs,
        readTimeoutMs: options.readTimeoutMs,
      });
      exchange.last = res;
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = v;
      return { statusCode: res.status, headers: out, body: Buffer.from(res.body, "utf8") };
    } catch (err) {
      exchange.last = err instanceof TransportError ? err : new TransportError("network", undefined, err instanceof Error ? err.message : String(err));
      throw exchange.last;
    }
  };
}

/** Explains a failed fetch from what was exchanged; the library's own message is never used. */
function fetchFailure(action: string, err: unknown, exchange: Exchange, what: string): ApiError {
  const last = exchange.last;
  if (last instanceof TransportError) return transportError(action, last.kind, last.message);
  if (last && (last.status < 200 || last.status >= 300)) {
    const parsed = parseResponse(action, last);
    if (parsed.error) return parsed.error;
  }
  if (last) {
    return new ApiError({
      action,
      httpStatus: last.status,
      code: "InvalidResponse",
      message: `the answer holds no complete credentials (AccessKeyId, AccessKeySecret, SecurityToken)`,
      requestId: parseResponse(action, last).data?.RequestId as string | undefined,
      retryable: false,
    });
  }
  const errno = (err as NodeJS.ErrnoException | undefined)?.code;
  return new ApiError({
    action,
    httpStatus: 0,
    code: errno ?? "CredentialsUnavailable",
    message: errno ? `cannot read ${what} (${errno})` : `the request for credentials could not be made`,
    retryable: false,
  });
}

interface Current {
  readonly creds: SigningCredentials;
  readonly obtainedAt: number;
  readonly expiresAt: number;
}

/** A source of expiring credentials: renewed ahead of expiry, each renewal retried while it fails transiently. */
class RefreshingSource implements CredentialSource {
  private current: Current | undefined;
  private pending: Promise<Current> | undefined;

  constructor(
    readonly kind: CredentialKind,
    readonly description: string,
    readonly identity: string,
    private readonly action: string,
    private readonly fetchSession: () => Promise<LibrarySession>,
    private readonly options: CredentialHttpOptions,
    private readonly deps: CredentialDeps,
  ) {}

  private now(): number {
    return (this.deps.clock ?? Date.now)();
  }

  async get(): Promise<SigningCredentials> {
    const now = this.now();
    const cur = this.current;
    if (cur && now < renewAt(cur)) return cur.creds;
    try {
      this.pending ??= this.renew().finally(() => {
        this.pending = undefined;
      });
      return (await this.pending).creds;
    } catch (err) {
      // A refused renewal while the old session still has a good part of its life left: keep using it.
      if (cur && cur.expiresAt - now > (cur.expiresAt - cur.obtainedAt) / 8) {
        debugLog("credentials-renewal-failed", {
          source: this.description,
          keptUntil: new Date(cur.expiresAt).toISOString(),
          code: (err as CredentialsError).code,
        });
        return cur.creds;
      }
      throw err;
    }
  }

  invalidate(): boolean {
    this.current = undefined;
    return true;
  }

  private async renew(): Promise<Current> {
    const started = this.now();
    try {
      const session = await runWithRetry(
        () => this.fetchSession(),
        { maxRetries: Math.min(this.options.maxRetries, 4), budgetMs: Math.min(this.options.retryBudgetMs, 30_000), baseDelayMs: 200, maxDelayMs: 5_000 },
        { now: () => this.now(), sleep: this.deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))), random: Math.random },
        {
          onRetry: ({ attempt, delayMs, error }) =>
            debugLog("credentials-retry", { source: this.description, action: this.action, attempt, delayMs, code: (error as ApiError).code }),
        },
      );
      const obtainedAt = this.now();
      const parsed = Date.parse(session.expiration ?? "");
      const expiresAt = Number.isFinite(parsed) ? parsed : obtainedAt + UNKNOWN_LIFE_MS;
      debugLog("credentials", { source: this.description, action: this.action, expiresAt: new Date(expiresAt).toISOString(), ms: obtainedAt - started });
      this.current = {
        creds: { accessKeyId: session.accessKeyId, accessKeySecret: session.accessKeySecret, securityToken: session.securityToken || undefined },
        obtainedAt,
        expiresAt,
      };
      return this.current;
    } catch (err) {
      const reason = err instanceof ApiError ? err : String(err);
      debugLog("credentials-failed", { source: this.description, action: this.action, code: err instanceof ApiError ? err.code : "Error" });
      throw new CredentialsError(this.description, reason);
    }
  }
}

/** When to renew: a quarter of the session's life before it ends, at most 15 minutes before. */
function renewAt(cur: Current): number {
  return cur.expiresAt - Math.min(STALE_CEILING_MS, (cur.expiresAt - cur.obtainedAt) / 4);
}

class StaticSource implements CredentialSource {
  constructor(
    readonly kind: CredentialKind,
    readonly description: string,
    readonly identity: string,
    private readonly provider: { getCredentials(): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken?: string }> },
  ) {}
  async get(): Promise<SigningCredentials> {
    const c = await this.provider.getCredentials();
    return { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken || undefined };
  }
  invalidate(): boolean {
    return false;
  }
}

/** The library's view of one of our sources (the credentials that call AssumeRole). */
function asLibraryProvider(source: CredentialSource) {
  return {
    getProviderName: () => source.kind,
    getCredentials: async () => ({ ...(await source.get()), providerName: source.kind }),
  };
}

/** Splits an endpoint setting into the host the library is given and the origin the bridge sends to. */
function endpointParts(raw: string | undefined): { host?: string; origin?: string } {
  if (!raw) return {};
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  return { host: url.host, origin: `${url.protocol}//${url.host}` };
}

type WithDoRequest = { doRequest: unknown; refresher: () => Promise<LibrarySession> };

/** Installs the bridge as the provider's transport and returns its session fetcher. */
function wire(
  provider: unknown,
  transport: () => Transport,
  options: CredentialHttpOptions,
  exchange: Exchange,
  origin?: string,
): () => Promise<LibrarySession> {
  const p = provider as WithDoRequest;
  if (!("doRequest" in p) || typeof p.refresher !== "function") {
    throw new Error("@alicloud/credentials changed its provider internals (doRequest/refresher); pin the version this package was built with");
  }
  p.doRequest = bridge(transport, options, exchange, origin);
  return () => p.refresher();
}

let sources: Map<string, CredentialSource> | undefined;
let transports: Map<string, Transport> | undefined;

function sharedTransport(proxy: string | undefined): Transport {
  transports ??= new Map();
  const key = proxy ?? "";
  let t = transports.get(key);
  if (!t) {
    t = createAxiosTransport({ proxy });
    transports.set(key, t);
  }
  return t;
}

function digest(spec: CredentialSpec, options: CredentialHttpOptions): string {
  // Includes the secrets so a rotated key is a new source; only the digest is kept as the map key.
  return createHash("sha256")
    .update(JSON.stringify({ spec: { ...spec, ...(spec.kind === "ramRoleArn" ? { base: digestOf(spec.base) } : {}) }, options }))
    .digest("hex");
}

function digestOf(spec: CredentialSpec): unknown {
  return spec.kind === "ramRoleArn" ? { ...spec, base: digestOf(spec.base) } : { ...spec };
}

/** The (process-wide, shared) credential source for a spec. */
export function credentialSourceFor(spec: CredentialSpec, options: CredentialHttpOptions, deps: CredentialDeps = {}): CredentialSource {
  const key = digest(spec, options);
  if (!deps.transport && !deps.clock) {
    sources ??= new Map();
    const hit = sources.get(key);
    if (hit) return hit;
  }
  const made = buildSource(spec, options, deps, key.slice(0, 16));
  if (!deps.transport && !deps.clock) sources!.set(key, made);
  return made;
}

/** Loaded on first use: it builds HTTP agents when loaded, and a program that never fetches credentials needs none. */
function library(): typeof CredentialsLibrary {
  return require("@alicloud/credentials");
}

function buildSource(spec: CredentialSpec, options: CredentialHttpOptions, deps: CredentialDeps, identity: string): CredentialSource {
  const {
    ECSRAMRoleCredentialsProvider,
    OIDCRoleArnCredentialsProvider,
    RAMRoleARNCredentialsProvider,
    StaticAKCredentialsProvider,
    StaticSTSCredentialsProvider,
    URICredentialsProvider,
  } = library();
  const transport = () => deps.transport ?? sharedTransport(options.proxy);
  const exchange: Exchange = {};
  const description = describeSpec(spec);
  const refreshing = (action: string, fetch: () => Promise<LibrarySession>, what = action) =>
    new RefreshingSource(
      spec.kind,
      description,
      identity,
      action,
      async () => {
        exchange.last = undefined;
        try {
          return await fetch();
        } catch (err) {
          throw fetchFailure(action, err, exchange, what);
        }
      },
      options,
      deps,
    );
  switch (spec.kind) {
    case "accessKey":
      return new StaticSource(
        spec.kind,
        description,
        identity,
        StaticAKCredentialsProvider.builder().withAccessKeyId(spec.accessKeyId).withAccessKeySecret(spec.accessKeySecret).build(),
      );
    case "stsToken":
      return new StaticSource(
        spec.kind,
        description,
        identity,
        StaticSTSCredentialsProvider.builder()
          .withAccessKeyId(spec.accessKeyId)
          .withAccessKeySecret(spec.accessKeySecret)
          .withSecurityToken(spec.securityToken)
          .build(),
      );
    case "ramRoleArn": {
      const base = credentialSourceFor(spec.base, options, deps);
      const sts = endpointParts(spec.stsEndpoint);
      const b = RAMRoleARNCredentialsProvider.builder()
        .withCredentialsProvider(asLibraryProvider(base) as never)
        .withRoleArn(spec.role.roleArn)
        .withRoleSessionName(spec.role.sessionName ?? process.env.ALIBABA_CLOUD_ROLE_SESSION_NAME ?? DEFAULT_SESSION_NAME)
        .withDurationSeconds(spec.role.durationSeconds ?? 3600)
        .withReadTimeout(options.readTimeoutMs)
        .withConnectTimeout(options.connectTimeoutMs);
      if (spec.role.policy) b.withPolicy(spec.role.policy);
      if (spec.role.externalId) b.withExternalId(spec.role.externalId);
      if (sts.host) b.withStsEndpoint(sts.host);
      if (spec.stsRegion) b.withStsRegionId(spec.stsRegion);
      return refreshing("AssumeRole", wire(b.build(), transport, options, exchange, sts.origin));
    }
    case "oidcRoleArn": {
      const sts = endpointParts(spec.stsEndpoint);
      const b = OIDCRoleArnCredentialsProvider.builder()
        .withRoleArn(spec.roleArn)
        .withOIDCProviderArn(spec.oidcProviderArn)
        .withOIDCTokenFilePath(spec.oidcTokenFile)
        .withRoleSessionName(spec.sessionName ?? process.env.ALIBABA_CLOUD_ROLE_SESSION_NAME ?? DEFAULT_SESSION_NAME)
        .withDurationSeconds(spec.durationSeconds ?? 3600)
        .withReadTimeout(options.readTimeoutMs)
        .withConnectTimeout(options.connectTimeoutMs);
      if (spec.policy) b.withPolicy(spec.policy);
      if (sts.host) b.withStsEndpoint(sts.host);
      if (spec.stsRegion) b.withStsRegionId(spec.stsRegion);
      return refreshing("AssumeRoleWithOIDC", wire(b.build(), transport, options, exchange, sts.origin), `the OIDC token file ${spec.oidcTokenFile}`);
    }
    case "ecsRamRole": {
      const b = ECSRAMRoleCredentialsProvider.builder()
        .withDisableIMDSv1(spec.disableImdsV1)
        .withReadTimeout(Math.min(options.readTimeoutMs, 5_000))
        .withConnectTimeout(Math.min(options.connectTimeoutMs, 5_000));
      if (spec.roleName) b.withRoleName(spec.roleName);
      const md = endpointParts(spec.metadataEndpoint);
      return refreshing("ECS metadata", wire(b.build(), transport, options, exchange, md.origin));
    }
    case "credentialsUri": {
      const b = URICredentialsProvider.builder()
        .withCredentialsURI(spec.uri)
        .withReadTimeout(options.readTimeoutMs)
        .withConnectTimeout(options.connectTimeoutMs);
      return refreshing("credentials URI", wire(b.build(), transport, options, exchange));
    }
  }
}

/** Forget shared sources and transports (tests). */
export function resetCredentialSources(): void {
  for (const t of transports?.values() ?? []) t.close();
  transports = undefined;
  sources = undefined;
}
