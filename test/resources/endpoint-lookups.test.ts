// The lookups against the emulator over loopback HTTP: settings from the environment (the consumer), from an
// explicit `settings` argument (the owner), filters, paging to the last page, errors and the Output variants.
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as api from "../../src/api/privatelink";
import {
  getEndpointConnections,
  getEndpointService,
  getEndpointServices,
  getEndpointServicesOutput,
  getRegions,
  getVpcEndpoints,
  getVpcEndpointServices,
  getZones,
  getZonesOutput,
} from "../../src/functions";
import { startEndpointEnv, until, type EndpointEnv } from "./endpoint-env";

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
});

const ownerSettings = () => ({
  settings: { accessKeyId: env.owner.accessKeyId, accessKeySecret: env.owner.accessKeySecret, endpoint: env.emulator.endpoint },
});

async function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  return (output as unknown as { promise(): Promise<T> }).promise();
}

async function endpointFor(serviceId: string, name: string, zone = { zoneId: "cn-hangzhou-h", vSwitchId: env.seeds.vswH }) {
  const c = env.clientAs("consumer");
  const r = await api.createVpcEndpoint(c, {
    VpcId: env.seeds.vpc,
    ServiceId: serviceId,
    SecurityGroupId: [env.seeds.sg1],
    Zone: [{ ZoneId: zone.zoneId, VSwitchId: zone.vSwitchId }],
    EndpointName: name,
  });
  await until(`endpoint ${r.EndpointId} Active`, async () => {
    const e = await api.getVpcEndpointAttribute(c, { EndpointId: r.EndpointId });
    return e.EndpointStatus === "Active" ? e : undefined;
  });
  return r.EndpointId;
}

describe("getRegions / getZones", () => {
  it("lists regions and the zones of a chosen region", async () => {
    const regions = await getRegions();
    expect(regions.ids).toEqual(expect.arrayContaining(["cn-hangzhou", "cn-shanghai", "cn-beijing"]));
    expect(regions.regions.find((r) => r.regionId === "cn-shanghai")!.localName).toBe("China (Shanghai)");
    const zones = await getZones({ region: "cn-shanghai" });
    expect(zones.regionId).toBe("cn-shanghai");
    expect(zones.ids).toEqual(["cn-shanghai-e", "cn-shanghai-f", "cn-shanghai-g"]);
    expect((await getZones()).regionId).toBe("cn-hangzhou"); // the environment's region
  });

  it("filters regions by backend type and zones by backend type and cross-region side", async () => {
    const gwlb = await getRegions({ serviceResourceType: "gwlb" });
    expect(gwlb.ids).toEqual(["cn-hangzhou", "cn-beijing"]);
    expect(gwlb.regions[0]!.serviceResourceTypes).toContain("natgw");
    expect((await getZones({ serviceResourceType: "gwlb" })).ids).toEqual(["cn-hangzhou-i", "cn-hangzhou-j"]);
    expect((await getZones({ region: "cn-shanghai", crossRegion: true, crossRegionSide: "EndpointService" })).ids).toEqual(["cn-shanghai-e", "cn-shanghai-f"]);
    expect((await getZones({ region: "cn-shanghai", crossRegion: true })).ids).toEqual(["cn-shanghai-e", "cn-shanghai-f", "cn-shanghai-g"]);
  });

  it("the Output variant takes Inputs", async () => {
    const zones = await outputValue(getZonesOutput({ region: pulumi.output("cn-beijing") }));
    expect(zones.ids).toEqual(["cn-beijing-h", "cn-beijing-i"]);
  });

  it("a missing region setting is a clear error", async () => {
    delete process.env.ALIBABA_CLOUD_REGION_ID;
    await expect(getRegions()).rejects.toThrow(/No region configured/);
  });
});

