// The repository's quick start (root Pulumi.yaml) with the real CLI: both accounts in one program, the owner's
// service and the consumer's endpoint, through preview, up, a no-op up and destroy.
import { describe, expect, test } from "vitest";
import { EmulatorProcess, changesOf, privateLinkResources, stepsOf } from "../../scripts/pulumi";
import { nonEmptyKinds, useE2eEnvironment } from "./environment";

const env = useE2eEnvironment();

interface QuickstartState {
  services: { ServiceId: string; ServiceName: string; OwnerId: number }[];
  endpoints: { EndpointId: string; ServiceId: string; OwnerId: number; EndpointStatus: string; SecurityGroupIds: string[] }[];
  connections: { Id: string; ConnectionStatus: string }[];
  zones: { Id: string; ZoneStatus: string }[];
  whitelist: { Id: string }[];
  [kind: string]: unknown;
}

describe("quick start (root Pulumi.yaml), owner and consumer accounts, real CLI", () => {
  test("preview, up across both accounts, a no-op up, destroy leaves the emulator empty", async () => {
    const { owner, consumer } = env.emulator;
    const ws = await env.rootWorkspace({ stack: "quickstart" });
    await ws.run(["config", "set", "consumerAccountId", consumer.accountId]);

    const preview = await ws.preview();
    const planned = stepsOf(preview.events).filter((s) => s.type.includes("alicloud-privatelink:"));
    expect(planned.length).toBeGreaterThanOrEqual(5);
    expect(new Set(planned.map((s) => s.op))).toEqual(new Set(["create"]));
    expect(EmulatorProcess.writeActions(await env.emulator.requests()), "preview made write calls").toEqual([]);

    await ws.up();
    const outputs = await ws.outputs();
    const world = (await env.emulator.state()) as QuickstartState;

    // The owner's account holds the service, the consumer's account the endpoint connected to it.
    expect(world.services).toHaveLength(1);
    const service = world.services[0]!;
    expect(String(service.OwnerId)).toBe(owner.accountId);
    expect(world.whitelist.map((w) => w.Id)).toEqual([`${service.ServiceId}:${consumer.accountId}`]);
    expect(world.endpoints).toHaveLength(1);
    const endpoint = world.endpoints[0]!;
    expect(String(endpoint.OwnerId)).toBe(consumer.accountId);
    expect(endpoint).toMatchObject({ ServiceId: service.ServiceId, EndpointStatus: "Active" });
    expect(world.connections.map((c) => c.ConnectionStatus)).toEqual(["Connected"]);

    expect(outputs).toMatchObject({
      serviceId: service.ServiceId,
      serviceName: service.ServiceName,
      endpointId: endpoint.EndpointId,
      connectionStatus: "Connected",
    });

    const state = await ws.exportStack();
    for (const resource of privateLinkResources(state)) {
      expect(resource.initErrors ?? [], resource.urn).toEqual([]);
      // No credential reaches the state: the profiles are secret stack config, read by configure().
      const text = JSON.stringify({ inputs: resource.inputs, outputs: resource.outputs });
      for (const secret of env.emulator.secrets) expect(text.includes(secret), `${resource.urn} holds a secret`).toBe(false);
    }

    await env.emulator.clearRequests();
    const again = await ws.up();
    expect(Object.keys(changesOf(again.events)), "second up").toEqual(["same"]);
    expect(EmulatorProcess.writeActions(await env.emulator.requests())).toEqual([]);

    await ws.destroy();
    expect(nonEmptyKinds(await env.emulator.state()), "objects left in the emulator").toEqual([]);
    expect(privateLinkResources(await ws.exportStack())).toEqual([]);
  });
});
