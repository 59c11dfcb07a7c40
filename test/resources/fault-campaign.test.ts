// A seeded fault campaign against the emulator: 40% throttling, 10% 5xx and 10% lost replies on every call, over
// 20 provider lifecycles (create with a natural-key child, update in place, destroy), stepped the way the engine
// steps them. A failed `up` is run again with what the engine would have recorded (nothing, or the init error's
// object); every failure must converge by the second `up`, and the campaign must leave no duplicate and no orphan.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as api from "../../src/api/privatelink";
import { clientAs } from "../helpers/emulator-clients";
import { startLifecycleEnv, type LifecycleEnv, type ResourceState } from "../helpers/lifecycle-env";

const FAULTS = "*:throttle=0.4,5xx=0.1,lost=0.1";
const SEED = process.env.PLK_FAULT_SEED ?? "issue-10";
const LIFECYCLES = 20;
const AT_ONCE = 10;
const LB_H = "lb-hzowner0000000000001";
const CONSUMER_VPC = "vpc-hzconsumer0000000001";
const CONSUMER_VSW_H = "vsw-hzconsumer0000000001";
const CONSUMER_SG1 = "sg-hzconsumer0000000001";
const CONSUMER_SG2 = "sg-hzconsumer0000000002";

let env: LifecycleEnv;

const urn = (kind: string, name: string) => `urn:pulumi:campaign::faults::pulumi-nodejs:dynamic/alicloud-privatelink:${kind}::${name}`;

interface Outcome {
  /** `up`s (or destroys) that failed and were run again, by step. */
  retried: string[];
  /** Steps still failing after their second run. */
  unconverged: string[];
}

/** One `pulumi up` of one resource, run again once on failure with what the engine recorded. */
async function upTwice(
  outcome: Outcome,
  label: string,
  kind: string,
  args: Record<string, unknown>,
  prior?: ResourceState,
): Promise<ResourceState | undefined> {
  let recorded = prior;
  for (let run = 1; run <= 2; run++) {
    try {
      return await env.up(kind, args, recorded);
    } catch (error) {
      const e = error as Error & { id?: string; properties?: Record<string, unknown> };
      // An init error keeps the object in the state (the next up resumes it); any other failure records nothing new.
      if (e.id && e.properties) recorded = { id: e.id, inputs: e.properties, outputs: e.properties };
      if (run === 1) outcome.retried.push(`${label}: ${e.message.slice(0, 160)}`);
      else outcome.unconverged.push(`${label}: ${e.message}`);
    }
  }
  return undefined;
}

async function destroyTwice(outcome: Outcome, label: string, kind: string, state: ResourceState | undefined): Promise<void> {
  if (!state) return;
  for (let run = 1; run <= 2; run++) {
    try {
      await env.destroy(kind, state);
      return;
    } catch (error) {
      if (run === 1) outcome.retried.push(`${label} (destroy): ${(error as Error).message.slice(0, 160)}`);
      else outcome.unconverged.push(`${label} (destroy): ${(error as Error).message}`);
    }
  }
}

async function serviceLifecycle(outcome: Outcome, i: number, consumerAccountId: string): Promise<void> {
  const name = `campaign-service-${i}`;
  const args = (description: string) => ({ profile: "owner", serviceDescription: description, __urn: urn("VpcEndpointService", name) });
  const service = await upTwice(outcome, `${name} create`, "VpcEndpointService", args(`${name} v1`));
  if (!service) return;
  const userArgs = { profile: "owner", serviceId: service.id, userId: consumerAccountId, __urn: urn("WhitelistUser", `${name}-user`) };
  const user = await upTwice(outcome, `${name}-user create`, "WhitelistUser", userArgs);
  const updated = (await upTwice(outcome, `${name} update`, "VpcEndpointService", args(`${name} v2`), service)) ?? service;
  await destroyTwice(outcome, `${name}-user`, "WhitelistUser", user);
  await destroyTwice(outcome, name, "VpcEndpointService", updated);
}

