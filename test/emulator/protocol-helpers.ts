// Shared helpers of the protocol tests: a small stand-in world (so the protocol layer is tested on its own),
// request signers built on Alibaba's official @alicloud/openapi-util, and a raw HTTP client.

import * as http from "node:http";
import { createHash, randomUUID } from "node:crypto";
import OpenApiUtil from "@alicloud/openapi-util";
import * as $tea from "@alicloud/tea-typescript";
import { EmulatorError, type EmulatorAccount, type OperationRegistry, type RequestContext } from "../../src/emulator/types";
import { startProtocolServer, type ProtocolOptions, type RunningEmulator, type WorldFactoryInput, type WorldLike } from "../../src/emulator/server";

/** A stand-in world: endpoints that go Creating → Active on settle() unless the stuck hook holds them. */
export class FakeWorld implements WorldLike {
  endpoints = new Map<string, { EndpointId: string; EndpointName: string; EndpointStatus: string; owner: string }>();
  effects = 0;
  lastContext: RequestContext | undefined;
  private listeners: (() => void)[] = [];
  private seq = 0;
  inventoryItems: Record<string, object[]> = { vpc: [], vswitch: [], securityGroup: [], loadBalancer: [] };

  constructor(readonly input: WorldFactoryInput) {}

  private changed(): void {
    for (const l of this.listeners) l();
  }

  readonly operations: OperationRegistry = {
    CreateVpcEndpoint: (ctx) => {
      this.lastContext = ctx;
      if (!ctx.params.VpcId) throw new EmulatorError("MissingParam.VpcId", "VpcId is mandatory.", 400);
      if (ctx.dryRun) throw new EmulatorError("DryRunOperation", "Request validation has been passed with DryRun flag set.", 400);
      const id = `ep-fake${String(++this.seq).padStart(15, "0")}`;
      this.endpoints.set(id, { EndpointId: id, EndpointName: ctx.params.EndpointName ?? "", EndpointStatus: "Creating", owner: ctx.accountId });
      this.effects++;
      this.changed();
      return { EndpointId: id, EndpointStatus: "Creating" };
    },
    GetVpcEndpointAttribute: (ctx) => {
      this.lastContext = ctx;
      const ep = this.endpoints.get(ctx.params.EndpointId ?? "");
      if (!ep || ep.owner !== ctx.accountId) throw new EmulatorError("EndpointNotFound", "The specified endpoint does not exist.", 400);
      return { EndpointId: ep.EndpointId, EndpointName: ep.EndpointName, EndpointStatus: ep.EndpointStatus, Bandwidth: 3072 };
    },
    ListVpcEndpoints: (ctx) => {
      this.lastContext = ctx;
      const eps = [...this.endpoints.values()].filter((e) => e.owner === ctx.accountId);
      return { Endpoints: eps.map((e) => ({ EndpointId: e.EndpointId, EndpointStatus: e.EndpointStatus, Zones: [] })), MaxResults: 50, NextToken: "" };
    },
    DescribeZones: () => ({
      Zones: {
        Zone: [
          { ZoneId: "cn-hangzhou-b", LocalName: "B" },
          { ZoneId: "cn-hangzhou-i", LocalName: "I & <i>" },
        ],
      },
    }),
    DeleteVpcEndpoint: (ctx) => {
      this.lastContext = ctx;
      if (!this.endpoints.delete(ctx.params.EndpointId ?? "")) throw new EmulatorError("EndpointNotFound", "The specified endpoint does not exist.", 400);
      this.effects++;
      this.changed();
      return {};
    },
    Explode: () => {
      throw new Error("boom");
    },
  };

  settle(): void {
    let changed = false;
    for (const ep of this.endpoints.values()) {
      if (ep.EndpointStatus === "Creating" && !this.input.isStuck("endpoint", "Creating")) {
        ep.EndpointStatus = "Active";
        changed = true;
      }
    }
    if (changed) this.changed();
  }
  snapshot(): unknown {
    return { endpoints: [...this.endpoints.values()], seq: this.seq };
  }
  restore(s: unknown): void {
    const snap = s as { endpoints: { EndpointId: string; EndpointName: string; EndpointStatus: string; owner: string }[]; seq: number };
    this.endpoints = new Map(snap.endpoints.map((e) => [e.EndpointId, e]));
    this.seq = snap.seq;
  }
  reset(): void {
    this.endpoints.clear();
    this.changed();
  }
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }
  inventory(): object {
    return this.inventoryItems;
  }
  addInventory(kind: "vpc" | "vswitch" | "securityGroup" | "loadBalancer", item: object): object {
    if (!("id" in item)) throw new Error("an inventory item needs an id");
    this.inventoryItems[kind]!.push(item);
    this.changed();
    return item;
  }
  describeObjects(): object {
    return { endpoints: [...this.endpoints.values()] };
  }
  patchObject(kind: string, id: string, patch: Record<string, unknown>): object {
    const ep = kind === "endpoint" ? this.endpoints.get(id) : undefined;
    if (!ep) throw new EmulatorError("NotFound", `no ${kind} ${id}`, 404);
    Object.assign(ep, patch);
    this.changed();
    return ep;
  }
  deleteObject(kind: string, id: string): void {
    if (kind !== "endpoint" || !this.endpoints.delete(id)) throw new Error(`${kind} ${id} not found`);
    this.changed();
  }
  closed = false;
  close(): void {
    this.closed = true;
  }
}

