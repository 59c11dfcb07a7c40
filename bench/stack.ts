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
    return { endpoints, resources, parallel: wide ? resources : "default", up, destroy };
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
    "| endpoints | resources | --parallel | up (s) | up / critical | destroy (s) | destroy / critical | start-up up / destroy (s) | from the first call / critical, up / destroy | calls per resource lifecycle | reads per wait |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of runs) {
    const calls = sum(r.up.calls) + sum(r.destroy.calls);
    const reads = sum(r.up.calls, (a) => READ_ONLY_ACTION.test(a)) + sum(r.destroy.calls, (a) => READ_ONLY_ACTION.test(a));
    const waits = sum(r.up.calls, startsWait) + sum(r.destroy.calls, startsWait);
    const startup = (p: Phase) => (p.startupMs === undefined ? "-" : s(p.startupMs));
    const fromFirstCall = (p: Phase, criticalMs: number) => (p.startupMs === undefined ? "-" : ((p.wallMs - p.startupMs) / criticalMs).toFixed(2));
    lines.push(
      `| ${r.endpoints} | ${r.resources} | ${r.parallel} | ${s(r.up.wallMs)} | ${(r.up.wallMs / critical.up).toFixed(2)} | ${s(r.destroy.wallMs)} | ` +
        `${(r.destroy.wallMs / critical.destroy).toFixed(2)} | ${startup(r.up)} / ${startup(r.destroy)} | ` +
        `${fromFirstCall(r.up, critical.up)} / ${fromFirstCall(r.destroy, critical.destroy)} | ${(calls / r.resources).toFixed(1)} | ${waits ? (reads / waits).toFixed(1) : "-"} |`,
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

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