async function endpointLifecycle(outcome: Outcome, i: number, serviceId: string): Promise<void> {
  const name = `campaign-endpoint-${i}`;
  const args = (endpointName: string) => ({
    profile: "consumer",
    vpcId: CONSUMER_VPC,
    serviceId,
    securityGroupIds: [CONSUMER_SG1],
    zones: [{ zoneId: "cn-hangzhou-h", vSwitchId: CONSUMER_VSW_H }],
    endpointName,
    endpointDescription: "fault campaign",
    __urn: urn("VpcEndpoint", name),
  });
  const endpoint = await upTwice(outcome, `${name} create`, "VpcEndpoint", args(`${name}-a`));
  if (!endpoint) return;
  const groupArgs = { profile: "consumer", endpointId: endpoint.id, securityGroupId: CONSUMER_SG2, __urn: urn("SecurityGroupAttachment", `${name}-sg2`) };
  const group = await upTwice(outcome, `${name}-sg2 create`, "SecurityGroupAttachment", groupArgs);
  const updated = (await upTwice(outcome, `${name} update`, "VpcEndpoint", args(`${name}-b`), endpoint)) ?? endpoint;
  await destroyTwice(outcome, `${name}-sg2`, "SecurityGroupAttachment", group);
  await destroyTwice(outcome, name, "VpcEndpoint", updated);
}

beforeAll(async () => {
  env = await startLifecycleEnv({ timeScale: 0.005 });
});
afterAll(async () => {
  await env?.stop();
});

describe("fault campaign", () => {
  it(`${LIFECYCLES} lifecycles under ${FAULTS}: no duplicate, no orphan, every failure converges by the second up`, async () => {
    const shared = await env.up("VpcEndpointService", {
      profile: "owner",
      serviceDescription: "campaign shared service",
      autoAcceptEnabled: true,
      resources: [{ resourceId: LB_H }],
      __urn: urn("VpcEndpointService", "shared"),
    });
    const whitelisted = await env.up("WhitelistUser", {
      profile: "owner",
      serviceId: shared.id,
      userId: env.consumer.accountId,
      __urn: urn("WhitelistUser", "shared"),
    });
    env.emulator.resetRequestCounts();
    env.emulator.setFaults(`${FAULTS};seed=${SEED}`);

    const outcome: Outcome = { retried: [], unconverged: [] };
    const started = Date.now();
    for (let batch = 0; batch < LIFECYCLES; batch += AT_ONCE) {
      const lifecycles: Promise<void>[] = [];
      for (let i = batch; i < Math.min(LIFECYCLES, batch + AT_ONCE); i++) {
        lifecycles.push(i % 2 === 0 ? serviceLifecycle(outcome, i, env.consumer.accountId) : endpointLifecycle(outcome, i, shared.id));
      }
      await Promise.all(lifecycles);
    }
    const elapsed = Date.now() - started;
    env.emulator.clearFaults();

    const counts = env.emulator.requestCounts();
    const faulted = Object.values(counts.byAction).reduce(
      (sum, a) =>
        sum +
        Object.entries(a.byOutcome)
          .filter(([k]) => k !== "Success" && k !== "OK")
          .reduce((s, [, n]) => s + n, 0),
      0,
    );
    console.log(
      `fault campaign (seed ${SEED}): ${LIFECYCLES} lifecycles in ${(elapsed / 1000).toFixed(1)}s, ${counts.total} calls, ` +
        `${faulted} answered with an error or lost, ${outcome.retried.length} steps failed once and converged on the second up`,
    );
    for (const line of outcome.retried) console.log(`  converged on the second run: ${line}`);
    expect(outcome.unconverged, "steps still failing after a second up").toEqual([]);

    // Nothing but the shared service and its whitelist entry is left: no duplicate survived, nothing leaked.
    const owner = clientAs(env.emulator, "owner");
    const consumer = clientAs(env.emulator, "consumer");
    expect((await api.listAllVpcEndpointServices(owner, {})).map((s) => s.ServiceId)).toEqual([shared.id]);
    expect(await api.listAllVpcEndpoints(consumer, {})).toEqual([]);
    expect((await api.listAllVpcEndpointServiceUsers(owner, { ServiceId: shared.id })).map((u) => String(u.UserId))).toEqual([env.consumer.accountId]);
    // Every create was issued under a create token or a natural key: the ClientToken replays absorbed the lost replies.
    expect(counts.byAction.CreateVpcEndpointService?.total ?? 0).toBeGreaterThanOrEqual(LIFECYCLES / 2);

    await env.destroy("WhitelistUser", whitelisted);
    await env.destroy("VpcEndpointService", shared);
    expect(await api.listAllVpcEndpointServices(owner, {})).toEqual([]);
  }, 600_000);
});
