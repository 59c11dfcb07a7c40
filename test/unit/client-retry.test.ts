// PrivateLinkClient against a loopback server: retries, re-signing, ClientToken, retry-after, time budget,
// connection resets, timeouts and the per-account limit on calls in flight.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiError, PrivateLinkClient, resolveSettings, type ClientSettings, type ResolvedSettings } from "../../src/client";
import { backoffCeiling, fullJitterDelay, Semaphore } from "../../src/client/retry";
import { startFakeServer, verifyWithOfficialSigner, type FakeServer } from "../helpers/fake-server";

const SECRET = "RetryTestSecret0123456789";
const emptyHome = mkdtempSync(join(tmpdir(), "pl-client-home-"));
let akCounter = 0;

function settingsFor(server: FakeServer, extra: ClientSettings = {}): ResolvedSettings {
  return resolveSettings({
    explicit: {
      region: "cn-hangzhou",
      endpoint: server.url,
      accessKeyId: `LTAIretry${++akCounter}`, // a fresh account per test: the in-flight limiter is per access key
      accessKeySecret: SECRET,
      ...extra,
    },
    env: {},
    homeDir: emptyHome,
  });
}

/** Fake time: sleeping advances the clock instantly and records the delay. */
function fakeTime(start = Date.UTC(2025, 0, 15, 8, 0, 0)) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

const throttled = { status: 400, body: { RequestId: "r-thr", Code: "Throttling.User", Message: "Request was denied due to user flow control." } };

let server: FakeServer;
beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(async () => {
  await server.close();
});

