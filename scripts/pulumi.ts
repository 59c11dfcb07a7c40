// Runs the real Pulumi CLI against the PrivateLink emulator: finds (or builds) the CLI, starts the emulator as
// a child process, sets up throw-away program directories with their own file backend and PULUMI_HOME, and
// runs pulumi commands with captured output, engine event logs and process-group timeouts.
// Shared by `npm run demo` (scripts/demo.ts) and the e2e suite (test/e2e).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..");
export const PACKAGE_NAME = "pulumi-alicloud-privatelink";

// ---------------------------------------------------------------------------------------------------------
// Output helpers

/** Replaces every known secret in `text` with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join("***");
  return out;
}

/** The last `lines` lines of `text`. */
export function tail(text: string, lines = 40): string {
  const all = text.replace(/\s+$/, "").split("\n");
  return (all.length > lines ? [`… (${all.length - lines} earlier lines)`, ...all.slice(-lines)] : all).join("\n");
}

/**
 * Kills a detached child's whole process group (the CLI starts the language host and provider plugins).
 * `afterExit` also signals the group when the leader has already exited, to reap what it left behind.
 */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM", afterExit = false): void {
  if (child.pid === undefined) return;
  if (!afterExit && (child.exitCode !== null || child.signalCode !== null)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** The process IDs below `pid` (children, grandchildren, ...), from /proc; empty where /proc is missing. */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name (which may hold spaces): state, ppid, ...
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended meanwhile
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * Stops a running CLI and everything it started. The engine starts its plugins (language host, provider) in
 * process groups of their own, so the CLI's group alone is not enough: the plugins are found by parentage
 * before the CLI goes away, and signalled one by one. Returns the PIDs it signalled (for a later SIGKILL).
 */
export function killProcessTree(child: ChildProcess, signal: NodeJS.Signals, known: readonly number[] = []): number[] {
  if (child.pid === undefined) return [];
  const pids = [...new Set([...descendantsOf(child.pid), ...known])];
  killGroup(child, signal);
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
  return pids;
}

// ---------------------------------------------------------------------------------------------------------
// The Pulumi CLI

export interface PulumiCli {
  /** Directory holding `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`. */
  readonly binDir: string;
  readonly version: string;
}

export class PulumiCliUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PulumiCliUnavailable";
  }
}

/**
 * Finds or builds the CLI with scripts/install-pulumi-cli.sh (a cached build returns at once; a first build
 * takes several minutes). `onProgress` receives the script's progress lines as they come.
 */
export function findPulumiCli(onProgress?: (line: string) => void): PulumiCli {
  const script = path.join(REPO_ROOT, "scripts", "install-pulumi-cli.sh");
  const result = spawnSync("bash", [script], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", onProgress ? "inherit" : "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const stdout = result.stdout ?? "";
  const stderr = result.stderr ?? "";
  if (result.status !== 0) {
    const why =
      result.status === 3
        ? "No Pulumi CLI on PATH and no Go toolchain to build one."
        : `scripts/install-pulumi-cli.sh failed (exit ${result.status ?? result.signal}).`;
    throw new PulumiCliUnavailable(
      `${why}\n` +
        "Install the Pulumi CLI (https://www.pulumi.com/docs/install/) so that `pulumi` and `pulumi-language-nodejs` are on PATH,\n" +
        "or install Go >= 1.25 with access to a Go module proxy and run `bash scripts/install-pulumi-cli.sh` once." +
        (stderr ? `\n--- script output ---\n${tail(stderr, 20)}` : ""),
    );
  }
  const binDir = stdout.trim().split("\n").pop()!.trim();
  const pulumi = path.join(binDir, "pulumi");
  const version = spawnSync(pulumi, ["version"], { encoding: "utf8" }).stdout?.trim() ?? "";
  if (!version) throw new PulumiCliUnavailable(`${pulumi} does not run (\`pulumi version\` printed nothing).`);
  return { binDir, version };
}

// ---------------------------------------------------------------------------------------------------------
// Package copies

/**
 * Installs a copy of this package (package.json and dist/ without source maps) at `dir`, laid out as an
 * installed package: its runtime dependencies and itself are linked under `dir/node_modules`. A copy keeps a
 * run independent of rebuilds of the working tree, and lets a test change the provider code one program sees.
 */
export function installPackageCopy(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(dir, "package.json"));
  fs.cpSync(path.join(REPO_ROOT, "dist"), path.join(dir, "dist"), { recursive: true, filter: (src) => !src.endsWith(".map") });
  // Runtime and peer dependencies: an installed package finds its peers (@pulumi/pulumi) in the program's
  // node_modules; a linked copy resolves from its real path, so it gets links of its own.
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
  const deps = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})];
  for (const dep of deps) {
    const link = path.join(dir, "node_modules", dep);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules", dep), link, "dir");
  }
  // Programs inside the copy (the quick start under dist/) import the package by name, as users do.
  fs.symlinkSync("..", path.join(dir, "node_modules", PACKAGE_NAME), "dir");
  return dir;
}

