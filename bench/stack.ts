// npm run bench:stack: how long a whole stack takes with the real Pulumi CLI against the emulator, compared with
// the cloud's own transition time, and how many API calls it costs. Prints figures; asserts nothing.
//
// The stack (bench/programs/stack): one endpoint service with a backend, a whitelist entry, and N consumer
// endpoints, each with one EndpointZone and one SecurityGroupAttachment. For each N it runs `pulumi up` and
// `pulumi destroy` at the CLI's default parallelism and with --parallel equal to the resource count. With
// --connected the service accepts endpoints automatically: connections and zones go through their Connecting phase.
//
// Options: --sizes 1,10,40   --time-scale 0.2   --parallel default,wide   --connected   --json <file>
//          --from <file>: print the figures of a run saved with --json again, running nothing
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_DELAYS } from "../src/emulator/lifecycle";
import { EmulatorProcess, PulumiWorkspace, READ_ONLY_ACTION, findPulumiCli, snapshotPackage, type RequestCounts } from "../scripts/pulumi";

interface Options {
  sizes: number[];
  timeScale: number;
  parallel: ("default" | "wide")[];
  connected: boolean;
  json?: string;
  from?: string;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { sizes: [1, 10, 40], timeScale: 0.2, parallel: ["default", "wide"], connected: false };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case "--sizes":
        options.sizes = value!.split(",").map(Number);
        i++;
        break;
      case "--time-scale":
        options.timeScale = Number(value);
        i++;
        break;
      case "--parallel":
        options.parallel = value!.split(",") as Options["parallel"];
        i++;
        break;
      case "--connected":
        options.connected = true;
        break;
      case "--json":
        options.json = value;
        i++;
        break;
      case "--from":
        options.from = value;
        i++;
        break;
      default:
        throw new Error(`unknown option ${argv[i]} (see the header of bench/stack.ts)`);
    }
  }
  return options;
}

/**
 * The stack's longest dependency chain in the emulator's own transition delays (docs/emulator-world.md), on the best
 * schedule the API allows. Up: the service is created, then each endpoint. The API takes one change of an endpoint
 * at a time: while the zone's interface is created the endpoint is Pending (`zoneCreating`), and the security group
 * makes it Pending again (`endpointPending`). Unconnected, the zone then waits (`Wait`) and the two changes simply
 * follow each other. Connected (--connected), the endpoint's connection connects first (`connectionConnecting`,
 * the endpoint takes no zone or group meanwhile), and the zone's own `Connecting` phase comes after the endpoint is
 * free again, so it overlaps the group's Pending phase when the zone goes first. Destroy: the group is detached and
 * the zone removed, one after the other (a connected zone disconnects first), then the endpoint is deleted, then
 * the service. Whitelist changes are immediate.
 */
export function criticalPathMs(timeScale: number, connected = false): { up: number; destroy: number } {
  const d = DEFAULT_DELAYS;
  const children = connected ? d.connectionConnecting + d.zoneCreating + Math.max(d.zoneConnecting, d.endpointPending) : d.zoneCreating + d.endpointPending;
  const zoneRemoval = connected ? d.zoneDisconnecting + d.zoneDeleting : d.zoneDeleting;
  return {
    up: (d.serviceCreating + d.endpointCreating + children) * timeScale,
    destroy: (d.endpointPending + zoneRemoval + d.endpointDeleting + d.serviceDeleting) * timeScale,
  };
}

/** One engine step of the slot model: it holds a slot from its start, queues for its parent's lock, then runs. */
interface ModelStep {
  readonly name: string;
  readonly deps: readonly string[];
  /** The parent whose lock the step takes (one change at a time per endpoint). */
  readonly lock?: string;
  readonly holdMs: number;
}

/**
 * When the last step ends if the engine runs `steps` with `parallel` slots and the provider had no overhead at all:
 * a step starts as soon as its dependencies have ended and a slot is free (in the order the steps became ready,
 * then declaration order), holds its slot while it queues for its parent's lock (first come, first served) and
 * while its transition runs, and frees both when the transition ends.
 */
export function slotModelMs(steps: readonly ModelStep[], parallel: number): number {
  const done = new Set<string>();
  const started = new Set<string>();
  const lockHolder = new Map<string, string>();
  const lockQueue = new Map<string, ModelStep[]>();
  const running = new Map<string, number | undefined>(); // name → end time (undefined: queued for its lock)
  let now = 0;
  let free = parallel;
  const startRun = (step: ModelStep) => {
    if (step.lock) lockHolder.set(step.lock, step.name);
    running.set(step.name, now + step.holdMs);
  };
  const readyAt = new Map<string, number>();
  while (done.size < steps.length) {
    for (const step of steps) if (!readyAt.has(step.name) && step.deps.every((d) => done.has(d))) readyAt.set(step.name, now);
    const ready = steps.filter((step) => readyAt.has(step.name) && !started.has(step.name));
    // Stable sort: declaration order among the steps that became ready at the same moment.
    ready.sort((a, b) => readyAt.get(a.name)! - readyAt.get(b.name)!);
    for (const step of ready) {
      if (free === 0) break;
      started.add(step.name);
      free--;
      if (step.lock && lockHolder.has(step.lock)) {
        running.set(step.name, undefined);
        lockQueue.set(step.lock, [...(lockQueue.get(step.lock) ?? []), step]);
      } else startRun(step);
    }
    const [name, end] = [...running].filter(([, e]) => e !== undefined).sort((a, b) => a[1]! - b[1]!)[0]!;
    now = end!;
    running.delete(name);
    done.add(name);
    free++;
    const step = steps.find((s) => s.name === name)!;
    if (step.lock) {
      lockHolder.delete(step.lock);
      const next = lockQueue.get(step.lock)?.shift();
      if (next) startRun(next);
    }
  }
  return now;
}

