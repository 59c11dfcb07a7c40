// The emulator's HTTP server and request pipeline:
//   parse → route (Version, Action) → authenticate → faults (pre) → world.settle() → idempotency → handler
//   → faults (post: lost reply) → render.
// The world (state, rules, operations) is built by a factory, so this layer runs against the real World or
// against a stand-in registry in tests.

import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { AccountDirectory, type StsCredentials } from "./accounts";
import { Authenticator, COMMON_PARAMS, missingParameter, type AuthInput } from "./auth";
import {
  handleAdmin,
  refuseAdminCaller,
  newAdminToken,
  ADMIN_PREFIX,
  ADMIN_TOKEN_HEADER,
  ADMIN_TOKEN_PATTERN,
  type INVENTORY_KINDS,
  type AdminContext,
} from "./admin";
import { FaultInjector, FaultSpecError, parseFaultSpec, DEFAULT_SEED, type FaultConfig } from "./faults";
import { IdempotencyStore, checkClientToken, idempotencyKey, paramsHash } from "./idempotency";
import { StatePersistence, loadStateFile } from "./persistence";
import { newRequestId, parseFormat, renderError, renderSuccess, type RenderedResponse, type ResponseFormat } from "./render";
import { EmulatorError, type EmulatorAccount, type OperationHandler, type OperationRegistry, type RequestContext, type RoaApi } from "./types";
import { compileRoutes, isRoaPath, matchRoute, parseJsonBody } from "./roa";
import { takesClientToken as roaTakesClientToken } from "../spec/elasticsearch";
import { parseFormEncoded } from "./wire";
import { STS_ACTIONS, STS_API_VERSION, StsService } from "./sts";
import { operationSpec } from "../spec/operations";
import { API_VERSION } from "../spec/statuses";

/** What the protocol layer needs from the world (the World class provides exactly this). */
export interface WorldLike {
  readonly operations: OperationRegistry;
  /** ROA APIs served on the same address (optional: a stand-in world may have none). */
  readonly roaApis?: readonly RoaApi[];
  settle(): void;
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  reset(): void;
  onChange(listener: () => void): void;
  inventory(): object;
  addInventory(kind: (typeof INVENTORY_KINDS)[number], item: object): object;
  describeObjects(): object;
  patchObject(kind: string, id: string, patch: Record<string, unknown>): object;
  deleteObject(kind: string, id: string): void;
  close(): void;
}

export interface WorldFactoryInput {
  readonly accounts: EmulatorAccount[];
  readonly regionId: string;
  readonly isStuck: (kind: "service" | "endpoint" | "connection" | "zone", fromStatus: string) => boolean;
}

export interface ProtocolOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Listen address, default 127.0.0.1. */
  host?: string;
  /** Region this emulator plays (HostId, default RegionId), default cn-hangzhou. */
  regionId?: string;
  /** Accounts with their access keys; default: the owner and consumer accounts of DEFAULT_ACCOUNTS. */
  accounts?: EmulatorAccount[];
  /** Fault SPEC (compact string or JSON) active from the start. */
  faults?: string | object;
  /** PRNG seed for faults. */
  seed?: string | number;
  /** State file: loaded at start, rewritten (atomically, coalesced) after every change. */
  stateFile?: string;
  verifySignatures?: boolean;
  checkTimestamps?: boolean;
  checkNonces?: boolean;
  /** Reported by the health endpoint and the CLI summary; the world applies it. */
  timeScale?: number;
  /** Largest accepted request body, default 1 MiB. */
  maxBodyBytes?: number;
  /** Token the admin API requires (header x-emulator-admin-token); default: random, printed on the first line. */
  adminToken?: string;
  /** Time a client has to send the request line and headers, default 10 s. */
  headersTimeoutMs?: number;
  /** Time a client has to send the body once the headers are in, default 10 s (then 408 and the connection closes). */
  bodyTimeoutMs?: number;
  /** Open connections at most; further ones are closed at once. Default 256. */
  maxConnections?: number;
  /** Coalescing delay of state-file writes, default 25 ms. */
  persistDebounceMs?: number;
}

export interface RequestCountsSnapshot {
  readonly total: number;
  /** When the first counted request was answered (epoch ms); absent while nothing is counted. */
  readonly firstAt?: number;
  readonly byAction: Record<string, { total: number; byOutcome: Record<string, number> }>;
}

