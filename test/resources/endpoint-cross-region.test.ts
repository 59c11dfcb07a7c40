// A cross-region VpcEndpoint against the emulator: an endpoint in cn-shanghai connected to the owner's service in
// cn-hangzhou that lists cn-shanghai among its supported regions; the cross-region bandwidth in place; drift; the
// API's refusal when the service does not support the region; preview-time rules.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as api from "../../src/api/privatelink";
import { startEndpointEnv, type EndpointEnv } from "./endpoint-env";

const KIND = "VpcEndpoint";
const SH = { vpc: "vpc-shconsumer0000000001", vswE: "vsw-shconsumer0000000001", sg: "sg-shconsumer0000000001" };

let env: EndpointEnv;

beforeAll(async () => {
  env = await startEndpointEnv();
});
afterAll(async () => {
  await env?.stop();
});
beforeEach(() => {
  env.emulator.clearFaults();
  env.emulator.reset();
  env.useEnvironmentSettings();
  env.emulator.resetRequestCounts();
  env.progress.length = 0;
});

/** The owner's Hangzhou service over lb-h and lb-i, accepting endpoints from the given regions; the consumer whitelisted. */
async function hangzhouService(supportedRegions: string[]): Promise<string> {
  const owner = env.clientAs("owner");
  const created = await api.createVpcEndpointService(owner, {
    AutoAcceptEnabled: true,
    SupportedRegionList: supportedRegions,
    Resource: [
      { ResourceId: env.seeds.lbH, ResourceType: "slb" },
      { ResourceId: env.seeds.lbI, ResourceType: "slb" },
    ],
  });
  for (let i = 0; i < 200; i++) {
    if ((await api.getVpcEndpointServiceAttribute(owner, { ServiceId: created.ServiceId })).ServiceStatus === "Active") break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await api.addUserToVpcEndpointService(owner, { ServiceId: created.ServiceId, UserId: env.consumer.accountId });
  owner.close();
  return created.ServiceId;
}

const args = (serviceId: string, extra: Record<string, unknown> = {}) => ({
  region: "cn-shanghai",
  serviceRegionId: "cn-hangzhou",
  serviceId,
  vpcId: SH.vpc,
  securityGroupIds: [SH.sg],
  zones: [{ zoneId: "cn-shanghai-e", vSwitchId: SH.vswE }],
  ...extra,
});

describe("cross-region VpcEndpoint", () => {
  it("connects from cn-shanghai to a cn-hangzhou service, changes the bandwidth in place, and reads drift", async () => {
    const serviceId = await hangzhouService(["cn-shanghai"]);
    const ep = await env.up(KIND, args(serviceId));
    expect(ep.outputs).toMatchObject({ regionId: "cn-shanghai", serviceRegionId: "cn-hangzhou", crossRegionBandwidth: 1000, serviceId });
    expect(ep.outputs.serviceName).toBe(`com.aliyuncs.privatelink.cn-hangzhou.${serviceId}`);

    env.emulator.resetRequestCounts();
    const wider = await env.up(KIND, args(serviceId, { crossRegionBandwidth: 2500 }), ep);
    expect(wider.diff.replaces).toEqual([]);
    expect(wider.id).toBe(ep.id);
    expect(wider.outputs.crossRegionBandwidth).toBe(2500);
    expect(env.counts().UpdateVpcEndpointAttribute).toBe(1);
    expect(env.counts().CreateVpcEndpoint).toBeUndefined();

    // A service region change replaces.
    const moved = await env.provider(KIND).diff(ep.id, wider.outputs, { ...wider.inputs, serviceRegionId: "cn-beijing" });
    expect(moved.replaces).toEqual(["serviceRegionId"]);

    // Drift: the bandwidth changed out of band (by another tool) is read back.
    await api.updateVpcEndpointAttribute(env.clientAs("consumer"), { RegionId: "cn-shanghai", EndpointId: ep.id, CrossRegionBandwidth: 400 });
    const refreshed = await env.refresh(KIND, wider);
    expect(refreshed!.outputs.crossRegionBandwidth).toBe(400);

    // The owner sees the connection in the service's region, from the endpoint's region.
    const owner = env.clientAs("owner");
    const connections = await api.listAllVpcEndpointConnections(owner, { ServiceId: serviceId });
    expect(connections.map((c) => [c.EndpointId, c.EndpointRegionId, c.ServiceRegionId])).toEqual([[ep.id, "cn-shanghai", "cn-hangzhou"]]);
    await env.destroy(KIND, refreshed!);
    expect(await api.listAllVpcEndpoints(env.clientAs("consumer"), { RegionId: "cn-shanghai" })).toEqual([]);
  });

  it("a service that does not support the endpoint's region: the API's refusal is the error", async () => {
    const serviceId = await hangzhouService([]);
    await expect(env.up(KIND, args(serviceId))).rejects.toThrow(/OperationDenied\.CrossRegionNotSupport/);
  });

  it("validates at preview: a cross-region bandwidth needs another service region, and at least 100", async () => {
    const check = (extra: Record<string, unknown>) => env.provider(KIND).check({}, { ...args("epsrv-x"), ...extra });
    expect((await check({ serviceRegionId: undefined, crossRegionBandwidth: 500 })).failures).toEqual([
      { property: "crossRegionBandwidth", reason: "crossRegionBandwidth applies to a cross-region endpoint: set serviceRegionId to the service's region" },
    ]);
    expect((await check({ serviceRegionId: "cn-shanghai", crossRegionBandwidth: 500 })).failures[0]!.reason).toMatch(
      /is the endpoint's own region cn-shanghai/,
    );
    expect((await check({ crossRegionBandwidth: 50 })).failures[0]!.reason).toMatch(/crossRegionBandwidth must be at least 100/);
  });
});
