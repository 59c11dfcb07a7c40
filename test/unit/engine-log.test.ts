// The provider's engine log: a real gRPC server with the engine's Log service on loopback receives what the
// provider sends, in order, with severity, URN and the ephemeral flag.
import { afterEach, describe, expect, test } from "vitest";
import { connectEngineLog, engineAddressOf } from "../../src/provider/engine-log";
import { LogSeverity, startFakeEngine, type FakeEngine } from "../helpers/fake-engine";

let server: FakeEngine | undefined;
afterEach(() => server?.stop());

async function fakeEngine(): Promise<FakeEngine> {
  // The first message is held back a little: order must still be kept.
  server = await startFakeEngine((m, i) => (i === 0 && m.message === "first" ? 50 : 0));
  return server;
}

describe("engine log", () => {
  test("recognises the dynamic-provider host's argv and nothing else", () => {
    const host = "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";
    expect(engineAddressOf(["node", host, "127.0.0.1:41234"])).toBe("127.0.0.1:41234");
    expect(engineAddressOf(["node", host])).toBeUndefined();
    expect(engineAddressOf(["node", "/usr/lib/node_modules/vitest/vitest.mjs", "127.0.0.1:41234"])).toBeUndefined();
    expect(engineAddressOf(["node", host, "--inspect"])).toBeUndefined();
  });

  test("delivers messages in order with severity, URN and the ephemeral flag", async () => {
    const engine = await fakeEngine();
    const log = connectEngineLog(engine.address)!;
    const urn = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/alicloud-privatelink:VpcEndpoint::ep";
    const sent = [log.send("info", "first", urn, true), log.send("warning", "second", urn, false), log.send("debug", "third", "", true)];
    expect(await Promise.all(sent)).toEqual([true, true, true]);
    expect(engine.received).toEqual([
      { severity: LogSeverity.INFO, message: "first", urn, ephemeral: true },
      { severity: LogSeverity.WARNING, message: "second", urn, ephemeral: false },
      { severity: LogSeverity.DEBUG, message: "third", urn: "", ephemeral: true },
    ]);
  });

  test("reports an undeliverable message instead of throwing", async () => {
    const log = connectEngineLog("127.0.0.1:1")!;
    expect(await log.send("info", "nobody listens", "", true)).toBe(false);
  });
});
