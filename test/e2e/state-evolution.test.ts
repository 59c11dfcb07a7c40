// What the engine keeps in the state across runs: a create that never finished waiting (init errors, resumed by
// the next up), a new provider code version reaching the state without API writes, and adoption of an object
// that already exists.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { EmulatorProcess, changesOf, resourceNamed, stepsOf } from "../../scripts/pulumi";
import { e2eConfig, nonEmptyKinds, useE2eEnvironment, type EmulatorState } from "./environment";

const env = useE2eEnvironment();

function ourSteps(events: Parameters<typeof stepsOf>[0]): string[] {
  return stepsOf(events)
    .filter((s) => s.type.startsWith("pulumi-nodejs:dynamic/alicloud-privatelink:"))
    .map((s) => `${s.name}:${s.op}`);
}

async function emulatorState(): Promise<EmulatorState> {
  return (await env.emulator.state()) as EmulatorState;
}

/** CODE_VERSION as the package at `dir` computes it (in a child process: a fresh module cache). */
function codeVersionOf(dir: string): string {
  const shim = path.join(dir, "dist", "provider", "shim.js");
  const run = spawnSync(process.execPath, ["-e", `process.stdout.write(require(${JSON.stringify(shim)}).CODE_VERSION)`], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`could not load ${shim}: ${run.stderr}`);
  return run.stdout;
}

