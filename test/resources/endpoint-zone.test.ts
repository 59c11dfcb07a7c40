// EndpointZone against the emulator over loopback HTTP (consumer settings from the environment): create and wait,
// read, coexistence with the endpoint's declared zones, drift, replacement, delete, validation, adoption, locks.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as api from "../../src/api/privatelink";
import { startEndpointEnv, type EndpointEnv, type State } from "./endpoint-env";

const KIND = "EndpointZone";
const ZONE_H = "cn-hangzhou-h";
const ZONE_I = "cn-hangzhou-i";
const ZONE_J = "cn-hangzhou-j";

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
  endpoint = await env.up("VpcEndpoint", endpointArgs(service.serviceName));
  env.emulator.resetRequestCounts();
  env.progress.length = 0;
});

function endpointArgs(serviceName: string) {
  return {
    vpcId: env.seeds.vpc,
    serviceName,
    securityGroupIds: [env.seeds.sg1],
    zones: [{ zoneId: ZONE_H, vSwitchId: env.seeds.vswH }],
  };
}

const zoneI = () => ({ endpointId: endpoint.id, zoneId: ZONE_I, vSwitchId: env.seeds.vswI });

async function liveZones() {
  return api.listAllVpcEndpointZones(env.clientAs("consumer"), { EndpointId: endpoint.id });
}

