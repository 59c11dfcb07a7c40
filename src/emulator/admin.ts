// The admin API under /_emulator/ (a path the real API never uses): health, inventory, state, drift, reset,
// faults, request counters, accounts and STS credentials. JSON in and out, no signature, loopback callers only.

import { EmulatorError } from "./types";
import type { AccountDirectory } from "./accounts";
import { FaultSpecError, parseFaultSpec, type FaultInjector } from "./faults";
import type { RequestCounters, WorldLike } from "./server";
import type { StsService } from "./sts";
import { API_VERSION } from "../spec/statuses";

export const ADMIN_PREFIX = "/_emulator";
export const INVENTORY_KINDS = ["vpc", "vswitch", "securityGroup", "loadBalancer"] as const;

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

function jsonBody(req: AdminRequest): unknown {
  const text = req.body.toString("utf8").trim();
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
        const text = req.body.toString("utf8").trim();
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
