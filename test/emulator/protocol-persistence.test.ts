import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { DEFAULT_ACCOUNTS } from "../../src/emulator/accounts";
import { StatePersistence, loadStateFile, writeFileAtomic } from "../../src/emulator/persistence";
import { admin, startFake, v1Request } from "./protocol-helpers";

const owner = DEFAULT_ACCOUNTS[0]!;
const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "pl-emu-state-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("persistence", () => {
  it("keeps the world, the idempotency records and STS credentials across a restart", async () => {
    const file = path.join(tempDir(), "state.json");
    const first = await startFake({ stateFile: file });
    const created = await v1Request(first.endpoint, {
      action: "CreateVpcEndpoint",
      params: { VpcId: "v", ClientToken: "persist-1", EndpointName: "kept" },
      account: owner,
    });
    const sts = first.mintStsCredentials("consumer", 3600);
    await first.stop();

    const doc = JSON.parse(readFileSync(file, "utf8"));
    expect(doc.format).toBe("privatelink-emulator-state");
    expect(doc.world.endpoints).toHaveLength(1);

    const second = await startFake({ stateFile: file });
    try {
      const get = await v1Request(second.endpoint, { action: "GetVpcEndpointAttribute", params: { EndpointId: created.json.EndpointId }, account: owner });
      expect(get.json.EndpointName).toBe("kept");
      // The retried create is recognised after the restart: same answer, no second endpoint.
      const retry = await v1Request(second.endpoint, {
        action: "CreateVpcEndpoint",
        params: { VpcId: "v", ClientToken: "persist-1", EndpointName: "kept" },
        account: owner,
      });
      expect(retry.json.EndpointId).toBe(created.json.EndpointId);
      expect(second.world.endpoints.size).toBe(1);
      const viaSts = await v1Request(second.endpoint, {
        action: "ListVpcEndpoints",
        account: { accessKeyId: sts.AccessKeyId, accessKeySecret: sts.AccessKeySecret },
        securityToken: sts.SecurityToken,
      });
      expect(viaSts.status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it("writes after changes without waiting for stop, and coalesces bursts", async () => {
    const file = path.join(tempDir(), "state.json");
    const emu = await startFake({ stateFile: file, persistDebounceMs: 50 });
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => v1Request(emu.endpoint, { action: "CreateVpcEndpoint", params: { VpcId: `v${i}` }, account: owner })),
      );
      await new Promise((r) => setTimeout(r, 300));
      const doc = JSON.parse(readFileSync(file, "utf8"));
      expect(doc.world.endpoints.length).toBe(20);
      // No temporary files left behind.
      expect(readdirSync(path.dirname(file))).toEqual(["state.json"]);
    } finally {
      await emu.stop();
    }
    const p = new StatePersistence({ file: path.join(tempDir(), "s.json"), collect: () => ({ world: 1, idempotency: [], sts: [] }), debounceMs: 30 });
    for (let i = 0; i < 100; i++) p.schedule();
    await new Promise((r) => setTimeout(r, 150));
    expect(p.writes).toBe(1);
    p.schedule();
    await p.flush();
    expect(p.writes).toBe(2);
    await p.flush();
    expect(p.writes).toBe(2);
  });

  it("replaces the file atomically: readers see the old or the new content, never a mix", async () => {
    const dir = tempDir();
    const file = path.join(dir, "atomic.json");
    writeFileSync(file, JSON.stringify({ v: "old" }));
    const big = JSON.stringify({ v: "new", pad: "x".repeat(2_000_000) });
    let reads = 0;
    let done = false;
    const reader = (async () => {
      while (!done) {
        const text = readFileSync(file, "utf8");
        const v = JSON.parse(text).v;
        expect(["old", "new"]).toContain(v);
        reads++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    await writeFileAtomic(file, big);
    done = true;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(file, "utf8")).v).toBe("new");
    expect(readdirSync(dir)).toEqual(["atomic.json"]);
  });

  it("refuses a file that is not a state file, and starts empty when the file is missing", async () => {
    const dir = tempDir();
    const foreign = path.join(dir, "foreign.json");
    writeFileSync(foreign, JSON.stringify({ hello: 1 }));
    await expect(loadStateFile(foreign)).rejects.toThrow(/not a PrivateLink emulator state file/);
    await expect(startFake({ stateFile: foreign })).rejects.toThrow(/not a PrivateLink emulator state file/);
    writeFileSync(foreign, "{oops");
    await expect(loadStateFile(foreign)).rejects.toThrow(/not valid JSON/);
    const missing = path.join(dir, "new.json");
    expect(await loadStateFile(missing)).toBeUndefined();
    const emu = await startFake({ stateFile: missing });
    await emu.stop();
    expect(existsSync(missing)).toBe(true);
  });

  it("memory only without a state file", async () => {
    const emu = await startFake();
    await v1Request(emu.endpoint, { action: "CreateVpcEndpoint", params: { VpcId: "v" }, account: owner });
    await emu.stop();
    const again = await startFake();
    expect(again.world.endpoints.size).toBe(0);
    await again.stop();
    expect(emu.world.closed).toBe(true);
  });
});

describe("persistence with the real World", () => {
  it("a service created before a restart is still there after it", async () => {
    const { startEmulator } = await import("../../src/emulator/index");
    const file = path.join(tempDir(), "world.json");
    const first = await startEmulator({ timeScale: 0, stateFile: file });
    const inv = (await admin(first, "GET", "/inventory")).json;
    const lb = inv.loadBalancers.find((l: any) => l.ownerId === owner.accountId && l.regionId === "cn-hangzhou" && l.type === "slb" && l.privateLinkEnabled);
    const svc = await v1Request(first.endpoint, {
      action: "CreateVpcEndpointService",
      params: { RegionId: "cn-hangzhou", "Resource.1.ResourceId": lb.id, "Resource.1.ResourceType": "slb", ServiceDescription: "survives" },
      account: owner,
    });
    expect(svc.status).toBe(200);
    await first.stop();
    const second = await startEmulator({ timeScale: 0, stateFile: file });
    try {
      const get = await v1Request(second.endpoint, {
        action: "GetVpcEndpointServiceAttribute",
        params: { RegionId: "cn-hangzhou", ServiceId: svc.json.ServiceId },
        account: owner,
      });
      expect(get.status).toBe(200);
      expect(get.json.ServiceDescription).toBe("survives");
    } finally {
      await second.stop();
    }
  });
});
