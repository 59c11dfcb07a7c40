// The capabilities of the current PrivateLink API through the resources, with the real Pulumi CLI against the
// emulator: an NLB backend attached in chosen zones (one not automatically allocatable), a whitelist entry by ARN,
// PrivateLink activated for a consumer account that starts without it, a cross-region endpoint (cn-shanghai →
// cn-hangzhou) with a requested zone address and a cross-region bandwidth, the owner's acceptance with a traffic
// control mode, one zone pinned to the NLB and one drained. Then in-place changes, a no-op up, refresh, destroy.
import { describe, expect, test } from "vitest";
import { EmulatorProcess, changesOf, privateLinkResources, stepsOf } from "../../scripts/pulumi";
import { e2eConfig, nonEmptyKinds, useE2eEnvironment } from "./environment";

const env = useE2eEnvironment();
const NLB = "nlb-hzowner0000000000001";

interface World {
  services: { ServiceId: string; SupportedRegionList: string[] }[];
  endpoints: { EndpointId: string; RegionId: string; ServiceRegionId: string; CrossRegionBandwidth: number; OwnerId: number }[];
  connections: {
    EndpointId: string;
    ConnectionStatus: string;
    TrafficControlMode: string;
    Zones: { ZoneId: string; ZoneStatus: string; ResourceId: string }[];
  }[];
  zones: { Id: string; EniIp: string }[];
  serviceResources: { Id: string; ZoneId: string; AutoAllocatedEnabled: boolean }[];
  whitelist: { Id: string; UserARN?: string }[];
  [kind: string]: unknown;
}

function ourSteps(events: Parameters<typeof stepsOf>[0]): string[] {
  return stepsOf(events)
    .filter((s) => s.type.startsWith("pulumi-nodejs:dynamic/alicloud-privatelink:"))
    .map((s) => `${s.name}:${s.op}`);
}

