// Moving a stack from @pulumi/alicloud to this package (docs/migration.md), with the real Pulumi CLI: the stack's
// state holds the alicloud provider's PrivateLink resources (crafted with `pulumi stack import`: the alicloud plugin
// cannot be installed offline, and the guide's steps must work without it), the live objects exist in the emulator.
// The guide's steps: drop the old resources from the state, then `pulumi up` a program that declares ours with
// `adoptExistingId` set to the alicloud IDs. Ours adopt every live object with no write call, under our own ID
// format, and the next `up` has nothing to do.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import * as api from "../../src/api/privatelink";
import type { PrivateLinkClient } from "../../src/client/client";
import { DYNAMIC_TYPE_PREFIX, EmulatorProcess, changesOf, stepsOf, type StateResource } from "../../scripts/pulumi";
import { e2eConfig, emulatorClient, useE2eEnvironment } from "./environment";

const env = useE2eEnvironment();

const BACKEND = "lb-hzowner0000000000001";
const CONSUMER_VPC = "vpc-hzconsumer0000000001";
const CONSUMER_SG = "sg-hzconsumer0000000001";
const ZONE = "cn-hangzhou-h";
const VSWITCH = "vsw-hzconsumer0000000001";

const clientAs = (account: "owner" | "consumer"): PrivateLinkClient => emulatorClient(env, account);

