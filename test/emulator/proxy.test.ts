// Proxies: the client, run as a user's process would be (a child process trusting a CA through NODE_EXTRA_CA_CERTS),
// reaches an https endpoint through a real local CONNECT proxy; NO_PROXY and loopback bypass it; the `proxy` setting
// works without the environment; STS goes through the proxy too. The https endpoint is a TLS front (self-signed
// certificate made with openssl) that forwards to the emulator.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { excludedByNoProxy, proxyFor } from "../../src/client/transport";
import { type Emulator, startEmulator } from "../../src/emulator";

const HOSTS = ["privatelink.proxy-test.example", "sts.proxy-test.example"];
let emu: Emulator;
let dir: string;
let front: https.Server;
let frontPort: number;
let proxy: http.Server;
let proxyUrl: string;
const seen: string[] = [];

beforeAll(async () => {
  emu = await startEmulator({ timeScale: 0 });
  await fetch(`${emu.adminUrl}/roles`, {
    method: "POST",
    headers: { "x-emulator-admin-token": emu.adminToken },
    body: JSON.stringify({
      account: "owner",
      roleName: "deployer",
      trustPolicy: { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: ["*"] } }] },
    }),
  });
  dir = mkdtempSync(join(tmpdir(), "pl-proxy-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      `/CN=${HOSTS[0]}`,
      "-addext",
      `subjectAltName=${HOSTS.map((h) => `DNS:${h}`).join(",")}`,
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  // The TLS front: what the client believes is Alibaba Cloud's https endpoint.
  front = https.createServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (req, res) => {
    const target = new URL(emu.endpoint);
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => front.listen(0, "127.0.0.1", r));
  frontPort = (front.address() as AddressInfo).port;
  // The CONNECT proxy: records each tunnel's target and connects every target host to the TLS front.
  proxy = http.createServer((req, res) => {
    seen.push(`GET ${req.url}`);
    res.writeHead(502).end();
  });
  proxy.on("connect", (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const upstream = net.connect(frontPort, "127.0.0.1", () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  proxy?.close();
  front?.close();
  await emu?.stop();
});

beforeEach(() => {
  seen.length = 0;
});

/** Runs one ListVpcEndpointServices call in a fresh Node process with the given environment and settings. */
function runClient(env: Record<string, string>, explicit: Record<string, unknown> = {}): Promise<{ ok: boolean; out: string }> {
  const owner = emu.accounts.find((a) => a.name === "consumer")!;
  const script = `
    const { PrivateLinkClient, resolveSettings } = require("./src/client");
    const settings = resolveSettings({ explicit: ${JSON.stringify({ accessKeyId: owner.accessKeyId, accessKeySecret: owner.accessKeySecret, region: emu.regionId, maxRetries: 0, connectTimeoutMs: 3000, readTimeoutMs: 5000, ...explicit })}, homeDir: "/nonexistent" });
    new PrivateLinkClient(settings).call("ListVpcEndpointServices", {}).then(
      (r) => { console.log("OK " + JSON.stringify(r.Services.length)); process.exit(0); },
      (e) => { console.log("ERR " + e.message); process.exit(1); });`;
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
    cwd: join(__dirname, "..", ".."),
    env: { PATH: process.env.PATH ?? "", NODE_EXTRA_CA_CERTS: join(dir, "cert.pem"), ...env },
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ ok: code === 0, out })));
}

describe("HTTPS_PROXY / NO_PROXY / proxy setting, through a real CONNECT proxy", () => {
  it("HTTPS_PROXY carries the call through a CONNECT tunnel to the https endpoint", async () => {
    const r = await runClient({ HTTPS_PROXY: proxyUrl }, { endpoint: `https://${HOSTS[0]}:${frontPort}` });
    expect(r.out).toMatch(/^OK /m);
    expect(seen).toContain(`CONNECT ${HOSTS[0]}:${frontPort}`);
  });

  it("NO_PROXY sends the host direct (here: unresolvable, so the call fails without touching the proxy)", async () => {
    const r = await runClient({ HTTPS_PROXY: proxyUrl, NO_PROXY: ".proxy-test.example" }, { endpoint: `https://${HOSTS[0]}:${frontPort}` });
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/NetworkError/);
    expect(seen).toEqual([]);
  });

  it("loopback is never proxied, even with HTTPS_PROXY and HTTP_PROXY set", async () => {
    const r = await runClient({ HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl }, { endpoint: emu.endpoint });
    expect(r.out).toMatch(/^OK /m);
    expect(seen).toEqual([]);
  });

  it("the proxy setting works without any proxy variable, and STS goes through it too", async () => {
    const r = await runClient(
      {},
      {
        endpoint: `https://${HOSTS[0]}:${frontPort}`,
        proxy: proxyUrl,
        stsEndpoint: `https://${HOSTS[1]}:${frontPort}`,
        assumeRole: { roleArn: "acs:ram::1380000000000001:role/deployer" },
      },
    );
    expect(r.out).toMatch(/^OK /m);
    expect(seen).toEqual([`CONNECT ${HOSTS[1]}:${frontPort}`, `CONNECT ${HOSTS[0]}:${frontPort}`]);
  });
});

describe("proxy selection rules", () => {
  it("NO_PROXY follows curl: *, suffixes with or without a dot, ports", () => {
    const u = new URL("https://privatelink.cn-hangzhou.aliyuncs.com/");
    expect(excludedByNoProxy(u, "*")).toBe(true);
    expect(excludedByNoProxy(u, "aliyuncs.com")).toBe(true);
    expect(excludedByNoProxy(u, ".aliyuncs.com")).toBe(true);
    expect(excludedByNoProxy(u, "example.com, aliyuncs.com:443")).toBe(true);
    expect(excludedByNoProxy(u, "aliyuncs.com:8443")).toBe(false);
    expect(excludedByNoProxy(u, "cs.com")).toBe(false);
    expect(excludedByNoProxy(u, "")).toBe(false);
  });

  it("loopback and the ECS metadata address never get a proxy; the setting wins over the environment", () => {
    expect(proxyFor("http://127.0.0.1:9000/", "http://proxy:3128")).toBeUndefined();
    expect(proxyFor("http://[::1]:9000/", "http://proxy:3128")).toBeUndefined();
    expect(proxyFor("http://localhost:9000/", "http://proxy:3128")).toBeUndefined();
    expect(proxyFor("http://100.100.100.200/latest/api/token", "http://proxy:3128")).toBeUndefined();
    expect(proxyFor("https://sts.aliyuncs.com/", "http://proxy:3128")?.host).toBe("proxy:3128");
  });
});
