// HTTP transport over axios. It sends exactly the bytes the signer produced: our own query string in the URL,
// the body buffer untouched (identity transformRequest), every status accepted, the body read as text.
// Keep-alive agents are created lazily on the first request, never at module load: provider objects are
// closure-serialised by Pulumi and must not capture live sockets or agents.

import axios, { type AxiosError } from "axios";
import * as http from "node:http";
import * as https from "node:https";
import type { Socket } from "node:net";
import { getProxyForUrl } from "proxy-from-env";
import type { TransportFailureKind } from "./errors";

export interface HttpRequest {
  /** Full URL including the encoded query string. */
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly connectTimeoutMs: number;
  /** Time allowed for the whole exchange once started (per attempt). */
  readonly readTimeoutMs: number;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

/** A failure before a complete HTTP answer arrived. Carries only the failure text (no URL, headers or config). */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailureKind,
    readonly errno: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = "TransportError";
  }
}

export interface Transport {
  send(req: HttpRequest): Promise<HttpResponse>;
  /** Destroys pooled sockets. */
  close(): void;
}

const CONNECT_TIMEOUT = "ECONNECTTIMEOUT";

type ConnectTimed = { connectTimeoutMs: number };

function armConnectTimeout(socket: Socket, ms: number, readyEvent: "connect" | "secureConnect"): void {
  if (!(ms > 0)) return;
  const timer = setTimeout(() => {
    const err = Object.assign(new Error(`connection not established within ${ms} ms`), { code: CONNECT_TIMEOUT });
    socket.destroy(err);
  }, ms);
  timer.unref?.();
  const clear = () => clearTimeout(timer);
  socket.once(readyEvent, clear);
  socket.once("close", clear);
}

// Agents that bound the time to establish a new connection; pooled sockets skip this (already connected).
class TimedHttpAgent extends http.Agent {
  connectTimeoutMs = 10_000;
  override createConnection(...args: Parameters<http.Agent["createConnection"]>): ReturnType<http.Agent["createConnection"]> {
    const socket = super.createConnection(...args) as Socket;
    armConnectTimeout(socket, this.connectTimeoutMs, "connect");
    return socket;
  }
}

class TimedHttpsAgent extends https.Agent {
  connectTimeoutMs = 10_000;
  override createConnection(...args: Parameters<http.Agent["createConnection"]>): ReturnType<http.Agent["createConnection"]> {
    // https.Agent implements createConnection at run time; its typings inherit http.Agent's signature.
    const socket = (https.Agent.prototype as unknown as { createConnection: (...a: unknown[]) => Socket }).createConnection.apply(this, args);
    armConnectTimeout(socket, this.connectTimeoutMs, "secureConnect");
    return socket;
  }
}

function classify(err: unknown): TransportError {
  const e = err as AxiosError & { code?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code;
  const text = typeof e?.message === "string" ? e.message : String(err);
  switch (code) {
    case CONNECT_TIMEOUT:
      return new TransportError("connect-timeout", code, text);
    case "ECONNABORTED":
    case "ETIMEDOUT":
      return new TransportError("timeout", code, text);
    case "ECONNRESET":
    case "EPIPE":
    case "ERR_STREAM_PREMATURE_CLOSE":
      return new TransportError("reset", code, text);
    case "ECONNREFUSED":
      return new TransportError("refused", code, text);
    case "ENOTFOUND":
      return new TransportError("dns", code, text);
    case "EAI_AGAIN":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "ENETDOWN":
      return new TransportError("network", code, text);
    default:
      if (typeof code === "string" && /CERT|SSL|TLS/i.test(code)) return new TransportError("tls", code, text);
      if (/socket hang up/i.test(text)) return new TransportError("reset", code, text);
      return new TransportError("network", code, text);
  }
}

/** Hosts never sent through a proxy: loopback (the emulator) and the ECS metadata service (only reachable locally). */
const NEVER_PROXIED = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost|.*\.localhost|100\.100\.100\.200)$/i;

