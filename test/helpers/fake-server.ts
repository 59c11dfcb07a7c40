// A tiny loopback HTTP server for client tests: records every request (raw query, headers, body bytes) and
// answers from a scripted responder. Also verifies captured signatures with Alibaba's official signer, so the
// check does not rely on our own signing code.
import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo, Socket } from "node:net";

const requireCjs = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const OpenApiUtil: any = requireCjs("@alicloud/openapi-util").default;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const $tea: any = requireCjs("@alicloud/tea-typescript");

export interface CapturedRequest {
  readonly method: string;
  readonly path: string;
  /** The query string exactly as received (without `?`). */
  readonly rawQuery: string;
  /** Decoded query parameters. */
  readonly query: Record<string, string>;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Decoded form body parameters (empty when there is no body). */
  readonly form: Record<string, string>;
}

export type FakeReply = { status?: number; headers?: Record<string, string>; body?: unknown; delayMs?: number } | { reset: true };

export type Responder = (req: CapturedRequest, index: number) => FakeReply | Promise<FakeReply>;

export interface FakeServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: CapturedRequest[];
  /** Highest number of requests being handled at the same time. */
  readonly maxInFlight: number;
  setResponder(r: Responder): void;
  close(): Promise<void>;
}

function decode(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(text)) out[k] = v;
  return out;
}

export async function startFakeServer(responder: Responder = () => ({ body: { RequestId: "req-ok" } })): Promise<FakeServer> {
  let respond = responder;
  const requests: CapturedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const body = Buffer.concat(chunks);
      const captured: CapturedRequest = {
        method: req.method ?? "",
        path: q < 0 ? url : url.slice(0, q),
        rawQuery: q < 0 ? "" : url.slice(q + 1),
        query: decode(q < 0 ? "" : url.slice(q + 1)),
        headers: req.headers,
        body,
        form: body.length > 0 ? decode(body.toString("utf8")) : {},
      };
      const index = requests.length;
      requests.push(captured);
      try {
        const reply = await respond(captured, index);
        if ("reset" in reply) {
          req.socket.destroy();
          return;
        }
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? { RequestId: `req-${index}` });
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, { "content-type": "application/json;charset=utf-8", ...(reply.headers ?? {}) });
        res.end(text);
      } finally {
        inFlight--;
      }
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    setResponder(r) {
      respond = r;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Re-computes the signature of a captured request with the official package and compares. */
export function verifyWithOfficialSigner(req: CapturedRequest, accessKeySecret: string): boolean {
  const auth = req.headers.authorization;
  if (typeof auth === "string" && auth.startsWith("ACS3-HMAC-SHA256 ")) {
    const m = /Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/.exec(auth);
    if (!m) return false;
    const payloadHex = createHash("sha256").update(req.body).digest("hex");
    if (req.headers["x-acs-content-sha256"] !== payloadHex) return false;
    const official = new $tea.Request();
    official.method = req.method;
    official.pathname = req.path;
    official.query = req.query;
    official.headers = {};
    for (const name of m[2].split(";")) official.headers[name] = String(req.headers[name] ?? "");
    return OpenApiUtil.getAuthorization(official, "ACS3-HMAC-SHA256", payloadHex, m[1], accessKeySecret) === auth;
  }
  const { Signature, ...signed } = { ...req.query, ...req.form };
  if (!Signature) return false;
  return OpenApiUtil.getRPCSignature(signed, req.method, accessKeySecret) === Signature;
}
