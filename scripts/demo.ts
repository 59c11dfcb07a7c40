// `npm run demo`: the quick start end to end with the real Pulumi CLI against the local emulator.
//   1. find (or build) the Pulumi CLI        5. change the service out of band (emulator admin API)
//   2. start the emulator                    6. `pulumi refresh` finds the drift
//   3. stack on a temporary file backend     7. `pulumi up` puts it back
//   4. `pulumi up` (both accounts)           8. `pulumi destroy`, and check the emulator is empty
// Everything temporary (state, PULUMI_HOME, stack config) lives in a temp dir that is removed at the end.
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorProcess, PulumiCliUnavailable, PulumiCommandError, PulumiWorkspace, REPO_ROOT, findPulumiCli, resourceNamed, type RunResult } from "./pulumi";

const TIME_SCALE = process.env.DEMO_TIME_SCALE ?? "0.05";
const STEPS = 8;
let step = 0;

function banner(title: string): void {
  step++;
  const text = ` Step ${step}/${STEPS}: ${title} `;
  const line = "═".repeat(Math.max(76, text.length + 2));
  console.log(`\n${line}\n${text}\n${line}`);
}

function note(text: string): void {
  console.log(`  ${text.split("\n").join("\n  ")}`);
}

/** Copies CLI output to the console, line by line, indented under the step banner. */
function indented(): { write(text: string): void; flush(): void } {
  let pending = "";
  return {
    write(text: string) {
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) process.stdout.write(`  │ ${line}\n`);
    },
    flush() {
      if (pending) process.stdout.write(`  │ ${pending}\n`);
      pending = "";
    },
  };
}

async function pulumi(ws: PulumiWorkspace, args: string[], show = true): Promise<RunResult> {
  console.log(`  $ pulumi ${args.join(" ")}`);
  const out = indented();
  try {
    return await ws.run(args, show ? { stream: (t) => out.write(t) } : {});
  } finally {
    out.flush();
  }
}

function checkBuild(): void {
  const needed = ["dist/index.js", "dist/emulator/cli.js"];
  const missing = needed.filter((f) => !fs.existsSync(path.join(REPO_ROOT, f)));
  if (missing.length > 0) {
    throw new Error(`${missing.join(", ")} missing: run \`npm ci\` (it builds the package) or \`npm run build\` first.`);
  }
  if (!fs.existsSync(path.join(REPO_ROOT, "Pulumi.yaml"))) throw new Error("the repository's Pulumi.yaml (the quick start) is missing");
}

async function main(): Promise<number> {
  // A closed stdout (e.g. piped into `head`) must not stop the demo before it cleans up.
  process.stdout.on("error", () => undefined);
  banner("Pulumi CLI");
  checkBuild();
  const cli = findPulumiCli((line) => process.stderr.write(line));
  note(`pulumi ${cli.version} (${cli.binDir})`);

  banner("Local PrivateLink emulator");
  const emulator = await EmulatorProcess.start({ timeScale: Number(TIME_SCALE) });
  let ws: PulumiWorkspace | undefined;
  const cleanup = async () => {
    ws?.dispose();
    await emulator.stop();
  };
  const onSignal = () => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const [owner, consumer] = emulator.info.accounts;
    note(`endpoint ${emulator.endpoint}, region ${emulator.info.regionId}, time scale ${TIME_SCALE}`);
    note(`service owner: account ${owner!.accountId} (access key ${owner!.accessKeyId})`);
    note(`consumer:      account ${consumer!.accountId} (access key ${consumer!.accessKeyId})`);

    banner("Stack on a temporary local backend");
    ws = await PulumiWorkspace.create({ cli, program: { rootProject: true }, stack: "demo", secrets: emulator.secrets });
    note(`program: Pulumi.yaml at the repository root; state and PULUMI_HOME under ${ws.root}`);
    await ws.useEmulator(emulator.info);
    await ws.run(["config", "set", "consumerAccountId", consumer!.accountId]);
    await pulumi(ws, ["config"]);

    banner("pulumi up: endpoint service (owner) and endpoint (consumer)");
    await pulumi(ws, ["up", "--yes", "--skip-preview"]);
    const outputs = await ws.outputs();
    note("Stack outputs:");
    for (const [key, value] of Object.entries(outputs)) note(`  ${key.padEnd(20)} ${JSON.stringify(value)}`);

    banner("Change the endpoint service outside Pulumi");
    const service = resourceNamed(await ws.exportStack(), "orders-api");
    const serviceId = service?.id ?? String(outputs.serviceId ?? "");
    if (!serviceId) throw new Error("the quick start has no endpoint service named orders-api in its state");
    const description = "changed outside Pulumi";
    note(`PATCH /_emulator/objects/service/${serviceId} {"ServiceDescription": "${description}"}`);
    await emulator.patchObject("service", serviceId, { ServiceDescription: description });

    banner("pulumi refresh finds the drift");
    const refresh = await pulumi(ws, ["refresh", "--yes", "--skip-preview", "--diff"], false);
    const diffLines = refresh.stdout.split("\n").filter((line) => /^\s*[~+-]\s|serviceDescription|=>/.test(line) && !/^\s*-+\s*$/.test(line));
    note(diffLines.length > 0 ? diffLines.join("\n") : "(no differences reported)");
    const refreshed = resourceNamed(await ws.exportStack(), "orders-api");
    note(`state now says serviceDescription = ${JSON.stringify(refreshed?.outputs?.serviceDescription)}`);

    banner("pulumi up puts the declared description back");
    await pulumi(ws, ["up", "--yes", "--skip-preview", "--diff"]);
    const live = ((await emulator.state()) as { services?: { ServiceId: string; ServiceDescription: string }[] }).services ?? [];
    note(`emulator: ${serviceId} ServiceDescription = ${JSON.stringify(live.find((s) => s.ServiceId === serviceId)?.ServiceDescription)}`);

    banner("pulumi destroy, then check the emulator is empty");
    let destroyError: unknown;
    try {
      await pulumi(ws, ["destroy", "--yes", "--skip-preview"]);
    } catch (error) {
      destroyError = error;
    }
    const state = (await emulator.state()) as Record<string, unknown>;
    const left = Object.entries(state).filter(([, list]) => Array.isArray(list) && list.length > 0);
    if (left.length > 0) {
      note(`GET /_emulator/state: the emulator still holds ${left.map(([kind, list]) => `${(list as unknown[]).length} ${kind}`).join(", ")}`);
    }
    if (destroyError) throw destroyError;
    if (left.length > 0) return 1;
    note("GET /_emulator/state: no services, endpoints, connections, zones, whitelist entries or attachments left.");
    console.log("\nDemo finished: up, drift detection, repair and destroy all ran against the local emulator.");
    return 0;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof PulumiCliUnavailable) {
      console.error(`\n${error.message}`);
      process.exit(2);
    }
    if (error instanceof PulumiCommandError) {
      console.error(`\nThe demo stopped: ${error.message.split("\n")[0]} (its output is above).`);
      process.exit(1);
    }
    console.error(`\nThe demo stopped: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
