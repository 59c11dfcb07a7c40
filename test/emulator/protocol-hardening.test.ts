// The emulator listens on a developer's machine: it must refuse what the cloud refuses (V3 requests whose
// routing, host, payload hash or x-acs-* headers are unsigned, text that is not UTF-8), keep its admin API to
// the developer's own tools (token, loopback Host, no foreign Origin), stay quiet when clients go away, and
// bound slow or numerous clients.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as net from "node:net";
import { createHash, randomUUID } from "node:crypto";
import OpenApiUtil from "@alicloud/openapi-util";
import * as $tea from "@alicloud/tea-typescript";
import { DEFAULT_ACCOUNTS } from "../../src/emulator/accounts";
import type { RunningEmulator } from "../../src/emulator/server";
import { admin, rawRequest, startFake, toQuery, v1Request, type FakeWorld, type RawResponse } from "./protocol-helpers";

const owner = DEFAULT_ACCOUNTS[0]!;

/**
 * A V3 request signed by Alibaba's own OpenApiUtil.getAuthorization over every header except `unsigned`; the
 * unsigned headers are then sent with the values in `send` (a forger's re-send of a signed request).
 */
function v3WithUnsigned(
  endpoint: string,
  action: string,
  query: Record<string, string>,
  unsigned: string[],
  send: Record<string, string> = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {
    host: new URL(endpoint).host,
    "x-acs-version": "2020-04-15",
    "x-acs-action": action,
    "x-acs-date": OpenApiUtil.getTimestamp(),
    "x-acs-signature-nonce": randomUUID(),
    "x-acs-content-sha256": createHash("sha256").update("").digest("hex"),
  };
  const req = new $tea.Request();
  req.method = "POST";
  req.pathname = "/";
  req.query = { ...query };
  req.headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !unsigned.includes(k)));
  const authorization = OpenApiUtil.getAuthorization(req, "ACS3-HMAC-SHA256", headers["x-acs-content-sha256"]!, owner.accessKeyId, owner.accessKeySecret);
  const sent: Record<string, string> = { ...headers, ...send, Authorization: authorization };
  if (unsigned.includes("host") && send.host === undefined) delete sent.host; // Node sends its own Host
  return rawRequest(endpoint, { method: "POST", path: `/?${toQuery(query)}`, headers: sent });
}

function expectError(r: RawResponse, status: number, code: string): void {
  expect({ status: r.status, code: r.json?.Code }).toEqual({ status, code });
}