/** Polls `read` until `done` holds (the emulator's transitions take milliseconds at its time scale). */
async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within 20 s (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The live objects a program of @pulumi/alicloud made, through the API as its provider calls it (backends, zones
 * and the connection as resources of their own), and the IDs that provider gave them.
 */
async function objectsMadeByTheAlicloudProvider() {
  const owner = clientAs("owner");
  const consumer = clientAs("consumer");
  const consumerAccountId = env.emulator.consumer.accountId;
  const { ServiceId: serviceId } = await api.createVpcEndpointService(owner, { ServiceDescription: "orders API", AutoAcceptEnabled: false });
  const serviceActive = () =>
    until(
      "service Active",
      () => api.getVpcEndpointServiceAttribute(owner, { ServiceId: serviceId }),
      (s) => s.ServiceStatus === "Active",
    );
  await serviceActive();
  await api.attachResourceToVpcEndpointService(owner, { ServiceId: serviceId, ResourceId: BACKEND, ResourceType: "slb" });
  const [backend] = await until(
    "backend attached",
    () => api.listAllVpcEndpointServiceResources(owner, { ServiceId: serviceId }),
    (list) => list.length === 1,
  );
  await serviceActive();
  await api.addUserToVpcEndpointService(owner, { ServiceId: serviceId, UserId: consumerAccountId });

  const { EndpointId: endpointId } = await api.createVpcEndpoint(consumer, {
    VpcId: CONSUMER_VPC,
    ServiceId: serviceId,
    SecurityGroupId: [CONSUMER_SG],
    EndpointName: "orders",
  });
  await until(
    "endpoint Active",
    () => api.getVpcEndpointAttribute(consumer, { EndpointId: endpointId }),
    (e) => e.EndpointStatus === "Active",
  );
  await api.addZoneToVpcEndpoint(consumer, { EndpointId: endpointId, ZoneId: ZONE, VSwitchId: VSWITCH });
  await until(
    "zone added",
    () => api.listAllVpcEndpointZones(consumer, { EndpointId: endpointId }),
    (zones) => zones.some((z) => z.ZoneId === ZONE && z.ZoneStatus === "Wait"),
  );
  await until(
    "endpoint Active",
    () => api.getVpcEndpointAttribute(consumer, { EndpointId: endpointId }),
    (e) => e.EndpointStatus === "Active",
  );
  await api.enableVpcEndpointConnection(owner, { ServiceId: serviceId, EndpointId: endpointId, Bandwidth: 1024 });
  await until(
    "connection Connected",
    () => api.listAllVpcEndpointConnections(owner, { ServiceId: serviceId, EndpointId: endpointId }),
    (list) => list[0]?.ConnectionStatus === "Connected",
  );
  await until(
    "zone Connected",
    () => api.listAllVpcEndpointZones(consumer, { EndpointId: endpointId }),
    (zones) => zones.every((z) => z.ZoneStatus === "Connected"),
  );
  return {
    consumerAccountId,
    serviceId,
    endpointId,
    backendZone: backend!.ZoneId,
    /** The alicloud provider's IDs (VpcEndpointServiceResource as its import docs write it: with the zone). */
    alicloudIds: {
      service: serviceId,
      backend: `${serviceId}:${BACKEND}:${backend!.ZoneId}`,
      user: `${serviceId}:${consumerAccountId}`,
      endpoint: endpointId,
      zone: `${endpointId}:${ZONE}`,
      connection: `${serviceId}:${endpointId}`,
    },
  };
}

const ALICLOUD_PROVIDER_TYPE = "pulumi:providers:alicloud";

/** The state entries @pulumi/alicloud 3.x writes for these objects (type tokens, IDs, argument names), abridged. */
function alicloudStateResources(stackUrn: string, prefix: string, live: Awaited<ReturnType<typeof objectsMadeByTheAlicloudProvider>>): StateResource[] {
  const providerUrn = `${prefix}${ALICLOUD_PROVIDER_TYPE}::default_3_108_0`;
  const providerRef = `${providerUrn}::4a0b8c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b`;
  const region = env.emulator.info.regionId;
  const resource = (type: string, name: string, id: string, inputs: Record<string, unknown>, dependsOn: string[] = []): StateResource => ({
    urn: `${prefix}${type}::${name}`,
    custom: true,
    id,
    type,
    inputs,
    outputs: { ...inputs, id },
    parent: stackUrn,
    provider: providerRef,
    dependencies: dependsOn.map((n) => `${prefix}${n}`),
  });
  const SERVICE = "alicloud:privatelink/vpcEndpointService:VpcEndpointService";
  const ENDPOINT = "alicloud:privatelink/vpcEndpoint:VpcEndpoint";
  const ids = live.alicloudIds;
  return [
    {
      urn: providerUrn,
      custom: true,
      id: providerRef.split("::").pop()!,
      type: ALICLOUD_PROVIDER_TYPE,
      inputs: { region, version: "3.108.0" },
      outputs: { region, version: "3.108.0" },
    },
    { ...resource(SERVICE, "orders", ids.service, { serviceDescription: "orders API", autoAcceptConnection: false }), protect: true },
    resource(
      "alicloud:privatelink/vpcEndpointServiceResource:VpcEndpointServiceResource",
      "orders-backend",
      ids.backend,
      { serviceId: live.serviceId, resourceId: BACKEND, resourceType: "slb", zoneId: live.backendZone },
      [`${SERVICE}::orders`],
    ),
    resource(
      "alicloud:privatelink/vpcEndpointServiceUser:VpcEndpointServiceUser",
      "consumer-access",
      ids.user,
      { serviceId: live.serviceId, userId: live.consumerAccountId },
      [`${SERVICE}::orders`],
    ),
    resource(
      ENDPOINT,
      "orders-endpoint",
      ids.endpoint,
      { vpcId: CONSUMER_VPC, serviceId: live.serviceId, securityGroupIds: [CONSUMER_SG], vpcEndpointName: "orders" },
      [`${SERVICE}::orders`],
    ),
    resource(
      "alicloud:privatelink/vpcEndpointZone:VpcEndpointZone",
      "orders-zone-h",
      ids.zone,
      { endpointId: live.endpointId, zoneId: ZONE, vswitchId: VSWITCH },
      [`${ENDPOINT}::orders-endpoint`],
    ),
    resource(
      "alicloud:privatelink/vpcEndpointServiceConnection:VpcEndpointServiceConnection",
      "orders-accept",
      ids.connection,
      { serviceId: live.serviceId, endpointId: live.endpointId, bandwidth: 1024 },
      [`${SERVICE}::orders`, `${ENDPOINT}::orders-endpoint`],
    ),
  ];
}

interface PreviewJson {
  steps: { op: string; urn: string }[];
  changeSummary: Record<string, number>;
}

describe("moving a stack from @pulumi/alicloud, real CLI", () => {
  test("the old resources leave the state, ours adopt the live objects by the alicloud IDs with no write, and the next up is empty", async () => {
    const live = await objectsMadeByTheAlicloudProvider();
    const worldBefore = await env.emulator.state();
    const ws = await env.workspace("migrated", e2eConfig({ consumerAccountId: live.consumerAccountId, alicloudIds: JSON.stringify(live.alicloudIds) }));

    // The old stack: the new, empty one given the alicloud provider's resources with `pulumi stack import`.
    const empty = await ws.exportStack();
    const project = /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(ws.programDir, "Pulumi.yaml"), "utf8"))![1]!;
    const prefix = `urn:pulumi:${ws.stack}::${project}::`;
    const stack: StateResource = { urn: `${prefix}pulumi:pulumi:Stack::${project}-${ws.stack}`, custom: false, type: "pulumi:pulumi:Stack" };
    const old = alicloudStateResources(stack.urn, prefix, live);
    const crafted = { ...empty, deployment: { ...empty.deployment, resources: [stack, ...old] } };
    const file = path.join(ws.root, "old-stack.json");
    fs.writeFileSync(file, JSON.stringify(crafted));
    await ws.run(["stack", "import", "--file", file]);
    expect((await ws.exportStack()).deployment.resources!.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack", ...old.map((r) => r.type)]);

    // Step 1 of the guide: the old resources leave the state in one command (the live objects stay; --force for
    // protected ones), then the old provider, which nothing uses any more. Neither needs the alicloud plugin.
    await env.emulator.clearRequests();
    await ws.run(["state", "delete", ...old.slice(1).map((r) => r.urn), "--force", "--yes"]);
    await ws.run(["state", "delete", old[0]!.urn, "--yes"]);
    const afterDelete = await ws.exportStack();
    expect(afterDelete.deployment.resources!.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);

    // Step 2: the program declaring ours, adopting by the alicloud IDs. The preview plans creates only.
    const preview = JSON.parse((await ws.run(["preview", "--json"])).stdout) as PreviewJson;
    const planned = preview.steps.filter((s) => s.urn.includes(DYNAMIC_TYPE_PREFIX)).map((s) => `${s.urn.split("::").pop()}:${s.op}`);
    expect(planned.sort()).toEqual(
      ["orders", "orders-backend", "consumer-access", "orders-endpoint", "orders-zone-h", "orders-accept"].map((n) => `${n}:create`).sort(),
    );
    const up = await ws.up();
    expect(stepsOf(up.events).filter((s) => s.op !== "create" && s.op !== "same")).toEqual([]);
    const requests = await env.emulator.requests();
    expect(EmulatorProcess.writeActions(requests), "the move made write calls").toEqual([]);
    expect(Object.keys(requests.byAction).length, "the adoption read the live objects").toBeGreaterThan(0);

    // Ours hold the live objects, under our ID format (the backend's ID normalised: no zone for an slb).
    const state = await ws.exportStack();
    const ids = Object.fromEntries(
      state.deployment.resources!.filter((r) => r.type.startsWith(DYNAMIC_TYPE_PREFIX)).map((r) => [r.urn.split("::").pop(), r.id]),
    );
    expect(ids).toEqual({
      orders: live.serviceId,
      "orders-backend": `${live.serviceId}:${BACKEND}`,
      "consumer-access": `${live.serviceId}:${live.consumerAccountId}`,
      "orders-endpoint": live.endpointId,
      "orders-zone-h": `${live.endpointId}:${ZONE}`,
      "orders-accept": `${live.serviceId}:${live.endpointId}`,
    });
    expect(await env.emulator.state(), "the live objects are the same (none deleted, replaced or added)").toEqual(worldBefore);

    // The next up has nothing to do and writes nothing.
    const again = JSON.parse((await ws.run(["preview", "--json"])).stdout) as PreviewJson;
    expect(again.steps.filter((s) => s.op !== "same")).toEqual([]);
    await env.emulator.clearRequests();
    const next = await ws.up();
    expect(Object.keys(changesOf(next.events))).toEqual(["same"]);
    expect(EmulatorProcess.writeActions(await env.emulator.requests())).toEqual([]);
  });
});
