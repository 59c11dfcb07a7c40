// EndpointConnection zone by zone against the emulator: zones closed and reopened, a zone's service resource
// allocated before acceptance and migrated (gracefully, then the old connections released), the traffic control
// mode, drift and preview-time validation.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as api from "../../src/api/privatelink";
import { clientAs as clientAsAccount } from "../helpers/emulator-clients";
import { startLifecycleEnv, type LifecycleEnv } from "../helpers/lifecycle-env";

const LB_H = "lb-hzowner0000000000001";
const LB_I = "lb-hzowner0000000000002";
const EXTRA_H = "lb-hzownerextra000000001";

let env: LifecycleEnv;
const clientAs = (account: "owner" | "consumer") => clientAsAccount(env.emulator, account);

beforeAll(async () => {
  env = await startLifecycleEnv({ accountFeatures: { owner: { zoneResourceManagement: true } } });
});
afterAll(async () => {
  await env?.stop();
});
beforeEach(() => {
  env.emulator.reset();
  env.emulator.resetRequestCounts();
  env.progress.length = 0;
});

/** The owner's service over slb-h, a second slb in h and slb-i; a consumer endpoint in zones h and i. */
async function serviceAndEndpoint(): Promise<{ serviceId: string; endpointId: string }> {
  env.emulator.world.addInventory("loadBalancer", { id: EXTRA_H, vSwitchId: "vsw-hzowner0000000000001" });
  const s = await env.up("VpcEndpointService", { resources: [{ resourceId: LB_H }, { resourceId: EXTRA_H }, { resourceId: LB_I }] });
  await env.up("WhitelistUser", { serviceId: s.id, userId: env.consumer.accountId });
  const consumer = clientAs("consumer");
  const ep = await api.createVpcEndpoint(consumer, {
    VpcId: "vpc-hzconsumer0000000001",
    ServiceId: s.id,
    SecurityGroupId: ["sg-hzconsumer0000000001"],
    Zone: [
      { ZoneId: "cn-hangzhou-h", VSwitchId: "vsw-hzconsumer0000000001" },
      { ZoneId: "cn-hangzhou-i", VSwitchId: "vsw-hzconsumer0000000002" },
    ],
  });
  for (let i = 0; i < 200; i++) {
    if ((await api.getVpcEndpointAttribute(consumer, { EndpointId: ep.EndpointId })).EndpointStatus === "Active") break;
    await new Promise((r) => setTimeout(r, 20));
  }
  consumer.close();
  return { serviceId: s.id, endpointId: ep.EndpointId };
}

const zone = (state: { outputs: Record<string, any> }, zoneId: string) => (state.outputs.zones as Record<string, any>[]).find((z) => z.zoneId === zoneId)!;

