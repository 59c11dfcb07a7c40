// ROA (RESTful) requests: routing on method and path templates from the world's catalog, path parameters, JSON
// bodies. What the handlers get is the same flat `params` map as for RPC (path, query and body parameters by
// name), so the rest of the pipeline (signature, faults, ClientToken, rendering) is shared.

import { EmulatorError, type RoaApi } from "./types";
import type { RoaOperationSpec } from "../spec/elasticsearch";
import { decodeUtf8, notUtf8 } from "./wire";

export interface RoaRoute {
  readonly api: RoaApi;
  readonly operation: RoaOperationSpec;
  /** `<product>.<Action>`: counters, fault rules and ClientToken records use it. */
  readonly qualifiedAction: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

export function compileRoutes(apis: readonly RoaApi[]): RoaRoute[] {
  const routes: RoaRoute[] = [];
  for (const api of apis) {
    for (const operation of api.operations) {
      const names: string[] = [];
      const source = operation.path
        .split(/(\{[A-Za-z][A-Za-z0-9]*\})/)
        .map((part) => {
          const m = /^\{(.+)\}$/.exec(part);
          if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          names.push(m[1]!);
          return "([^/]+)";
        })
        .join("");
      routes.push({ api, operation, qualifiedAction: `${api.product}.${operation.action}`, pattern: new RegExp(`^${source}$`), names });
    }
  }
  return routes;
}

export type RouteMatch =
  | { readonly kind: "operation"; readonly route: RoaRoute; readonly pathParams: Record<string, string> }
  /** The path is one of the API's, the method is not. */
  | { readonly kind: "method" }
  | { readonly kind: "none" };

/** Finds the operation for a method and a raw path; path parameters are percent-decoded (strict UTF-8). */
export function matchRoute(routes: readonly RoaRoute[], method: string, rawPath: string): RouteMatch {
  let pathKnown = false;
  for (const route of routes) {
    const m = route.pattern.exec(rawPath);
    if (!m) continue;
    pathKnown = true;
    if (route.operation.method !== method) continue;
    const pathParams: Record<string, string> = {};
    route.names.forEach((name, i) => {
      pathParams[name] = decodePathSegment(m[i + 1]!, name);
    });
    return { kind: "operation", route, pathParams };
  }
  return pathKnown ? { kind: "method" } : { kind: "none" };
}

/** Whether a raw path belongs to any route of these APIs (any method): `/openapi/...`-style paths. */
export function isRoaPath(routes: readonly RoaRoute[], rawPath: string): boolean {
  return routes.some((r) => r.pattern.test(rawPath));
}

function decodePathSegment(raw: string, name: string): string {
  // In a path '+' is a plus sign; only %XX escapes are decoded.
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === "%" && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(raw.charCodeAt(i) & 0xff);
  }
  const text = decodeUtf8(Uint8Array.from(bytes));
  if (text === undefined) throw notUtf8(name);
  return text;
}

/**
 * The JSON body's members as strings (numbers and booleans as their JSON text). An empty body is no member; a
 * body that is not a JSON object of scalars is InvalidParameter.
 */
export function parseJsonBody(body: Buffer): Record<string, string> {
  if (body.length === 0) return {};
  const text = decodeUtf8(body);
  if (text === undefined) throw notUtf8("body");
  if (text.trim() === "") return {};
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new EmulatorError("InvalidParameter", "The request body is not valid JSON.", 400);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc))
    throw new EmulatorError("InvalidParameter", "The request body must be a JSON object.", 400);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    if (value === null || value === undefined) continue;
    if (typeof value === "object") throw new EmulatorError("InvalidParameter", `The body member ${key} must be a string, number or boolean.`, 400);
    out[key] = String(value);
  }
  return out;
}
