// The provider's engine log: a real gRPC server with the engine's Log service on loopback receives what the
// provider sends, in order, with severity, URN and the ephemeral flag.
import * as path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { connectEngineLog, engineAddressOf } from "../../src/provider/engine-log";

const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdkDir] }));
const { EngineService } = require("@pulumi/pulumi/proto/engine_grpc_pb");
const { LogSeverity } = require("@pulumi/pulumi/proto/engine_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

let server: any;
afterEach(() => server?.forceShutdown());

async function fakeEngine(): Promise<{ address: string; received: { severity: number; message: string; urn: string; ephemeral: boolean }[] }> {
  const received: { severity: number; message: string; urn: string; ephemeral: boolean }[] = [];
  server = new grpc.Server();
  server.addService(EngineService, {
    log: (call: any, callback: any) => {
      const r = call.request;
      // The first message is held back a little: order must still be kept.
      const delay = received.length === 0 && r.getMessage() === "first" ? 50 : 0;
      setTimeout(() => {
        received.push({ severity: r.getSeverity(), message: r.getMessage(), urn: r.getUrn(), ephemeral: r.getEphemeral() });
        callback(null, new Empty());
      }, delay);
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e: Error | null, p: number) => (e ? reject(e) : resolve(p))),
  );
  return { address: `127.0.0.1:${port}`, received };
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
