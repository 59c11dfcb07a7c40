// SecurityGroupAttachment against the emulator over loopback HTTP (consumer settings from the environment):
// create and wait, read, coexistence with the endpoint's declared groups, drift, replacement, delete, the last
// group, validation and adoption.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as api from "../../src/api/privatelink";
import { startEndpointEnv, type EndpointEnv, type State } from "./endpoint-env";

const KIND = "SecurityGroupAttachment";

let env: EndpointEnv;
let endpoint: State;

beforeAll(async () => {
  env = await startEndpointEnv();
});
afterAll(async () => {
  await env?.stop();
});
beforeEach(async () => {
  env.emulator.clearFaults();
  env.emulator.reset();
  env.useEnvironmentSettings();
  const service = await env.makeService();
  endpoint = await env.up("VpcEndpoint", {
    vpcId: env.seeds.vpc,
    serviceId: service.serviceId,
    securityGroupIds: [env.seeds.sg1],
    zones: [{ zoneId: "cn-hangzhou-h", vSwitchId: env.seeds.vswH }],
  });
  env.emulator.resetRequestCounts();
  env.progress.length = 0;
});

const sg2 = () => ({ endpointId: endpoint.id, securityGroupId: env.seeds.sg2 });

async function liveGroups() {
  return (await api.listAllVpcEndpointSecurityGroups(env.clientAs("consumer"), { EndpointId: endpoint.id })).map((g) => g.SecurityGroupId).sort();
}

describe("SecurityGroupAttachment", () => {
  it("attaches the group and waits until the endpoint is Active again", async () => {
    const a = await env.up(KIND, sg2());
    expect(a.id).toBe(`${endpoint.id}:${env.seeds.sg2}`);
    expect(a.outputs.endpointSecurityGroupIds).toEqual([env.seeds.sg1, env.seeds.sg2].sort());
    expect(await liveGroups()).toEqual([env.seeds.sg1, env.seeds.sg2].sort());
    const ep = await api.getVpcEndpointAttribute(env.clientAs("consumer"), { EndpointId: endpoint.id });
    expect(ep.EndpointStatus).toBe("Active"); // the emulator puts it in Pending after an attach
    expect(env.progress.some((l) => l.includes(`SecurityGroupAttachment ${a.id}`))).toBe(true);
  });

  it("read reports it; a second up changes nothing; the endpoint's declared groups are not disturbed", async () => {
    const a = await env.up(KIND, sg2());
    const r = await env.refresh(KIND, a);
    expect(r!.id).toBe(a.id);
    env.emulator.resetRequestCounts();
    expect((await env.up(KIND, sg2(), r!)).diff!.changes).toBe(false);
    expect(env.writes()).toEqual([]);

    const ep = await env.refresh("VpcEndpoint", endpoint);
    expect(ep!.outputs.securityGroupIds).toEqual([env.seeds.sg1]);
    expect(ep!.outputs.attachedSecurityGroupIds).toEqual([env.seeds.sg1, env.seeds.sg2].sort());
    expect((await env.provider("VpcEndpoint").diff(endpoint.id, ep!.outputs, { ...endpoint.inputs })).changes).toBe(false);
    // And an update of the endpoint's own list leaves the attachment's group in place.
    const u = await env.up("VpcEndpoint", { ...endpoint.inputs, __provider: undefined, endpointName: "renamed", endpointDescription: "renamed endpoint" }, ep!);
    expect(u.diff!.replaces).toEqual([]);
    expect(await liveGroups()).toEqual([env.seeds.sg1, env.seeds.sg2].sort());
  });

  it("drift: a group detached out of band is reported gone by read, and the next up attaches it again", async () => {
    const a = await env.up(KIND, sg2());
    env.emulator.world.deleteObject("securityGroupAttachment", a.id);
    expect(await env.refresh(KIND, a)).toBeUndefined();
    const again = await env.up(KIND, sg2());
    expect(again.id).toBe(a.id);
    expect(await liveGroups()).toEqual([env.seeds.sg1, env.seeds.sg2].sort());
  });

  it("another group replaces the attachment, detaching the old one first", async () => {
    const a = await env.up(KIND, sg2());
    const added = env.emulator.world.addInventory("securityGroup", { vpcId: env.seeds.vpc, type: "normal" }) as { id: string };
    const d = await env.provider(KIND).diff(a.id, a.outputs, { ...sg2(), securityGroupId: added.id });
    expect(d.replaces).toEqual(["securityGroupId"]);
    expect(d.deleteBeforeReplace).toBe(true);
    const replaced = await env.up(KIND, { ...sg2(), securityGroupId: added.id }, a);
    expect(replaced.id).toBe(`${endpoint.id}:${added.id}`);
    expect(await liveGroups()).toEqual([env.seeds.sg1, added.id].sort());
  });

  it("deletes and waits; already detached (or endpoint gone) is success", async () => {
    const a = await env.up(KIND, sg2());
    await env.destroy(KIND, a);
    expect(await liveGroups()).toEqual([env.seeds.sg1]);
    await expect(env.destroy(KIND, a)).resolves.toBeUndefined();
    env.emulator.world.deleteObject("endpoint", endpoint.id);
    await expect(env.destroy(KIND, a)).resolves.toBeUndefined();
  });

  it("detaching the endpoint's last group fails with an error that says why; the group stays", async () => {
    const last = await env.up(KIND, { endpointId: endpoint.id, securityGroupId: env.seeds.sg1, adoptExistingId: `${endpoint.id}:${env.seeds.sg1}` });
    expect(env.counts().AttachSecurityGroupToVpcEndpoint ?? 0).toBe(0);
    await expect(env.destroy(KIND, last)).rejects.toThrow(
      /last security group of endpoint .* must always keep at least one \(EndpointMustContainSecurityGroup\)/,
    );
    expect(await liveGroups()).toEqual([env.seeds.sg1]);
  });

  it("a group already attached is adopted without a write; an unknown group fails with the API's code", async () => {
    env.emulator.resetRequestCounts();
    const adopted = await env.up(KIND, { endpointId: endpoint.id, securityGroupId: env.seeds.sg1 });
    expect(adopted.id).toBe(`${endpoint.id}:${env.seeds.sg1}`);
    expect(env.counts().AttachSecurityGroupToVpcEndpoint ?? 0).toBe(0);
    await expect(env.up(KIND, { endpointId: endpoint.id, securityGroupId: "sg-doesnotexist" })).rejects.toThrow(/SecurityGroupNotFound/);
    await expect(env.up(KIND, { endpointId: "ep-doesnotexist000000000", securityGroupId: env.seeds.sg2 })).rejects.toThrow(/does not exist/);
  });

  it("validation names the field", async () => {
    const p = env.provider(KIND);
    const bad = await p.check({}, { endpointId: endpoint.id, securityGroupId: "group-1", __provider: "x" });
    expect(bad.failures!.map((f) => f.property)).toEqual(["securityGroupId"]);
    expect(bad.failures![0]!.reason).toMatch(/security group ID/);
    const missing = await p.check({}, { securityGroupId: env.seeds.sg2, __provider: "x" });
    expect(missing.failures!.map((f) => f.property)).toEqual(["endpointId"]);
  });

  it("get by ID alone (no other state) reads the attachment", async () => {
    const a = await env.up(KIND, sg2());
    const r = await env.provider(KIND).read(a.id, { __provider: "x" });
    expect(r.id).toBe(a.id);
    expect(r.props!.endpointId).toBe(endpoint.id);
    expect(r.props!.securityGroupId).toBe(env.seeds.sg2);
  });
});
