// The real Pulumi CLI and engine against the emulator: preview, up, no-op up, in-place update, replacement,
// refresh drift and destroy, for an endpoint service with one whitelist entry.
import { describe, expect, test } from "vitest";
import { EmulatorProcess, changesOf, privateLinkResources, resourceNamed, stepsOf } from "../../scripts/pulumi";
import { e2eConfig, nonEmptyKinds, useE2eEnvironment, type EmulatorState } from "./environment";

const env = useE2eEnvironment();
const SERVICE_TYPE = "pulumi-nodejs:dynamic/alicloud-privatelink:VpcEndpointService";
const USER_TYPE = "pulumi-nodejs:dynamic/alicloud-privatelink:WhitelistUser";

/** Ops of the steps for our resources only, as `name:op`. */
function ourSteps(events: Parameters<typeof stepsOf>[0]): string[] {
  return stepsOf(events)
    .filter((s) => s.type.startsWith("pulumi-nodejs:dynamic/alicloud-privatelink:"))
    .map((s) => `${s.name}:${s.op}`);
}

async function emulatorState(): Promise<EmulatorState> {
  return (await env.emulator.state()) as EmulatorState;
}

describe("endpoint service with a whitelist entry, real CLI", () => {
  test("preview only reads; up creates; a second up changes nothing; destroy empties the emulator", async () => {
    const consumer = env.emulator.consumer.accountId;
    const ws = await env.workspace("service", e2eConfig({ whitelistUser: consumer }));

    const preview = await ws.preview();
    expect(ourSteps(preview.events)).toEqual(["service:create", "consumer-access:create"]);
    const previewCalls = await env.emulator.requests();
    expect(EmulatorProcess.writeActions(previewCalls), "preview made write calls").toEqual([]);
    expect(nonEmptyKinds(await emulatorState())).toEqual([]);

    const up = await ws.up();
    expect(ourSteps(up.events)).toEqual(["service:create", "consumer-access:create"]);
    const world = await emulatorState();
    expect(world.services).toHaveLength(1);
    const service = world.services[0]!;
    expect(service).toMatchObject({ ServiceDescription: "e2e service", ServiceStatus: "Active" });
    expect(world.whitelist.map((w) => String(w.UserId))).toEqual([consumer]);

    const state = await ws.exportStack();
    const ours = privateLinkResources(state);
    expect(ours.map((r) => r.type).sort()).toEqual([SERVICE_TYPE, USER_TYPE]);
    const serviceState = resourceNamed(state, "service")!;
    expect(serviceState.id).toBe(service.ServiceId);
    expect(serviceState.outputs).toMatchObject({
      serviceId: service.ServiceId,
      serviceName: service.ServiceName,
      serviceStatus: "Active",
      serviceDescription: "e2e service",
    });
    expect(serviceState.initErrors ?? []).toEqual([]);
    expect(resourceNamed(state, "consumer-access")!.id).toBe(`${service.ServiceId}:${consumer}`);

    await env.emulator.clearRequests();
    const again = await ws.up();
    expect(Object.keys(changesOf(again.events)), "second up").toEqual(["same"]);
    expect(again.stdout).toMatch(/unchanged/);
    expect(EmulatorProcess.writeActions(await env.emulator.requests()), "a no-op up made write calls").toEqual([]);

    // What the program sees: the declared outputs resolve in the program, not only in the state.
    const outputs = await ws.outputs();
    expect.soft(outputs.serviceId).toBe(service.ServiceId);
    expect.soft(outputs.serviceName, "VpcEndpointService.serviceName in the program").toBe(service.ServiceName);
    expect.soft(outputs.serviceStatus, "VpcEndpointService.serviceStatus in the program").toBe("Active");

    const destroy = await ws.destroy();
    expect(ourSteps(destroy.events)).toEqual(["consumer-access:delete", "service:delete"]);
    expect(nonEmptyKinds(await emulatorState()), "objects left in the emulator").toEqual([]);
    expect(privateLinkResources(await ws.exportStack())).toEqual([]);
  });

  test("a description change updates the service in place", async () => {
    const ws = await env.workspace("service", e2eConfig({ description: "first" }));
    await ws.up();
    const before = (await emulatorState()).services[0]!;

    await ws.setConfig(e2eConfig({ description: "second" }));
    await env.emulator.clearRequests();
    const preview = await ws.preview(["--diff"]);
    expect(ourSteps(preview.events)).toEqual(["service:update"]);
    expect(preview.stdout).toMatch(/serviceDescription[^\n]*"first"[^\n]*=>[^\n]*"second"/);
    expect(EmulatorProcess.writeActions(await env.emulator.requests()), "preview made write calls").toEqual([]);

    await env.emulator.clearRequests();
    const up = await ws.up();
    expect(ourSteps(up.events)).toEqual(["service:update"]);
    const calls = EmulatorProcess.calledActions(await env.emulator.requests());
    expect(calls.UpdateVpcEndpointServiceAttribute).toBe(1);
    expect(calls.CreateVpcEndpointService).toBeUndefined();
    expect(calls.DeleteVpcEndpointService).toBeUndefined();

    const after = (await emulatorState()).services;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ ServiceId: before.ServiceId, ServiceDescription: "second" });
    const serviceState = resourceNamed(await ws.exportStack(), "service")!;
    expect(serviceState.id).toBe(before.ServiceId);
    expect(serviceState.outputs!.serviceDescription).toBe("second");
  });

  test("a new whitelist user replaces the entry, deleting the old one first", async () => {
    const consumer = env.emulator.consumer.accountId;
    const other = "1380000000000777";
    const ws = await env.workspace("service", e2eConfig({ whitelistUser: consumer }));
    await ws.up();
    const serviceId = (await emulatorState()).services[0]!.ServiceId;

    await ws.setConfig(e2eConfig({ whitelistUser: other }));
    await env.emulator.clearRequests();
    const up = await ws.up();
    const steps = ourSteps(up.events);
    expect(steps).not.toContain("service:update");
    expect(steps).toContain("consumer-access:replace");
    // Delete-before-replace: the old entry goes before the new one is created.
    const deleted = steps.indexOf("consumer-access:delete-replaced");
    const created = steps.indexOf("consumer-access:create-replacement");
    expect(deleted, `steps: ${steps.join(", ")}`).toBeGreaterThanOrEqual(0);
    expect(created).toBeGreaterThan(deleted);

    const calls = EmulatorProcess.calledActions(await env.emulator.requests());
    expect(calls).toMatchObject({ RemoveUserFromVpcEndpointService: 1, AddUserToVpcEndpointService: 1 });
    const world = await emulatorState();
    expect(world.whitelist.map((w) => w.Id)).toEqual([`${serviceId}:${other}`]);
    expect(resourceNamed(await ws.exportStack(), "consumer-access")!.id).toBe(`${serviceId}:${other}`);
  });

  test("refresh finds a service changed and a whitelist entry deleted out of band; up repairs both", async () => {
    const consumer = env.emulator.consumer.accountId;
    const ws = await env.workspace("service", e2eConfig({ whitelistUser: consumer }));
    await ws.up();
    const serviceId = (await emulatorState()).services[0]!.ServiceId;

    await env.emulator.patchObject("service", serviceId, { ServiceDescription: "changed out of band" });
    await env.emulator.deleteObject("whitelist", `${serviceId}:${consumer}`);

    await env.emulator.clearRequests();
    const refresh = await ws.refresh();
    expect(EmulatorProcess.writeActions(await env.emulator.requests()), "refresh made write calls").toEqual([]);
    const changes = changesOf(refresh.events);
    expect(changes, JSON.stringify(changes)).toMatchObject({ update: 1, delete: 1 });
    const state = await ws.exportStack();
    expect(resourceNamed(state, "service")!.outputs!.serviceDescription).toBe("changed out of band");
    expect(resourceNamed(state, "consumer-access"), "the deleted entry left the state").toBeUndefined();

    const preview = await ws.preview();
    expect(ourSteps(preview.events).sort()).toEqual(["consumer-access:create", "service:update"]);

    await ws.up();
    const world = await emulatorState();
    expect(world.services[0]!.ServiceDescription).toBe("e2e service");
    expect(world.whitelist.map((w) => w.Id)).toEqual([`${serviceId}:${consumer}`]);
    const after = await ws.up();
    expect(Object.keys(changesOf(after.events))).toEqual(["same"]);
  });
});
