// The whole cross-account flow through the providers, against the emulator over loopback HTTP: the owner account
// creates a service with resources and whitelists the consumer; the consumer finds the service by name and creates
// an endpoint; the owner accepts it; the consumer adds a zone and a security group; everything is deleted in
// dependency order and the emulator is left empty. No credentials in the environment: both accounts come from the
// stack config profiles (provider process) and the program's stack config (lookups).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEndpointConnections, getEndpointService, getVpcEndpoints, getVpcEndpointServices } from "../../src/functions";
import { startEndpointEnv, type EndpointEnv, type State } from "./endpoint-env";

const ZONE_H = "cn-hangzhou-h";
const ZONE_I = "cn-hangzhou-i";

let env: EndpointEnv;

beforeAll(async () => {
  env = await startEndpointEnv();
  env.emulator.reset();
  env.useStackProfiles();
});
afterAll(async () => {
  await env?.stop();
});

describe("cross-account flow through the providers", () => {
  it("owner service → whitelist → consumer endpoint by name → accept → extra zone and group → delete all in order", async () => {
    const owner = { profile: "owner" };
    const consumer = { profile: "consumer" };
    expect(process.env.ALIBABA_CLOUD_ACCESS_KEY_ID).toBeUndefined();

    // Owner (account A): the service, its two load balancers.
    const service = await env.up("VpcEndpointService", { ...owner, serviceDescription: "orders service" });
    expect(service.outputs.serviceStatus).toBe("Active");
    const lbH = await env.up("ServiceResourceAttachment", { ...owner, serviceId: service.id, resourceId: env.seeds.lbH });
    const lbI = await env.up("ServiceResourceAttachment", { ...owner, serviceId: service.id, resourceId: env.seeds.lbI });
    const serviceName = service.outputs.serviceName as string;

    // Before the whitelist the consumer cannot see the service.
    await expect(getEndpointService({ ...consumer, serviceName })).rejects.toThrow(
      /not found in region cn-hangzhou, or not whitelisted for the account of profile "consumer"/,
    );
    const whitelist = await env.up("WhitelistUser", { ...owner, serviceId: service.id, userId: env.consumer.accountId });
    const found = await getEndpointService({ ...consumer, serviceName });
    expect(found.serviceId).toBe(service.id);
    expect(found.zones.sort()).toEqual([ZONE_H, ZONE_I]);

    // Consumer (account B): the endpoint, by service name; created without waiting for acceptance.
    let endpoint: State = await env.up("VpcEndpoint", {
      ...consumer,
      vpcId: env.seeds.vpc,
      serviceName: found.serviceName,
      securityGroupIds: [env.seeds.sg1],
      zones: [{ zoneId: ZONE_H, vSwitchId: env.seeds.vswH }],
      endpointName: "orders-consumer",
    });
    expect(endpoint.outputs.serviceId).toBe(service.id);
    expect(endpoint.outputs.connectionStatus).toBe("Disconnected");
    // The owner's credentials do not see the consumer's endpoint.
    expect(await env.provider("VpcEndpoint").read(endpoint.id, { ...endpoint.outputs, profile: "owner" })).toEqual({});

    // Owner accepts the connection.
    const connection = await env.up("EndpointConnection", { ...owner, serviceId: service.id, endpointId: endpoint.id });
    expect(connection.outputs.connectionStatus).toBe("Connected");
    expect(String(connection.outputs.endpointOwnerId)).toBe(env.consumer.accountId);

    // Consumer: one more zone and one more group, managed apart from the endpoint.
    const zone = await env.up("EndpointZone", { ...consumer, endpointId: endpoint.id, zoneId: ZONE_I, vSwitchId: env.seeds.vswI });
    expect(zone.outputs.zoneStatus).toBe("Connected");
    const group = await env.up("SecurityGroupAttachment", { ...consumer, endpointId: endpoint.id, securityGroupId: env.seeds.sg2 });
    expect(group.outputs.endpointSecurityGroupIds).toEqual([env.seeds.sg1, env.seeds.sg2].sort());

    // Refresh of the endpoint: connected, both zones and groups listed live, its declared lists unchanged, no diff.
    const refreshed = await env.refresh("VpcEndpoint", endpoint);
    expect(refreshed!.outputs.connectionStatus).toBe("Connected");
    expect(refreshed!.outputs.endpointZones.map((z: any) => [z.zoneId, z.zoneStatus]).sort()).toEqual([
      [ZONE_H, "Connected"],
      [ZONE_I, "Connected"],
    ]);
    expect(refreshed!.outputs.zones).toEqual([{ zoneId: ZONE_H, vSwitchId: env.seeds.vswH }]);
    expect(refreshed!.outputs.securityGroupIds).toEqual([env.seeds.sg1]);
    expect((await env.provider("VpcEndpoint").diff(endpoint.id, refreshed!.outputs, { ...endpoint.inputs })).changes).toBe(false);
    endpoint = refreshed!;

    // Lookups from the program process, each account with its own profile.
    const mine = await getVpcEndpoints({ ...consumer, withDetails: true });
    expect(mine.ids).toEqual([endpoint.id]);
    expect(mine.endpoints[0]!.connectionStatus).toBe("Connected");
    expect(mine.endpoints[0]!.securityGroupIds).toEqual([env.seeds.sg1, env.seeds.sg2].sort());
    expect((await getVpcEndpoints({ ...owner })).ids).toEqual([]);
    const connections = await getEndpointConnections({ ...owner, serviceId: service.id });
    expect(connections.connections.map((c) => [c.id, c.connectionStatus])).toEqual([[`${service.id}:${endpoint.id}`, "Connected"]]);
    expect((await getVpcEndpointServices({ ...owner })).ids).toEqual([service.id]);
    expect((await getVpcEndpointServices({ ...consumer })).ids).toEqual([]);

    // Delete in dependency order: consumer's children, the acceptance, the endpoint, then the owner's side.
    await env.destroy("SecurityGroupAttachment", group);
    await env.destroy("EndpointZone", zone);
    await env.destroy("EndpointConnection", connection);
    await env.destroy("VpcEndpoint", endpoint);
    await env.destroy("WhitelistUser", whitelist);
    await env.destroy("ServiceResourceAttachment", lbI);
    await env.destroy("ServiceResourceAttachment", lbH);
    await env.destroy("VpcEndpointService", service);

    const objects = env.emulator.world.describeObjects() as Record<string, unknown[]>;
    for (const [kind, list] of Object.entries(objects)) expect(list, kind).toEqual([]);
  });
});