/** The benchmark stack's steps for the slot model (unconnected endpoints), for up and for destroy. */
export function stackModel(timeScale: number, endpoints: number): { up: ModelStep[]; destroy: ModelStep[] } {
  const d = DEFAULT_DELAYS;
  const ms = (delay: number) => delay * timeScale;
  const ids = [...Array(endpoints).keys()];
  const up: ModelStep[] = [
    { name: "service", deps: [], holdMs: ms(d.serviceCreating) },
    { name: "whitelist", deps: ["service"], holdMs: 0 },
    ...ids.flatMap((i) => [
      { name: `endpoint-${i}`, deps: ["whitelist"], holdMs: ms(d.endpointCreating) },
      { name: `zone-${i}`, deps: [`endpoint-${i}`], lock: `endpoint-${i}`, holdMs: ms(d.zoneCreating) },
      { name: `sg-${i}`, deps: [`endpoint-${i}`], lock: `endpoint-${i}`, holdMs: ms(d.endpointPending) },
    ]),
  ];
  // The engine deletes in waves: every zone and group first, then every endpoint, then the whitelist entry and
  // the service; within a wave, in the reverse of the program's order.
  const children = ids.flatMap((i) => [`zone-${i}`, `sg-${i}`]);
  const destroy: ModelStep[] = [
    ...[...ids].reverse().flatMap((i) => [
      { name: `sg-${i}`, deps: [], lock: `endpoint-${i}`, holdMs: ms(d.endpointPending) },
      { name: `zone-${i}`, deps: [], lock: `endpoint-${i}`, holdMs: ms(d.zoneDeleting) },
    ]),
    ...[...ids].reverse().map((i) => ({ name: `endpoint-${i}`, deps: children, holdMs: ms(d.endpointDeleting) })),
    { name: "whitelist", deps: ids.map((i) => `endpoint-${i}`), holdMs: 0 },
    { name: "service", deps: ["whitelist"], holdMs: ms(d.serviceDeleting) },
  ];
  return { up, destroy };
}

/** The CLI's default --parallel: 4 slots per CPU (the workspace clears PULUMI_PARALLEL). */
const DEFAULT_PARALLEL = 4 * os.availableParallelism();

interface Phase {
  wallMs: number;
  /** From the command's start to the first API call: the CLI, the program and the provider process starting. */
  startupMs?: number;
  calls: Record<string, number>;
}

interface Run {
  endpoints: number;
  resources: number;
  parallel: number | "default";
  /** The engine's slots: --parallel, or the CLI's default on the machine that ran it. */
  slots?: number;
  up: Phase;
  destroy: Phase;
}

const byAction = (counts: RequestCounts): Record<string, number> => EmulatorProcess.calledActions(counts);
const sum = (calls: Record<string, number>, filter: (action: string) => boolean = () => true) =>
  Object.entries(calls)
    .filter(([action]) => filter(action))
    .reduce((total, [, n]) => total + n, 0);
/**
 * Every write of the provider is followed by a wait for its outcome (an asynchronous transition, or the parent's
 * Pending phase after a synchronous attach or detach, or the entry being listed), so reads per wait is reads per
 * write; the reads a create makes before its call (adoption checks) count too, so it errs on the high side.
 */
const startsWait = (action: string) => !READ_ONLY_ACTION.test(action);

async function runOnce(
  cli: ReturnType<typeof findPulumiCli>,
  emulator: EmulatorProcess,
  packageDir: string,
  endpoints: number,
  wide: boolean,
  connected: boolean,
): Promise<Run> {
  const resources = 2 + 3 * endpoints;
  await emulator.reset();
  const ws = await PulumiWorkspace.create({ cli, program: { dir: path.join(__dirname, "programs", "stack") }, packageDir, secrets: emulator.secrets });
  try {
    await ws.useEmulator(emulator.info);
    await ws.setConfig({
      "bench:endpoints": String(endpoints),
      "bench:consumerAccountId": emulator.consumer.accountId,
      "bench:connected": String(connected),
    });
    const args = wide ? ["--parallel", String(resources)] : [];
    const phase = async (run: () => Promise<unknown>): Promise<Phase> => {
      await emulator.clearRequests();
      const started = Date.now();
      await run();
      const wallMs = Date.now() - started;
      const counts = await emulator.requests();
      return { wallMs, startupMs: counts.firstAt === undefined ? undefined : counts.firstAt - started, calls: byAction(counts) };
    };
    const up = await phase(() => ws.up(args, { timeoutMs: 30 * 60_000 }));
    const destroy = await phase(() => ws.destroy(args, { timeoutMs: 30 * 60_000 }));
    return { endpoints, resources, parallel: wide ? resources : "default", slots: wide ? resources : DEFAULT_PARALLEL, up, destroy };
  } finally {
    ws.dispose();
  }
}

