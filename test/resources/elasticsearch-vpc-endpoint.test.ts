// ElasticsearchVpcEndpoint against the emulator over loopback HTTP, stepped the way the engine steps it, inside
// the whole pattern: the user's endpoint service, the Elasticsearch service account on its whitelist, the
// instance's endpoint, and the owner's EndpointConnection accepting it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as es from "../../src/api/elasticsearch";
import * as api from "../../src/api/privatelink";
import { ELASTICSEARCH_SERVICE_ACCOUNT_ID } from "../../src/emulator/inventory";
import { clientAs as clientAsAccount } from "../helpers/emulator-clients";
import { startLifecycleEnv, type LifecycleEnv, type ResourceState } from "../helpers/lifecycle-env";

const INSTANCE = "es-cn-hzowner0000000000001";
const OLD_ARCH_INSTANCE = "es-cn-hzowner0000000000002";
const LB_H = "lb-hzowner0000000000001";
const LB_I = "lb-hzowner0000000000002";

let env: LifecycleEnv;
const owner = () => clientAsAccount(env.emulator, "owner");

/** The user's side of the pattern: an Active service over zones h and i, the service account whitelisted. */
async function userService(opts: { autoAcceptEnabled?: boolean; whitelist?: boolean } = {}): Promise<ResourceState> {
  const service = await env.up("VpcEndpointService", {
    resources: [{ resourceId: LB_H }, { resourceId: LB_I }],
    autoAcceptEnabled: opts.autoAcceptEnabled ?? false,
  });
  if (opts.whitelist !== false) await env.up("WhitelistUser", { serviceId: service.id, userId: ELASTICSEARCH_SERVICE_ACCOUNT_ID });
  return service;
}

async function connections(serviceId: string) {
  return api.listAllVpcEndpointConnections(owner(), { ServiceId: serviceId });
}

beforeAll(async () => {
  env = await startLifecycleEnv();
});
afterAll(async () => {
  await env?.stop();
});
beforeEach(() => {
  env.emulator.clearFaults();
  env.emulator.reset();
  env.emulator.resetRequestCounts();
  env.progress.length = 0;
});

