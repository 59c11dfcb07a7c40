// The whole Elasticsearch pattern with the real Pulumi CLI and engine against the emulator, running
// examples/elasticsearch-private-connection: the user's endpoint service, the Elasticsearch service account on its
// whitelist, the instance's endpoint, the accepted connection. Up, a no-op up, refresh after the endpoint is
// deleted out of band, the repairing up, and a destroy that leaves nothing.
import { describe, expect, test } from "vitest";
import { EmulatorProcess, changesOf, privateLinkResources, resourceNamed, stepsOf } from "../../scripts/pulumi";
import { ELASTICSEARCH_SERVICE_ACCOUNT_ID } from "../../src/emulator/inventory";
import { nonEmptyKinds, useE2eEnvironment, type EmulatorState } from "./environment";

const env = useE2eEnvironment();
const INSTANCE = "es-cn-hzowner0000000000001";
const ES_TYPE = "pulumi-nodejs:dynamic/alicloud-privatelink:ElasticsearchVpcEndpoint";

function ourSteps(events: Parameters<typeof stepsOf>[0]): string[] {
  return stepsOf(events)
    .filter((s) => s.type.startsWith("pulumi-nodejs:dynamic/alicloud-privatelink:"))
    .map((s) => `${s.name}:${s.op}`);
}

interface EsEndpoint {
  EndpointId: string;
  OwnerId: number;
  ServiceId: string;
  ConnectionStatus: string;
  ElasticsearchInstanceId?: string;
}

async function emulatorState(): Promise<EmulatorState & { endpoints: EsEndpoint[] }> {
  return (await env.emulator.state()) as EmulatorState & { endpoints: EsEndpoint[] };
}

describe("Elasticsearch instance reaching the user's VPC, real CLI", () => {
  test("up, no-op up, refresh after an out-of-band delete, repairing up, destroy leaves nothing", async () => {
    const ws = await env.exampleWorkspace("elasticsearch-private-connection", {
      "privatelink-elasticsearch:elasticsearchServiceAccount": ELASTICSEARCH_SERVICE_ACCOUNT_ID,
      "privatelink-elasticsearch:elasticsearchInstanceId": INSTANCE,
    });

    const preview = await ws.preview();
    expect(EmulatorProcess.writeActions(await env.emulator.requests()), "preview made write calls").toEqual([]);
    expect(ourSteps(preview.events).sort()).toEqual(
      ["accept-search:create", "elasticsearch-service-account:create", "reindex-source:create", "search-to-reindex-source:create"].sort(),
    );

    const up = await ws.up();
    expect(ourSteps(up.events)).toEqual([
      "reindex-source:create",
      "elasticsearch-service-account:create",
      "search-to-reindex-source:create",
      "accept-search:create",
    ]);
    const world = await emulatorState();
    const service = world.services[0]!;
    expect(world.whitelist.map((w) => String(w.UserId))).toEqual([ELASTICSEARCH_SERVICE_ACCOUNT_ID]);
    expect(world.endpoints).toHaveLength(1);
    const endpoint = world.endpoints[0]!;
    expect(endpoint).toMatchObject({ ElasticsearchInstanceId: INSTANCE, OwnerId: Number(ELASTICSEARCH_SERVICE_ACCOUNT_ID), ServiceId: service.ServiceId });
    expect(endpoint.ConnectionStatus).toBe("Connected");
    const outputs = await ws.outputs();
    expect(outputs).toMatchObject({
      serviceId: service.ServiceId,
      endpointId: endpoint.EndpointId,
      endpointName: "vpcElasticSearch",
      endpointDomain: `${endpoint.EndpointId}.${service.ServiceId}.cn-hangzhou.privatelink.aliyuncs.com`,
      connectionStatus: "Connected",
    });
    const calls = EmulatorProcess.calledActions(await env.emulator.requests());
    expect(calls["Elasticsearch.CreateVpcEndpoint"]).toBe(1);
    const state = await ws.exportStack();
    expect(resourceNamed(state, "search-to-reindex-source")).toMatchObject({ type: ES_TYPE, id: `${INSTANCE}:${endpoint.EndpointId}` });

    await env.emulator.clearRequests();
    const again = await ws.up();
    expect(Object.keys(changesOf(again.events)), "second up").toEqual(["same"]);
    expect(EmulatorProcess.writeActions(await env.emulator.requests()), "a no-op up made write calls").toEqual([]);

    // The instance's endpoint goes behind Pulumi's back: its connection leaves the service with it.
    await env.emulator.deleteObject("endpoint", endpoint.EndpointId);
    await env.emulator.clearRequests();
    const refresh = await ws.refresh();
    expect(EmulatorProcess.writeActions(await env.emulator.requests()), "refresh made write calls").toEqual([]);
    expect(changesOf(refresh.events)).toMatchObject({ delete: 2 });
    const refreshed = await ws.exportStack();
    expect(resourceNamed(refreshed, "search-to-reindex-source"), "the deleted endpoint left the state").toBeUndefined();
    expect(resourceNamed(refreshed, "accept-search"), "its connection left the state").toBeUndefined();

    const repair = await ws.up();
    expect(ourSteps(repair.events).filter((step) => !step.endsWith(":same"))).toEqual(["search-to-reindex-source:create", "accept-search:create"]);
    const repaired = await emulatorState();
    expect(repaired.endpoints).toHaveLength(1);
    expect(repaired.endpoints[0]!.ConnectionStatus).toBe("Connected");

    const destroy = await ws.destroy();
    expect(ourSteps(destroy.events)).toEqual([
      "accept-search:delete",
      "search-to-reindex-source:delete",
      "elasticsearch-service-account:delete",
      "reindex-source:delete",
    ]);
    expect(nonEmptyKinds(await emulatorState()), "objects left in the emulator").toEqual([]);
    expect(privateLinkResources(await ws.exportStack())).toEqual([]);
  });
});