describe("state across runs, real CLI", () => {
  test("a create stuck in Creating fails with an init error, stays in the state, and the next up resumes it", async () => {
    const ws = await env.workspace("service", e2eConfig({ timeout: "4s" }));
    await env.emulator.setFaults("stuck=service:Creating");

    const failed = await ws.up([], { allowFailure: true });
    expect(failed.code, "up with a stuck transition must fail").not.toBe(0);
    const output = failed.stdout + failed.stderr;
    // What the user reads: the object exists, why it is not ready, and what the next up does.
    expect(output).toMatch(
      /VpcEndpointService epsrv-[a-z0-9]+ exists but did not reach ServiceStatus Active within 4s; last status Creating.*\. The next `pulumi up` resumes waiting on it \(it will not create another\)\./,
    );
    // The wait's progress lines are on the service's row, ephemeral (shown live), and not repeated in the summary.
    const serviceUrn = stepsOf(failed.events).find((s) => s.name === "service")!.urn;
    const progress = failed.events.map((e) => e.diagnosticEvent).filter((d) => d && /^VpcEndpointService epsrv-\w+: Creating, \d+s/.test(d.message));
    expect(progress.length, "progress lines in the event log").toBeGreaterThan(0);
    expect(progress.every((d) => d!.urn === serviceUrn && d!.ephemeral === true && d!.severity === "info")).toBe(true);
    const live = failed.stdout.slice(0, failed.stdout.indexOf("\nDiagnostics:"));
    const summary = failed.stdout.slice(failed.stdout.indexOf("\nDiagnostics:"));
    expect(live).toMatch(/VpcEndpointService service creating \(\d+s\) VpcEndpointService epsrv-\w+: Creating/);
    expect(summary).not.toMatch(/: Creating, \d+s/);

    const world = await emulatorState();
    expect(world.services).toHaveLength(1);
    const serviceId = world.services[0]!.ServiceId;
    expect(world.services[0]!.ServiceStatus).toBe("Creating");

    const kept = resourceNamed(await ws.exportStack(), "service");
    expect(kept, "the half-created service must stay in the state").toBeDefined();
    expect(kept!.id).toBe(serviceId);
    expect(kept!.initErrors?.length, "initErrors in the state").toBeGreaterThan(0);
    expect(kept!.initErrors!.join("\n")).toMatch(/Creating.*The next `pulumi up` resumes waiting on it/);
    expect(typeof kept!.outputs!.__provider, "the kept outputs carry the provider").toBe("string");

    await env.emulator.clearFaults();
    await env.emulator.clearRequests();
    const resumed = await ws.up();
    expect(ourSteps(resumed.events)).toEqual(["service:update"]);
    const calls = EmulatorProcess.calledActions(await env.emulator.requests());
    expect(calls.CreateVpcEndpointService, "resuming must not create a second service").toBeUndefined();

    const after = await emulatorState();
    expect(after.services.map((s) => [s.ServiceId, s.ServiceStatus])).toEqual([[serviceId, "Active"]]);
    const state = resourceNamed(await ws.exportStack(), "service")!;
    expect(state.initErrors ?? []).toEqual([]);
    expect(state.outputs).toMatchObject({ serviceId, serviceStatus: "Active" });

    const again = await ws.up();
    expect(Object.keys(changesOf(again.events))).toEqual(["same"]);
  });

  test("a new provider code version reaches the state through an update that makes no API write", async () => {
    const consumer = env.emulator.consumer.accountId;
    const ws = await env.workspace("service", e2eConfig({ whitelistUser: consumer }), { packageDir: "copy" });
    await ws.up();
    const before = await ws.exportStack();
    const oldVersion = codeVersionOf(ws.packageDir);
    const oldProvider = resourceNamed(before, "service")!.outputs!.__provider as string;
    expect(oldProvider).toContain(oldVersion);

    // A change of the provider code (what an upgrade of the package does): any file under dist/provider/.
    fs.appendFileSync(path.join(ws.packageDir, "dist", "provider", "locks.js"), "\n// e2e: provider code changed\n");
    const newVersion = codeVersionOf(ws.packageDir);
    expect(newVersion).not.toBe(oldVersion);

    await env.emulator.clearRequests();
    const up = await ws.up();
    expect(ourSteps(up.events).sort()).toEqual(["consumer-access:update", "service:update"]);
    expect(EmulatorProcess.writeActions(await env.emulator.requests()), "a code-only update made write calls").toEqual([]);

    const after = await ws.exportStack();
    for (const name of ["service", "consumer-access"]) {
      const resource = resourceNamed(after, name)!;
      const provider = resource.outputs!.__provider as string;
      expect(provider, `${name}: __provider in the outputs`).not.toBe(resourceNamed(before, name)!.outputs!.__provider);
      expect(provider).toContain(newVersion);
      expect(resource.inputs!.__provider).toBe(provider);
      expect(resource.id).toBe(resourceNamed(before, name)!.id);
    }
    const again = await ws.up();
    expect(Object.keys(changesOf(again.events))).toEqual(["same"]);
  });

  test("adoptExistingId takes over an existing service without creating one; destroy deletes it", async () => {
    // A service created outside Pulumi, through the API with the owner's keys.
    const pkg = require(path.join(env.packageDir, "dist", "client")) as typeof import("../../src/client");
    const api = require(path.join(env.packageDir, "dist", "api", "privatelink")) as typeof import("../../src/api/privatelink");
    const owner = env.emulator.owner;
    const client = new pkg.PrivateLinkClient(
      pkg.resolveSettings({
        explicit: {
          accessKeyId: owner.accessKeyId,
          accessKeySecret: owner.accessKeySecret,
          region: env.emulator.info.regionId,
          endpoint: env.emulator.endpoint,
        },
        env: {},
      }),
    );
    const created = await api.createVpcEndpointService(client, { ServiceDescription: "made elsewhere" });
    const existingId = created.ServiceId;

    // Declared inputs that do not match the object: refused before anything changes.
    const ws = await env.workspace("service", e2eConfig({ adoptServiceId: existingId, description: "something else" }));
    await env.emulator.clearRequests();
    const refused = await ws.up([], { allowFailure: true });
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/serviceDescription/);
    expect(EmulatorProcess.writeActions(await env.emulator.requests()), "a refused adoption made write calls").toEqual([]);
    expect(resourceNamed(await ws.exportStack(), "service")).toBeUndefined();

    await ws.setConfig(e2eConfig({ description: "made elsewhere" }));
    await env.emulator.clearRequests();
    const up = await ws.up();
    expect(ourSteps(up.events)).toEqual(["service:create"]);
    expect(EmulatorProcess.calledActions(await env.emulator.requests()).CreateVpcEndpointService).toBeUndefined();
    const adopted = resourceNamed(await ws.exportStack(), "service")!;
    expect(adopted.id).toBe(existingId);
    expect(adopted.outputs).toMatchObject({ serviceId: existingId, serviceDescription: "made elsewhere", serviceStatus: "Active" });
    expect((await emulatorState()).services.map((s) => s.ServiceId)).toEqual([existingId]);

    const again = await ws.up();
    expect(Object.keys(changesOf(again.events))).toEqual(["same"]);

    await ws.destroy();
    expect(nonEmptyKinds(await emulatorState())).toEqual([]);
  });
});
