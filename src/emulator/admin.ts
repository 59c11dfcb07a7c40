// The admin API under /_emulator/ (a path the real API never uses): health, inventory, state, drift, reset,
// faults, request counters, accounts and STS credentials. JSON in and out, no signature; callers must be on
// loopback, name a loopback Host, come from no foreign Origin and present the token of the first stdout line.

import { randomBytes, timingSafeEqual } from "node:crypto";
import { EmulatorError } from "./types";
import { decodeUtf8 } from "./wire";
import type { AccountDirectory } from "./accounts";
import { FaultSpecError, parseFaultSpec, type FaultInjector } from "./faults";
import type { RequestCounters, WorldLike } from "./server";
import type { StsService } from "./sts";
import { API_VERSION } from "../spec/statuses";

export const ADMIN_PREFIX = "/_emulator";
/** The header that carries the admin token (`Authorization: Bearer <token>` works too). */
export const ADMIN_TOKEN_HEADER = "x-emulator-admin-token";
/** What an admin token may look like: header-safe, long enough not to be guessed. */
export const ADMIN_TOKEN_PATTERN = /^[A-Za-z0-9._~+/=-]{16,256}$/;

export function newAdminToken(): string {
  return randomBytes(24).toString("hex");
}

/** What the gate looks at: the TCP peer and the headers a browser page cannot forge without a preflight. */
export interface AdminCaller {
  readonly remoteAddress: string | undefined;
  readonly host: string | undefined;
  readonly origin: string | undefined;
  readonly token: string | undefined;
  readonly authorization: string | undefined;
}

const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const LOOPBACK_HOSTNAME = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/** `host[:port]` of a Host header or an origin; undefined when it does not parse. */
function splitHost(value: string): { hostname: string; port: string } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(value.trim());
  return m ? { hostname: m[1]!, port: m[2] ?? "" } : undefined;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Refuses callers that are not the developer's own tools: a remote peer, a Host that is not loopback (DNS
 * rebinding), an Origin other than the emulator's own (a web page), a missing or wrong token (a cross-site form
 * cannot send the header). Undefined when the caller may proceed.
 */
export function refuseAdminCaller(caller: AdminCaller, expected: { token: string; port: number }): AdminResponse | undefined {
  const refuse = (status: number, code: string, message: string): AdminResponse => ({ status, body: { error: { code, message } } });
  if (!LOOPBACK_ADDRESS.test(caller.remoteAddress ?? "")) return refuse(403, "Forbidden", "The admin API answers loopback callers only.");
  const host = caller.host === undefined ? undefined : splitHost(caller.host);
  if (!host || !LOOPBACK_HOSTNAME.test(host.hostname)) {
    return refuse(403, "Forbidden", "The admin API answers requests addressed to a loopback Host (127.0.0.1, localhost, [::1]) only.");
  }
  if (caller.origin !== undefined) {
    const m = /^http:\/\/(.+)$/i.exec(caller.origin.trim());
    const origin = m ? splitHost(m[1]!) : undefined;
    if (!origin || !LOOPBACK_HOSTNAME.test(origin.hostname) || origin.port !== String(expected.port)) {
      return refuse(403, "Forbidden", "The admin API refuses requests from other origins (web pages).");
    }
  }
  const bearer = /^\s*Bearer\s+(\S+)\s*$/i.exec(caller.authorization ?? "")?.[1];
  const token = caller.token ?? bearer;
  if (token === undefined || !sameToken(token, expected.token)) {
    return refuse(
      401,
      "Unauthorized",
      `Send the adminToken printed on the emulator's first stdout line in the ${ADMIN_TOKEN_HEADER} header (or as Authorization: Bearer).`,
    );
  }
  return undefined;
}
export const INVENTORY_KINDS = ["vpc", "vswitch", "securityGroup", "loadBalancer", "elasticsearchInstance"] as const;

