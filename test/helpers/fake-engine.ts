// The engine's Log service on loopback (a real gRPC server with the SDK's own service definition): what a
// provider sends to the engine's log, in arrival order, with severity, URN and the ephemeral flag.
import * as path from "node:path";

const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdkDir] }));
const { EngineService } = require("@pulumi/pulumi/proto/engine_grpc_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
export const { LogSeverity } = require("@pulumi/pulumi/proto/engine_pb");

export interface LogMessage {
  severity: number;
  message: string;
  urn: string;
  ephemeral: boolean;
}

export interface FakeEngine {
  readonly address: string;
  readonly received: LogMessage[];
  stop(): void;
}

/** Starts the Log service; `delayMs` holds a message back before it is recorded and acknowledged. */
export async function startFakeEngine(delayMs: (message: LogMessage, index: number) => number = () => 0): Promise<FakeEngine> {
  const received: LogMessage[] = [];
  let arrived = 0;
  const server = new grpc.Server();
  server.addService(EngineService, {
    log: (call: any, callback: any) => {
      const r = call.request;
      const message = { severity: r.getSeverity(), message: r.getMessage(), urn: r.getUrn(), ephemeral: r.getEphemeral() };
      setTimeout(
        () => {
          received.push(message);
          callback(null, new Empty());
        },
        delayMs(message, arrived++),
      );
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e: Error | null, p: number) => (e ? reject(e) : resolve(p))),
  );
  return { address: `127.0.0.1:${port}`, received, stop: () => server.forceShutdown() };
}