function report(runs: Run[], timeScale: number, connected: boolean): string {
  const critical = criticalPathMs(timeScale, connected);
  const s = (ms: number) => (ms / 1000).toFixed(1);
  const lines = [
    `time scale ${timeScale}${connected ? ", connected endpoints" : ""}: critical path up ${s(critical.up)} s, destroy ${s(critical.destroy)} s`,
    "",
    "| endpoints | resources | --parallel | up (s) | up / critical | destroy (s) | destroy / critical | start-up up / destroy (s) | from the first call / critical, up / destroy | slot model up / destroy (s) | calls per resource lifecycle | reads per wait |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of runs) {
    const calls = sum(r.up.calls) + sum(r.destroy.calls);
    const reads = sum(r.up.calls, (a) => READ_ONLY_ACTION.test(a)) + sum(r.destroy.calls, (a) => READ_ONLY_ACTION.test(a));
    const waits = sum(r.up.calls, startsWait) + sum(r.destroy.calls, startsWait);
    const startup = (p: Phase) => (p.startupMs === undefined ? "-" : s(p.startupMs));
    const fromFirstCall = (p: Phase, criticalMs: number) => (p.startupMs === undefined ? "-" : ((p.wallMs - p.startupMs) / criticalMs).toFixed(2));
    const model = connected ? undefined : stackModel(timeScale, r.endpoints);
    const slots = r.slots ?? (r.parallel === "default" ? DEFAULT_PARALLEL : r.parallel);
    const modelled = model ? `${s(slotModelMs(model.up, slots))} / ${s(slotModelMs(model.destroy, slots))}` : "-";
    lines.push(
      `| ${r.endpoints} | ${r.resources} | ${r.parallel} | ${s(r.up.wallMs)} | ${(r.up.wallMs / critical.up).toFixed(2)} | ${s(r.destroy.wallMs)} | ` +
        `${(r.destroy.wallMs / critical.destroy).toFixed(2)} | ${startup(r.up)} / ${startup(r.destroy)} | ` +
        `${fromFirstCall(r.up, critical.up)} / ${fromFirstCall(r.destroy, critical.destroy)} | ${modelled} | ${(calls / r.resources).toFixed(1)} | ${waits ? (reads / waits).toFixed(1) : "-"} |`,
    );
  }
  lines.push("", "API calls per resource lifecycle (up + destroy), by action:", "");
  const actions = [...new Set(runs.flatMap((r) => [...Object.keys(r.up.calls), ...Object.keys(r.destroy.calls)]))].sort();
  lines.push(`| action | ${runs.map((r) => `${r.endpoints} / ${r.parallel}`).join(" | ")} |`, `| --- | ${runs.map(() => "---:").join(" | ")} |`);
  for (const action of actions) {
    lines.push(`| ${action} | ${runs.map((r) => (((r.up.calls[action] ?? 0) + (r.destroy.calls[action] ?? 0)) / r.resources).toFixed(2)).join(" | ")} |`);
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.from) {
    const saved = JSON.parse(fs.readFileSync(options.from, "utf8")) as { timeScale: number; connected?: boolean; runs: Run[] };
    console.log(report(saved.runs, saved.timeScale, saved.connected ?? false));
    return;
  }
  const cli = findPulumiCli((line) => process.stderr.write(`${line}\n`));
  const snapshot = snapshotPackage();
  const emulator = await EmulatorProcess.start({ timeScale: options.timeScale, packageDir: snapshot.dir });
  const runs: Run[] = [];
  try {
    for (const size of options.sizes) {
      for (const mode of options.parallel) {
        process.stderr.write(`bench:stack: ${size} endpoints, --parallel ${mode} ...\n`);
        const run = await runOnce(cli, emulator, snapshot.dir, size, mode === "wide", options.connected);
        process.stderr.write(`  up ${(run.up.wallMs / 1000).toFixed(1)} s, destroy ${(run.destroy.wallMs / 1000).toFixed(1)} s\n`);
        runs.push(run);
      }
    }
  } finally {
    await emulator.stop();
    snapshot.remove();
  }
  console.log(report(runs, options.timeScale, options.connected));
  if (options.json) {
    const critical = criticalPathMs(options.timeScale, options.connected);
    fs.writeFileSync(options.json, JSON.stringify({ timeScale: options.timeScale, connected: options.connected, criticalPathMs: critical, runs }, null, 2));
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
