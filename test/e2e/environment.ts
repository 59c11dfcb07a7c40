// Per-file set-up of the e2e suite: one package snapshot, one emulator and the Pulumi CLI for the whole file,
// the emulator reset between tests, and a fresh program workspace (temp dir, file backend, PULUMI_HOME) per
// program run. On a failed test the emulator's log tail is printed.
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, onTestFailed } from "vitest";
import { EmulatorProcess, PulumiWorkspace, findPulumiCli, snapshotPackage, type PulumiCli, type WorkspaceOptions } from "../../scripts/pulumi";
import { PrivateLinkClient } from "../../src/client/client";
import { resolveSettings } from "../../src/client/settings";

export const PROGRAMS = path.join(__dirname, "programs");
export const EXAMPLES = path.join(__dirname, "..", "..", "examples");

export interface E2eEnvironment {
  readonly cli: PulumiCli;
  readonly emulator: EmulatorProcess;
  /** The package snapshot programs resolve (independent of rebuilds of the working tree during the run). */
  readonly packageDir: string;
  /**
   * A workspace for test/e2e/programs/<program>, pointed at the emulator (owner and consumer profiles) and
   * with the given `e2e:*` config; disposed after the test.
   */
  workspace(program: string, config?: Record<string, string>, options?: Partial<WorkspaceOptions>): Promise<PulumiWorkspace>;
  /** The same for examples/<example> (a TypeScript program with its own Pulumi.yaml). */
  exampleWorkspace(example: string, config?: Record<string, string>, options?: Partial<WorkspaceOptions>): Promise<PulumiWorkspace>;
  /** The same for the repository's root Pulumi.yaml program (the quick start). */
  rootWorkspace(options?: Partial<WorkspaceOptions>): Promise<PulumiWorkspace>;
}

/** A client acting as one of the emulator's accounts, for changes made "out of band" and for reading the truth. */
export function emulatorClient(env: E2eEnvironment, account: "owner" | "consumer"): PrivateLinkClient {
  const a = env.emulator[account];
  return new PrivateLinkClient(
    resolveSettings({
      explicit: { region: env.emulator.info.regionId, endpoint: env.emulator.endpoint, accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret },
      env: {},
      homeDir: "/nonexistent",
    }),
  );
}

/** Registers the hooks of one e2e test file and returns its environment (usable inside tests). */
export function useE2eEnvironment(options: { timeScale?: number } = {}): E2eEnvironment {
  let cli: PulumiCli | undefined;
  let emulator: EmulatorProcess | undefined;
  let snapshot: { dir: string; remove(): void } | undefined;
  const open: PulumiWorkspace[] = [];

  beforeAll(async () => {
    cli = findPulumiCli();
    snapshot = snapshotPackage();
    emulator = await EmulatorProcess.start({ timeScale: options.timeScale ?? 0.02, packageDir: snapshot.dir });
  });
  afterAll(async () => {
    await emulator?.stop();
    snapshot?.remove();
  });
  beforeEach(async () => {
    await emulator!.clearFaults();
    await emulator!.reset();
    await emulator!.clearRequests();
    onTestFailed(() => {
      console.error(`--- emulator log (tail) ---\n${emulator?.logTail(40) ?? "(not started)"}`);
    });
  });
  afterEach(() => {
    for (const ws of open.splice(0)) ws.dispose();
  });

  const create = async (program: WorkspaceOptions["program"], config: Record<string, string>, extra: Partial<WorkspaceOptions>) => {
    const ws = await PulumiWorkspace.create({
      cli: cli!,
      program,
      packageDir: snapshot!.dir,
      secrets: emulator!.secrets,
      ...extra,
    });
    open.push(ws);
    await ws.useEmulator(emulator!.info);
    if (Object.keys(config).length > 0) await ws.setConfig(config);
    return ws;
  };

  return {
    get cli() {
      return cli!;
    },
    get emulator() {
      return emulator!;
    },
    get packageDir() {
      return snapshot!.dir;
    },
    workspace(program, config = {}, extra = {}) {
      return create({ dir: path.join(PROGRAMS, program) }, config, extra);
    },
    exampleWorkspace(example, config = {}, extra = {}) {
      return create({ dir: path.join(EXAMPLES, example) }, config, extra);
    },
    rootWorkspace(extra = {}) {
      return create({ rootProject: true }, {}, extra);
    },
  };
}

/** `{e2e:key: value}` for a workspace's stack config. */
export function e2eConfig(values: Record<string, string | number | boolean>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`e2e:${k}`, String(v)]));
}

/** Emulator objects by kind from GET /_emulator/state. */
export interface EmulatorState {
  services: { ServiceId: string; ServiceDescription: string; ServiceStatus: string; [k: string]: unknown }[];
  whitelist: { Id: string; ServiceId: string; UserId: number }[];
  endpoints: unknown[];
  connections: unknown[];
  zones: unknown[];
  serviceResources: unknown[];
  securityGroupAttachments: unknown[];
  [kind: string]: unknown;
}

/** Kinds of the emulator state that still hold objects (empty list when the emulator is empty). */
export function nonEmptyKinds(state: Record<string, unknown>): string[] {
  return Object.entries(state)
    .filter(([, list]) => Array.isArray(list) && list.length > 0)
    .map(([kind]) => kind);
}