describe("V3 signatures must cover the routing headers, the host, the payload hash and every x-acs-* header", () => {
  let emu: RunningEmulator<FakeWorld>;
  beforeAll(async () => {
    emu = await startFake({ timeScale: 0 });
  });
  afterAll(async () => {
    await emu.stop();
  });

  it("a signed read re-sent as a delete (x-acs-action unsigned) is refused and deletes nothing", async () => {
    const created = await v1Request(emu.endpoint, { action: "CreateVpcEndpoint", params: { VpcId: "vpc-1" }, account: owner });
    const id = created.json.EndpointId as string;
    const forged = await v3WithUnsigned(emu.endpoint, "GetVpcEndpointAttribute", { EndpointId: id }, ["x-acs-action"], {
      "x-acs-action": "DeleteVpcEndpoint",
    });
    expectError(forged, 400, "IncompleteSignature");
    expect(forged.json.Message).toContain("x-acs-action must be signed");
    expect(emu.world.endpoints.has(id)).toBe(true);
    // The same request with every header signed is served.
    expect((await v3WithUnsigned(emu.endpoint, "GetVpcEndpointAttribute", { EndpointId: id }, [])).status).toBe(200);
  });

  it.each(["host", "x-acs-action", "x-acs-version", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce"])(
    "refuses a request whose %s header is not signed",
    async (name) => {
      const r = await v3WithUnsigned(emu.endpoint, "ListVpcEndpoints", { RegionId: "cn-hangzhou" }, [name]);
      expectError(r, 400, "IncompleteSignature");
      expect(r.json.Message).toContain(`${name} must be signed`);
    },
  );

  it("refuses any other x-acs-* header sent unsigned (an STS token, a header of the caller's own)", async () => {
    const token = await v3WithUnsigned(emu.endpoint, "ListVpcEndpoints", {}, [], { "x-acs-security-token": "forged" });
    expectError(token, 400, "IncompleteSignature");
    expect(token.json.Message).toContain("x-acs-security-token must be signed");
    const custom = await v3WithUnsigned(emu.endpoint, "ListVpcEndpoints", {}, [], { "x-acs-resourcegroup-id": "rg-1" });
    expectError(custom, 400, "IncompleteSignature");
  });

  it("routes V3 on its signed headers only: an Action in the query does not stand in for x-acs-action", async () => {
    const r = await v3WithUnsigned(emu.endpoint, "ListVpcEndpoints", { Action: "DeleteVpcEndpoint" }, ["x-acs-action"], { "x-acs-action": "" });
    expectError(r, 400, "MissingParameter");
    expect(r.json.Message).toContain("x-acs-action");
  });
});

describe("text that is not UTF-8 is refused with IllegalParamFormat.<Name>", () => {
  let emu: RunningEmulator<FakeWorld>;
  beforeAll(async () => {
    emu = await startFake({ timeScale: 0 });
  });
  afterAll(async () => {
    await emu.stop();
  });

  it("in a query value, a form body (escaped or raw bytes) and a parameter name; nothing is stored", async () => {
    const q = "Action=CreateVpcEndpoint&Version=2020-04-15&VpcId=vpc-1";
    const inQuery = await rawRequest(emu.endpoint, { method: "POST", path: `/?${q}&EndpointName=caf%E9` });
    expectError(inQuery, 400, "IllegalParamFormat.EndpointName");
    expect(inQuery.json.Message).toContain("not valid UTF-8");
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const escaped = await rawRequest(emu.endpoint, { method: "POST", path: `/?${q}`, headers: form, body: "EndpointName=%FF%FE" });
    expectError(escaped, 400, "IllegalParamFormat.EndpointName");
    const raw = await rawRequest(emu.endpoint, {
      method: "POST",
      path: `/?${q}`,
      headers: form,
      body: Buffer.concat([Buffer.from("EndpointName=ab"), Buffer.from([0xc3, 0x28])]),
    });
    expectError(raw, 400, "IllegalParamFormat.EndpointName");
    const name = await rawRequest(emu.endpoint, { method: "POST", path: `/?${q}&Tag%C0=1` });
    expect(name.status).toBe(400);
    expect(name.json.Code).toMatch(/^IllegalParamFormat\./);
    expect(emu.world.endpoints.size).toBe(0);
    // Valid multi-byte text and malformed escapes (kept literally) still reach the handler.
    const ok = await v1Request(emu.endpoint, { action: "CreateVpcEndpoint", params: { VpcId: "vpc-1", EndpointName: "café 端点 %zz" }, account: owner });
    expect(ok.status).toBe(200);
    expect([...emu.world.endpoints.values()][0]!.EndpointName).toBe("café 端点 %zz");
  });

  it("in an admin body (400 InvalidEncoding, the object unchanged)", async () => {
    const c = await v1Request(emu.endpoint, { action: "CreateVpcEndpoint", params: { VpcId: "v", EndpointName: "before" }, account: owner });
    const id = c.json.EndpointId as string;
    const r = await rawRequest(emu.endpoint, {
      method: "PATCH",
      path: `/_emulator/objects/endpoint/${id}`,
      headers: { "x-emulator-admin-token": emu.adminToken, "content-type": "application/json" },
      body: Buffer.concat([Buffer.from('{"EndpointName":"'), Buffer.from([0xff]), Buffer.from('"}')]),
    });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe("InvalidEncoding");
    expect(emu.world.endpoints.get(id)!.EndpointName).toBe("before");
  });
});

describe("the admin API answers the developer's own tools only", () => {
  let emu: RunningEmulator<FakeWorld>;
  beforeAll(async () => {
    emu = await startFake({ timeScale: 0 });
  });
  afterAll(async () => {
    await emu.stop();
  });

  const get = (headers: Record<string, string>, path = "/_emulator/accounts") => rawRequest(emu.endpoint, { path, headers });

  it("requires the token, in x-emulator-admin-token or as a bearer token", async () => {
    expect(emu.adminToken).toMatch(/^[0-9a-f]{48}$/);
    const none = await get({});
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe("Unauthorized");
    expect(none.text).not.toContain(owner.accessKeySecret);
    expect((await get({ "x-emulator-admin-token": "0".repeat(48) })).status).toBe(401);
    expect((await get({ "x-emulator-admin-token": emu.adminToken })).status).toBe(200);
    expect((await get({ authorization: `Bearer ${emu.adminToken}` })).status).toBe(200);
  });

  it("refuses a cross-site simple request (text/plain POST /reset without the token): the world stays", async () => {
    await v1Request(emu.endpoint, { action: "CreateVpcEndpoint", params: { VpcId: "v" }, account: owner });
    const before = emu.world.endpoints.size;
    const r = await rawRequest(emu.endpoint, {
      method: "POST",
      path: "/_emulator/reset",
      headers: { "content-type": "text/plain", origin: "https://attacker.example" },
      body: "x",
    });
    expect(r.status).toBe(403);
    expect(emu.world.endpoints.size).toBe(before);
  });

  it("refuses a non-loopback Host (DNS rebinding) even with the token", async () => {
    const token = { "x-emulator-admin-token": emu.adminToken };
    const rebound = await get({ ...token, host: `attacker.example:${emu.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.text).not.toContain(owner.accessKeySecret);
    for (const host of [`localhost:${emu.port}`, `127.0.0.1:${emu.port}`, `[::1]:${emu.port}`, "127.0.0.2"]) {
      expect((await get({ ...token, host })).status, host).toBe(200);
    }
  });

  it("refuses a foreign Origin, accepts the emulator's own", async () => {
    const token = { "x-emulator-admin-token": emu.adminToken };
    for (const origin of ["https://attacker.example", "null", `http://127.0.0.1:${emu.port + 1}`, `http://attacker.example:${emu.port}`]) {
      expect((await get({ ...token, origin })).status, origin).toBe(403);
    }
    expect((await get({ ...token, origin: `http://127.0.0.1:${emu.port}` })).status).toBe(200);
    expect((await get({ ...token, origin: `http://localhost:${emu.port}` })).status).toBe(200);
  });

  it("takes a fixed token from the options and refuses a weak one", async () => {
    const fixed = await startFake({ adminToken: "ci-token-0123456789" });
    try {
      expect(fixed.adminToken).toBe("ci-token-0123456789");
      expect((await admin(fixed, "GET", "/health")).status).toBe(200);
    } finally {
      await fixed.stop();
    }
    await expect(startFake({ adminToken: "short" })).rejects.toThrow(/adminToken/);
  });
});

/** Opens a raw socket, writes `data`, and resolves with what came back once the server closed it. */
function rawExchange(port: number, data: string | Buffer, waitMs: number): Promise<{ reply: string; closed: boolean; afterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, "127.0.0.1", () => socket.write(data));
    let reply = "";
    socket.on("data", (d) => (reply += d.toString("utf8")));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ reply, closed: false, afterMs: Date.now() - started });
    }, waitMs);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ reply, closed: true, afterMs: Date.now() - started });
    });
    socket.on("error", () => undefined);
  });
}