describe("EndpointZone", () => {
  it("adds the zone, waits until it is usable and the endpoint is Active again", async () => {
    const z = await env.up(KIND, zoneI());
    expect(z.id).toBe(`${endpoint.id}:${ZONE_I}`);
    expect(z.outputs.zoneStatus).toBe("Wait");
    expect(z.outputs.eniId).toMatch(/^eni-/);
    expect(z.outputs.eniIp).toMatch(/^172\.16\.2\./);
    expect(z.outputs.zoneDomain).toContain(endpoint.id);
    expect(z.outputs.regionId).toBe(env.emulator.regionId);
    expect(JSON.stringify(z.outputs)).not.toMatch(/undefined/);
    const ep = await api.getVpcEndpointAttribute(env.clientAs("consumer"), { EndpointId: endpoint.id });
    expect(ep.EndpointStatus).toBe("Active");
    expect(env.counts().AddZoneToVpcEndpoint).toBe(1);
  });

  it("takes a requested address; refresh reads the interface's address back; a new address replaces the zone", async () => {
    const z = await env.up(KIND, { ...zoneI(), ip: "172.16.2.77" });
    expect(z.outputs).toMatchObject({ ip: "172.16.2.77", eniIp: "172.16.2.77" });
    const again = await env.up(KIND, { ...zoneI(), ip: "172.16.2.77" }, z);
    expect(again.diff!.changes).toBe(false);
    const d = await env.provider(KIND).diff(z.id, z.outputs, { ...z.inputs, ip: "172.16.2.78" });
    expect(d.replaces).toEqual(["ip"]);
    expect((await env.provider(KIND).check({}, { ...zoneI(), ip: "not-an-ip" })).failures[0]!.reason).toMatch(/ip must match the rule: an IPv4 address/);
  });

  it("read reports it; a second up changes nothing; the endpoint's declared zones are not disturbed", async () => {
    const z = await env.up(KIND, zoneI());
    const r = await env.refresh(KIND, z);
    expect(r!.id).toBe(z.id);
    expect(r!.outputs.vSwitchId).toBe(env.seeds.vswI);
    env.emulator.resetRequestCounts();
    expect((await env.up(KIND, zoneI(), r!)).diff!.changes).toBe(false);
    expect(env.writes()).toEqual([]);

    // The endpoint declares zone H only: refresh keeps its declared list and reports both in endpointZones.
    const ep = await env.refresh("VpcEndpoint", endpoint);
    expect(ep!.outputs.zones).toEqual([{ zoneId: ZONE_H, vSwitchId: env.seeds.vswH }]);
    expect(ep!.outputs.endpointZones.map((x: any) => x.zoneId).sort()).toEqual([ZONE_H, ZONE_I]);
    const d = await env.provider("VpcEndpoint").diff(endpoint.id, ep!.outputs, { ...endpoint.inputs });
    expect(d.changes).toBe(false);
  });

  it("drift: a zone removed out of band is reported gone by read, and the next up adds it again", async () => {
    const z = await env.up(KIND, zoneI());
    env.emulator.world.deleteObject("zone", z.id);
    expect(await env.refresh(KIND, z)).toBeUndefined();
    const again = await env.up(KIND, zoneI());
    expect(again.id).toBe(z.id);
    expect((await liveZones()).map((x) => x.ZoneId).sort()).toEqual([ZONE_H, ZONE_I]);
  });

  it("a new vSwitch replaces the zone, removing the old interface before adding the new one", async () => {
    const z = await env.up(KIND, zoneI());
    const added = env.emulator.world.addInventory("vswitch", { vpcId: env.seeds.vpc, zoneId: ZONE_I, cidrBlock: "172.16.20.0/24" }) as { id: string };
    const d = await env.provider(KIND).diff(z.id, z.outputs, { ...zoneI(), vSwitchId: added.id });
    expect(d.replaces).toEqual(["vSwitchId"]);
    expect(d.deleteBeforeReplace).toBe(true);
    const replaced = await env.up(KIND, { ...zoneI(), vSwitchId: added.id }, z);
    expect(replaced.id).toBe(z.id);
    const live = (await liveZones()).find((x) => x.ZoneId === ZONE_I)!;
    expect(live.VSwitchId).toBe(added.id);
    expect(live.EniIp).toMatch(/^172\.16\.20\./);
    const other = await env.provider(KIND).diff(z.id, z.outputs, { ...zoneI(), zoneId: ZONE_J, endpointId: "ep-other" });
    expect(other.replaces).toEqual(["endpointId", "zoneId"]);
  });

  it("deletes and waits until the zone is gone; already gone (zone or endpoint) is success", async () => {
    const z = await env.up(KIND, zoneI());
    await env.destroy(KIND, z);
    expect((await liveZones()).map((x) => x.ZoneId)).toEqual([ZONE_H]);
    const ep = await api.getVpcEndpointAttribute(env.clientAs("consumer"), { EndpointId: endpoint.id });
    expect(ep.EndpointStatus).toBe("Active");
    await expect(env.destroy(KIND, z)).resolves.toBeUndefined();
    env.emulator.world.deleteObject("endpoint", endpoint.id);
    await expect(env.destroy(KIND, z)).resolves.toBeUndefined();
    expect(await env.refresh(KIND, z)).toBeUndefined();
  });

  it("validation names the field", async () => {
    const p = env.provider(KIND);
    const missing = await p.check({}, { endpointId: endpoint.id, zoneId: ZONE_I, __provider: "x" });
    expect(missing.failures!.map((f) => f.property)).toEqual(["vSwitchId"]);
    const typo = await p.check({}, { ...zoneI(), vswitchId: "vsw-x", __provider: "x" });
    expect(typo.failures!.map((f) => f.property)).toEqual(["vswitchId"]);
    expect((await p.check({}, { ...zoneI(), __provider: "x" })).failures).toEqual([]);
  });

  it("in the deployment that made its endpoint, the zone's key is not read first; a zone the endpoint itself declares is still adopted", async () => {
    // No new deployment since beforeEach made the endpoint (the same provider process): no earlier run can have
    // added a zone to it, so the add is sent at once; ZONE_H, which the endpoint's own zones declare, is refused
    // by the API as a duplicate and then adopted as declared.
    const p = env.provider(KIND);
    const checked = await p.check({}, { endpointId: endpoint.id, zoneId: ZONE_H, vSwitchId: env.seeds.vswH, __provider: "x" });
    const created = await p.create(checked.inputs!);
    expect(created.id).toBe(`${endpoint.id}:${ZONE_H}`);
    expect(created.outs.zoneStatus).toBe("Wait");
    expect(env.counts().AddZoneToVpcEndpoint).toBe(1);
    expect(env.progress.join("\n")).toMatch(new RegExp(`EndpointZone ${endpoint.id}:${ZONE_H}: already exists as declared; adopted`));
    expect((await liveZones()).map((z) => z.ZoneId)).toEqual([ZONE_H]);
  });

  it("a zone that already exists as declared is adopted without a write; one in another vSwitch is refused, naming the difference", async () => {
    // ZONE_H was added by the endpoint itself: the same situation as a zone added by a run killed before it was recorded.
    env.emulator.resetRequestCounts();
    const adopted = await env.up(KIND, { endpointId: endpoint.id, zoneId: ZONE_H, vSwitchId: env.seeds.vswH });
    expect(adopted.id).toBe(`${endpoint.id}:${ZONE_H}`);
    expect(adopted.outputs.zoneStatus).toBe("Wait");
    expect(env.counts().AddZoneToVpcEndpoint ?? 0).toBe(0);
    expect(env.progress.join("\n")).toMatch(new RegExp(`EndpointZone ${endpoint.id}:${ZONE_H}: already exists as declared; adopted`));
    await expect(env.up(KIND, { endpointId: endpoint.id, zoneId: ZONE_H, vSwitchId: env.seeds.vswI })).rejects.toThrow(
      new RegExp(
        `EndpointZone ${endpoint.id}:${ZONE_H} already exists and differs from the declaration \\(vSwitchId: declared "${env.seeds.vswI}", the cloud has "${env.seeds.vswH}"\\)`,
      ),
    );
    expect(env.counts().AddZoneToVpcEndpoint ?? 0).toBe(0);
    const byId = await env.up(KIND, { endpointId: endpoint.id, zoneId: ZONE_H, vSwitchId: env.seeds.vswH, adoptExistingId: `${endpoint.id}:${ZONE_H}` });
    expect(byId.id).toBe(`${endpoint.id}:${ZONE_H}`);
  });

  it("a zone the service does not serve fails with the API's code", async () => {
    await expect(env.up(KIND, { endpointId: endpoint.id, zoneId: ZONE_J, vSwitchId: env.seeds.vswJ })).rejects.toThrow(/EndpointServiceNotSupportedZone/);
  });

  it("changes to one endpoint are serialised: a zone and a security group added at once never collide", async () => {
    const [z, g] = await Promise.all([env.up(KIND, zoneI()), env.up("SecurityGroupAttachment", { endpointId: endpoint.id, securityGroupId: env.seeds.sg2 })]);
    expect(z.outputs.zoneStatus).toBe("Wait");
    expect(g.outputs.endpointSecurityGroupIds).toEqual([env.seeds.sg1, env.seeds.sg2].sort());
    const outcomes = env.emulator.requestCounts().byAction;
    expect(outcomes.AddZoneToVpcEndpoint!.byOutcome.EndpointOperationDenied ?? 0).toBe(0);
    expect(outcomes.AttachSecurityGroupToVpcEndpoint!.byOutcome.EndpointOperationDenied ?? 0).toBe(0);
  });
});