describe("endpoint services", () => {
  it("getEndpointServices: what the caller may use, every page, by ID, name or pattern", async () => {
    const whitelisted = await env.makeService();
    const hidden = await env.makeService({ whitelistConsumer: false });
    // Enough of the owner's services to need two pages (50 per page).
    const c = env.clientAs("owner");
    for (let i = 0; i < 50; i++) await api.createVpcEndpointService(c, {});
    env.emulator.resetRequestCounts();

    const consumerView = await getEndpointServices();
    expect(consumerView.ids).toEqual([whitelisted.serviceId]);
    expect(consumerView.services[0]!.zones.sort()).toEqual(["cn-hangzhou-h", "cn-hangzhou-i"]);

    const ownerView = await getEndpointServices(ownerSettings());
    expect(ownerView.ids).toHaveLength(52);
    expect(ownerView.ids).toEqual(expect.arrayContaining([whitelisted.serviceId, hidden.serviceId]));
    expect(env.counts().ListVpcEndpointServicesByEndUser).toBe(3); // 1 (consumer) + 2 pages (owner)

    expect((await getEndpointServices({ ...ownerSettings(), serviceName: hidden.serviceName })).ids).toEqual([hidden.serviceId]);
    expect((await getEndpointServices({ ...ownerSettings(), nameRegex: `${whitelisted.serviceId}$` })).ids).toEqual([whitelisted.serviceId]);
    const out = await outputValue(getEndpointServicesOutput({ serviceId: pulumi.output(whitelisted.serviceId) }));
    expect(out.names).toEqual([whitelisted.serviceName]);
    expect(consumerView.services[0]).toMatchObject({ serviceType: "Interface", serviceResourceType: "slb", vpcEndpointPolicySupported: true });
    expect((await getEndpointServices({ serviceType: "GatewayLoadBalancer" })).ids).toEqual([]);
    // From Shanghai, a Hangzhou service is usable only when it lists Shanghai among its supported regions.
    expect((await getEndpointServices({ region: "cn-shanghai", serviceRegionId: "cn-hangzhou" })).ids).toEqual([]);
  });

  it("getEndpointService: exactly one, by ID or by name; a clear error otherwise", async () => {
    const s = await env.makeService();
    const hidden = await env.makeService({ whitelistConsumer: false });
    expect((await getEndpointService({ serviceId: s.serviceId })).serviceName).toBe(s.serviceName);
    expect((await getEndpointService({ serviceName: s.serviceName })).serviceId).toBe(s.serviceId);
    await expect(getEndpointService({ serviceId: hidden.serviceId })).rejects.toThrow(
      new RegExp(`endpoint service with ID ${hidden.serviceId} not found in region cn-hangzhou, or not whitelisted for the account of AccessKey`),
    );
    await expect(getEndpointService({ serviceName: "com.aliyuncs.privatelink.cn-hangzhou.epsrv-nothere", profile: undefined })).rejects.toThrow(/not found/);
    await expect(getEndpointService({})).rejects.toThrow(/exactly one of serviceId and serviceName/);
    await expect(getEndpointService({ serviceId: s.serviceId, serviceName: s.serviceName })).rejects.toThrow(/exactly one/);
  });

  it("getVpcEndpointServices: the caller's own services with the API's filters", async () => {
    const a = await env.makeService({ autoAccept: true });
    const b = await env.makeService();
    const all = await getVpcEndpointServices(ownerSettings());
    expect(all.ids.sort()).toEqual([a.serviceId, b.serviceId].sort());
    expect(all.services.find((s) => s.serviceId === a.serviceId)).toMatchObject({
      autoAcceptEnabled: true,
      serviceStatus: "Active",
      serviceName: a.serviceName,
    });
    expect((await getVpcEndpointServices({ ...ownerSettings(), autoAcceptEnabled: true })).ids).toEqual([a.serviceId]);
    expect((await getVpcEndpointServices({ ...ownerSettings(), serviceId: b.serviceId })).ids).toEqual([b.serviceId]);
    expect((await getVpcEndpointServices({ ...ownerSettings(), ids: [b.serviceId] })).ids).toEqual([b.serviceId]);
    expect(all.services.find((s) => s.serviceId === a.serviceId)).toMatchObject({
      serviceType: "Interface",
      serviceResourceType: "slb",
      payer: "Endpoint",
      supportedRegions: [],
    });
    expect((await getVpcEndpointServices({ ...ownerSettings(), serviceResourceType: "nlb" })).ids).toEqual([]);
    expect((await getVpcEndpointServices({ ...ownerSettings(), resourceId: env.seeds.lbH, addressIpVersion: "IPv4" })).ids.sort()).toEqual(
      [a.serviceId, b.serviceId].sort(),
    );
    expect((await getVpcEndpointServices({ ...ownerSettings(), zoneAffinityEnabled: true })).ids).toEqual([]);
    expect((await getVpcEndpointServices()).ids).toEqual([]); // the consumer owns none
  });
});

