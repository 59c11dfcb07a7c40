// Drives the Pulumi SDK's own dynamic-provider host process over gRPC, the way the engine does: the host is
// spawned through the `pulumi-resource-pulumi-nodejs` shim with cwd = the program directory, and each RPC
// carries the serialised provider text in `__provider`. Nothing here is a stand-in for the SDK.
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [pulumiDir] }));
const grpc = fromPulumi("@grpc/grpc-js");
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const statusproto = require("@pulumi/pulumi/proto/status_pb");
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb");

export interface InitFailure {
  id: string;
  properties: Record<string, unknown>;
  reasons: string[];
}

/** A gRPC error from the host; `initFailure` is set when the provider kept a half-finished object. */
export class HostError extends Error {
  constructor(
    message: string,
    readonly initFailure?: InitFailure,
  ) {
    super(message);
  }
}

export interface ProviderHost {
  configure(config: Record<string, string>): Promise<void>;
  check(olds: object, news: object): Promise<{ inputs: Record<string, any>; failures: { property: string; reason: string }[] }>;
  diff(id: string, olds: object, news: object): Promise<{ changes: number; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(properties: object): Promise<{ id: string; properties: Record<string, any> }>;
  read(id: string, properties: object, inputs?: object): Promise<{ id: string; properties: Record<string, any>; inputs?: Record<string, any> }>;
  update(id: string, olds: object, news: object): Promise<{ properties: Record<string, any> }>;
  delete(id: string, properties: object): Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

export const DIFF = { UNKNOWN: 0, NONE: 1, SOME: 2 } as const;

/** `engineAddress`: the engine the host is told of (default: an address nothing listens on). */
export async function startProviderHost(options: {
  cwd: string;
  project?: string;
  env?: Record<string, string | undefined>;
  engineAddress?: string;
}): Promise<ProviderHost> {
  const project = options.project ?? "plk-test";
  const child: ChildProcess = spawn(path.join(pulumiDir, "pulumi-resource-pulumi-nodejs"), [options.engineAddress ?? "127.0.0.1:1"], {
    cwd: options.cwd,
    env: { ...process.env, PULUMI_NODEJS_PROJECT: project, PULUMI_PROJECT: project, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const port = await new Promise<string>((resolve, reject) => {
    let first = true;
    child.stdout!.on("data", (d: Buffer) => {
      if (first) {
        first = false;
        const [line, ...rest] = String(d).split("\n");
        output += rest.join("\n");
        resolve(line!.trim());
      } else output += String(d);
    });
    child.stderr!.on("data", (d: Buffer) => (output += String(d)));
    child.once("exit", (code) => reject(new Error(`provider host exited with ${code}: ${output}`)));
  });
  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const invoke = <T>(method: string, req: unknown): Promise<T> =>
    new Promise((resolve, reject) =>
      client[method](req, (err: any, res: T) => {
        if (!err) return resolve(res);
        const details = err.metadata?.get("grpc-status-details-bin")?.[0];
        let initFailure: InitFailure | undefined;
        if (details) {
          const status = statusproto.Status.deserializeBinary(details);
          const any = status.getDetailsList()[0];
          if (any) {
            const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue());
            initFailure = { id: detail.getId(), properties: detail.getProperties()?.toJavaScript() ?? {}, reasons: detail.getReasonsList() };
          }
        }
        reject(new HostError(err.details ?? err.message, initFailure));
      }),
    );
  const struct = (o: object) => Struct.fromJavaScript(o);
  const urn = "urn:pulumi:test::plk-test::pulumi-nodejs:dynamic/alicloud-privatelink:Test::r";

  return {
    async configure(config) {
      const req = new provproto.ConfigureRequest();
      const map = req.getVariablesMap();
      for (const [k, v] of Object.entries(config)) map.set(k, v);
      req.setArgs(struct(config));
      await invoke("configure", req);
    },
    async check(olds, news) {
      const req = new provproto.CheckRequest();
      req.setUrn(urn);
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      const res: any = await invoke("check", req);
      return {
        inputs: res.getInputs()?.toJavaScript() ?? {},
        failures: res.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },
    async diff(id, olds, news) {
      const req = new provproto.DiffRequest();
      req.setId(id);
      req.setUrn(urn);
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      const res: any = await invoke("diff", req);
      return { changes: res.getChanges(), replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
    },
    async create(properties) {
      const req = new provproto.CreateRequest();
      req.setUrn(urn);
      req.setProperties(struct(properties));
      const res: any = await invoke("create", req);
      return { id: res.getId(), properties: res.getProperties()?.toJavaScript() ?? {} };
    },
    async read(id, properties, inputs) {
      const req = new provproto.ReadRequest();
      req.setId(id);
      req.setUrn(urn);
      req.setProperties(struct(properties));
      if (inputs) req.setInputs(struct(inputs));
      const res: any = await invoke("read", req);
      return { id: res.getId(), properties: res.getProperties()?.toJavaScript() ?? {}, inputs: res.getInputs()?.toJavaScript() };
    },
    async update(id, olds, news) {
      const req = new provproto.UpdateRequest();
      req.setId(id);
      req.setUrn(urn);
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      const res: any = await invoke("update", req);
      return { properties: res.getProperties()?.toJavaScript() ?? {} };
    },
    async delete(id, properties) {
      const req = new provproto.DeleteRequest();
      req.setId(id);
      req.setUrn(urn);
      req.setProperties(struct(properties));
      await invoke("delete", req);
    },
    output: () => output,
    async stop() {
      client.close();
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
    },
  };
}
