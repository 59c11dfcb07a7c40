// The endpoint's lock covers only what conflicts: a child's call and the part of its transition that keeps the
// endpoint busy. After AddZoneToVpcEndpoint the endpoint is Pending until the zone's interface exists and then
// takes its next change, while the zone is still Connecting; the next child's call must not wait for that.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as api from "../../src/api/privatelink";
import { DEBUG_ENV } from "../../src/client/debug";
import { startEndpointEnv, until, type EndpointEnv, type State } from "./endpoint-env";

const ZONE_H = "cn-hangzhou-h";
const ZONE_I = "cn-hangzhou-i";

let env: EndpointEnv;

beforeAll(async () => {
  // A zone's Connecting phase of 4 s (at time scale 0.01): far longer than the endpoint's busy phases.
  env = await startEndpointEnv({ delays: { zoneConnecting: 400_000 } });
});
afterAll(async () => {
  await env?.stop();
});

async function connectedEndpoint(): Promise<State> {
  const service = await env.makeService({ autoAccept: true });
  const endpoint = await env.up("VpcEndpoint", {
    vpcId: env.seeds.vpc,
    serviceName: service.serviceName,
    securityGroupIds: [env.seeds.sg1],
  });
  const consumer = env.clientAs("consumer");
  await until("the endpoint's connection Connected", async () => {
    const ep = await api.getVpcEndpointAttribute(consumer, { EndpointId: endpoint.id });
    return ep.ConnectionStatus === "Connected" ? ep : undefined;
  });
  return endpoint;
}

const writeOutcomes = (action: string) => env.emulator.requestCounts().byAction[action]?.byOutcome ?? {};

describe("locks around an endpoint's children", () => {
  it("the second child's call goes out while the first child's zone is still Connecting, with no conflict", async () => {
    const endpoint = await connectedEndpoint();
    env.emulator.resetRequestCounts();
    const consumer = env.clientAs("consumer");

    // The debug log says who queued for the endpoint and how long each wait took.
    const log = path.join(mkdtempSync(path.join(tmpdir(), "plk-debug-")), "debug.log");
    process.env[DEBUG_ENV] = log;
    let zone: State;
    let group: State;
    try {
      const zoneUp = env.up("EndpointZone", { endpointId: endpoint.id, zoneId: ZONE_I, vSwitchId: env.seeds.vswI });
      await until("AddZoneToVpcEndpoint sent", async () => (env.counts().AddZoneToVpcEndpoint ? true : undefined));
      // Queued behind the zone on the endpoint's lock.
      const groupUp = env.up("SecurityGroupAttachment", { endpointId: endpoint.id, securityGroupId: env.seeds.sg2 });

      await until("AttachSecurityGroupToVpcEndpoint sent", async () => (env.counts().AttachSecurityGroupToVpcEndpoint ? true : undefined));
      const zones = await api.listAllVpcEndpointZones(consumer, { EndpointId: endpoint.id });
      // Held across the zone's own wait, the lock would have kept the attach back until the zone was Connected.
      expect(zones.find((z) => z.ZoneId === ZONE_I)?.ZoneStatus).toBe("Connecting");

      [zone, group] = await Promise.all([zoneUp, groupUp]);
    } finally {
      delete process.env[DEBUG_ENV];
    }
    const text = readFileSync(log, "utf8");
    const queued = [...text.matchAll(/ lock subject="?(SecurityGroupAttachment|EndpointZone)\b[^=]*? keys=endpoint:(ep-\w+) queuedMs=(\d+)/g)];
    // Only the attachment queued, on its endpoint's key, for about the zone's interface creation.
    expect(queued.map((m) => [m[1], m[2]])).toEqual([["SecurityGroupAttachment", endpoint.id]]);
    expect(Number(queued[0]![3])).toBeGreaterThan(0);
    // Every wait of the two creates is logged: the zone's wait for the endpoint, then for its own Connected status.
    const zoneWaits = [
      ...text.matchAll(/ wait subject="EndpointZone [^"]*" target="([^"]+)" outcome=(\w+) expectedMs=(\d+)(?: sinceChangeMs=\d+)? ms=(\d+) polls=(\d+)/g),
    ];
    expect(zoneWaits.map((m) => [m[1], m[2]])).toEqual([
      ["EndpointStatus Active", "value"],
      [expect.stringMatching(/^ZoneStatus /), "value"],
    ]);
    for (const m of zoneWaits) expect(Number(m[5])).toBeGreaterThanOrEqual(1);
    expect(zone.outputs.zoneStatus).toBe("Connected");
    expect(group.outputs.endpointSecurityGroupIds).toEqual([env.seeds.sg1, env.seeds.sg2].sort());
    // The attach was sent once the endpoint was free again: the API never refused it.
    expect(writeOutcomes("AddZoneToVpcEndpoint")).toEqual({ Success: 1 });
    expect(writeOutcomes("AttachSecurityGroupToVpcEndpoint")).toEqual({ Success: 1 });

    // Removing both at once: one change of the endpoint at a time, each sent when the endpoint is free again.
    await Promise.all([env.destroy("EndpointZone", zone), env.destroy("SecurityGroupAttachment", group)]);
    expect(writeOutcomes("RemoveZoneFromVpcEndpoint")).toEqual({ Success: 1 });
    expect(writeOutcomes("DetachSecurityGroupFromVpcEndpoint")).toEqual({ Success: 1 });
    expect((await api.listAllVpcEndpointZones(consumer, { EndpointId: endpoint.id })).map((z) => z.ZoneId)).not.toContain(ZONE_I);
    const groups = await api.listAllVpcEndpointSecurityGroups(consumer, { EndpointId: endpoint.id });
    expect(groups.map((g) => g.SecurityGroupId)).toEqual([env.seeds.sg1]);
    expect((await api.getVpcEndpointAttribute(consumer, { EndpointId: endpoint.id })).EndpointStatus).toBe("Active");
  });

  it("a zone added to a connected endpoint still waits for its own Connected status before create returns", async () => {
    const endpoint = await connectedEndpoint();
    const zone = await env.up("EndpointZone", { endpointId: endpoint.id, zoneId: ZONE_H, vSwitchId: env.seeds.vswH });
    expect(zone.outputs.zoneStatus).toBe("Connected");
    const live = await api.listAllVpcEndpointZones(env.clientAs("consumer"), { EndpointId: endpoint.id });
    expect(live.find((z) => z.ZoneId === ZONE_H)?.ZoneStatus).toBe("Connected");
  });
});
