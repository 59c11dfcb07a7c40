// Crash safety of the providers against the emulator: create tokens (a re-run after a lost create returns the
// object the first one made; replacements and re-creations get new objects), the guard against deleting an
// object a create of the same deployment returned (`pulumi up --replace`), terminal states that end waits and
// retry loops at once, and waits that outlast transient read failures.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as api from "../../src/api/privatelink";
import { forgetObtainedObjects } from "../../src/provider/lifecycle";
import { PREVIEW_KEY } from "../../src/provider/schema";
import { clientAs } from "../helpers/emulator-clients";
import { PROVIDER_TEXT, startLifecycleEnv, type LifecycleEnv } from "../helpers/lifecycle-env";

const KIND = "VpcEndpointService";
const urn = (name: string) => `urn:pulumi:dev::crash::pulumi-nodejs:dynamic/alicloud-privatelink:${KIND}::${name}`;

let env: LifecycleEnv;

async function services() {
  return api.listAllVpcEndpointServices(clientAs(env.emulator, "owner"), {});
}

beforeAll(async () => {
  env = await startLifecycleEnv();
});
afterAll(async () => {
  await env?.stop();
});
beforeEach(() => {
  env.setConfig({});
  env.emulator.clearFaults();
  env.emulator.reset();
  env.emulator.resetRequestCounts();
  env.progress.length = 0;
});

describe("create tokens", () => {
  it("a create whose replies were all lost fails; the next up, with no state (as after a killed CLI), returns the object it made", async () => {
    env.setConfig({ "alicloud-privatelink:maxRetries": "0" });
    env.emulator.setFaults("CreateVpcEndpointService:lost=1");
    const args = { serviceDescription: "orders", timeouts: { create: "2s" }, __urn: urn("orders") };
    await expect(env.up(KIND, args)).rejects.toThrow(/CreateVpcEndpointService/);
    env.emulator.clearFaults();
    const made = await services();
    expect(made).toHaveLength(1);

    const again = await env.up(KIND, args);
    expect(again.id).toBe(made[0]!.ServiceId);
    expect(again.outputs.serviceStatus).toBe("Active");
    expect(await services()).toHaveLength(1);
  });

  it("is derived from the URN and the replace-forcing inputs: two resources with the same inputs get two objects", async () => {
    const a = await env.up(KIND, { serviceDescription: "same", __urn: urn("a") });
    const b = await env.up(KIND, { serviceDescription: "same", __urn: urn("b") });
    expect(a.id).not.toBe(b.id);
    expect(a.inputs.createToken).toMatch(/^plk1-[0-9a-f]{40}$/);
    expect(a.inputs.createToken).not.toBe(b.inputs.createToken);
    expect(await services()).toHaveLength(2);
  });

  it("stays the same through in-place updates and is never sent as a change", async () => {
    const s = await env.up(KIND, { serviceDescription: "a", __urn: urn("svc") });
    const u = await env.up(KIND, { serviceDescription: "b", __urn: urn("svc") }, s);
    expect(u.diff.replaces).toEqual([]);
    expect(u.inputs.createToken).toBe(s.inputs.createToken);
    expect(u.outputs.createToken).toBe(s.inputs.createToken);
  });

  it("a destroyed resource created again under the same URN gets a new object: the token's old object is passed over", async () => {
    const args = { serviceDescription: "again", __urn: urn("again") };
    const first = await env.up(KIND, args);
    await env.destroy(KIND, first);
    const second = await env.up(KIND, args);
    expect(second.inputs.createToken).toBe(first.inputs.createToken);
    expect(second.id).not.toBe(first.id);
    expect(second.outputs.serviceStatus).toBe("Active");
    expect(env.progress.join("\n")).toMatch(new RegExp(`the create token was used before for ${first.id}, which no longer exists`));
    expect((await services()).map((s) => s.ServiceId)).toEqual([second.id]);
  });

  it("a replacement chains the token: A → B → A makes a new object each time, and a fixed clientToken never trips IdempotentParameterMismatch", async () => {
    const args = (payer: string) => ({ serviceDescription: "chain", payer, clientToken: "fixed-by-the-user", __urn: urn("chain") });
    const a = await env.up(KIND, args("Endpoint"));
    const b = await env.up(KIND, args("EndpointService"), a);
    expect(b.diff.replaces).toEqual(["payer"]);
    const a2 = await env.up(KIND, args("Endpoint"), b);
    const tokens = [a, b, a2].map((s) => s.inputs.createToken);
    expect(new Set(tokens).size).toBe(3);
    expect(new Set([a.id, b.id, a2.id]).size).toBe(3);
    expect((await services()).map((s) => s.ServiceId)).toEqual([a2.id]);
    const outcomes = env.emulator.requestCounts().byAction.CreateVpcEndpointService!.byOutcome;
    expect(outcomes.IdempotentParameterMismatch ?? 0).toBe(0);
    // The user's clientToken is a seed only: it is never sent as it is.
    expect(tokens.every((t) => t !== "fixed-by-the-user")).toBe(true);
  });

  it("pulumi up --replace (check without old inputs) returns the live object; its delete in the same deployment is skipped with a warning", async () => {
    const args = { serviceDescription: "replace-me", __urn: urn("replace-me") };
    const s = await env.up(KIND, args);
    const p = env.provider(KIND);

    // The engine's targeted replace: check(no olds) → create → delete(old ID), one provider process.
    forgetObtainedObjects();
    const checked = await p.check({}, { ...args, __provider: PROVIDER_TEXT });
    expect(checked.inputs!.createToken).toBe(s.inputs.createToken);
    const created = await p.create(checked.inputs!);
    expect(created.id).toBe(s.id);
    await p.delete(s.id, s.outputs);
    expect((await services()).map((x) => x.ServiceId)).toEqual([s.id]);
    expect(env.progress.join("\n")).toMatch(
      new RegExp(
        `warning: VpcEndpointService ${s.id} was not deleted: a create in this same deployment returned this very object.*set \`clientToken\` to a new value`,
      ),
    );

    // What the warning says to do: a new clientToken seed gives a new object, and the old one is deleted.
    forgetObtainedObjects();
    const reseeded = await p.check({}, { ...args, clientToken: "new-object", __provider: PROVIDER_TEXT });
    const fresh = await p.create(reseeded.inputs!);
    expect(fresh.id).not.toBe(s.id);
    await p.delete(s.id, s.outputs);
    expect((await services()).map((x) => x.ServiceId)).toEqual([fresh.id]);
  });

  it("an unknown replace-forcing input during preview leaves the token unknown", async () => {
    const p = env.provider("VpcEndpoint");
    const checked = await p.check(
      {},
      {
        vpcId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        serviceName: "com.aliyuncs.privatelink.cn-hangzhou.epsrv-x",
        securityGroupIds: ["sg-1"],
        __urn: urn("ep"),
        __provider: PROVIDER_TEXT,
      },
    );
    expect(checked.inputs!.createToken).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    // The URN stays in the checked inputs (every operation reports on the resource's row with it).
    expect(checked.inputs!.__urn).toBe(urn("ep"));
  });
});

