import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as http from "node:http";
import { DEFAULT_ACCOUNTS } from "../../src/emulator/accounts";
import { FaultInjector, FaultSpecError, formatFaultSpec, parseFaultSpec, seededRandom } from "../../src/emulator/faults";
import { checkClientToken, paramsHash } from "../../src/emulator/idempotency";
import { admin, startFake, v1Request, v3Request, type FakeWorld, type RawResponse } from "./protocol-helpers";
import type { RunningEmulator } from "../../src/emulator/server";

const owner = DEFAULT_ACCOUNTS[0]!;
const consumer = DEFAULT_ACCOUNTS[1]!;
const ACTIONS = ["CreateVpcEndpoint", "GetVpcEndpointAttribute", "ListVpcEndpoints", "DescribeZones", "DeleteVpcEndpoint", "Explode"];

const create = (emu: RunningEmulator, extra: Record<string, string> = {}, account = owner): Promise<RawResponse> =>
  v1Request(emu.endpoint, { action: "CreateVpcEndpoint", params: { RegionId: "cn-hangzhou", VpcId: "vpc-1", ...extra }, account });

describe("idempotency (ClientToken)", () => {
  let emu: RunningEmulator<FakeWorld>;
  beforeAll(async () => {
    emu = await startFake();
  });
  afterAll(async () => {
    await emu.stop();
  });

  it("same token and parameters: the original answer again, with a new RequestId, and one effect", async () => {
    const before = emu.world.effects;
    const first = await create(emu, { ClientToken: "tok-1", EndpointName: "a" });
    const again = await v3Request(emu.endpoint, {
      action: "CreateVpcEndpoint",
      params: { RegionId: "cn-hangzhou", VpcId: "vpc-1", ClientToken: "tok-1", EndpointName: "a" },
      account: owner,
    });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.json.EndpointId).toBe(first.json.EndpointId);
    expect(again.json.RequestId).not.toBe(first.json.RequestId);
    expect(emu.world.effects - before).toBe(1);
  });

  it("same token, different parameters: IdempotentParameterMismatch and no effect", async () => {
    await create(emu, { ClientToken: "tok-2", EndpointName: "a" });
    const before = emu.world.effects;
    const r = await create(emu, { ClientToken: "tok-2", EndpointName: "b" });
    expect(r.status).toBe(400);
    expect(r.json.Code).toBe("IdempotentParameterMismatch");
    expect(emu.world.effects).toBe(before);
  });

  it("tokens are scoped by account and by action, and are case-sensitive", async () => {
    const a = await create(emu, { ClientToken: "tok-3" });
    const b = await create(emu, { ClientToken: "tok-3" }, consumer);
    const c = await create(emu, { ClientToken: "TOK-3" });
    expect(new Set([a.json.EndpointId, b.json.EndpointId, c.json.EndpointId]).size).toBe(3);
    const del = await v1Request(emu.endpoint, { action: "DeleteVpcEndpoint", params: { EndpointId: a.json.EndpointId, ClientToken: "tok-3" }, account: owner });
    expect(del.status).toBe(200);
  });

  it("failures are not stored: a retry after an error runs again", async () => {
    const bad = await v1Request(emu.endpoint, { action: "CreateVpcEndpoint", params: { RegionId: "cn-hangzhou", ClientToken: "tok-4" }, account: owner });
    expect(bad.json.Code).toBe("MissingParam.VpcId");
    const fixed = await v1Request(emu.endpoint, {
      action: "CreateVpcEndpoint",
      params: { RegionId: "cn-hangzhou", ClientToken: "tok-4", VpcId: "v" },
      account: owner,
    });
    expect(fixed.status).toBe(200);
  });

  it("signature and common parameters do not take part in the comparison", () => {
    expect(paramsHash({ A: "1", B: "2", ClientToken: "x" })).toBe(paramsHash({ B: "2", A: "1", ClientToken: "y" }));
    expect(paramsHash({ A: "1" })).not.toBe(paramsHash({ A: "2" }));
    expect(paramsHash({ A: "1", B: "" })).not.toBe(paramsHash({ A: "1" }));
  });

  it("refuses tokens longer than 64 characters or not ASCII", async () => {
    expect(checkClientToken("a".repeat(64))).toBe("a".repeat(64));
    expect(checkClientToken("")).toBeUndefined();
    const long = await create(emu, { ClientToken: "a".repeat(65) });
    expect(long.json.Code).toBe("IllegalParamFormat.ClientToken");
    const unicode = await create(emu, { ClientToken: "tök" });
    expect(unicode.json.Code).toBe("IllegalParamFormat.ClientToken");
  });

  it("passes DryRun to the handler, which answers DryRunOperation and changes nothing", async () => {
    const before = emu.world.effects;
    const r = await create(emu, { DryRun: "true", ClientToken: "tok-dry" });
    expect(r.status).toBe(400);
    expect(r.json.Code).toBe("DryRunOperation");
    expect(emu.world.lastContext!.dryRun).toBe(true);
    expect(emu.world.lastContext!.params.DryRun).toBe("true");
    expect(emu.world.effects).toBe(before);
    // The dry run did not claim the token.
    const real = await create(emu, { ClientToken: "tok-dry" });
    expect(real.status).toBe(200);
    expect(emu.world.lastContext!.dryRun).toBe(false);
    const f = await create(emu, { DryRun: "false" });
    expect(f.status).toBe(200);
    expect(emu.world.lastContext!.dryRun).toBe(false);
  });
});