describe("EndpointConnection zone by zone", () => {
  it("allocates a zone's resource before accepting, closes and reopens zones in place, migrates a zone gracefully", async () => {
    const { serviceId, endpointId } = await serviceAndEndpoint();
    const c = await env.up("EndpointConnection", {
      serviceId,
      endpointId,
      trafficControlMode: "BandwidthLimit",
      zoneConnections: [{ zoneId: "cn-hangzhou-h", resourceId: EXTRA_H }],
    });
    expect(c.outputs.connectionStatus).toBe("Connected");
    expect(zone(c, "cn-hangzhou-h")).toMatchObject({ zoneStatus: "Connected", resourceId: EXTRA_H });
    expect(zone(c, "cn-hangzhou-i")).toMatchObject({ zoneStatus: "Connected", resourceId: LB_I });
    expect(c.outputs).toMatchObject({ trafficControlMode: "BandwidthLimit", endpointRegionId: "cn-hangzhou", serviceRegionId: "cn-hangzhou" });
    // Allocated by hand while Wait, not migrated afterwards.
    expect(env.counts()).toMatchObject({ UpdateVpcEndpointZoneConnectionResourceAttribute: 1, EnableVpcEndpointConnection: 1 });

    // Close zone i: an in-place update that waits for Disconnected.
    env.emulator.resetRequestCounts();
    const closed = await env.up(
      "EndpointConnection",
      {
        ...c.inputs,
        zoneConnections: [
          { zoneId: "cn-hangzhou-h", resourceId: EXTRA_H },
          { zoneId: "cn-hangzhou-i", enabled: false },
        ],
      },
      c,
    );
    expect(closed.diff.replaces).toEqual([]);
    expect(zone(closed, "cn-hangzhou-i")).toMatchObject({ zoneStatus: "Disconnected", resourceId: "" });
    expect(closed.outputs.connectionStatus).toBe("Connected");
    expect(env.counts()).toMatchObject({ DisableVpcEndpointZoneConnection: 1 });
    expect(env.counts().DisableVpcEndpointConnection).toBeUndefined();

    // Move zone h to slb-h: Graceful migration, then the old connections are released.
    env.emulator.resetRequestCounts();
    const moved = await env.up(
      "EndpointConnection",
      {
        ...c.inputs,
        zoneConnections: [
          { zoneId: "cn-hangzhou-h", resourceId: LB_H },
          { zoneId: "cn-hangzhou-i", enabled: true },
        ],
      },
      closed,
    );
    expect(zone(moved, "cn-hangzhou-h")).toMatchObject({ zoneStatus: "Connected", resourceId: LB_H });
    expect(zone(moved, "cn-hangzhou-h").replacedResourceId).toBeUndefined();
    expect(zone(moved, "cn-hangzhou-i")).toMatchObject({ zoneStatus: "Connected" });
    expect(env.counts()).toMatchObject({
      UpdateVpcEndpointZoneConnectionResourceAttribute: 1,
      DisableVpcEndpointZoneConnection: 1,
      EnableVpcEndpointZoneConnection: 1,
    });
    expect(env.progress.some((l) => l.includes(`zone cn-hangzhou-h moves from ${EXTRA_H} to ${LB_H} (Graceful)`))).toBe(true);

    // A second up changes nothing.
    env.emulator.resetRequestCounts();
    const again = await env.up("EndpointConnection", moved.inputs, moved);
    expect(again.diff.changes).toBe(false);
  });

  it("refresh reports a zone closed out of band as drift, and up reopens it", async () => {
    const { serviceId, endpointId } = await serviceAndEndpoint();
    const c = await env.up("EndpointConnection", { serviceId, endpointId, zoneConnections: [{ zoneId: "cn-hangzhou-i" }] });
    await api.disableVpcEndpointZoneConnection(clientAs("owner"), { ServiceId: serviceId, EndpointId: endpointId, ZoneId: "cn-hangzhou-i" });
    let refreshed = await env.refresh("EndpointConnection", c);
    for (let i = 0; i < 50 && zone(refreshed!, "cn-hangzhou-i").zoneStatus !== "Disconnected"; i++) {
      await new Promise((r) => setTimeout(r, 20));
      refreshed = await env.refresh("EndpointConnection", c);
    }
    expect(refreshed!.outputs.zoneConnections).toEqual([{ zoneId: "cn-hangzhou-i", enabled: false }]);
    const d = await env.provider("EndpointConnection").diff(c.id, refreshed!.outputs, { ...c.inputs, __provider: refreshed!.outputs.__provider });
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual([]);
    const repaired = await env.up("EndpointConnection", c.inputs, refreshed!);
    expect(zone(repaired, "cn-hangzhou-i").zoneStatus).toBe("Connected");
  });

  it("validates at preview: zone decisions need an accepted connection; replaceMode needs resourceId; the mode is one of two", async () => {
    const check = (news: Record<string, unknown>) => env.provider("EndpointConnection").check({}, { serviceId: "epsrv-x", endpointId: "ep-x", ...news });
    expect((await check({ accepted: false, zoneConnections: [{ zoneId: "z" }] })).failures).toEqual([
      { property: "zoneConnections", reason: "zoneConnections apply to an accepted connection (accepted is false)" },
    ]);
    expect((await check({ zoneConnections: [{ zoneId: "z", replaceMode: "Force" }] })).failures.map((f) => f.property)).toEqual([
      "zoneConnections[0].replaceMode",
    ]);
    expect((await check({ zoneConnections: [{ zoneId: "z" }, { zoneId: "z" }] })).failures.map((f) => f.property)).toEqual(["zoneConnections[1].zoneId"]);
    expect((await check({ trafficControlMode: "Fast" })).failures[0]!.reason).toMatch(/trafficControlMode must be one of "Scalability", "BandwidthLimit"/);
  });

  it("an account without the allow-list gets the API's refusal of a zone resource", async () => {
    const { serviceId, endpointId } = await serviceAndEndpoint();
    env.emulator.world.patchObject("account", "owner", { ZoneResourceManagementAllowed: false });
    await expect(env.up("EndpointConnection", { serviceId, endpointId, zoneConnections: [{ zoneId: "cn-hangzhou-h", resourceId: EXTRA_H }] })).rejects.toThrow(
      /OperationDenied\.NotInWhitelist/,
    );
  });
});