/** Per-action request counters: total and by outcome (`Success`, an error Code, `ConnectionReset`, `LostReply`). */
export class RequestCounters {
  private byAction = new Map<string, { total: number; byOutcome: Map<string, number> }>();
  private count = 0;
  private firstAt?: number;

  record(action: string, outcome: string): void {
    this.firstAt ??= Date.now();
    let entry = this.byAction.get(action);
    if (!entry) {
      entry = { total: 0, byOutcome: new Map() };
      this.byAction.set(action, entry);
    }
    entry.total++;
    entry.byOutcome.set(outcome, (entry.byOutcome.get(outcome) ?? 0) + 1);
    this.count++;
  }

  total(): number {
    return this.count;
  }

  snapshot(): RequestCountsSnapshot {
    const byAction: RequestCountsSnapshot["byAction"] = {};
    for (const action of [...this.byAction.keys()].sort()) {
      const e = this.byAction.get(action)!;
      byAction[action] = { total: e.total, byOutcome: Object.fromEntries([...e.byOutcome].sort(([a], [b]) => (a < b ? -1 : 1))) };
    }
    return { total: this.count, ...(this.firstAt !== undefined ? { firstAt: this.firstAt } : {}), byAction };
  }

  clear(): void {
    this.byAction.clear();
    this.count = 0;
    this.firstAt = undefined;
  }
}

export interface RunningEmulator<W extends WorldLike = WorldLike> {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  readonly host: string;
  readonly port: number;
  readonly regionId: string;
  readonly accounts: EmulatorAccount[];
  readonly world: W;
  /** `http://127.0.0.1:PORT/_emulator` */
  readonly adminUrl: string;
  /** What the admin API requires in the x-emulator-admin-token header. */
  readonly adminToken: string;
  /** The fault PRNG seed in use. */
  readonly seed: string;
  /** Replaces the active faults (SPEC string, JSON string or object); an empty spec clears them. */
  setFaults(spec: string | object | undefined): void;
  clearFaults(): void;
  /** The active faults in compact form ("" when none). */
  faultSpec(): string;
  /** Clears every object of the world and the idempotency records. */
  reset(): void;
  /** Forgets every ClientToken record, as the cloud does after a retention it does not document (tests). */
  forgetClientTokens(): void;
  requestCounts(): RequestCountsSnapshot;
  resetRequestCounts(): void;
  mintStsCredentials(account: string, durationSeconds?: number): StsCredentials;
  /** Writes the state file now (no-op without one). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_CONNECTIONS = 256;
const INVALID_ACTION = "Specified api is not found, please check your url and method.";

type BodyOutcome = { kind: "complete"; body: Buffer } | { kind: "tooLarge" } | { kind: "timeout" } | { kind: "aborted" };

/** Reads the body within the time allowed; a client that goes away is an outcome, not an error. */
function readBody(req: http.IncomingMessage, limit: number, timeoutMs: number): Promise<BodyOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    let settled = false;
    const done = (outcome: BodyOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => done({ kind: "timeout" }), timeoutMs);
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) tooBig = true;
      else chunks.push(c);
    });
    req.on("end", () => done(tooBig ? { kind: "tooLarge" } : { kind: "complete", body: Buffer.concat(chunks) }));
    req.on("error", () => done({ kind: "aborted" }));
    req.on("close", () => done({ kind: "aborted" }));
  });
}

/** True for the errors a socket reports when the client went away (not worth a stack trace). */
function isClientGone(e: unknown, req: http.IncomingMessage): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  // Not req.destroyed: a request whose body was read to the end is destroyed too.
  return req.socket.destroyed || code === "ECONNRESET" || code === "EPIPE" || code === "ERR_STREAM_DESTROYED";
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function send(res: http.ServerResponse, rendered: RenderedResponse, requestId: string, extraHeaders?: Record<string, string>): void {
  const body = Buffer.from(rendered.body, "utf8");
  res.writeHead(rendered.status, {
    "Content-Type": rendered.contentType,
    "Content-Length": String(body.length),
    "x-acs-request-id": requestId,
    ...extraHeaders,
  });
  res.end(body);
}

/** Whether the action accepts ClientToken per the catalog (actions outside the catalog: whenever one is sent). */
function takesClientToken(action: string): boolean {
  const spec = operationSpec(action);
  return spec ? spec.request.some((p) => p.name === "ClientToken") : true;
}

/** Where an answer's error fields come from: the request's ID, counter, format and product host. */
interface Reply {
  readonly requestId: string;
  readonly counterKey: string;
  readonly format: ResponseFormat;
  readonly product?: { readonly code: string; readonly name: string };
}