describe("endpoints and connections", () => {
  it("getVpcEndpoints: the caller's endpoints with the API's filters and optional details", async () => {
    const s = await env.makeService();
    const other = await env.makeService();
    const e1 = await endpointFor(s.serviceId, "alpha-ep");
    const e2 = await endpointFor(other.serviceId, "beta-ep", { zoneId: "cn-hangzhou-i", vSwitchId: env.seeds.vswI });
    const all = await getVpcEndpoints();
    expect(all.ids.sort()).toEqual([e1, e2].sort());
    expect(all.endpoints[0]!.securityGroupIds).toBeUndefined();
    expect((await getVpcEndpoints({ endpointName: "beta-ep" })).ids).toEqual([e2]);
    expect((await getVpcEndpoints({ serviceName: s.serviceName })).ids).toEqual([e1]);
    expect((await getVpcEndpoints({ serviceId: other.serviceId })).ids).toEqual([e2]);
    expect((await getVpcEndpoints({ vpcId: env.seeds.vpc, nameRegex: "^alpha" })).ids).toEqual([e1]);
    expect((await getVpcEndpoints({ connectionStatus: "Connected" })).ids).toEqual([]);
    expect((await getVpcEndpoints({ endpointType: "Reverse" })).ids).toEqual([]);
    expect((await getVpcEndpoints({ serviceRegionId: "cn-hangzhou", addressIpVersion: "IPv4" })).ids.sort()).toEqual([e1, e2].sort());
    expect(all.endpoints[0]).toMatchObject({ endpointType: "Interface", serviceRegionId: "cn-hangzhou", resourceOwner: false });
    const detailed = await getVpcEndpoints({ endpointId: e2, withDetails: true });
    expect(detailed.endpoints[0]).toMatchObject({
      endpointId: e2,
      endpointStatus: "Active",
      connectionStatus: "Disconnected",
      securityGroupIds: [env.seeds.sg1],
    });
    expect(detailed.endpoints[0]!.zones!.map((z) => z.zoneId)).toEqual(["cn-hangzhou-i"]);
    expect((await getVpcEndpoints(ownerSettings())).ids).toEqual([]);
  });

  it("getEndpointConnections: the connections to one of the caller's services, with filters", async () => {
    const s = await env.makeService();
    const e1 = await endpointFor(s.serviceId, "alpha-ep");
    const e2 = await endpointFor(s.serviceId, "beta-ep");
    const c = env.clientAs("owner");
    await api.enableVpcEndpointConnection(c, { ServiceId: s.serviceId, EndpointId: e1 });
    await until("connection Connected", async () => {
      const list = await api.listAllVpcEndpointConnections(c, { ServiceId: s.serviceId, EndpointId: e1 });
      return list[0]?.ConnectionStatus === "Connected" ? list : undefined;
    });
    const all = await getEndpointConnections({ ...ownerSettings(), serviceId: s.serviceId });
    expect(all.ids.sort()).toEqual([`${s.serviceId}:${e1}`, `${s.serviceId}:${e2}`].sort());
    const one = all.connections.find((x) => x.endpointId === e1)!;
    expect(one).toMatchObject({ connectionStatus: "Connected", endpointOwnerId: env.consumer.accountId, endpointVpcId: env.seeds.vpc });
    expect(one.zones[0]!.resourceId).toBe(env.seeds.lbH);
    expect((await getEndpointConnections({ ...ownerSettings(), serviceId: s.serviceId, connectionStatus: "Connected" })).ids).toEqual([`${s.serviceId}:${e1}`]);
    expect((await getEndpointConnections({ ...ownerSettings(), serviceId: s.serviceId, endpointId: e2 })).connections[0]!.connectionStatus).toBe(
      "Disconnected",
    );
    expect((await getEndpointConnections({ ...ownerSettings(), serviceId: s.serviceId, endpointOwnerId: "1" })).ids).toEqual([]);
    expect(one).toMatchObject({ trafficControlMode: "BandwidthLimit", endpointRegionId: "cn-hangzhou", serviceRegionId: "cn-hangzhou" });
    expect(one.zones[0]!.zoneStatus).toBe("Connected");
    expect((await getEndpointConnections({ ...ownerSettings(), serviceId: s.serviceId, resourceId: env.seeds.lbH })).ids).toEqual([`${s.serviceId}:${e1}`]);
    expect((await getEndpointConnections({ ...ownerSettings(), serviceId: s.serviceId, eniId: one.zones[0]!.eniId })).ids).toEqual([`${s.serviceId}:${e1}`]);
    await expect(getEndpointConnections({ serviceId: s.serviceId })).rejects.toThrow(/EndpointServiceNotFound/); // the consumer does not own it
    await expect(getEndpointConnections({} as never)).rejects.toThrow(/serviceId is required/);
  });
});