describe("the current API through the resources, real CLI", () => {
  test("cross-region endpoint, NLB in chosen zones, ARN whitelist, activation, zone-level connection control; in place; destroy", async () => {
    const { consumer } = env.emulator;
    // The consumer's account starts without PrivateLink; the owner holds the zone-resource allow-list.
    await env.emulator.patchObject("account", "consumer", { PrivateLinkOpened: false });
    await env.emulator.patchObject("account", "owner", { ZoneResourceManagementAllowed: true });
    const ws = await env.workspace("current-api", e2eConfig({ consumerAccountId: consumer.accountId }));

    const preview = await ws.preview();
    expect(
      new Set(
        stepsOf(preview.events)
          .filter((s) => s.type.includes("alicloud-privatelink:"))
          .map((s) => s.op),
      ),
    ).toEqual(new Set(["create"]));
    expect(EmulatorProcess.writeActions(await env.emulator.requests()), "preview made write calls").toEqual([]);

    await ws.up();
    const out = await ws.outputs();
    const world = (await env.emulator.state()) as World;

    // Activation, then the cross-region endpoint in the consumer's account.
    expect(out.activated).toBe(true);
    expect(world.endpoints).toHaveLength(1);
    const endpoint = world.endpoints[0]!;
    expect(endpoint).toMatchObject({ EndpointId: out.endpointId, RegionId: "cn-shanghai", ServiceRegionId: "cn-hangzhou", CrossRegionBandwidth: 500 });
    expect(String(endpoint.OwnerId)).toBe(consumer.accountId);
    expect([out.endpointRegion, out.serviceRegion, out.crossRegionBandwidth]).toEqual(["cn-shanghai", "cn-hangzhou", 500]);
    expect(world.zones.find((z) => z.Id === `${out.endpointId}:cn-shanghai-e`)!.EniIp).toBe("192.168.1.50");

    // The NLB in two chosen zones; zone i not automatically allocatable.
    expect(out.attachmentIds).toEqual([`${out.serviceId}:${NLB}:cn-hangzhou-h`, `${out.serviceId}:${NLB}:cn-hangzhou-i`]);
    // The two attachments are created in parallel: compare by zone, not creation order.
    expect(world.serviceResources.map((r) => [r.ZoneId, r.AutoAllocatedEnabled]).sort()).toEqual([
      ["cn-hangzhou-h", true],
      ["cn-hangzhou-i", false],
    ]);
    expect(world.whitelist.map((w) => w.UserARN)).toEqual([`acs:ram:*:${consumer.accountId}:*`]);
    expect(out.whitelistEntry).toBe(`${out.serviceId}:acs:ram:*:${consumer.accountId}:*`);

    // The owner accepted with Scalability; zone e served by the NLB, zone f drained.
    const connection = world.connections.find((c) => c.EndpointId === out.endpointId)!;
    expect(connection).toMatchObject({ ConnectionStatus: "Connected", TrafficControlMode: "Scalability" });
    const zoneStatus = Object.fromEntries(connection.Zones.map((z) => [z.ZoneId, [z.ZoneStatus, z.ResourceId]]));
    expect(zoneStatus).toEqual({ "cn-shanghai-e": ["Connected", NLB], "cn-shanghai-f": ["Disconnected", ""] });
    expect(out.connectionRegions).toEqual(["cn-shanghai", "cn-hangzhou"]);
    const state = await ws.exportStack();
    expect(privateLinkResources(state).every((r) => (r.initErrors ?? []).length === 0)).toBe(true);

    // A second up changes nothing and writes nothing.
    await env.emulator.clearRequests();
    const again = await ws.up();
    expect(Object.keys(changesOf(again.events)), "second up").toEqual(["same"]);
    expect(EmulatorProcess.writeActions(await env.emulator.requests()), "a no-op up made write calls").toEqual([]);

    // In place: the cross-region bandwidth, zone f reopened, zone i made allocatable. No replacement.
    await ws.setConfig(e2eConfig({ crossRegionBandwidth: 800, drainZoneF: false, zoneIAutoAllocated: true }));
    await env.emulator.clearRequests();
    const changed = await ws.up();
    const steps = ourSteps(changed.events).filter((s) => !s.endsWith(":same"));
    expect(steps.sort()).toEqual(["accept-shanghai:update", "nlb-zone-i:update", "shanghai-endpoint:update"]);
    const calls = EmulatorProcess.calledActions(await env.emulator.requests());
    expect(calls).toMatchObject({ UpdateVpcEndpointAttribute: 1, EnableVpcEndpointZoneConnection: 1, UpdateVpcEndpointServiceResourceAttribute: 1 });
    expect(calls.CreateVpcEndpoint).toBeUndefined();
    const after = (await env.emulator.state()) as World;
    expect(after.endpoints[0]!.CrossRegionBandwidth).toBe(800);
    expect(after.connections.find((c) => c.EndpointId === out.endpointId)!.Zones.find((z) => z.ZoneId === "cn-shanghai-f")!.ZoneStatus).toBe("Connected");
    expect(after.serviceResources.find((r) => r.ZoneId === "cn-hangzhou-i")!.AutoAllocatedEnabled).toBe(true);

    // Drift: the owner drains zone e by hand; refresh sees it, the next up reopens it.
    await env.emulator.patchObject("zone", `${out.endpointId}:cn-shanghai-e`, { ZoneStatus: "Disconnected" });
    await ws.refresh();
    const repaired = await ws.up();
    expect(ourSteps(repaired.events)).toContain("accept-shanghai:update");
    const repairedWorld = (await env.emulator.state()) as World;
    expect(repairedWorld.connections.find((c) => c.EndpointId === out.endpointId)!.Zones.find((z) => z.ZoneId === "cn-shanghai-e")!.ZoneStatus).toBe(
      "Connected",
    );

    await ws.destroy();
    expect(nonEmptyKinds(await env.emulator.state()), "objects left in the emulator").toEqual([]);
    expect(privateLinkResources(await ws.exportStack())).toEqual([]);
  });
});