/** A throw-away copy of the package for one test file or one demo run; `remove()` deletes it. */
export function snapshotPackage(): { dir: string; remove(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "plk-package-"));
  const dir = installPackageCopy(path.join(root, PACKAGE_NAME));
  return { dir, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

// ---------------------------------------------------------------------------------------------------------
// The emulator, as a child process (dist/emulator/cli.js)

export interface EmulatorAccountInfo {
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

export interface EmulatorInfo {
  readonly endpoint: string;
  readonly regionId: string;
  /** Required by the admin API (x-emulator-admin-token header). */
  readonly adminToken: string;
  /** First = service owner, second = consumer. */
  readonly accounts: readonly EmulatorAccountInfo[];
  /** The --time-scale the harness started the emulator with (not in the emulator's summary line). */
  readonly timeScale?: number;
}

export interface RequestCounts {
  readonly total: number;
  /** When the first counted request was answered (epoch ms); absent while nothing is counted. */
  readonly firstAt?: number;
  readonly byAction: Record<string, { total: number; byOutcome: Record<string, number> }>;
}

/** Actions that only read: everything else changes the world. */
export const READ_ONLY_ACTION = /^([A-Za-z]+\.)?(Describe|List|Get|Check)/;

export class EmulatorProcess {
  private constructor(
    readonly info: EmulatorInfo,
    private readonly child: ChildProcess,
    private readonly output: { text: string },
  ) {}

  /** Starts `node dist/emulator/cli.js --port 0 ...` and waits for its first stdout line (the JSON summary). */
  static async start(options: { timeScale?: number; args?: readonly string[]; startTimeoutMs?: number; packageDir?: string } = {}): Promise<EmulatorProcess> {
    const cli = path.join(options.packageDir ?? REPO_ROOT, "dist", "emulator", "cli.js");
    if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first.`);
    const args = [cli, "--port", "0", ...(options.timeScale !== undefined ? ["--time-scale", String(options.timeScale)] : []), ...(options.args ?? [])];
    const child = spawn(process.execPath, args, { cwd: options.packageDir ?? REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const output = { text: "" };
    const keep = (chunk: Buffer) => {
      output.text = (output.text + chunk.toString("utf8")).slice(-64 * 1024);
    };
    child.stderr!.on("data", keep);
    const info = await new Promise<EmulatorInfo>((resolve, reject) => {
      let buffered = "";
      let settled = false;
      const finish = (error: Error | undefined, value?: EmulatorInfo) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          killGroup(child, "SIGKILL");
          reject(error);
        } else resolve(value!);
      };
      const timer = setTimeout(
        () => finish(new Error(`the emulator printed no summary line within ${options.startTimeoutMs ?? 20_000} ms\n${tail(output.text, 20)}`)),
        options.startTimeoutMs ?? 20_000,
      );
      child.stdout!.on("data", (chunk: Buffer) => {
        if (settled) return keep(chunk);
        buffered += chunk.toString("utf8");
        const newline = buffered.indexOf("\n");
        if (newline < 0) return;
        const first = buffered.slice(0, newline).trim();
        keep(Buffer.from(buffered.slice(newline + 1)));
        try {
          const parsed = JSON.parse(first) as EmulatorInfo;
          if (!parsed.endpoint || !parsed.adminToken || !Array.isArray(parsed.accounts) || parsed.accounts.length < 2) {
            throw new Error("expected {endpoint, regionId, adminToken, accounts: [owner, consumer]}");
          }
          finish(undefined, options.timeScale === undefined ? parsed : { ...parsed, timeScale: options.timeScale });
        } catch (e) {
          finish(new Error(`the emulator's first stdout line is not the expected JSON summary (${(e as Error).message})`));
        }
      });
      child.once("exit", (code, signal) => finish(new Error(`the emulator exited (${code ?? signal}) before it was ready\n${tail(output.text, 20)}`)));
      child.once("error", (e) => finish(e));
    });
    const emulator = new EmulatorProcess(info, child, output);
    // Never outlive the process that started us.
    const onExit = () => killGroup(child, "SIGKILL");
    process.once("exit", onExit);
    child.once("exit", () => process.off("exit", onExit));
    return emulator;
  }

  get endpoint(): string {
    return this.info.endpoint;
  }
  get owner(): EmulatorAccountInfo {
    return this.info.accounts[0]!;
  }
  get consumer(): EmulatorAccountInfo {
    return this.info.accounts[1]!;
  }
  /** Access key secrets and the admin token, for redaction. */
  get secrets(): string[] {
    return [...this.info.accounts.map((a) => a.accessKeySecret), this.info.adminToken];
  }
  /** What the emulator printed after its summary line (stderr and later stdout), redacted. */
  logTail(lines = 30): string {
    return redact(tail(this.output.text, lines), this.secrets);
  }

  /** Calls the admin API (`/_emulator/...`); throws with the answer on a non-2xx status. */
  async admin<T = unknown>(method: string, adminPath: string, body?: unknown): Promise<T> {
    const url = `${this.info.endpoint.replace(/\/$/, "")}/_emulator${adminPath}`;
    const headers: Record<string, string> = { "x-emulator-admin-token": this.info.adminToken };
    const init: RequestInit = { method, headers };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      headers["content-type"] = typeof body === "string" ? "text/plain" : "application/json";
    }
    const res = await fetch(url, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /_emulator${adminPath} answered ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  reset(): Promise<unknown> {
    return this.admin("POST", "/reset");
  }
  state(): Promise<Record<string, unknown>> {
    return this.admin("GET", "/state");
  }
  requests(): Promise<RequestCounts> {
    return this.admin("GET", "/requests");
  }
  clearRequests(): Promise<unknown> {
    return this.admin("DELETE", "/requests");
  }
  setFaults(spec: string | object): Promise<unknown> {
    return this.admin("PUT", "/faults", spec);
  }
  clearFaults(): Promise<unknown> {
    return this.admin("DELETE", "/faults");
  }
  patchObject(kind: string, id: string, patch: Record<string, unknown>): Promise<unknown> {
    return this.admin("PATCH", `/objects/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`, patch);
  }
  deleteObject(kind: string, id: string): Promise<unknown> {
    return this.admin("DELETE", `/objects/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`);
  }

  /** Actions called since the counters were last cleared, with their counts. */
  static calledActions(counts: RequestCounts): Record<string, number> {
    return Object.fromEntries(Object.entries(counts.byAction).map(([action, c]) => [action, c.total]));
  }
  /** Actions that change the world among `counts`. */
  static writeActions(counts: RequestCounts): string[] {
    return Object.keys(counts.byAction).filter((action) => !READ_ONLY_ACTION.test(action));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    killGroup(this.child, "SIGTERM");
    const timer = setTimeout(() => killGroup(this.child, "SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Stack config that points a program at the emulator: owner and consumer profiles, owner by default. */
export function emulatorStackConfig(info: EmulatorInfo): { plain: Record<string, string>; secret: Record<string, string> } {
  const [owner, consumer] = info.accounts;
  const profile = (a: EmulatorAccountInfo) => ({
    accessKeyId: a.accessKeyId,
    accessKeySecret: a.accessKeySecret,
    region: info.regionId,
    endpoint: info.endpoint,
  });
  return {
    plain: {
      "alicloud-privatelink:region": info.regionId,
      "alicloud-privatelink:endpoint": info.endpoint,
      "alicloud-privatelink:profile": "owner",
      // The waits expect the emulator's pace, as a user of a time-scaled emulator would configure it.
      ...(info.timeScale === undefined ? {} : { "alicloud-privatelink:transitionTimeScale": String(info.timeScale) }),
    },
    secret: {
      "alicloud-privatelink:profiles": JSON.stringify({ owner: profile(owner!), consumer: profile(consumer!) }),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Engine events and stack state

/** One line of `--event-log` (only the fields the harness reads). */
export interface EngineEvent {
  sequence?: number;
  resourcePreEvent?: { metadata: StepMetadata };
  resOutputsEvent?: { metadata: StepMetadata };
  resOpFailedEvent?: { metadata: StepMetadata; status?: number; steps?: number };
  diagnosticEvent?: { urn?: string; message: string; severity: string; ephemeral?: boolean };
  summaryEvent?: { resourceChanges?: Record<string, number>; maybeCorrupt?: boolean };
  [other: string]: unknown;
}

export interface StepMetadata {
  op: string;
  urn: string;
  type: string;
  diffs?: string[];
  detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }>;
  old?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
  new?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
}

/** A resource of `pulumi stack export`. */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  inputs?: Record<string, any>;
  outputs?: Record<string, any>;
  initErrors?: string[];
  [other: string]: unknown;
}

export interface StackExport {
  version: number;
  deployment: { resources?: StateResource[]; pending_operations?: unknown[]; [other: string]: unknown };
}

export const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic/alicloud-privatelink:";

/** The steps the engine started, in order: `{op, urn, type}` from the resource pre-events. */
export function stepsOf(events: readonly EngineEvent[]): { op: string; urn: string; type: string; name: string }[] {
  return events
    .filter((e) => e.resourcePreEvent)
    .map((e) => {
      const m = e.resourcePreEvent!.metadata;
      return { op: m.op, urn: m.urn, type: m.type, name: m.urn.split("::").pop()! };
    });
}

/** The summary's resource changes (`{same: 3, update: 1}`). */
export function changesOf(events: readonly EngineEvent[]): Record<string, number> {
  const summary = events.find((e) => e.summaryEvent)?.summaryEvent;
  return summary?.resourceChanges ?? {};
}

/** Our dynamic resources in a stack export. */
export function privateLinkResources(state: StackExport): StateResource[] {
  return (state.deployment.resources ?? []).filter((r) => r.type.startsWith(DYNAMIC_TYPE_PREFIX));
}

/** The resource named `name` (last URN segment) in a stack export, or undefined. */
export function resourceNamed(state: StackExport, name: string): StateResource | undefined {
  return (state.deployment.resources ?? []).find((r) => r.urn.endsWith(`::${name}`));
}

// ---------------------------------------------------------------------------------------------------------
// Program workspaces

export interface RunResult {
  readonly command: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Engine events of this run (when the command takes `--event-log`). */
  readonly events: EngineEvent[];
  readonly durationMs: number;
  /** The command was killed on purpose (RunOptions.interrupt). */
  readonly interrupted?: boolean;
}

export class PulumiCommandError extends Error {
  declare readonly result: RunResult;
  constructor(message: string, result: RunResult) {
    super(message);
    this.name = "PulumiCommandError";
    // Not enumerable: test reporters print the message (with the output tails), not the whole event log.
    Object.defineProperty(this, "result", { value: result, enumerable: false });
  }
}

export interface RunOptions {
  /** Resolve with the result instead of throwing when the exit code is not 0. */
  allowFailure?: boolean;
  /** Kill the command's process group after this long (default 5 minutes). */
  timeoutMs?: number;
  /** Copy the output to this process's stdout while it runs (the demo). */
  stream?: boolean | ((text: string) => void);
  /**
   * Kills the command on purpose once `when()` is true (polled every 50 ms): `scope: "cli"` kills the CLI process
   * alone (its plugins live on as orphans, as after `kill -9 <pid>`), `"tree"` the CLI and every process it
   * started (as a cancelled CI job). The run then resolves with `interrupted: true`.
   */
  interrupt?: { when: () => boolean | Promise<boolean>; scope: "cli" | "tree"; signal?: NodeJS.Signals };
}

export interface WorkspaceOptions {
  cli: PulumiCli;
  /**
   * Where the program comes from:
   * - `{ dir }`: a folder with index.js (and optionally Pulumi.yaml); its files are copied;
   * - `{ rootProject: true }`: the repository's root Pulumi.yaml, run in place through symlinks.
   */
  program: { dir: string; projectName?: string } | { rootProject: true };
  stack?: string;
  /**
   * The package the program resolves as `pulumi-alicloud-privatelink` (symlinked; default: the repository,
   * or a snapshot from snapshotPackage()), or `"copy"` for a private copy inside the program's node_modules,
   * so a test can change the provider code this program sees.
   */
  packageDir?: string | "copy";
  /**
   * Install the package as a user does instead of linking it: `npm install` of a packed tarball (`npm pack`) in the
   * program directory, with these other dependencies (e.g. a given @pulumi/pulumi). Only for `{ dir }` programs.
   */
  install?: { tarball: string; dependencies: Record<string, string>; devDependencies?: Record<string, string> };
  /** Extra environment for every command (merged over the harness's own). */
  env?: Record<string, string>;
  /** Strings never to print (access key secrets). */
  secrets?: readonly string[];
  /** Keep the temporary directory (for debugging); also when PLK_E2E_KEEP=1. */
  keep?: boolean;
}

const PASSPHRASE = "local-emulator-stack-passphrase";

/** A temporary program directory with its own file backend and PULUMI_HOME, and the pulumi commands on it. */
export class PulumiWorkspace {
  readonly root: string;
  readonly programDir: string;
  readonly stack: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly secrets: string[];
  private runCount = 0;
  private disposed = false;
  /** Commands still running (killed by dispose(), e.g. on Ctrl-C). */
  private readonly running = new Set<ChildProcess>();
  /** Plugins left running by a CLI killed alone (killed by killOrphans() and dispose()). */
  private readonly orphans = new Set<number>();

  private constructor(
    readonly options: WorkspaceOptions,
    root: string,
  ) {
    this.root = root;
    this.programDir = path.join(root, "program");
    this.stack = options.stack ?? "dev";
    this.secrets = [...(options.secrets ?? [])];
    const env: NodeJS.ProcessEnv = {};
    // Nothing from the caller's cloud or Pulumi set-up leaks into the run.
    for (const [key, value] of Object.entries(process.env)) {
      if (/^(PULUMI_|ALIBABA_CLOUD_|ALICLOUD_)/.test(key)) continue;
      env[key] = value;
    }
    Object.assign(env, {
      PATH: `${options.cli.binDir}${path.delimiter}${process.env.PATH ?? ""}`,
      HOME: path.join(root, "home"),
      PULUMI_HOME: path.join(root, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_DIY_BACKEND_DISABLE_CHECKPOINT_BACKUPS: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      PULUMI_DISABLE_REGISTRY_RESOLVE: "true",
      // Enables `--event-log` (the Automation API sets it too).
      PULUMI_DEBUG_COMMANDS: "true",
      NO_COLOR: "1",
      ...options.env,
    });
    this.env = env;
  }

  /** Creates the directories and the program, then `pulumi stack init`. */
  static async create(options: WorkspaceOptions): Promise<PulumiWorkspace> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "plk-pulumi-"));
    const ws = new PulumiWorkspace(options, root);
    try {
      for (const dir of ["home", "pulumi-home", "state", "events", "program"]) fs.mkdirSync(path.join(root, dir), { recursive: true });
      ws.writeProgram();
      await ws.run(["stack", "init", ws.stack]);
    } catch (error) {
      ws.dispose();
      throw error;
    }
    return ws;
  }

  private writeProgram(): void {
    const { program } = this.options;
    const nodeModules = path.join(this.programDir, "node_modules");
    fs.mkdirSync(path.join(nodeModules, "@pulumi"), { recursive: true });
    const packageSource = this.options.packageDir === "copy" ? undefined : (this.options.packageDir ?? REPO_ROOT);
    if ("rootProject" in program) {
      const yamlPath = path.join(REPO_ROOT, "Pulumi.yaml");
      if (!fs.existsSync(yamlPath)) throw new Error("the repository has no root Pulumi.yaml (the quick start program)");
      const yaml = fs.readFileSync(yamlPath, "utf8");
      fs.writeFileSync(path.join(this.programDir, "Pulumi.yaml"), yaml);
      // The top-level folder that holds `main` (e.g. examples/ for examples/quickstart/index.ts) is copied, so
      // the program imports the package this workspace uses (Node resolves imports from a file's real path);
      // dist/ comes from that package; every other top-level entry is linked (tsconfig.json, package.json).
      const main = /^main:\s*["']?([^"'\s#]+)/m.exec(yaml)?.[1] ?? "";
      const mainTop = main.split(/[\\/]/)[0] ?? "";
      for (const entry of fs.readdirSync(REPO_ROOT)) {
        if (entry === "node_modules" || entry === ".git" || entry === "Pulumi.yaml" || /^Pulumi\..+\.ya?ml$/.test(entry)) continue;
        const target = path.join(this.programDir, entry);
        if (entry === "dist" && packageSource) fs.symlinkSync(path.join(packageSource, "dist"), target);
        else if (entry === mainTop && entry !== "dist" && fs.statSync(path.join(REPO_ROOT, entry)).isDirectory()) {
          fs.cpSync(path.join(REPO_ROOT, entry), target, { recursive: true, filter: (src) => path.basename(src) !== "node_modules" });
        } else fs.symlinkSync(path.join(REPO_ROOT, entry), target);
      }
    } else {
      const projectName = program.projectName ?? `plk-e2e-${path.basename(program.dir)}`;
      for (const entry of fs.readdirSync(program.dir)) {
        if (entry === "node_modules") continue;
        fs.cpSync(path.join(program.dir, entry), path.join(this.programDir, entry), { recursive: true });
      }
      if (!fs.existsSync(path.join(this.programDir, "Pulumi.yaml"))) {
        fs.writeFileSync(
          path.join(this.programDir, "Pulumi.yaml"),
          `name: ${projectName}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`,
        );
      }
      if (this.options.install) {
        const { tarball, dependencies, devDependencies } = this.options.install;
        const pkg = { name: projectName, private: true, dependencies: { ...dependencies, [PACKAGE_NAME]: `file:${tarball}` }, devDependencies };
        fs.writeFileSync(path.join(this.programDir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
        const npm = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
          cwd: this.programDir,
          encoding: "utf8",
          timeout: 10 * 60_000,
        });
        if (npm.status !== 0) throw new Error(`npm install in the program failed (${npm.status}):\n${tail(`${npm.stdout}\n${npm.stderr}`)}`);
        return;
      }
      if (!fs.existsSync(path.join(this.programDir, "package.json"))) {
        const pkg = { name: projectName, private: true, dependencies: { "@pulumi/pulumi": "*", [PACKAGE_NAME]: "*" } };
        fs.writeFileSync(path.join(this.programDir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
      }
    }
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"), path.join(nodeModules, "@pulumi", "pulumi"), "dir");
    if (packageSource) fs.symlinkSync(packageSource, this.packageDir, "dir");
    else installPackageCopy(this.packageDir);
  }

  /** The package directory the program resolves (a copy in `copy` mode). */
  get packageDir(): string {
    return path.join(this.programDir, "node_modules", PACKAGE_NAME);
  }

  /** Adds strings never to print. */
  addSecrets(...values: string[]): void {
    this.secrets.push(...values);
  }

  /**
   * Runs `pulumi <args>` in the program directory. Commands that take `--event-log` get one, parsed into
   * `events`. Throws PulumiCommandError (with the redacted tails of stdout and stderr) on a non-zero exit.
   */
  async run(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    if (this.disposed) throw new Error("workspace disposed");
    const verb = args[0] ?? "";
    const eventLog = ["up", "preview", "refresh", "destroy"].includes(verb) ? path.join(this.root, "events", `${++this.runCount}-${verb}.jsonl`) : undefined;
    const fullArgs = [...args, "--non-interactive", "--color", "never", ...(eventLog ? ["--event-log", eventLog] : [])];
    const takesStack = !["version", "about"].includes(verb) && !(verb === "stack" && ["init", "ls"].includes(args[1] ?? ""));
    if (takesStack && !args.includes("--stack")) fullArgs.push("--stack", this.stack);
    const command = redact(`pulumi ${args.join(" ")}`, this.secrets);
    const started = Date.now();
    const timeoutMs = options.timeoutMs ?? 5 * 60_000;
    const child = spawn(path.join(this.options.cli.binDir, "pulumi"), fullArgs, {
      cwd: this.programDir,
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    this.running.add(child);
    // The CLI and its plugins must not outlive this process.
    const onExit = () => killProcessTree(child, "SIGKILL");
    process.once("exit", onExit);
    let stdout = "";
    let stderr = "";
    const echo = typeof options.stream === "function" ? options.stream : options.stream ? (t: string) => process.stdout.write(t) : undefined;
    child.stdout!.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      stdout += text;
      echo?.(redact(text, this.secrets));
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      stderr += text;
      echo?.(redact(text, this.secrets));
    });
    let interrupted = false;
    let watching = options.interrupt !== undefined;
    const watch = async () => {
      const interrupt = options.interrupt!;
      while (watching) {
        if (await interrupt.when()) {
          if (!watching) return;
          interrupted = true;
          const signal = interrupt.signal ?? "SIGKILL";
          if (interrupt.scope === "tree") killProcessTree(child, signal);
          else {
            for (const pid of descendantsOf(child.pid!)) this.orphans.add(pid);
            child.kill(signal);
          }
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    if (watching) void watch();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      const pids = killProcessTree(child, "SIGTERM");
      setTimeout(() => killProcessTree(child, "SIGKILL", pids), 5_000).unref();
    }, timeoutMs);
    const code = await new Promise<number>((resolve) => {
      child.once("error", (e) => {
        stderr += `\n${e.message}`;
        resolve(127);
      });
      child.once("close", (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : 1)));
    });
    clearTimeout(timer);
    watching = false;
    // Plugins the CLI left behind (it normally stops them) must not outlive the command.
    killGroup(child, "SIGKILL", true);
    this.running.delete(child);
    process.off("exit", onExit);
    const events: EngineEvent[] = [];
    if (eventLog && fs.existsSync(eventLog)) {
      for (const line of fs.readFileSync(eventLog, "utf8").split("\n")) {
        if (line.trim()) events.push(JSON.parse(line) as EngineEvent);
      }
    }
    const result: RunResult = {
      command,
      code,
      stdout: redact(stdout, this.secrets),
      stderr: redact(stderr, this.secrets),
      events,
      durationMs: Date.now() - started,
      interrupted,
    };
    if (process.env.PLK_PULUMI_TRACE === "1") process.stderr.write(`[pulumi] ${command} -> ${code} in ${(result.durationMs / 1000).toFixed(1)}s\n`);
    if (timedOut) {
      throw new PulumiCommandError(`\`${command}\` timed out after ${timeoutMs} ms and was killed\n${describeOutput(result)}`, result);
    }
    if (code !== 0 && !options.allowFailure && !interrupted) {
      throw new PulumiCommandError(`\`${command}\` failed with exit code ${code}\n${describeOutput(result)}`, result);
    }
    return result;
  }

  /** Sets stack config: `plain` values as they are, `secret` values encrypted. */
  async setConfig(plain: Record<string, string>, secret: Record<string, string> = {}): Promise<void> {
    const args = ["config", "set-all"];
    for (const [key, value] of Object.entries(plain)) args.push("--plaintext", `${key}=${value}`);
    for (const [key, value] of Object.entries(secret)) {
      args.push("--secret", `${key}=${value}`);
      this.secrets.push(value);
    }
    if (args.length > 2) await this.run(args);
  }

  /** Points the stack at the emulator (owner and consumer profiles; the owner is the default). */
  async useEmulator(info: EmulatorInfo): Promise<void> {
    this.secrets.push(...info.accounts.map((a) => a.accessKeySecret));
    const config = emulatorStackConfig(info);
    await this.setConfig(config.plain, config.secret);
  }

  up(args: readonly string[] = [], options?: RunOptions): Promise<RunResult> {
    return this.run(["up", "--yes", "--skip-preview", ...args], options);
  }
  preview(args: readonly string[] = [], options?: RunOptions): Promise<RunResult> {
    return this.run(["preview", ...args], options);
  }
  refresh(args: readonly string[] = [], options?: RunOptions): Promise<RunResult> {
    return this.run(["refresh", "--yes", "--skip-preview", ...args], options);
  }
  destroy(args: readonly string[] = [], options?: RunOptions): Promise<RunResult> {
    return this.run(["destroy", "--yes", "--skip-preview", ...args], options);
  }

  async exportStack(): Promise<StackExport> {
    const result = await this.run(["stack", "export"]);
    return JSON.parse(result.stdout) as StackExport;
  }

  async outputs(): Promise<Record<string, any>> {
    const result = await this.run(["stack", "output", "--json", "--show-secrets"]);
    return JSON.parse(result.stdout) as Record<string, any>;
  }

  /** Kills the plugins a CLI killed alone left running. */
  killOrphans(): void {
    for (const pid of this.orphans) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    this.orphans.clear();
  }

  /** Removes the temporary directory (kept when asked to, for debugging). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const child of this.running) killProcessTree(child, "SIGKILL");
    this.killOrphans();
    if (this.options.keep || process.env.PLK_E2E_KEEP === "1") {
      process.stderr.write(`kept pulumi workspace ${this.root}\n`);
      return;
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

function describeOutput(result: RunResult): string {
  const parts: string[] = [];
  if (result.stdout.trim()) parts.push(`--- stdout (tail) ---\n${tail(result.stdout)}`);
  if (result.stderr.trim()) parts.push(`--- stderr (tail) ---\n${tail(result.stderr)}`);
  return parts.join("\n") || "(no output)";
}