describe("ElasticsearchVpcEndpoint", () => {
  it("creates the instance's endpoint, waits for it, and the owner accepts its connection with an EndpointConnection", async () => {
    const service = await userService();
    const e = await env.up("ElasticsearchVpcEndpoint", { instanceId: INSTANCE, serviceId: service.id, zoneId: "cn-hangzhou-i" });
    const endpointId = e.outputs.endpointId as string;
    expect(e.id).toBe(`${INSTANCE}:${endpointId}`);
    expect(endpointId).toMatch(/^ep-[a-z0-9]{20}$/);
    expect(e.outputs).toMatchObject({
      endpointName: "vpcElasticSearch",
      endpointDomain: `${endpointId}.${service.id}.cn-hangzhou.privatelink.aliyuncs.com`,
      endpointStatus: "Active",
      connectionStatus: "Disconnected",
      serviceName: service.outputs.serviceName,
    });
    expect(JSON.stringify(e.outputs)).not.toMatch(/undefined/);
    // It waited on the instance's list (the interrupted-create test holds it in Creating).
    expect(env.counts()["Elasticsearch.ListVpcEndpoints"]).toBeGreaterThanOrEqual(1);

    const [request] = await connections(service.id);
    expect(request).toMatchObject({ EndpointId: endpointId, EndpointOwnerId: ELASTICSEARCH_SERVICE_ACCOUNT_ID, ConnectionStatus: "Disconnected" });
    expect(request!.Zones.map((z) => z.ZoneId)).toEqual(["cn-hangzhou-i"]);

    const accept = await env.up("EndpointConnection", { serviceId: service.id, endpointId });
    expect(accept.outputs.connectionStatus).toBe("Connected");
    const refreshed = (await env.refresh("ElasticsearchVpcEndpoint", e))!;
    expect(refreshed.outputs.connectionStatus).toBe("Connected");
    expect(refreshed.id).toBe(e.id);

    // Destroy in the engine's order: the acceptance, then the endpoint (its connection leaves the service).
    await env.destroy("EndpointConnection", accept);
    await env.destroy("ElasticsearchVpcEndpoint", e);
    expect(await connections(service.id)).toEqual([]);
    expect(await es.listAllVpcEndpoints(owner(), { InstanceId: INSTANCE })).toEqual([]);
  });

  it("on an auto-accept service the create waits until the connection is Connected", async () => {
    const service = await userService({ autoAcceptEnabled: true });
    const e = await env.up("ElasticsearchVpcEndpoint", { instanceId: INSTANCE, serviceId: service.id, zoneId: "cn-hangzhou-h" });
    expect(e.outputs).toMatchObject({ endpointStatus: "Active", connectionStatus: "Connected" });
  });

  it("every input replaces (there is no update call); the create token is a provider setting", async () => {
    const service = await userService();
    const e = await env.up("ElasticsearchVpcEndpoint", { instanceId: INSTANCE, serviceId: service.id, zoneId: "cn-hangzhou-h" });
    const p = env.provider("ElasticsearchVpcEndpoint");
    for (const [field, value] of [
      ["zoneId", "cn-hangzhou-i"],
      ["serviceId", "epsrv-aaaaaaaaaaaaaaaaaaaa"],
      ["instanceId", "es-cn-other000000001"],
      ["region", "cn-shanghai"],
    ] as const) {
      const d = await p.diff(e.id, e.outputs, { ...e.inputs, [field]: value });
      expect(d.replaces, field).toEqual([field]);
      expect(d.deleteBeforeReplace).toBe(false);
    }
    env.emulator.resetRequestCounts();
    const same = await env.up("ElasticsearchVpcEndpoint", { instanceId: INSTANCE, serviceId: service.id, zoneId: "cn-hangzhou-h", clientToken: "tok-1" }, e);
    expect(same.diff.replaces).toEqual([]);
    expect(Object.keys(env.counts()).filter((a) => !/(Get|List|Describe)/.test(a))).toEqual([]);

    // A replacement: the new endpoint first, then the old one goes, with its connection.
    const moved = await env.up("ElasticsearchVpcEndpoint", { instanceId: INSTANCE, serviceId: service.id, zoneId: "cn-hangzhou-i" }, same);
    expect(moved.id).not.toBe(e.id);
    const left = await connections(service.id);
    expect(left.map((c) => [c.EndpointId, c.Zones.map((z) => z.ZoneId)])).toEqual([[moved.outputs.endpointId, ["cn-hangzhou-i"]]]);
  });

  it("refresh finds it deleted out of band (by the Elasticsearch API or behind it)", async () => {
    const service = await userService();
    const a = await env.up("ElasticsearchVpcEndpoint", { instanceId: INSTANCE, serviceId: service.id, zoneId: "cn-hangzhou-h" });
    const b = await env.up("ElasticsearchVpcEndpoint", { instanceId: INSTANCE, serviceId: service.id, zoneId: "cn-hangzhou-i" });
    await es.deleteVpcEndpoint(owner(), { InstanceId: INSTANCE, EndpointId: a.outputs.endpointId });
    env.emulator.world.deleteObject("endpoint", b.outputs.endpointId);
    env.emulator.world.settle();
    // `a` may still be Deleting at this time scale: that is not gone yet.
    let refreshedA = await env.refresh("ElasticsearchVpcEndpoint", a);
    for (let i = 0; i < 100 && refreshedA !== undefined; i++) {
      await new Promise((r) => setTimeout(r, 20));
      refreshedA = await env.refresh("ElasticsearchVpcEndpoint", a);
    }
    expect(refreshedA).toBeUndefined();
    expect(await env.refresh("ElasticsearchVpcEndpoint", b)).toBeUndefined();
    // Deleting what is already gone succeeds.
    await env.destroy("ElasticsearchVpcEndpoint", b);
  });

  it("fails clearly, creating nothing, when the service account is not whitelisted, the zone is not served or the instance cannot", async () => {
    const service = await userService({ whitelist: false });
    await expect(env.up("ElasticsearchVpcEndpoint", { instanceId: INSTANCE, serviceId: service.id, zoneId: "cn-hangzhou-h" })).rejects.toThrow(
      /CreateVpcEndpoint failed: EndpointServiceNotAuthorized \(HTTP 400\)/,
    );
    await env.up("WhitelistUser", { serviceId: service.id, userId: ELASTICSEARCH_SERVICE_ACCOUNT_ID });
    await expect(env.up("ElasticsearchVpcEndpoint", { instanceId: INSTANCE, serviceId: service.id, zoneId: "cn-hangzhou-j" })).rejects.toThrow(
      /EndpointServiceNotSupportedZone/,
    );
    await expect(env.up("ElasticsearchVpcEndpoint", { instanceId: OLD_ARCH_INSTANCE, serviceId: service.id, zoneId: "cn-hangzhou-h" })).rejects.toThrow(
      /InstanceStatusNotSupportCurrentAction \(HTTP 400\).*network architecture/,
    );
    await expect(env.up("ElasticsearchVpcEndpoint", { instanceId: "es-cn-missing000000001", serviceId: service.id, zoneId: "cn-hangzhou-h" })).rejects.toThrow(
      /InstanceNotFound \(HTTP 404\)/,
    );
    expect(await connections(service.id)).toEqual([]);
  });

  it("checks its inputs at preview, naming the field and the rule", async () => {
    const check = await env.provider("ElasticsearchVpcEndpoint").check({}, { instanceId: "cluster-1", serviceId: "epsrv-1", clientToken: "" });
    expect([...new Set(check.failures!.map((f) => f.property))].sort()).toEqual(["clientToken", "instanceId", "serviceId", "zoneId"]);
    expect(check.failures!.find((f) => f.property === "zoneId")!.reason).toBe("zoneId is required");
    expect(check.failures!.find((f) => f.property === "instanceId")!.reason).toMatch(/an Elasticsearch instance ID/);
    // Unknown values (outputs of resources not created yet) pass.
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const preview = await env.provider("ElasticsearchVpcEndpoint").check({}, { instanceId: INSTANCE, serviceId: unknown, zoneId: "cn-hangzhou-h" });
    expect(preview.failures).toEqual([]);
  });

  it("a create whose reply is lost is retried with the same ClientToken: one endpoint, no duplicate", async () => {
    const service = await userService();
    env.emulator.resetRequestCounts();
    env.emulator.setFaults("Elasticsearch.CreateVpcEndpoint:lost=1");
    const pending = env.up("ElasticsearchVpcEndpoint", { instanceId: INSTANCE, serviceId: service.id, zoneId: "cn-hangzhou-h" });
    const outcomes = () => env.emulator.requestCounts().byAction["Elasticsearch.CreateVpcEndpoint"]?.byOutcome ?? {};
    // The create took effect and its reply was lost; lift the fault so that a retry gets through.
    for (let i = 0; i < 1000 && !outcomes().LostReply; i++) await new Promise((r) => setTimeout(r, 5));
    env.emulator.clearFaults();
    const e = await pending;
    expect(outcomes().LostReply).toBeGreaterThanOrEqual(1);
    expect(outcomes().Success).toBe(1);
    const listed = await es.listAllVpcEndpoints(owner(), { InstanceId: INSTANCE });
    expect(listed.map((x) => x.endpointId)).toEqual([e.outputs.endpointId]);
  });

  it("a create interrupted while waiting is kept and the next up resumes it", async () => {
    const service = await userService();
    env.emulator.setFaults("stuck=endpoint:Creating");
    const error = await env
      .up("ElasticsearchVpcEndpoint", { instanceId: INSTANCE, serviceId: service.id, zoneId: "cn-hangzhou-h", timeouts: { create: "2s" } })
      .catch((e) => e);
    expect(error.message).toMatch(
      / exists but .*within 2s; last status Creating, connection Disconnected.*\. The next `pulumi up` resumes waiting on it \(it will not create another\)\.$/,
    );
    expect(error.id).toMatch(new RegExp(`^${INSTANCE}:ep-`));
    env.emulator.clearFaults();
    const resumed = await env.up(
      "ElasticsearchVpcEndpoint",
      { instanceId: INSTANCE, serviceId: service.id, zoneId: "cn-hangzhou-h", timeouts: { create: "2s" } },
      { id: error.id, inputs: {}, outputs: error.properties },
    );
    expect(resumed.id).toBe(error.id);
    expect(resumed.outputs.endpointStatus).toBe("Active");
    expect((await es.listAllVpcEndpoints(owner(), { InstanceId: INSTANCE })).length).toBe(1);
  });

  it("a re-run after a create whose every reply was lost (as after a killed CLI) returns the endpoint it made", async () => {
    const service = await userService();
    env.setConfig({ "alicloud-privatelink:maxRetries": "0" });
    env.emulator.setFaults("Elasticsearch.CreateVpcEndpoint:lost=1");
    const urn = "urn:pulumi:dev::es::pulumi-nodejs:dynamic/alicloud-privatelink:ElasticsearchVpcEndpoint::search";
    const args = { instanceId: INSTANCE, serviceId: service.id, zoneId: "cn-hangzhou-i", timeouts: { create: "2s" }, __urn: urn };
    await expect(env.up("ElasticsearchVpcEndpoint", args)).rejects.toThrow(/CreateVpcEndpoint/);
    env.emulator.clearFaults();
    env.setConfig({});
    const made = await es.listAllVpcEndpoints(owner(), { InstanceId: INSTANCE });
    expect(made).toHaveLength(1);

    // No state (Pulumi dropped the pending create): the same URN and inputs derive the same ClientToken.
    const again = await env.up("ElasticsearchVpcEndpoint", args);
    expect(again.outputs.endpointId).toBe(made[0]!.endpointId);
    expect(await es.listAllVpcEndpoints(owner(), { InstanceId: INSTANCE })).toHaveLength(1);
  });
});