describe("slow and numerous clients are bounded", () => {
  it("a body that does not arrive in time is answered 408 RequestTimeout and the connection closed", async () => {
    const emu = await startFake({ bodyTimeoutMs: 300 });
    try {
      const head = `POST /?Action=ListVpcEndpoints&Version=2020-04-15 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nRegionId=cn`;
      const r = await rawExchange(emu.port, head, 10_000);
      expect(r.closed).toBe(true);
      expect(r.reply).toMatch(/^HTTP\/1\.1 408 /);
      expect(r.reply).toContain('"Code":"RequestTimeout"');
      expect(r.afterMs).toBeGreaterThanOrEqual(250);
    } finally {
      await emu.stop();
    }
  });

  it("headers that do not arrive in time end the connection", async () => {
    const emu = await startFake({ headersTimeoutMs: 300 });
    try {
      const r = await rawExchange(emu.port, "GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n", 10_000);
      expect(r.closed).toBe(true);
      expect(r.afterMs).toBeGreaterThanOrEqual(250);
      expect(r.afterMs).toBeLessThan(5_000);
    } finally {
      await emu.stop();
    }
  });

  it("keeps at most maxConnections open; one more is closed at once and served again when one leaves", async () => {
    const emu = await startFake({ maxConnections: 2 });
    const held: net.Socket[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const s = net.connect(emu.port, "127.0.0.1");
        await new Promise((r) => s.once("connect", r));
        held.push(s);
      }
      await new Promise((r) => setTimeout(r, 50));
      const third = await rawExchange(emu.port, "GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 5_000);
      expect(third.closed).toBe(true);
      expect(third.reply).toBe("");
      held.pop()!.destroy();
      // The server counts the connection gone once it sees the close.
      let status = 0;
      for (let i = 0; i < 40 && status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = await admin(emu, "GET", "/health").then(
          (r) => r.status,
          () => 0,
        );
      }
      expect(status).toBe(200);
    } finally {
      for (const s of held) s.destroy();
      await emu.stop();
    }
  });

  it("refuses timeouts and caps that are not positive integers", async () => {
    await expect(startFake({ bodyTimeoutMs: 0 })).rejects.toThrow(/bodyTimeoutMs/);
    await expect(startFake({ headersTimeoutMs: -1 })).rejects.toThrow(/headersTimeoutMs/);
    await expect(startFake({ maxConnections: 1.5 })).rejects.toThrow(/maxConnections/);
  });
});