/** One routed call, RPC or ROA, after its parameters were decoded. */
interface Invocation extends Reply {
  /** The operation's name as its handler and the XML root see it. */
  readonly action: string;
  readonly handler: OperationHandler;
  readonly authInput: AuthInput;
  /** Business parameters: everything but the protocol's own. */
  readonly business: Record<string, string>;
  readonly dryRun: boolean;
  readonly takesClientToken: boolean;
}

/** Builds and starts an emulator around the world the factory returns. `startEmulator()` wraps this. */
export async function startProtocolServer<W extends WorldLike>(
  options: ProtocolOptions,
  makeWorld: (input: WorldFactoryInput) => W,
): Promise<RunningEmulator<W>> {
  const headersTimeoutMs = positiveInteger("headersTimeoutMs", options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS);
  const bodyTimeoutMs = positiveInteger("bodyTimeoutMs", options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS);
  const maxConnections = positiveInteger("maxConnections", options.maxConnections ?? DEFAULT_MAX_CONNECTIONS);
  const adminToken = options.adminToken ?? newAdminToken();
  if (!ADMIN_TOKEN_PATTERN.test(adminToken)) {
    throw new Error("adminToken must be 16 to 256 characters of A-Z a-z 0-9 . _ ~ + / = -");
  }
  const host = options.host ?? "127.0.0.1";
  const regionId = options.regionId ?? "cn-hangzhou";
  const accounts = new AccountDirectory(options.accounts ?? undefined);
  const faults = new FaultInjector(undefined, options.seed ?? DEFAULT_SEED);
  const counters = new RequestCounters();
  const idempotency = new IdempotencyStore();
  const auth = new Authenticator(accounts, {
    verifySignatures: options.verifySignatures,
    checkTimestamps: options.checkTimestamps,
    checkNonces: options.checkNonces,
  });
  const sts = new StsService(accounts, { timeScale: options.timeScale });
  const world = makeWorld({
    accounts: [...accounts.accounts],
    regionId,
    isStuck: (kind, from) => faults.isStuck(kind, from),
  });
  const roaRoutes = compileRoutes(world.roaApis ?? []);
  const knownActions = [...Object.keys(world.operations), ...roaRoutes.map((r) => r.qualifiedAction)];
  const initialFaults: FaultConfig = parseFaultSpec(options.faults ?? undefined, knownActions);
  faults.set(initialFaults);

  let persistence: StatePersistence | undefined;
  if (options.stateFile) {
    const loaded = await loadStateFile(options.stateFile);
    if (loaded) {
      world.restore(loaded.world);
      idempotency.restore(loaded.idempotency);
      accounts.restoreSts(loaded.sts);
    }
    persistence = new StatePersistence({
      file: options.stateFile,
      debounceMs: options.persistDebounceMs,
      collect: () => ({ world: world.snapshot(), idempotency: idempotency.snapshot(), sts: accounts.snapshotSts() }),
    });
    const p = persistence;
    world.onChange(() => p.schedule());
    idempotency.onChange(() => p.schedule());
    accounts.onChange(() => p.schedule());
    p.schedule();
    await p.flush();
  }

  const resetAll = (): void => {
    world.reset();
    idempotency.clear();
    persistence?.schedule();
  };

  const adminContext: AdminContext = {
    world,
    faults,
    counters,
    accounts,
    regionId,
    startedAt: Date.now(),
    knownActions,
    timeScale: options.timeScale,
    stateFile: options.stateFile,
    sts,
    reset: resetAll,
  };

  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  let listeningPort = 0;

  function fail(res: http.ServerResponse, reply: Reply, err: { code: string; message: string; httpStatus: number }, extra?: Record<string, string>): void {
    counters.record(reply.counterKey, err.code);
    send(res, renderError(err, reply.requestId, regionId, reply.format, reply.product), reply.requestId, extra);
  }

  /** A thrown error as an answer: documented errors as they are, anything else logged and InternalError. */
  function failWith(res: http.ServerResponse, reply: Reply, e: unknown, what: string): void {
    if (e instanceof EmulatorError) {
      fail(res, reply, { code: e.code, message: e.message, httpStatus: e.httpStatus });
      return;
    }
    process.stderr.write(`privatelink-emulator: ${what || "request"} failed with an unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    fail(res, reply, { code: "InternalError", message: "The request processing has failed due to some unknown error, exception or failure.", httpStatus: 500 });
  }

  /** authenticate → faults (pre) → world.settle() → ClientToken → handler → faults (lost reply) → render. */
  async function execute(req: http.IncomingMessage, res: http.ServerResponse, call: Invocation): Promise<void> {
    try {
      const caller = auth.authenticate(call.authInput);

      const decision = faults.decide(call.counterKey);
      if (decision.latencyMs > 0) await sleep(decision.latencyMs);
      if (decision.pre === "reset") {
        counters.record(call.counterKey, "ConnectionReset");
        req.socket.destroy();
        return;
      }
      if (decision.pre === "throttle") {
        const extra = decision.retryAfterMs !== undefined ? { "x-acs-retry-after": String(decision.retryAfterMs) } : undefined;
        fail(res, call, { code: "Throttling.User", message: "Request was denied due to user flow control.", httpStatus: 400 }, extra);
        return;
      }
      if (decision.pre === "unavailable") {
        throw new EmulatorError("ServiceUnavailable", "The request has failed due to a temporary failure of the server.", 503);
      }
      if (decision.pre === "internal") {
        throw new EmulatorError("InternalError", "The request processing has failed due to some unknown error, exception or failure.", 500);
      }

      world.settle();

      const ctx: RequestContext = {
        action: call.action,
        accountId: caller.account.accountId,
        accessKeyId: caller.accessKeyId,
        viaSts: caller.viaSts,
        requestId: call.requestId,
        params: Object.freeze({ ...call.business }),
        dryRun: call.dryRun,
      };

      let result: Record<string, unknown>;
      const token = call.takesClientToken ? checkClientToken(call.business.ClientToken) : undefined;
      if (token !== undefined && !call.dryRun) {
        const key = idempotencyKey(caller.account.accountId, call.counterKey, token);
        const hash = paramsHash(call.business);
        const seen = idempotency.lookup(key, hash);
        if (seen.kind === "mismatch") {
          throw new EmulatorError(
            "IdempotentParameterMismatch",
            "The request uses the same client token as a previous, but non-identical request. Do not reuse a client token with different requests, unless the requests are identical.",
            400,
          );
        }
        if (seen.kind === "replay") {
          result = seen.body;
        } else {
          result = call.handler(ctx);
          idempotency.record(key, hash, result);
        }
      } else {
        result = call.handler(ctx);
      }

      if (decision.lost) {
        counters.record(call.counterKey, "LostReply");
        req.socket.destroy();
        return;
      }
      counters.record(call.counterKey, "Success");
      send(res, renderSuccess(call.action, call.requestId, result, call.format), call.requestId);
    } catch (e) {
      failWith(res, call, e, call.action);
    }
  }

  async function handleRpc(req: http.IncomingMessage, res: http.ServerResponse, rawPath: string, rawQuery: string, body: Buffer): Promise<void> {
    const requestId = newRequestId();
    let query: Record<string, string>;
    let form: Record<string, string>;
    try {
      query = parseFormEncoded(rawQuery);
      const contentType = (req.headers["content-type"] ?? "").toLowerCase();
      form = contentType.startsWith("application/x-www-form-urlencoded") ? parseFormEncoded(body.toString("latin1")) : {};
    } catch (e) {
      failWith(res, { requestId, counterKey: "(unknown)", format: "JSON" }, e, "request");
      return;
    }
    const params: Record<string, string> = { ...query, ...form };
    const format: ResponseFormat = parseFormat(params.Format);
    const headers = req.headersDistinct as Record<string, string[] | undefined>;
    const isV3 = /^\s*ACS3-/i.test(headers.authorization?.[0] ?? "");
    const header = (name: string): string | undefined => headers[name]?.[0];
    // V3 routes on its signed headers only, V1 on its signed parameters only.
    const action = (isV3 ? header("x-acs-action") : params.Action) ?? "";
    const version = isV3 ? header("x-acs-version") : params.Version;
    const isSts = version === STS_API_VERSION && (STS_ACTIONS as readonly string[]).includes(action);
    const reply: Reply = { requestId, counterKey: Object.hasOwn(world.operations, action) || isSts ? action : "(unknown)", format };

    let handler: OperationHandler;
    try {
      if (req.method !== "GET" && req.method !== "POST") throw new EmulatorError("InvalidAction.NotFound", INVALID_ACTION, 404);
      if (rawPath !== "/") throw new EmulatorError("InvalidAction.NotFound", INVALID_ACTION, 404);
      if (action === "") throw missingParameter(isV3 ? "x-acs-action" : "Action");
      if (version === undefined || version === "") throw missingParameter(isV3 ? "x-acs-version" : "Version");
      if (version === STS_API_VERSION) {
        // STS on the same endpoint (point the STS endpoint setting here); AssumeRoleWithOIDC is unsigned.
        if (!isSts) throw new EmulatorError("InvalidAction.NotFound", INVALID_ACTION, 404);
        const stsParams: Record<string, string> = {};
        for (const [k, v] of Object.entries(params)) if (!COMMON_PARAMS.has(k)) stsParams[k] = v;
        const result =
          action === "AssumeRoleWithOIDC"
            ? sts.assumeRoleWithOidc(stsParams)
            : sts.assumeRole(auth.authenticate({ method: req.method!, rawPath, query, form, body, headers }), stsParams);
        counters.record(reply.counterKey, "Success");
        send(res, renderSuccess(action, requestId, result, format), requestId);
        return;
      }
      if (version !== API_VERSION) throw new EmulatorError("InvalidVersion", "Specified parameter Version is not valid.", 400);
      const found = Object.hasOwn(world.operations, action) ? world.operations[action] : undefined;
      if (!found) throw new EmulatorError("InvalidAction.NotFound", INVALID_ACTION, 404);
      handler = found;
    } catch (e) {
      failWith(res, reply, e, action);
      return;
    }

    const business: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) if (!COMMON_PARAMS.has(k)) business[k] = v;
    await execute(req, res, {
      ...reply,
      action,
      handler,
      authInput: { method: req.method!, rawPath, query, form, body, headers },
      business,
      dryRun: (business.DryRun ?? "").toLowerCase() === "true",
      takesClientToken: takesClientToken(action),
    });
  }

  async function handleRoa(req: http.IncomingMessage, res: http.ServerResponse, rawPath: string, rawQuery: string, body: Buffer): Promise<void> {
    const requestId = newRequestId();
    let match: ReturnType<typeof matchRoute>;
    try {
      match = matchRoute(roaRoutes, req.method ?? "GET", rawPath);
    } catch (e) {
      failWith(res, { requestId, counterKey: "(unknown)", format: "JSON" }, e, "request");
      return;
    }
    const route = match.kind === "operation" ? match.route : undefined;
    const reply: Reply = {
      requestId,
      counterKey: route?.qualifiedAction ?? "(unknown)",
      format: "JSON",
      ...(route ? { product: { code: route.api.productCode, name: route.api.product } } : {}),
    };
    const headers = req.headersDistinct as Record<string, string[] | undefined>;
    let query: Record<string, string>;
    let business: Record<string, string>;
    try {
      if (match.kind !== "operation") throw new EmulatorError("InvalidAction.NotFound", INVALID_ACTION, 404);
      if (auth.verifySignatures && !/^\s*ACS3-/i.test(headers.authorization?.[0] ?? "")) {
        throw new EmulatorError(
          "IncompleteSignature",
          "The request signature does not conform to Aliyun standards. ROA requests are signed with ACS3-HMAC-SHA256.",
          400,
        );
      }
      const version = headers["x-acs-version"]?.[0];
      if (version === undefined || version === "") throw missingParameter("x-acs-version");
      if (version !== match.route.api.version) throw new EmulatorError("InvalidVersion", "Specified parameter Version is not valid.", 400);
      query = parseFormEncoded(rawQuery);
      const contentType = (req.headers["content-type"] ?? "").toLowerCase();
      const bodyParams = contentType.includes("json") ? parseJsonBody(body) : {};
      business = { ...query, ...bodyParams, ...match.pathParams };
    } catch (e) {
      failWith(res, reply, e, route?.qualifiedAction ?? "request");
      return;
    }
    const operation = match.route.operation;
    await execute(req, res, {
      ...reply,
      action: operation.action,
      handler: match.route.api.handlers[operation.action]!,
      authInput: { method: req.method!, rawPath, query, form: {}, body, headers },
      business,
      dryRun: (business.dryRun ?? "").toLowerCase() === "true",
      takesClientToken: roaTakesClientToken(operation),
    });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? "" : url.slice(q + 1);
    const isAdmin = rawPath === ADMIN_PREFIX || rawPath.startsWith(ADMIN_PREFIX + "/");
    const read = await readBody(req, maxBody, bodyTimeoutMs);
    if (read.kind === "aborted") return;
    if (read.kind === "timeout") {
      const message = `The request body did not arrive within ${bodyTimeoutMs} ms.`;
      res.shouldKeepAlive = false;
      res.once("finish", () => req.socket.destroy());
      if (isAdmin) sendJson(res, 408, { error: { code: "RequestTimeout", message } });
      else sendError(res, { code: "RequestTimeout", message, httpStatus: 408 });
      return;
    }
    if (rawPath.startsWith("/latest/")) {
      // The ECS metadata service's instance-role paths (point the metadata endpoint setting here).
      const out = sts.metadata(req.method ?? "GET", rawPath, Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
      res.writeHead(out.status, { "Content-Type": out.contentType, "Content-Length": String(Buffer.byteLength(out.body)) });
      res.end(out.body);
      return;
    }
    if (isAdmin) {
      const refused = refuseAdminCaller(
        {
          remoteAddress: req.socket.remoteAddress,
          host: req.headers.host,
          origin: req.headers.origin,
          token: req.headersDistinct[ADMIN_TOKEN_HEADER]?.[0],
          authorization: req.headers.authorization,
        },
        { token: adminToken, port: listeningPort },
      );
      if (refused) {
        sendJson(res, refused.status, refused.body);
        return;
      }
      if (read.kind === "tooLarge") {
        sendJson(res, 413, { error: { code: "RequestTooLarge", message: `The request body exceeds ${maxBody} bytes.` } });
        return;
      }
      const out = await handleAdmin(adminContext, {
        method: req.method ?? "GET",
        rawPath: rawPath.slice(ADMIN_PREFIX.length),
        body: read.body,
        contentType: req.headers["content-type"],
      });
      sendJson(res, out.status, out.body, out.headers);
      return;
    }
    if (read.kind === "tooLarge") {
      sendError(res, { code: "InvalidParameter", message: `The request body exceeds ${maxBody} bytes.`, httpStatus: 413 });
      return;
    }
    if (isRoaPath(roaRoutes, rawPath)) await handleRoa(req, res, rawPath, rawQuery, read.body);
    else await handleRpc(req, res, rawPath, rawQuery, read.body);
  }

  function sendError(res: http.ServerResponse, err: { code: string; message: string; httpStatus: number }): void {
    const requestId = newRequestId();
    send(res, renderError(err, requestId, regionId, "JSON"), requestId);
  }

  const server = http.createServer(
    // Node checks the headers deadline on this interval: a fraction of it keeps the deadline close.
    { connectionsCheckingInterval: Math.max(25, Math.min(1000, Math.floor(headersTimeoutMs / 4))) },
    (req, res) => {
      handle(req, res).catch((e: Error) => {
        if (isClientGone(e, req)) return;
        process.stderr.write(`privatelink-emulator: ${e.stack ?? e.message}\n`);
        if (!res.headersSent) sendJson(res, 500, { error: { code: "InternalError", message: e.message } });
        else res.destroy();
      });
    },
  );
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = headersTimeoutMs;
  // Node's own whole-request deadline stays behind ours (the body timer answers first, with our error body).
  server.requestTimeout = headersTimeoutMs + bodyTimeoutMs + 1000;
  server.maxConnections = maxConnections;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  listeningPort = port;
  const hostForUrl = host.includes(":") ? `[${host}]` : host;
  const endpoint = `http://${hostForUrl}:${port}`;

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 200).unref();
      });
      if (persistence) await persistence.close();
      world.close();
    })();
    return stopped;
  };

  return {
    endpoint,
    host,
    port,
    regionId,
    accounts: [...accounts.accounts],
    world,
    adminUrl: `${endpoint}${ADMIN_PREFIX}`,
    adminToken,
    get seed() {
      return faults.seed;
    },
    setFaults(spec) {
      faults.set(parseFaultSpec(spec ?? undefined, knownActions));
    },
    clearFaults() {
      faults.clear();
    },
    forgetClientTokens() {
      idempotency.clear();
    },
    faultSpec() {
      return faults.describe().spec;
    },
    reset: resetAll,
    requestCounts: () => counters.snapshot(),
    resetRequestCounts: () => counters.clear(),
    mintStsCredentials: (account, durationSeconds) => accounts.mintSts(account, durationSeconds),
    flush: async () => {
      if (persistence) await persistence.flush();
    },
    stop,
  };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${value}`);
  return value;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  const text = Buffer.from(JSON.stringify(body), "utf8");
  res.writeHead(status, { "Content-Type": "application/json;charset=utf-8", "Content-Length": String(text.length), ...headers });
  res.end(text);
}

export { FaultSpecError };