export interface AdminContext {
  readonly world: WorldLike;
  readonly faults: FaultInjector;
  readonly counters: RequestCounters;
  readonly accounts: AccountDirectory;
  readonly regionId: string;
  readonly startedAt: number;
  readonly knownActions: readonly string[];
  readonly timeScale: number | undefined;
  readonly stateFile: string | undefined;
  /** RAM roles, OIDC providers and the instance role (sts.ts owns their admin paths). */
  readonly sts?: StsService;
  /** Clears the world and the idempotency records. */
  reset(): void;
  /** Called after the faults changed (for logging or persistence). */
  faultsChanged?(): void;
}

export interface AdminRequest {
  readonly method: string;
  /** Path below /_emulator, raw (percent-encoded). */
  readonly rawPath: string;
  readonly body: Buffer;
  readonly contentType: string | undefined;
}

export interface AdminResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

function fail(status: number, code: string, message: string): never {
  throw new AdminError(status, code, message);
}

function notAllowed(allowed: string[]): never {
  throw new AdminError(405, "MethodNotAllowed", `Use ${allowed.join(" or ")} on this path.`, { Allow: allowed.join(", ") });
}

function bodyText(req: AdminRequest): string {
  const text = decodeUtf8(req.body);
  if (text === undefined) fail(400, "InvalidEncoding", "The request body is not valid UTF-8.");
  return text.trim();
}

function jsonBody(req: AdminRequest): unknown {
  const text = bodyText(req);
  if (text === "") return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(400, "InvalidJson", `The request body is not valid JSON: ${(e as Error).message}`);
  }
}

function objectBody(req: AdminRequest): Record<string, unknown> {
  const body = jsonBody(req);
  if (!body || typeof body !== "object" || Array.isArray(body)) fail(400, "InvalidJson", "The request body must be a JSON object.");
  return body as Record<string, unknown>;
}

/** Errors from the world: EmulatorError keeps its status; anything else is the caller's mistake (400) or a miss (404). */
function fromWorldError(e: unknown): never {
  if (e instanceof AdminError) throw e;
  if (e instanceof EmulatorError) throw new AdminError(e.httpStatus, e.code, e.message);
  const message = e instanceof Error ? e.message : String(e);
  const status = /not ?found|unknown|does not exist|no such/i.test(message) ? 404 : 400;
  throw new AdminError(status, status === 404 ? "NotFound" : "InvalidRequest", message);
}

function worldCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    return fromWorldError(e);
  }
}

function decodeSegments(rawPath: string): string[] {
  const segs = rawPath.split("/").filter((s) => s !== "");
  try {
    return segs.map((s) => decodeURIComponent(s));
  } catch {
    return fail(400, "InvalidPath", "The path is not correctly percent-encoded.");
  }
}

export async function handleAdmin(ctx: AdminContext, req: AdminRequest): Promise<AdminResponse> {
  try {
    return route(ctx, req);
  } catch (e) {
    if (e instanceof AdminError) {
      return { status: e.status, body: { error: { code: e.code, message: e.message } }, headers: e.headers };
    }
    const message = e instanceof Error ? e.message : String(e);
    return { status: 500, body: { error: { code: "InternalError", message } } };
  }
}

