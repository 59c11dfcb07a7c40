// The real Pulumi CLI killed in the middle of creates, recovered with the steps docs/recovery.md gives
// (`pulumi cancel`, `pulumi refresh --clear-pending-creates`, `pulumi up`): every run ends with exactly the declared
// objects, and `pulumi up --replace` of a service keeps the live object instead of deleting it.
import { describe, expect, test } from "vitest";
import { seededRandom } from "../../src/emulator/faults";
import { EmulatorProcess, changesOf, privateLinkResources, resourceNamed, type PulumiWorkspace, type RunResult } from "../../scripts/pulumi";
import { e2eConfig, nonEmptyKinds, useE2eEnvironment, type EmulatorState } from "./environment";

const env = useE2eEnvironment({ timeScale: 0.03 });

/** What the chain program declares (one resource of every kind), by emulator kind. */
const DECLARED = { services: 1, serviceResources: 2, whitelist: 1, endpoints: 1, connections: 1, zones: 2, securityGroupAttachments: 2 };

async function objectCounts(): Promise<Record<string, number>> {
  const state = await env.emulator.state();
  const counts: Record<string, number> = {};
  for (const [kind, list] of Object.entries(state)) if (Array.isArray(list) && kind !== "pendingTransitions" && list.length > 0) counts[kind] = list.length;
  return counts;
}

async function createCalls(action: string): Promise<number> {
  return (await env.emulator.requests()).byAction[action]?.total ?? 0;
}

/** The documented recovery after a killed `pulumi up` (docs/recovery.md). */
async function recover(ws: PulumiWorkspace): Promise<RunResult> {
  await ws.run(["cancel", "--yes"]);
  await ws.refresh(["--clear-pending-creates"]);
  return ws.up();
}

/** The state holds exactly what the emulator has: one resource per declared object, with the live IDs. */
async function expectStateMatchesEmulator(ws: PulumiWorkspace): Promise<void> {
  const state = await ws.exportStack();
  const world = (await env.emulator.state()) as EmulatorState;
  expect((state.deployment as { pending_operations?: unknown[] }).pending_operations ?? []).toEqual([]);
  expect(privateLinkResources(state)).toHaveLength(7);
  expect(resourceNamed(state, "service")!.id).toBe(world.services[0]!.ServiceId);
  expect(resourceNamed(state, "endpoint")!.id).toBe((world.endpoints[0] as { EndpointId: string }).EndpointId);
  for (const r of privateLinkResources(state)) expect(r.initErrors ?? [], r.urn).toEqual([]);
}

/** The previews' program (every kind, wired through outputs), with its whitelist entry unprotected so destroy can run. */
async function chain(): Promise<PulumiWorkspace> {
  return env.workspace("chain", e2eConfig({ consumerAccountId: env.emulator.consumer.accountId, protectAccess: false }));
}

describe("a killed `pulumi up`, recovered with the documented steps", () => {
  test.each([
    { target: "CreateVpcEndpointService", stuck: "service:Creating", scope: "cli" as const },
    { target: "CreateVpcEndpoint", stuck: "endpoint:Creating", scope: "tree" as const },
  ])(
    "killed ($scope) while $target waits: the lock and the pending create are cleared, and the next up adopts the object",
    async ({ target, stuck, scope }) => {
      const ws = await chain();
      // The object is created and stays in Creating: the kill lands between the create call and the engine's record.
      await env.emulator.setFaults(`stuck=${stuck}`);
      const killed = await ws.up([], { interrupt: { scope, when: async () => (await createCalls(target)) >= 1 } });
      expect(killed.interrupted).toBe(true);
      await env.emulator.clearFaults();
      const pending = ((await ws.exportStack()).deployment as { pending_operations?: { type: string }[] }).pending_operations ?? [];
      expect(pending.map((p) => p.type)).toContain("creating");

      // What a user sees first: the file backend's lock, naming `pulumi cancel`.
      const locked = await ws.up([], { allowFailure: true });
      expect(locked.code).not.toBe(0);
      expect(locked.stdout + locked.stderr).toMatch(/the stack is currently locked by 1 lock\(s\).*pulumi cancel/s);

      const calls = await createCalls(target);
      const up = await recover(ws);
      ws.killOrphans();
      expect(await objectCounts()).toEqual(DECLARED);
      expect(await createCalls(target), `${target} after recovery`).toBe(calls);
      expect(up.stdout).toMatch(/found by its create token \(made by an interrupted run\); adopted/);
      await expectStateMatchesEmulator(ws);

      await env.emulator.clearRequests();
      const again = await ws.up();
      expect(Object.keys(changesOf(again.events))).toEqual(["same"]);
      expect(EmulatorProcess.writeActions(await env.emulator.requests())).toEqual([]);

      await ws.destroy();
      expect(nonEmptyKinds(await env.emulator.state()).filter((k) => k !== "pendingTransitions")).toEqual([]);
    },
  );
});