describe("tag and resource-group filters", () => {
  it("getVpcEndpoints, getVpcEndpointServices and getEndpointServices find objects by tags and group, and report them", async () => {
    const owner = env.clientAs("owner");
    const { serviceId } = await env.makeService({ whitelistConsumer: true });
    await api.tagResources(owner, {
      ResourceType: "vpcendpointservice",
      ResourceId: [serviceId],
      Tag: [
        { Key: "app", Value: "orders" },
        { Key: "pulumi-privatelink:create-token", Value: "t" },
      ],
    });
    await api.changeResourceGroup(owner, { ResourceType: "VpcEndpointService", ResourceId: serviceId, ResourceGroupId: "rg-orders" });
    const tagged = await endpointFor(serviceId, "tagged");
    await endpointFor(serviceId, "plain");
    await api.tagResources(env.clientAs("consumer"), { ResourceType: "vpcendpoint", ResourceId: [tagged], Tag: [{ Key: "team", Value: "a" }] });

    const endpoints = await getVpcEndpoints({ tags: { team: "a" } });
    expect(endpoints.ids).toEqual([tagged]);
    expect(endpoints.endpoints[0]!.tags).toEqual({ team: "a" });
    expect((await getVpcEndpoints({ tags: { team: "b" } })).ids).toEqual([]);

    const own = await getVpcEndpointServices({ ...ownerSettings(), tags: { app: "orders" }, resourceGroupId: "rg-orders" });
    expect(own.ids).toEqual([serviceId]);
    // The provider's own tags are not reported.
    expect(own.services[0]).toMatchObject({ resourceGroupId: "rg-orders", tags: { app: "orders" } });
    expect((await getVpcEndpointServices({ ...ownerSettings(), resourceGroupId: "rg-other" })).ids).toEqual([]);
    const usable = await getEndpointServices({ tags: { app: "orders" } });
    expect(usable.services.map((s) => [s.serviceId, s.tags])).toEqual([[serviceId, { app: "orders" }]]);
  });
});