/** Whether NO_PROXY (curl's rules: `*`, host names with or without a leading dot, optional `:port`) excludes the URL. */
export function excludedByNoProxy(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === "*") return true;
      const m = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase())!;
      const name = m[1]!.replace(/^\*?\./, "");
      if (m[2] && m[2] !== port) return false;
      return host === name || host.endsWith(`.${name}`);
    });
}

/**
 * The proxy a request to `url` goes through, or undefined: never for loopback and the metadata service; else
 * the `proxy` setting, else HTTPS_PROXY / HTTP_PROXY / ALL_PROXY as curl reads them; NO_PROXY excludes hosts.
 */
export function proxyFor(url: string, proxySetting: string | undefined): URL | undefined {
  const env = process.env;
  const target = new URL(url);
  if (NEVER_PROXIED.test(target.hostname.replace(/^\[|\]$/g, ""))) return undefined;
  if (excludedByNoProxy(target, env.NO_PROXY ?? env.no_proxy)) return undefined;
  const chosen = proxySetting ?? getProxyForUrl(url);
  return chosen ? new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(chosen) ? chosen : `http://${chosen}`) : undefined;
}

export interface TransportOptions {
  /** Proxy URL for every non-loopback host; the *_PROXY environment variables apply when absent. */
  readonly proxy?: string;
}

/** The default transport: axios with lazily created keep-alive agents, through a proxy where one applies. */
export function createAxiosTransport(options: TransportOptions = {}): Transport {
  let agents: { http: TimedHttpAgent; https: TimedHttpsAgent } | undefined;
  const getAgents = () => (agents ??= { http: new TimedHttpAgent({ keepAlive: true }), https: new TimedHttpsAgent({ keepAlive: true }) });

  return {
    async send(req: HttpRequest): Promise<HttpResponse> {
      const a = getAgents();
      // The agent is shared; the latest request's connect timeout applies (all calls of a client share settings).
      (a.http as ConnectTimed).connectTimeoutMs = req.connectTimeoutMs;
      (a.https as ConnectTimed).connectTimeoutMs = req.connectTimeoutMs;
      const proxy = proxyFor(req.url, options.proxy);
      try {
        const res = await axios.request<string>({
          url: req.url,
          method: req.method,
          // `false` stops axios from adding its default form content-type to a body-less POST (it would be unsigned).
          headers: { ...(req.body.length > 0 ? {} : { "content-type": false }), ...req.headers },
          data: req.body.length > 0 ? req.body : undefined,
          transformRequest: [(data: unknown) => data],
          transformResponse: [(data: unknown) => data],
          responseType: "text",
          responseEncoding: "utf8",
          validateStatus: () => true,
          maxRedirects: 0,
          timeout: req.readTimeoutMs,
          httpAgent: a.http,
          httpsAgent: a.https,
          // Decided here rather than by axios, so loopback and the metadata service are never proxied.
          proxy: proxy
            ? {
                protocol: proxy.protocol.replace(/:$/, ""),
                host: proxy.hostname.replace(/^\[|\]$/g, ""),
                port: Number(proxy.port || (proxy.protocol === "https:" ? 443 : 80)),
                ...(proxy.username ? { auth: { username: decodeURIComponent(proxy.username), password: decodeURIComponent(proxy.password) } } : {}),
              }
            : false,
          decompress: true,
        });
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(res.headers ?? {})) {
          headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v == null ? undefined : String(v);
        }
        return { status: res.status, headers, body: typeof res.data === "string" ? res.data : String(res.data ?? "") };
      } catch (err) {
        // Re-create from the failure text only: the axios error holds the request config (URL with signature).
        throw classify(err);
      }
    },
    close(): void {
      agents?.http.destroy();
      agents?.https.destroy();
      agents = undefined;
    },
  };
}