describe("`pulumi up --replace` of a service", () => {
  test("keeps the live service and says so; with a new clientToken seed it makes a new one and deletes the old", async () => {
    const ws = await env.workspace("service", e2eConfig({ whitelistUser: env.emulator.consumer.accountId }));
    await ws.up();
    const before = (await env.emulator.state()) as EmulatorState;
    const urn = resourceNamed(await ws.exportStack(), "service")!.urn;

    const replaced = await ws.up(["--replace", urn]);
    expect(replaced.stdout).toMatch(/warning: VpcEndpointService epsrv-[a-z0-9]+ was not deleted: a create in this same deployment returned this very object/);
    const after = (await env.emulator.state()) as EmulatorState;
    expect(after.services.map((s) => s.ServiceId)).toEqual(before.services.map((s) => s.ServiceId));
    expect(after.services[0]!.ServiceStatus).toBe("Active");
    expect(resourceNamed(await ws.exportStack(), "service")!.id).toBe(before.services[0]!.ServiceId);
    expect((await ws.preview()).stdout).not.toMatch(/to (create|replace|delete)/);

    await ws.setConfig(e2eConfig({ clientToken: "second service" }));
    await ws.up(["--replace", urn]);
    const fresh = (await env.emulator.state()) as EmulatorState;
    expect(fresh.services).toHaveLength(1);
    expect(fresh.services[0]!.ServiceId).not.toBe(before.services[0]!.ServiceId);
    expect(resourceNamed(await ws.exportStack(), "service")!.id).toBe(fresh.services[0]!.ServiceId);

    await ws.destroy();
    expect(nonEmptyKinds(await env.emulator.state()).filter((k) => k !== "pendingTransitions")).toEqual([]);
  });
});

describe("kill campaign", () => {
  const KILLS = Number(process.env.PLK_KILL_CAMPAIGN_KILLS ?? 10);
  const SEED = process.env.PLK_KILL_CAMPAIGN_SEED ?? "issue-10";

  test(`${KILLS} seeded kills of the CLI mid-create (service and endpoint creates): 0 duplicates, 0 orphans after destroy`, async () => {
    const random = seededRandom(SEED);
    const ws = await chain();
    const log: string[] = [];
    let kills = 0;
    for (let cycle = 0; kills < KILLS && cycle < KILLS * 2; cycle++) {
      const target = cycle % 2 === 0 ? "CreateVpcEndpointService" : "CreateVpcEndpoint";
      const scope = random() < 0.5 ? ("cli" as const) : ("tree" as const);
      const delayMs = Math.round(random() * 1500);
      await env.emulator.clearRequests();
      let seenAt: number | undefined;
      const run = await ws.up([], {
        allowFailure: true,
        interrupt: {
          scope,
          when: async () => {
            if (seenAt === undefined && (await createCalls(target)) >= 1) seenAt = Date.now();
            return seenAt !== undefined && Date.now() - seenAt >= delayMs;
          },
        },
      });
      if (run.interrupted) {
        kills++;
        await recover(ws);
      } else {
        expect(run.code, `cycle ${cycle}: an up that was not killed must succeed`).toBe(0);
      }
      ws.killOrphans();
      const counts = await objectCounts();
      log.push(
        `cycle ${cycle}: ${run.interrupted ? `killed (${scope}) ${delayMs} ms after ${target}` : "finished before the kill"} → ${JSON.stringify(counts)}`,
      );
      expect(counts, log.at(-1)).toEqual(DECLARED);
      await expectStateMatchesEmulator(ws);
      await ws.destroy();
      expect(
        nonEmptyKinds(await env.emulator.state()).filter((k) => k !== "pendingTransitions"),
        `cycle ${cycle}: orphans after destroy`,
      ).toEqual([]);
    }
    console.log(`kill campaign (seed ${SEED}): ${kills} kills\n${log.join("\n")}`);
    expect(kills).toBeGreaterThanOrEqual(KILLS);
  });
});