describe("fault spec", () => {
  it("parses the compact syntax, JSON, and round-trips", () => {
    const c = parseFaultSpec("CreateVpcEndpoint:throttle=0.3,lost=0.1;*:latency=20-80;stuck=endpoint:Creating,zone:*;seed=7", ACTIONS);
    expect(c.rules.CreateVpcEndpoint).toEqual({ throttle: 0.3, lost: 0.1 });
    expect(c.rules["*"]).toEqual({ latency: [20, 80] });
    expect(c.stuck).toEqual([
      { kind: "endpoint", status: "Creating" },
      { kind: "zone", status: "*" },
    ]);
    expect(c.seed).toBe("7");
    expect(parseFaultSpec(formatFaultSpec(c), ACTIONS)).toEqual(c);
    const j = parseFaultSpec(
      JSON.stringify({
        rules: { CreateVpcEndpoint: { throttle: 0.3, lost: 0.1 }, "*": { latency: [20, 80] } },
        stuck: ["endpoint:Creating", "zone:*"],
        seed: 7,
      }),
      ACTIONS,
    );
    expect(j).toEqual(c);
    expect(parseFaultSpec({ "*": { "5xx": 0.5, retryAfter: 100 } }).rules["*"]).toEqual({ unavailable: 0.25, internal: 0.25, retryAfterMs: 100 });
    expect(parseFaultSpec("A,B:reset=1").rules).toEqual({ A: { reset: 1 }, B: { reset: 1 } });
    expect(parseFaultSpec("")).toEqual({ rules: {}, stuck: [] });
  });

  it("explains bad specs", () => {
    const bad: [string, RegExp][] = [
      ["CreateVpcEndpoint:throttle=2", /probability/],
      ["CreateVpcEndpoint:explode=0.1", /unknown fault key/],
      ["Nope:throttle=0.1", /unknown action/],
      ["*:latency=80-20", /reversed/],
      ["*:throttle=0.6,reset=0.6", /more than 1/],
      ["stuck=planet:Creating", /KIND/],
      ["throttle=0.1", /must look like/],
      ["{not json", /JSON/],
    ];
    for (const [spec, re] of bad) expect(() => parseFaultSpec(spec, ACTIONS), spec).toThrow(re);
    expect(() => parseFaultSpec("x:y")).toThrow(FaultSpecError);
  });

  it("the PRNG is deterministic per seed", () => {
    const a = seededRandom("s1");
    const b = seededRandom("s1");
    const c = seededRandom("s2");
    const sa = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(sa);
    const f1 = new FaultInjector(parseFaultSpec("*:throttle=0.5,latency=0-100"), 42);
    const f2 = new FaultInjector(parseFaultSpec("*:throttle=0.5,latency=0-100"), 42);
    const d1 = Array.from({ length: 50 }, () => f1.decide("X"));
    expect(Array.from({ length: 50 }, () => f2.decide("X"))).toEqual(d1);
    const throttled = d1.filter((d) => d.pre === "throttle").length;
    expect(throttled).toBeGreaterThan(10);
    expect(throttled).toBeLessThan(40);
  });
});