describe("terminal states", () => {
  it("a change to a FinancialLocked service fails at once, naming the service, the lock and what to do", async () => {
    const s = await env.up(KIND, { serviceDescription: "locked", __urn: urn("locked") });
    env.emulator.world.patchObject("service", s.id, { ServiceBusinessStatus: "FinancialLocked" });
    env.emulator.resetRequestCounts();
    const started = Date.now();
    const error = await env.up(KIND, { serviceDescription: "changed", __urn: urn("locked") }, s).catch((e) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.message).toMatch(
      new RegExp(
        `^VpcEndpointService ${s.id}: the endpoint service is locked by its business status \\(FinancialLocked: an overdue payment.*no retry can help\\. Settle the payment`,
      ),
    );
    expect(error.message).toMatch(/EndpointServiceLocked/);
    expect(env.counts().UpdateVpcEndpointServiceAttribute).toBe(1);
  });

  it("a wait for Active ends at once when the object becomes FinancialLocked", async () => {
    env.emulator.setFaults("stuck=service:Creating");
    const up = env.up(KIND, { serviceDescription: "stuck", __urn: urn("stuck") }).catch((e) => e);
    let listed: api.VpcEndpointServiceSummary[] = [];
    for (let i = 0; i < 100 && listed.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      listed = await services();
    }
    const started = Date.now();
    env.emulator.world.patchObject("service", listed[0]!.ServiceId, { ServiceBusinessStatus: "FinancialLocked" });
    const error = await up;
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(error.message).toMatch(
      new RegExp(
        `VpcEndpointService ${listed[0]!.ServiceId} exists but cannot reach ServiceStatus Active \\(status: Creating, FinancialLocked\\): it is locked for an overdue payment`,
      ),
    );
    // Kept in the state (an init error): the next up resumes instead of creating a second service.
    expect(error.id).toBe(listed[0]!.ServiceId);
  });
});

describe("waits and transient failures", () => {
  it("reads that fail with 5xx inside a wait are polled again; the wait ends at its target", async () => {
    env.setConfig({ "alicloud-privatelink:maxRetries": "0" });
    env.emulator.setFaults("GetVpcEndpointServiceAttribute:5xx=0.5;seed=7");
    const s = await env.up(KIND, { serviceDescription: "flaky reads", __urn: urn("flaky") });
    expect(s.outputs.serviceStatus).toBe("Active");
    const outcomes = env.emulator.requestCounts().byAction.GetVpcEndpointServiceAttribute!.byOutcome;
    expect((outcomes.InternalError ?? 0) + (outcomes.ServiceUnavailable ?? 0)).toBeGreaterThan(0);
    expect(await services()).toHaveLength(1);
  });
});