export function startFake(options: ProtocolOptions = {}): Promise<RunningEmulator<FakeWorld>> {
  return startProtocolServer(options, (input) => new FakeWorld(input));
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

/** Plain HTTP request; rejects on socket errors (resets, lost replies). */
export function rawRequest(
  endpoint: string,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; agent?: http.Agent } = {},
): Promise<RawResponse> {
  const url = new URL(opts.path ?? "/", endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? "GET", headers: opts.headers, agent: opts.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on("error", reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** RFC 3986 query string like the careful clients send. */
export function toQuery(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
}

export interface SignOptions {
  method?: "GET" | "POST";
  action: string;
  params?: Record<string, string>;
  bodyParams?: Record<string, string>;
  account: Pick<EmulatorAccount, "accessKeyId" | "accessKeySecret">;
  securityToken?: string;
  version?: string;
  nonce?: string;
  timestamp?: string;
  format?: string;
}

/** V1 (HMAC-SHA1) request signed by the official OpenApiUtil.getRPCSignature. */
export function v1Request(endpoint: string, o: SignOptions): Promise<RawResponse> {
  const method = o.method ?? "POST";
  const query: Record<string, string> = {
    Action: o.action,
    Format: o.format ?? "JSON",
    Version: o.version ?? "2020-04-15",
    Timestamp: o.timestamp ?? OpenApiUtil.getTimestamp(),
    SignatureNonce: o.nonce ?? randomUUID(),
    ...(o.params ?? {}),
  };
  if (o.securityToken) query.SecurityToken = o.securityToken;
  query.SignatureMethod = "HMAC-SHA1";
  query.SignatureVersion = "1.0";
  query.AccessKeyId = o.account.accessKeyId;
  const signed = { ...query, ...(o.bodyParams ?? {}) };
  query.Signature = OpenApiUtil.getRPCSignature(signed, method, o.account.accessKeySecret);
  const body = o.bodyParams ? toQuery(o.bodyParams) : undefined;
  return rawRequest(endpoint, {
    method,
    path: `/?${toQuery(query)}`,
    body,
    headers: body !== undefined ? { "content-type": "application/x-www-form-urlencoded" } : {},
  });
}

export interface V3Parts {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** V3 (ACS3-HMAC-SHA256) request parts signed by the official OpenApiUtil.getAuthorization. */
export function v3Sign(endpoint: string, o: SignOptions): V3Parts {
  const host = new URL(endpoint).host;
  const body = o.bodyParams ? toQuery(o.bodyParams) : "";
  const hashed = createHash("sha256").update(body).digest("hex");
  const req = new $tea.Request();
  req.method = o.method ?? "POST";
  req.pathname = "/";
  req.query = { ...(o.params ?? {}) };
  if (o.format) req.query.Format = o.format;
  req.headers = {
    host,
    "x-acs-version": o.version ?? "2020-04-15",
    "x-acs-action": o.action,
    "x-acs-date": o.timestamp ?? OpenApiUtil.getTimestamp(),
    "x-acs-signature-nonce": o.nonce ?? randomUUID(),
    "x-acs-content-sha256": hashed,
  };
  if (body !== "") req.headers["content-type"] = "application/x-www-form-urlencoded";
  if (o.securityToken) {
    req.headers["x-acs-accesskey-id"] = o.account.accessKeyId;
    req.headers["x-acs-security-token"] = o.securityToken;
  }
  req.headers.Authorization = OpenApiUtil.getAuthorization(req, "ACS3-HMAC-SHA256", hashed, o.account.accessKeyId, o.account.accessKeySecret);
  const qs = toQuery(req.query);
  return { path: qs ? `/?${qs}` : "/", headers: req.headers, body };
}

export function v3Request(endpoint: string, o: SignOptions, tamper?: (p: V3Parts) => void): Promise<RawResponse> {
  const parts = v3Sign(endpoint, o);
  tamper?.(parts);
  return rawRequest(endpoint, { method: o.method ?? "POST", path: parts.path, headers: parts.headers, body: parts.body || undefined });
}

/** Where the admin API is and the token it requires (a RunningEmulator or the CLI's first line). */
export interface AdminTarget {
  readonly endpoint: string;
  readonly adminToken: string;
}

export async function admin(target: AdminTarget, method: string, path: string, body?: unknown): Promise<RawResponse> {
  return rawRequest(target.endpoint, {
    method,
    path: `/_emulator${path}`,
    headers: { "x-emulator-admin-token": target.adminToken, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}
