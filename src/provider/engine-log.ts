// Messages to the Pulumi engine from inside the dynamic-provider process. The SDK's host for dynamic providers
// never connects to the engine (its stdout lands in the stack's diagnostics), but the engine's address is the
// host process's first argument. Logging there with the resource's URN puts a line on that resource's row, and
// an ephemeral one is shown live without being repeated in the summary (the engine's LogStatus).
import * as path from "node:path";

export type EngineSeverity = "debug" | "info" | "warning" | "error";

export interface EngineLog {
  /** Sends one message; resolves when the engine has it (or it could not be delivered). Never rejects. */
  send(severity: EngineSeverity, message: string, urn: string, ephemeral: boolean): Promise<boolean>;
}

/** The engine address when this process is Pulumi's dynamic-provider host (argv: node, host script, address). */
export function engineAddressOf(argv: readonly string[]): string | undefined {
  const script = argv[1] ?? "";
  const address = argv[2] ?? "";
  if (!/[\\/]cmd[\\/]dynamic-provider([\\/]index\.js)?$/.test(script)) return undefined;
  return /^[\w.[\]:-]+:\d+$/.test(address) ? address : undefined;
}

/** A client of the engine's Log RPC at `address`, built from the program's own @pulumi/pulumi. */
export function connectEngineLog(address: string): EngineLog | undefined {
  let client: any;
  let proto: any;
  try {
    // grpc-js is a dependency of @pulumi/pulumi: resolve it from there, as the SDK itself does.
    const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdkDir] }));
    const { EngineClient } = require("@pulumi/pulumi/proto/engine_grpc_pb");
    proto = require("@pulumi/pulumi/proto/engine_pb");
    client = new EngineClient(address, grpc.credentials.createInsecure());
  } catch {
    return undefined;
  }
  const severities: Record<EngineSeverity, number> = {
    debug: proto.LogSeverity.DEBUG,
    info: proto.LogSeverity.INFO,
    warning: proto.LogSeverity.WARNING,
    error: proto.LogSeverity.ERROR,
  };
  // One message at a time, so lines reach the engine in the order they were written.
  let last: Promise<unknown> = Promise.resolve();
  return {
    send(severity, message, urn, ephemeral) {
      const delivered = last.then(
        () =>
          new Promise<boolean>((resolve) => {
            const request = new proto.LogRequest();
            request.setSeverity(severities[severity]);
            request.setMessage(message);
            request.setUrn(urn);
            request.setEphemeral(ephemeral);
            client.log(request, (error: unknown) => resolve(!error));
          }),
      );
      last = delivered;
      return delivered;
    },
  };
}

let cached: EngineLog | null | undefined;

/** The engine log of this process, or undefined outside Pulumi's dynamic-provider host (tests, scripts). */
export function processEngineLog(): EngineLog | undefined {
  if (cached === undefined) {
    const address = engineAddressOf(process.argv);
    cached = (address && connectEngineLog(address)) || null;
  }
  return cached ?? undefined;
}