describe.each(["v3", "v1"] as const)("retries with signature %s", (signatureVersion) => {
  it("three throttled answers then success = four attempts, one ClientToken, four nonces, all signatures valid", async () => {
    server.setResponder((_req, i) => (i < 3 ? throttled : { body: { RequestId: "r-ok", EndpointId: "ep-123" } }));
    const t = fakeTime();
    const client = new PrivateLinkClient(settingsFor(server, { signatureVersion }), { clock: t.clock, sleep: t.sleep, random: () => 0.5 });
    const out = await client.call<{ EndpointId: string }>("CreateVpcEndpoint", { ServiceId: "epsrv-1", VpcId: "vpc-1", SecurityGroupId: ["sg-1"] });
    client.close();

    expect(out.EndpointId).toBe("ep-123");
    expect(server.requests).toHaveLength(4);
    const tokens = server.requests.map((r) => r.query.ClientToken);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    const nonces = server.requests.map((r) => (signatureVersion === "v3" ? r.headers["x-acs-signature-nonce"] : r.query.SignatureNonce));
    expect(new Set(nonces).size).toBe(4);
    for (const r of server.requests) {
      expect(verifyWithOfficialSigner(r, SECRET)).toBe(true);
      expect(verifyWithOfficialSigner(r, SECRET + "x")).toBe(false);
      expect(r.method).toBe("POST");
      expect(r.path).toBe("/");
      expect(r.query.RegionId).toBe("cn-hangzhou");
      expect(r.query["SecurityGroupId.1"]).toBe("sg-1");
    }
    // Timestamps follow the (fake) clock: each retry is signed at its own time.
    const stamps = server.requests.map((r) => (signatureVersion === "v3" ? r.headers["x-acs-date"] : r.query.Timestamp));
    expect(stamps[0]).toBe("2025-01-15T08:00:00Z");
    // Full jitter with random()=0.5: half of 200, 400, 800 ms.
    expect(t.sleeps).toEqual([100, 200, 400]);
    if (signatureVersion === "v1") {
      expect(server.requests[0].query.Format).toBe("JSON");
      expect(server.requests[0].query.SignatureMethod).toBe("HMAC-SHA1");
      expect(server.requests[0].headers.authorization).toBeUndefined();
    } else {
      expect(server.requests[0].query.Signature).toBeUndefined();
      expect(server.requests[0].headers["x-acs-version"]).toBe("2020-04-15");
      expect(server.requests[0].headers["content-type"]).toBeUndefined();
    }
  });

  it("body params travel in a signed form body", async () => {
    const client = new PrivateLinkClient(settingsFor(server, { signatureVersion }));
    await client.call(
      "UpdateVpcEndpointServiceAttribute",
      { ServiceId: "epsrv-1" },
      { bodyParams: { ServiceDescription: "a b*~ 中文", Tag: [{ Key: "k", Value: "v" }] } },
    );
    client.close();
    const r = server.requests[0];
    expect(r.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(r.form).toEqual({ ServiceDescription: "a b*~ 中文", "Tag.1.Key": "k", "Tag.1.Value": "v" });
    expect(r.query.ServiceDescription).toBeUndefined();
    expect(verifyWithOfficialSigner(r, SECRET)).toBe(true);
  });
});

describe("retry policy", () => {
  it("does not retry a non-retryable code", async () => {
    server.setResponder(() => ({
      status: 400,
      body: { RequestId: "r-nf", Code: "EndpointServiceNotFound", Message: "The specified service does not exist." },
    }));
    const t = fakeTime();
    const client = new PrivateLinkClient(settingsFor(server), { clock: t.clock, sleep: t.sleep });
    const err = await client.call("CreateVpcEndpoint", { ServiceId: "epsrv-missing" }).catch((e) => e);
    client.close();
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe("EndpointServiceNotFound");
    expect(err.retryable).toBe(false);
    expect(err.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(t.sleeps).toEqual([]);
  });

  it.each(["InvalidParameter", "SignatureDoesNotMatch", "Forbidden.RAM", "EndpointLocked", "IncorrectStatus.Endpoint"])(
    "%s is not retried by the client",
    async (code) => {
      server.setResponder(() => ({ status: code === "Forbidden.RAM" ? 403 : 400, body: { RequestId: "r", Code: code, Message: "no" } }));
      const t = fakeTime();
      const client = new PrivateLinkClient(settingsFor(server), { clock: t.clock, sleep: t.sleep });
      await expect(client.call("ListVpcEndpoints", {})).rejects.toMatchObject({ code, attempts: 1 });
      client.close();
      expect(server.requests).toHaveLength(1);
    },
  );

  it.each([
    ["Throttling", 400],
    ["Throttling.Api", 400],
    ["Throttling.Resource", 429],
    ["Rejected.Throttling", 400],
    ["Some.Throttling.Variant", 400],
    ["ServiceUnavailable", 503],
    ["InternalError", 500],
    ["UnknownError", 500],
    ["SystemBusy", 400],
    ["Whatever5xx", 502],
    ["TooManyRequests", 429],
  ])("%s (HTTP %i) is retried", async (code, status) => {
    server.setResponder((_r, i) => (i === 0 ? { status, body: { RequestId: "r", Code: code, Message: "m" } } : { body: { RequestId: "ok" } }));
    const t = fakeTime();
    const client = new PrivateLinkClient(settingsFor(server), { clock: t.clock, sleep: t.sleep, random: () => 0 });
    await expect(client.call("ListVpcEndpoints", {})).resolves.toEqual({ RequestId: "ok" });
    client.close();
    expect(server.requests).toHaveLength(2);
  });

  it("honours x-acs-retry-after (milliseconds) instead of the jittered backoff", async () => {
    server.setResponder((_r, i) => (i === 0 ? { ...throttled, headers: { "x-acs-retry-after": "1500" } } : { body: { RequestId: "ok" } }));
    const t = fakeTime();
    const client = new PrivateLinkClient(settingsFor(server), { clock: t.clock, sleep: t.sleep, random: () => 0.01 });
    await client.call("ListVpcEndpoints", {});
    client.close();
    expect(t.sleeps).toEqual([1500]);
  });

  it("stops at maxRetries", async () => {
    server.setResponder(() => ({ status: 500, body: { RequestId: "r", Code: "InternalError", Message: "boom" } }));
    const t = fakeTime();
    const client = new PrivateLinkClient(settingsFor(server, { maxRetries: 2 }), { clock: t.clock, sleep: t.sleep, random: () => 0 });
    const err = await client.call("ListVpcEndpoints", {}).catch((e) => e);
    client.close();
    expect(server.requests).toHaveLength(3);
    expect(err.attempts).toBe(3);
    expect(err.message).toBe("ListVpcEndpoints failed: InternalError (HTTP 500): boom RequestId: r (after 3 attempts)");
  });

  it("never starts a sleep that would cross the time budget", async () => {
    server.setResponder(() => ({ status: 503, body: { RequestId: "r", Code: "ServiceUnavailable", Message: "busy" } }));
    const t = fakeTime();
    const client = new PrivateLinkClient(settingsFor(server, { retryBudgetMs: 1000, maxRetries: 50 }), {
      clock: t.clock,
      sleep: t.sleep,
      random: () => 0.999,
    });
    const err = await client.call("ListVpcEndpoints", {}).catch((e) => e);
    client.close();
    // Ceilings 200, 400, 800 → 199 + 399 = 598; the next (799) would end at 1397 > 1000, so we stop.
    expect(t.sleeps).toEqual([199, 399]);
    expect(t.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1000);
    expect(server.requests).toHaveLength(3);
    expect(err.code).toBe("ServiceUnavailable");
    expect(err.attempts).toBe(3);
  });

  it("gives up at once when the server's retry-after exceeds the remaining budget", async () => {
    server.setResponder(() => ({ ...throttled, headers: { "x-acs-retry-after": "5000" } }));
    const t = fakeTime();
    const client = new PrivateLinkClient(settingsFor(server, { retryBudgetMs: 3000 }), { clock: t.clock, sleep: t.sleep });
    const err = await client.call("ListVpcEndpoints", {}).catch((e) => e);
    client.close();
    expect(err).toMatchObject({ code: "Throttling.User", attempts: 1 });
    // The error says why it gave up instead of retrying.
    expect(err.message).toMatch(/The server asked to retry after 5000 ms, longer than the 3000 ms left of the retry budget \(retryBudgetMs 3000\)/);
    expect(t.sleeps).toEqual([]);
  });

  it.each([
    ["Retry-After in seconds", () => ({ "retry-after": "2" }), 2000],
    // Whole seconds: a date 4 s ahead, truncated, is between 3 and 4 s away.
    ["Retry-After as an HTTP date", () => ({ "retry-after": new Date(Date.now() + 4000).toUTCString() }), 3500],
    ["x-acs-retry-after before Retry-After", () => ({ "x-acs-retry-after": "700", "retry-after": "9" }), 700],
  ])("honours %s", async (_name, headers, expected) => {
    server.setResponder((_r, i) => (i === 0 ? { ...throttled, status: 429, headers: headers() } : { body: { RequestId: "ok" } }));
    const t = fakeTime(Date.now());
    const client = new PrivateLinkClient(settingsFor(server), { clock: t.clock, sleep: t.sleep, random: () => 0.01 });
    await client.call("ListVpcEndpoints", {});
    client.close();
    expect(t.sleeps).toHaveLength(1);
    // An HTTP date has one-second resolution and is measured against the real clock.
    expect(Math.abs(t.sleeps[0]! - expected)).toBeLessThanOrEqual(expected === 3500 ? 550 : 0);
  });

  it("retries a connection reset and surfaces persistent resets as a retryable NetworkError", async () => {
    server.setResponder((_r, i) => (i === 0 ? { reset: true } : { body: { RequestId: "ok" } }));
    const t = fakeTime();
    const client = new PrivateLinkClient(settingsFor(server), { clock: t.clock, sleep: t.sleep, random: () => 0 });
    await expect(client.call("ListVpcEndpoints", {})).resolves.toEqual({ RequestId: "ok" });
    expect(server.requests).toHaveLength(2);

    server.setResponder(() => ({ reset: true }));
    const client2 = new PrivateLinkClient(settingsFor(server, { maxRetries: 1 }), { clock: t.clock, sleep: t.sleep, random: () => 0 });
    const err = await client2.call("ListVpcEndpoints", {}).catch((e) => e);
    client.close();
    client2.close();
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: "NetworkError", httpStatus: 0, retryable: true, attempts: 2 });
    expect(err.message).toMatch(/^ListVpcEndpoints failed: NetworkError \(no HTTP response\): /);
  });

  it("retries a read timeout (per-call timeoutMs) and keeps the ClientToken", async () => {
    server.setResponder((_r, i) => (i === 0 ? { delayMs: 400, body: { RequestId: "late" } } : { body: { RequestId: "ok" } }));
    const t = fakeTime();
    const client = new PrivateLinkClient(settingsFor(server), { clock: t.clock, sleep: t.sleep, random: () => 0 });
    const out = await client.call("CreateVpcEndpointService", {}, { timeoutMs: 100, clientToken: "my-token-1" });
    client.close();
    expect(out).toEqual({ RequestId: "ok" });
    expect(server.requests.map((r) => r.query.ClientToken)).toEqual(["my-token-1", "my-token-1"]);
  });

  it("limits calls in flight per account", async () => {
    server.setResponder(() => ({ delayMs: 40, body: { RequestId: "ok" } }));
    const settings = settingsFor(server, { maxConcurrentCalls: 2 });
    const a = new PrivateLinkClient(settings);
    const b = new PrivateLinkClient(settings); // a second client of the same account shares the limit
    const calls = Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).call("ListVpcEndpoints", {}));
    await Promise.all(calls);
    a.close();
    b.close();
    expect(server.requests).toHaveLength(8);
    expect(server.maxInFlight).toBe(2);
  });

  it("generates a ClientToken only for actions that take one, and adds RegionId unless given", async () => {
    const client = new PrivateLinkClient(settingsFor(server));
    await client.call("ListVpcEndpoints", { MaxResults: 10 });
    await client.call("CreateVpcEndpoint", { RegionId: "cn-beijing" });
    await client.call("CreateVpcEndpoint", { ClientToken: "from-params" });
    client.close();
    expect(server.requests[0].query.ClientToken).toBeUndefined();
    expect(server.requests[0].query.RegionId).toBe("cn-hangzhou");
    expect(server.requests[0].query.MaxResults).toBe("10");
    expect(server.requests[1].query.ClientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.requests[1].query.RegionId).toBe("cn-beijing");
    expect(server.requests[2].query.ClientToken).toBe("from-params");
  });

  it("rejects protocol parameter names and oversized client tokens before sending", async () => {
    const client = new PrivateLinkClient(settingsFor(server));
    await expect(client.call("ListVpcEndpoints", { Signature: "x" })).rejects.toThrow(/Signature is set by the protocol/);
    await expect(client.call("CreateVpcEndpoint", {}, { clientToken: "x".repeat(65) })).rejects.toThrow(/ClientToken must be 1\.\.64/);
    client.close();
    expect(server.requests).toHaveLength(0);
  });

  it("treats a 2xx body carrying an error Code as a failure and a non-JSON 5xx as retryable", async () => {
    server.setResponder((_r, i) =>
      i === 0 ? { status: 502, body: "<html>bad gateway</html>" } : { status: 200, body: { RequestId: "r2", Code: "InvalidParameter", Message: "bad" } },
    );
    const t = fakeTime();
    const client = new PrivateLinkClient(settingsFor(server), { clock: t.clock, sleep: t.sleep, random: () => 0 });
    await expect(client.call("ListVpcEndpoints", {})).rejects.toMatchObject({ code: "InvalidParameter", httpStatus: 200, attempts: 2 });
    client.close();
  });
});

describe("retry building blocks", () => {
  it("full jitter stays within the capped exponential ceiling", () => {
    const policy = { baseDelayMs: 200, maxDelayMs: 20_000 };
    expect([0, 1, 2, 3, 10, 40].map((i) => backoffCeiling(i, policy))).toEqual([200, 400, 800, 1600, 20_000, 20_000]);
    expect(fullJitterDelay(3, policy, () => 0)).toBe(0);
    expect(fullJitterDelay(3, policy, () => 0.999999)).toBe(1599);
  });

  it("a semaphore never lets more than max run at once", async () => {
    const s = new Semaphore(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        s.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 2));
          running--;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(s.inFlight).toBe(0);
  });
});