describe("faults over HTTP", () => {
  let emu: RunningEmulator<FakeWorld>;
  beforeAll(async () => {
    emu = await startFake({ seed: 1 });
  });
  afterEach(() => {
    emu.clearFaults();
  });
  afterAll(async () => {
    await emu.stop();
  });

  const list = (): Promise<RawResponse> => v1Request(emu.endpoint, { action: "ListVpcEndpoints", params: { RegionId: "cn-hangzhou" }, account: owner });

  it("throttles with Throttling.User (400), optionally with x-acs-retry-after", async () => {
    emu.setFaults("ListVpcEndpoints:throttle=1");
    const r = await list();
    expect(r.status).toBe(400);
    expect(r.json.Code).toBe("Throttling.User");
    expect(r.headers["x-acs-retry-after"]).toBeUndefined();
    emu.setFaults("ListVpcEndpoints:throttle=1,retryAfter=250");
    const r2 = await list();
    expect(r2.headers["x-acs-retry-after"]).toBe("250");
    // Other actions are unaffected.
    expect((await create(emu)).status).toBe(200);
  });

  it("answers 5xx: ServiceUnavailable 503 and InternalError 500", async () => {
    emu.setFaults("*:unavailable=1");
    const a = await list();
    expect([a.status, a.json.Code]).toEqual([503, "ServiceUnavailable"]);
    emu.setFaults("*:internal=1");
    const b = await list();
    expect([b.status, b.json.Code]).toEqual([500, "InternalError"]);
    emu.setFaults("*:5xx=1");
    const codes = new Set<string>();
    for (let i = 0; i < 20; i++) codes.add((await list()).json.Code);
    expect(codes).toEqual(new Set(["ServiceUnavailable", "InternalError"]));
  });

  it("resets the connection before handling (no effect)", async () => {
    emu.setFaults("CreateVpcEndpoint:reset=1");
    const before = emu.world.effects;
    await expect(create(emu)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(emu.world.effects).toBe(before);
  });

  it("loses the reply after the effect; a retry with the same ClientToken finds the result", async () => {
    emu.setFaults("CreateVpcEndpoint:lost=1");
    const before = emu.world.effects;
    await expect(create(emu, { ClientToken: "lost-1" })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(emu.world.effects).toBe(before + 1);
    emu.clearFaults();
    const retry = await create(emu, { ClientToken: "lost-1" });
    expect(retry.status).toBe(200);
    expect(emu.world.effects).toBe(before + 1);
    expect(emu.world.endpoints.has(retry.json.EndpointId)).toBe(true);
  });

  it("adds latency (fixed and range)", async () => {
    emu.setFaults("ListVpcEndpoints:latency=150");
    let t = Date.now();
    await list();
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    emu.setFaults("ListVpcEndpoints:latency=60-90");
    t = Date.now();
    await list();
    const took = Date.now() - t;
    expect(took).toBeGreaterThanOrEqual(55);
    emu.clearFaults();
    t = Date.now();
    await list();
    expect(Date.now() - t).toBeLessThan(60);
  });

  it("holds transitions that match a stuck rule, and releases them when cleared", async () => {
    emu.setFaults("stuck=endpoint:Creating");
    const c = await create(emu);
    const get = () => v1Request(emu.endpoint, { action: "GetVpcEndpointAttribute", params: { EndpointId: c.json.EndpointId }, account: owner });
    expect((await get()).json.EndpointStatus).toBe("Creating");
    expect((await get()).json.EndpointStatus).toBe("Creating");
    emu.clearFaults();
    expect((await get()).json.EndpointStatus).toBe("Active");
  });

  it("repeats the same fault sequence for the same seed", async () => {
    const run = async (): Promise<string[]> => {
      emu.setFaults("ListVpcEndpoints:throttle=0.3,unavailable=0.2;seed=abc");
      const out: string[] = [];
      for (let i = 0; i < 30; i++) out.push((await list()).json.Code ?? "OK");
      return out;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    expect(new Set(first)).toEqual(new Set(["OK", "Throttling.User", "ServiceUnavailable"]));
    emu.setFaults("ListVpcEndpoints:throttle=0.3,unavailable=0.2;seed=other");
    const third: string[] = [];
    for (let i = 0; i < 30; i++) third.push((await list()).json.Code ?? "OK");
    expect(third).not.toEqual(first);
  });

  it("counts requests per action and outcome", async () => {
    emu.resetRequestCounts();
    emu.setFaults("ListVpcEndpoints:throttle=1");
    await list();
    await list();
    emu.clearFaults();
    await list();
    await v1Request(emu.endpoint, { action: "GetVpcEndpointAttribute", params: { EndpointId: "ep-x" }, account: owner });
    await v1Request(emu.endpoint, { action: "NoSuchAction", account: owner });
    const counts = emu.requestCounts();
    expect(counts.total).toBe(5);
    expect(counts.byAction.ListVpcEndpoints).toEqual({ total: 3, byOutcome: { Success: 1, "Throttling.User": 2 } });
    expect(counts.byAction.GetVpcEndpointAttribute).toEqual({ total: 1, byOutcome: { EndpointNotFound: 1 } });
    expect(counts.byAction["(unknown)"]).toEqual({ total: 1, byOutcome: { "InvalidAction.NotFound": 1 } });
    const viaAdmin = await admin(emu, "GET", "/requests");
    expect(viaAdmin.json).toEqual(counts);
  });

  it("keeps serving keep-alive connections after faults", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      emu.setFaults("ListVpcEndpoints:throttle=1");
      const r = await new Promise<number>((resolve, reject) => {
        http
          .get(`${emu.endpoint}/?Action=ListVpcEndpoints&Version=2020-04-15`, { agent }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          })
          .on("error", reject);
      });
      expect(r).toBe(400);
    } finally {
      agent.destroy();
    }
  });
});