describe("ownership tag", () => {
  it("an object made by an interrupted create is found by its create token's tag beyond the ClientToken retention, and adopted", async () => {
    env.setConfig({ "alicloud-privatelink:maxRetries": "0" });
    env.emulator.setFaults("CreateVpcEndpointService:lost=1");
    const args = { serviceDescription: "tagged", tags: { team: "orders" }, timeouts: { create: "2s" }, __urn: urn("tagged") };
    await expect(env.up(KIND, args)).rejects.toThrow(/CreateVpcEndpointService/);
    env.emulator.clearFaults();
    env.emulator.forgetClientTokens();
    const [made] = await services();
    expect(made!.Tags).toEqual(
      expect.arrayContaining([
        { Key: "team", Value: "orders" },
        { Key: "pulumi-privatelink:create-token", Value: expect.stringMatching(/^plk1-/) },
      ]),
    );

    env.emulator.resetRequestCounts();
    // With preflight on, the preview finds the service it would adopt and dry-runs no create.
    const preview = await env
      .provider(KIND)
      .check({}, { ...args, serviceDescription: "tagged, changed", preflight: true, __provider: PROVIDER_TEXT, [PREVIEW_KEY]: true });
    expect(preview.failures).toEqual([]);
    expect(env.counts().CreateVpcEndpointService ?? 0).toBe(0);
    // The program changed meanwhile: the description is applied in place to the adopted service.
    const again = await env.up(KIND, { ...args, serviceDescription: "tagged, changed" });
    expect(again.id).toBe(made!.ServiceId);
    expect(env.counts().CreateVpcEndpointService ?? 0).toBe(0);
    expect(env.counts().UpdateVpcEndpointServiceAttribute).toBe(1);
    expect((await services()).map((s) => [s.ServiceId, s.ServiceDescription])).toEqual([[made!.ServiceId, "tagged, changed"]]);
    expect(env.progress.join("\n")).toMatch(
      new RegExp(`VpcEndpointService ${made!.ServiceId}: found by its create token \\(made by an interrupted run\\); adopted`),
    );
  });

  it("an endpoint made by an interrupted create is found by its tag in the consumer's account", async () => {
    const service = await env.up(KIND, {
      serviceDescription: "for endpoints",
      autoAcceptEnabled: true,
      resources: [{ resourceId: "lb-hzowner0000000000001" }],
      __urn: urn("svc-for-ep"),
    });
    await env.up("WhitelistUser", { serviceId: service.id, userId: env.consumer.accountId });
    env.setConfig({ "alicloud-privatelink:maxRetries": "0" });
    env.emulator.setFaults("CreateVpcEndpoint:lost=1");
    const args = {
      profile: "consumer",
      vpcId: "vpc-hzconsumer0000000001",
      serviceId: service.id,
      securityGroupIds: ["sg-hzconsumer0000000001"],
      zones: [{ zoneId: "cn-hangzhou-h", vSwitchId: "vsw-hzconsumer0000000001" }],
      timeouts: { create: "2s" },
      __urn: "urn:pulumi:dev::crash::pulumi-nodejs:dynamic/alicloud-privatelink:VpcEndpoint::ep",
    };
    await expect(env.up("VpcEndpoint", args)).rejects.toThrow(/CreateVpcEndpoint/);
    env.emulator.clearFaults();
    env.emulator.forgetClientTokens();
    env.emulator.resetRequestCounts();
    const again = await env.up("VpcEndpoint", args);
    const endpoints = await api.listAllVpcEndpoints(clientAs(env.emulator, "consumer"), {});
    expect(endpoints.map((e) => e.EndpointId)).toEqual([again.id]);
    expect(env.counts().CreateVpcEndpoint ?? 0).toBe(0);
    expect(again.outputs.endpointStatus).toBe("Active");

    // A child that already exists as declared: with preflight on, the preview passes without a dry run.
    env.emulator.resetRequestCounts();
    const group = await env.provider("SecurityGroupAttachment").check(
      {},
      {
        profile: "consumer",
        endpointId: again.id,
        securityGroupId: "sg-hzconsumer0000000001",
        preflight: true,
        __provider: PROVIDER_TEXT,
        [PREVIEW_KEY]: true,
      },
    );
    expect(group.failures).toEqual([]);
    expect(env.counts().AttachSecurityGroupToVpcEndpoint ?? 0).toBe(0);
  });
});