function route(ctx: AdminContext, req: AdminRequest): AdminResponse {
  const segs = decodeSegments(req.rawPath);
  const m = req.method;
  const [head, ...rest] = segs;
  const sts = worldCall(() => ctx.sts?.admin(m, segs, () => objectBody(req)));
  if (sts) return sts;
  switch (head) {
    case "health":
      if (rest.length) break;
      if (m !== "GET") notAllowed(["GET"]);
      return {
        status: 200,
        body: {
          status: "ok",
          apiVersion: API_VERSION,
          regionId: ctx.regionId,
          uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000),
          requests: ctx.counters.total(),
          timeScale: ctx.timeScale ?? null,
          stateFile: ctx.stateFile ?? null,
          faults: ctx.faults.describe().spec,
        },
      };
    case "inventory":
      if (rest.length === 0) {
        if (m !== "GET") notAllowed(["GET"]);
        return { status: 200, body: worldCall(() => ctx.world.inventory()) };
      }
      if (rest.length === 1) {
        const kind = rest[0]!;
        if (!(INVENTORY_KINDS as readonly string[]).includes(kind)) {
          fail(404, "UnknownInventoryKind", `Inventory kind must be one of ${INVENTORY_KINDS.join(", ")}.`);
        }
        if (m !== "POST") notAllowed(["POST"]);
        const item = objectBody(req);
        return { status: 201, body: worldCall(() => ctx.world.addInventory(kind as (typeof INVENTORY_KINDS)[number], item)) };
      }
      break;
    case "state":
      if (rest.length) break;
      if (m !== "GET") notAllowed(["GET"]);
      return {
        status: 200,
        body: worldCall(() => {
          ctx.world.settle();
          return ctx.world.describeObjects();
        }),
      };
    case "requests":
      if (rest.length) break;
      if (m === "GET") return { status: 200, body: ctx.counters.snapshot() };
      if (m === "DELETE") {
        ctx.counters.clear();
        return { status: 200, body: ctx.counters.snapshot() };
      }
      return notAllowed(["GET", "DELETE"]);
    case "objects": {
      if (rest.length !== 2) fail(404, "NotFound", "Use /_emulator/objects/{kind}/{id} (URL-encode the id).");
      const [kind, id] = rest as [string, string];
      if (m === "PATCH") {
        const patch = objectBody(req);
        return { status: 200, body: worldCall(() => ctx.world.patchObject(kind, id, patch)) };
      }
      if (m === "DELETE") {
        worldCall(() => ctx.world.deleteObject(kind, id));
        return { status: 200, body: { deleted: { kind, id } } };
      }
      return notAllowed(["PATCH", "DELETE"]);
    }
    case "reset":
      if (rest.length) break;
      if (m !== "POST") notAllowed(["POST"]);
      worldCall(() => ctx.reset());
      return { status: 200, body: { reset: true } };
    case "faults":
      if (rest.length) break;
      if (m === "GET") return { status: 200, body: ctx.faults.describe() };
      if (m === "PUT") {
        const text = bodyText(req);
        let spec: unknown = text;
        if (text.startsWith("{") || text.startsWith('"')) spec = jsonBody(req);
        if (typeof spec !== "string" && (typeof spec !== "object" || spec === null)) fail(400, "InvalidFaultSpec", "Send a SPEC string or a JSON object.");
        try {
          ctx.faults.set(parseFaultSpec(spec as string | object, ctx.knownActions));
        } catch (e) {
          if (e instanceof FaultSpecError) fail(400, "InvalidFaultSpec", e.message);
          throw e;
        }
        ctx.faultsChanged?.();
        return { status: 200, body: ctx.faults.describe() };
      }
      if (m === "DELETE") {
        ctx.faults.clear();
        ctx.faultsChanged?.();
        return { status: 200, body: ctx.faults.describe() };
      }
      return notAllowed(["GET", "PUT", "DELETE"]);
    case "sts": {
      if (rest.length) break;
      if (m !== "POST") notAllowed(["POST"]);
      const body = objectBody(req);
      const account = body.account ?? body.accountId ?? ctx.accounts.accounts[0]!.name;
      if (typeof account !== "string") fail(400, "InvalidParameter", '"account" must be an account name or numeric ID (string).');
      const duration = body.durationSeconds ?? 3600;
      if (typeof duration !== "number") fail(400, "InvalidParameter", '"durationSeconds" must be a number.');
      try {
        return { status: 201, body: ctx.accounts.mintSts(account, duration) };
      } catch (e) {
        return fromWorldError(e);
      }
    }
    case "accounts":
      if (rest.length) break;
      if (m !== "GET") notAllowed(["GET"]);
      return {
        status: 200,
        body: {
          accounts: ctx.accounts.accounts.map((a) => ({
            name: a.name,
            accountId: a.accountId,
            accessKeyId: a.accessKeyId,
            accessKeySecret: a.accessKeySecret,
          })),
        },
      };
    default:
      break;
  }
  return fail(
    404,
    "NotFound",
    "Unknown admin path. Paths: health, inventory, inventory/{kind}, state, requests, objects/{kind}/{id}, reset, faults, sts, accounts, roles, oidc-providers, oidc/jwks, oidc/tokens, instance-role.",
  );
}
