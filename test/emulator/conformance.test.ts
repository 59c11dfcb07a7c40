// Conformance: Alibaba's own generic client (@alicloud/openapi-client, the engine of the generated PrivateLink
// SDK) drives every operation of the catalog against the emulator, once with V3 (ACS3-HMAC-SHA256, the SDK's
// default) and once with V1 (HMAC-SHA1, signatureAlgorithm 'v2'): one case per action, a successful call whose
// answer it parses and the error codes the documents name; an action without a case fails. Then the refusals:
// tampered signature, expired timestamp, reused nonce, unknown key, bad version, unknown action, XML.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import OpenApi, * as $OpenApi from "@alicloud/openapi-client";
import OpenApiUtil from "@alicloud/openapi-util";
import * as $Util from "@alicloud/tea-util";
import { DEFAULT_ACCOUNTS, startEmulator, type Emulator, type EmulatorAccount } from "../../src/emulator/index";
import { ACTION_NAMES, OPERATIONS } from "../../src/spec/operations";
import { COVERAGE, OFFICIAL_CLIENT } from "../../src/spec/coverage";
import { API_VERSION } from "../../src/spec/statuses";
import { admin } from "./protocol-helpers";

/**
 * The module instance the official client itself loaded (the test runner may load its own copy of a package
 * imported here), so that patching it reaches the client.
 */
function clientDependency(name: string): unknown {
  return createRequire(require.resolve("@alicloud/openapi-client"))(name).default;
}

const UUID_UPPER = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
type Signing = "v3" | "v1";
type Body = Record<string, any>;

interface Creds {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

function officialClient(emu: Emulator, creds: Creds, signing: Signing): OpenApi {
  const config = new $OpenApi.Config({
    accessKeyId: creds.accessKeyId,
    accessKeySecret: creds.accessKeySecret,
    securityToken: creds.securityToken,
    endpoint: new URL(emu.endpoint).host,
    protocol: "http",
    regionId: emu.regionId,
    readTimeout: 10_000,
    connectTimeout: 5_000,
  });
  if (signing === "v1") config.signatureAlgorithm = "v2";
  return new OpenApi(config);
}

function params(action: string, opts: { version?: string; bodyType?: string } = {}): $OpenApi.Params {
  return new $OpenApi.Params({
    action,
    version: opts.version ?? API_VERSION,
    protocol: "HTTP",
    pathname: "/",
    method: "POST",
    authType: "AK",
    style: "RPC",
    reqBodyType: "formData",
    bodyType: opts.bodyType ?? "json",
  });
}

/** One SDK call the way the generated PrivateLink client makes it: flattened query, empty body. */
async function call(client: OpenApi, action: string, query: Record<string, unknown> = {}, opts: { version?: string; bodyType?: string } = {}): Promise<any> {
  const request = new $OpenApi.OpenApiRequest({ query: OpenApiUtil.query(query) });
  return client.callApi(params(action, opts), request, new $Util.RuntimeOptions({}));
}

/** TagResources / UntagResources the way the generated SDK sends them: every parameter in the form body. */
async function callBody(client: OpenApi, action: string, body: Record<string, unknown>): Promise<any> {
  const request = new $OpenApi.OpenApiRequest({ body: OpenApiUtil.parseToMap(body) });
  return client.callApi(params(action), request, new $Util.RuntimeOptions({}));
}

async function callError(client: OpenApi, action: string, query: Record<string, unknown> = {}, opts: { version?: string } = {}): Promise<any> {
  try {
    await call(client, action, query, opts);
  } catch (e) {
    return e;
  }
  throw new Error(`${action} unexpectedly succeeded`);
}

interface Fixture {
  ownerLbs: { id: string; zoneId: string; type: string }[];
  consumerVpc: string;
  consumerVsws: { id: string; zoneId: string }[];
  consumerSgs: string[];
}

async function fixture(emu: Emulator): Promise<Fixture> {
  const inv = (await admin(emu, "GET", "/inventory")).json;
  const [owner, consumer] = emu.accounts;
  const region = emu.regionId;
  const ownerLbs = inv.loadBalancers
    .filter((l: any) => l.ownerId === owner!.accountId && l.regionId === region && l.type === "slb" && l.privateLinkEnabled)
    .map((l: any) => ({ id: l.id, zoneId: l.zoneId, type: l.type }));
  const consumerVpc = inv.vpcs.find((v: any) => v.ownerId === consumer!.accountId && v.regionId === region && !v.ipv6CidrBlock).id;
  const consumerVsws = inv.vswitches.filter((s: any) => s.vpcId === consumerVpc && s.status === "Available").map((s: any) => ({ id: s.id, zoneId: s.zoneId }));
  const consumerSgs = inv.securityGroups.filter((g: any) => g.vpcId === consumerVpc && g.type === "normal").map((g: any) => g.id);
  expect(ownerLbs.length).toBeGreaterThanOrEqual(2);
  expect(consumerVsws.length).toBeGreaterThanOrEqual(2);
  expect(consumerSgs.length).toBeGreaterThanOrEqual(2);
  return { ownerLbs, consumerVpc, consumerVsws, consumerSgs };
}

/** An account that starts with PrivateLink not activated (the activation cases). */
const FRESH: EmulatorAccount = { name: "fresh", accountId: "1380000000000003", accessKeyId: "LTAI-EMULATOR-FRESH-0003", accessKeySecret: "fresh-secret" };

/** What a conformance case works with: both clients, the seeded inventory and builders of the objects it needs. */
interface CaseContext {
  emu: Emulator;
  fx: Fixture;
  owner: OpenApi;
  consumer: OpenApi;
  fresh: OpenApi;
  consumerId: string;
  /**
   * Calls through the official client and checks the envelope every answer has; `form`: every parameter in the
   * form body, as the generated SDK sends TagResources and UntagResources.
   */
  ok(client: OpenApi, action: string, query?: Record<string, unknown>, form?: boolean): Promise<Body>;
  /** Calls and expects an API error: returns its code (the HTTP status the catalog documents for it checked too). */
  code(client: OpenApi, action: string, query?: Record<string, unknown>, form?: boolean): Promise<string>;
  /** An Active service of the owner over the two slb (zones h and i), the consumer whitelisted. */
  service(query?: Record<string, unknown>): Promise<string>;
  /** An Active endpoint of the consumer to the service, in zone h (and more zones when asked). */
  endpoint(serviceId: string, query?: Record<string, unknown>): Promise<string>;
  /** An endpoint whose connection the owner has accepted (Connected). */
  connected(serviceId: string): Promise<string>;
}

/** The HTTP status the catalog documents for an action's error code (400 for the codes every action shares). */
function documentedStatus(action: string, code: string): number {
  return OPERATIONS.find((o) => o.action === action)?.errors.find((e) => e.code === code)?.http ?? 400;
}

const NLB = "nlb-hzowner0000000000001";
const SH = { vpc: "vpc-shconsumer0000000001", vsw: "vsw-shconsumer0000000001", sg: "sg-shconsumer0000000001" };

/**
 * One case per action of the catalog: a successful call whose answer the official client parses, and the
 * error codes the documents name for it (where a case can provoke them). The suite fails for an action of the
 * catalog without a case here.
 */
const CASES: Readonly<Record<string, (c: CaseContext) => Promise<void>>> = {
  async DescribeRegions(c) {
    const body = await c.ok(c.owner, "DescribeRegions", { ServiceResourceType: "ALL" });
    const hz = body.Regions.Region.find((r: Body) => r.RegionId === c.emu.regionId);
    expect(hz.ServiceResourceTypes.ServiceResourceType).toContain("nlb");
    expect(await c.code(c.owner, "DescribeRegions", { ServiceResourceType: "ecs" })).toBe("IllegalParamFormat.ServiceResourceType");
  },
  async DescribeZones(c) {
    const body = await c.ok(c.owner, "DescribeZones", { CrossRegion: true, CrossRegionSide: "EndpointService" });
    expect(body.Zones.Zone.map((z: Body) => z.ZoneId)).toContain(c.fx.ownerLbs[0]!.zoneId);
    expect(await c.code(c.owner, "DescribeZones", { RegionId: "mars-1" })).toBe("IllegalParamFormat.RegionId");
  },
  async CreateVpcEndpointService(c) {
    const query = {
      ServiceDescription: "conformance",
      AutoAcceptEnabled: false,
      Resource: [{ ResourceId: c.fx.ownerLbs[0]!.id, ResourceType: "slb", ZoneId: c.fx.ownerLbs[0]!.zoneId }],
      SupportedRegionList: ["cn-shanghai"],
      ClientToken: `create-service-${Date.now()}`,
    };
    const created = await c.ok(c.owner, "CreateVpcEndpointService", query);
    expect(created.ServiceId).toMatch(/^epsrv-/);
    expect(created.SupportedRegionSet[0].SupportedRegionId).toBe("cn-shanghai");
    expect((await c.ok(c.owner, "CreateVpcEndpointService", query)).ServiceId).toBe(created.ServiceId);
    expect(await c.code(c.owner, "CreateVpcEndpointService", { Resource: [{ ResourceId: "lb-none", ResourceType: "slb" }] })).toBe("LoadBalancerNotFound");
  },
  async UpdateVpcEndpointServiceAttribute(c) {
    const sid = await c.service();
    await c.ok(c.owner, "UpdateVpcEndpointServiceAttribute", { ServiceId: sid, ServiceDescription: "updated", ConnectBandwidth: 200 });
    expect(await c.code(c.owner, "UpdateVpcEndpointServiceAttribute", { ServiceId: "epsrv-none", ServiceDescription: "x" })).toBe("EndpointServiceNotFound");
  },
  async GetVpcEndpointServiceAttribute(c) {
    const sid = await c.service();
    const body = await c.ok(c.owner, "GetVpcEndpointServiceAttribute", { ServiceId: sid });
    expect(body).toMatchObject({ ServiceId: sid, ServiceStatus: "Active", ServiceType: "Interface", Payer: "Endpoint" });
    expect(await c.code(c.consumer, "GetVpcEndpointServiceAttribute", { ServiceId: sid })).toBe("EndpointServiceNotFound");
  },
  async ListVpcEndpointServices(c) {
    const sid = await c.service();
    const body = await c.ok(c.owner, "ListVpcEndpointServices", { ServiceId: sid, ResourceId: c.fx.ownerLbs[0]!.id, AddressIpVersion: "IPv4" });
    expect(body.Services.map((s: Body) => s.ServiceId)).toEqual([sid]);
    expect(body.TotalCount).toBe(1);
  },
  async DeleteVpcEndpointService(c) {
    const sid = await c.service();
    expect(await c.code(c.owner, "DeleteVpcEndpointService", { ServiceId: sid })).toBe("EndpointServiceDependenceViolation");
    const empty = (await c.ok(c.owner, "CreateVpcEndpointService", {})).ServiceId;
    await c.ok(c.owner, "DeleteVpcEndpointService", { ServiceId: empty });
    expect(await c.code(c.owner, "DeleteVpcEndpointService", { ServiceId: "epsrv-none" })).toBe("EndpointServiceNotFound");
  },
  async AddUserToVpcEndpointService(c) {
    const sid = (await c.ok(c.owner, "CreateVpcEndpointService", {})).ServiceId;
    await c.ok(c.owner, "AddUserToVpcEndpointService", { ServiceId: sid, UserId: c.consumerId });
    await c.ok(c.owner, "AddUserToVpcEndpointService", { ServiceId: sid, UserARN: `acs:ram:*:${c.consumerId}:*` });
    expect(await c.code(c.owner, "AddUserToVpcEndpointService", { ServiceId: "epsrv-none", UserId: c.consumerId })).toBe("EndpointServiceNotFound");
  },
  async ListVpcEndpointServiceUsers(c) {
    const sid = await c.service();
    await c.ok(c.owner, "AddUserToVpcEndpointService", { ServiceId: sid, UserARN: "acs:ram:*:*:*" });
    const users = await c.ok(c.owner, "ListVpcEndpointServiceUsers", { ServiceId: sid });
    expect(users.Users.map((u: Body) => String(u.UserId))).toEqual([c.consumerId]);
    expect(users.TotalCount).toBe("1");
    const arns = await c.ok(c.owner, "ListVpcEndpointServiceUsers", { ServiceId: sid, UserListType: "UserARNs" });
    expect(arns.UserARNs).toEqual([{ UserARN: "acs:ram:*:*:*" }]);
    expect(await c.code(c.owner, "ListVpcEndpointServiceUsers", { ServiceId: "epsrv-none" })).toBe("EndpointServiceNotFound");
  },
  async RemoveUserFromVpcEndpointService(c) {
    const sid = await c.service();
    await c.ok(c.owner, "RemoveUserFromVpcEndpointService", { ServiceId: sid, UserId: c.consumerId });
    await c.ok(c.owner, "RemoveUserFromVpcEndpointService", { ServiceId: sid, UserARN: `acs:ram:*:${c.consumerId}:*` });
    expect(await c.code(c.owner, "RemoveUserFromVpcEndpointService", { ServiceId: "epsrv-none", UserId: c.consumerId })).toBe("EndpointServiceNotFound");
  },
  async AttachResourceToVpcEndpointService(c) {
    const sid = (await c.ok(c.owner, "CreateVpcEndpointService", { ServiceResourceType: "nlb" })).ServiceId;
    await c.ok(c.owner, "AttachResourceToVpcEndpointService", { ServiceId: sid, ResourceId: NLB, ResourceType: "nlb", ZoneId: "cn-hangzhou-h" });
    expect(await c.code(c.owner, "AttachResourceToVpcEndpointService", { ServiceId: sid, ResourceId: NLB, ResourceType: "nlb", ZoneId: "cn-hangzhou-h" })).toBe(
      "EndpointServiceResourceExist",
    );
    expect(
      await c.code(c.owner, "AttachResourceToVpcEndpointService", { ServiceId: sid, ResourceId: "alb-none", ResourceType: "alb", ZoneId: "cn-hangzhou-j" }),
    ).toBe("AlbNotFound");
    expect(await c.code(c.owner, "AttachResourceToVpcEndpointService", { ServiceId: sid, ResourceId: NLB, ResourceType: "nlb" })).toBe("MissingParam.ZoneId");
  },
  async ListVpcEndpointServiceResources(c) {
    const sid = await c.service();
    const body = await c.ok(c.owner, "ListVpcEndpointServiceResources", { ServiceId: sid });
    expect(body.Resources.map((r: Body) => r.ResourceId).sort()).toEqual(
      c.fx.ownerLbs
        .slice(0, 2)
        .map((l) => l.id)
        .sort(),
    );
    expect(body.Resources[0]).toMatchObject({ AutoAllocatedEnabled: true, RelatedEndpointCount: 0, ResourceSupportIPv6: false });
    expect(await c.code(c.owner, "ListVpcEndpointServiceResources", { ServiceId: "epsrv-none" })).toBe("EndpointServiceNotFound");
  },
  async DetachResourceFromVpcEndpointService(c) {
    const sid = await c.service();
    await c.ok(c.owner, "DetachResourceFromVpcEndpointService", { ServiceId: sid, ResourceId: c.fx.ownerLbs[1]!.id, ResourceType: "slb" });
    expect(await c.code(c.owner, "DetachResourceFromVpcEndpointService", { ServiceId: "epsrv-none", ResourceId: "lb-x", ResourceType: "slb" })).toBe(
      "EndpointServiceNotFound",
    );
  },
  async UpdateVpcEndpointServiceResourceAttribute(c) {
    const sid = await c.service();
    await c.ok(c.owner, "UpdateVpcEndpointServiceResourceAttribute", { ServiceId: sid, ResourceId: c.fx.ownerLbs[0]!.id, AutoAllocatedEnabled: false });
    const listed = await c.ok(c.owner, "ListVpcEndpointServiceResources", { ServiceId: sid });
    expect(listed.Resources.find((r: Body) => r.ResourceId === c.fx.ownerLbs[0]!.id).AutoAllocatedEnabled).toBe(false);
    expect(
      await c.code(c.owner, "UpdateVpcEndpointServiceResourceAttribute", { ServiceId: "epsrv-none", ResourceId: "lb-x", AutoAllocatedEnabled: true }),
    ).toBe("EndpointServiceNotFound");
  },
  async CreateVpcEndpoint(c) {
    const sid = await c.service({ SupportedRegionList: ["cn-shanghai"] });
    const local = await c.ok(c.consumer, "CreateVpcEndpoint", {
      VpcId: c.fx.consumerVpc,
      ServiceId: sid,
      SecurityGroupId: [c.fx.consumerSgs[0]],
      Zone: [{ VSwitchId: c.fx.consumerVsws[0]!.id, ZoneId: c.fx.consumerVsws[0]!.zoneId }],
      ClientToken: `create-endpoint-${Date.now()}`,
    });
    expect(local.EndpointId).toMatch(/^ep-/);
    const remote = await c.ok(c.consumer, "CreateVpcEndpoint", {
      RegionId: "cn-shanghai",
      ServiceRegionId: c.emu.regionId,
      CrossRegionBandwidth: 300,
      VpcId: SH.vpc,
      ServiceId: sid,
      SecurityGroupId: [SH.sg],
      Zone: [{ VSwitchId: SH.vsw, ZoneId: "cn-shanghai-e" }],
    });
    expect(remote).toMatchObject({ ServiceRegionId: c.emu.regionId, CrossRegionBandwidth: 300 });
    expect(await c.code(c.consumer, "CreateVpcEndpoint", { VpcId: "vpc-none", ServiceId: sid, SecurityGroupId: [c.fx.consumerSgs[0]] })).toBe("VpcNotFound");
    expect(await c.code(c.consumer, "CreateVpcEndpoint", { VpcId: c.fx.consumerVpc, ServiceId: sid })).toBe("EndpointMustContainSecurityGroup");
    const hidden = (await c.ok(c.owner, "CreateVpcEndpointService", { Resource: [{ ResourceId: c.fx.ownerLbs[0]!.id, ResourceType: "slb" }] })).ServiceId;
    expect(await c.code(c.consumer, "CreateVpcEndpoint", { VpcId: c.fx.consumerVpc, ServiceId: hidden, SecurityGroupId: [c.fx.consumerSgs[0]] })).toBe(
      "EndpointServiceNotAuthorized",
    );
  },
  async UpdateVpcEndpointAttribute(c) {
    const ep = await c.endpoint(await c.service());
    await c.ok(c.consumer, "UpdateVpcEndpointAttribute", { EndpointId: ep, EndpointName: "renamed", EndpointDescription: "conformance endpoint" });
    expect(await c.code(c.consumer, "UpdateVpcEndpointAttribute", { EndpointId: "ep-none", EndpointName: "x1" })).toBe("EndpointNotFound");
  },
  async GetVpcEndpointAttribute(c) {
    const ep = await c.endpoint(await c.service());
    const body = await c.ok(c.consumer, "GetVpcEndpointAttribute", { EndpointId: ep });
    expect(body).toMatchObject({
      EndpointId: ep,
      EndpointStatus: "Active",
      EndpointType: "Interface",
      ServiceRegionId: c.emu.regionId,
      ZonePrivateIpAddressCount: 1,
    });
    expect(await c.code(c.owner, "GetVpcEndpointAttribute", { EndpointId: ep })).toBe("EndpointNotFound");
  },
  async ListVpcEndpoints(c) {
    const ep = await c.endpoint(await c.service());
    const body = await c.ok(c.consumer, "ListVpcEndpoints", { EndpointId: ep, EndpointType: "Interface", ServiceRegionId: c.emu.regionId });
    expect(body.Endpoints.map((e: Body) => e.EndpointId)).toEqual([ep]);
    expect(body.TotalCount).toBe(1);
  },
  async ListVpcEndpointServicesByEndUser(c) {
    const sid = await c.service();
    const body = await c.ok(c.consumer, "ListVpcEndpointServicesByEndUser", { ServiceId: sid, ServiceType: "Interface" });
    expect(body.Services.map((s: Body) => s.ServiceId)).toEqual([sid]);
    expect(body.TotalCount).toBe("1");
  },
  async DeleteVpcEndpoint(c) {
    const sid = await c.service();
    c.emu.setFaults("stuck=endpoint:Creating");
    try {
      const creating = (await c.ok(c.consumer, "CreateVpcEndpoint", { VpcId: c.fx.consumerVpc, ServiceId: sid, SecurityGroupId: [c.fx.consumerSgs[0]] }))
        .EndpointId;
      expect(await c.code(c.consumer, "DeleteVpcEndpoint", { EndpointId: creating })).toBe("EndpointOperationDenied");
    } finally {
      c.emu.clearFaults();
    }
    await c.ok(c.consumer, "DeleteVpcEndpoint", { EndpointId: await c.endpoint(sid) });
  },
  async EnableVpcEndpointConnection(c) {
    const sid = await c.service();
    const ep = await c.endpoint(sid);
    await c.ok(c.owner, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: ep, Bandwidth: 1024, TrafficControlMode: "BandwidthLimit" });
    expect(await c.code(c.owner, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: "ep-none" })).toBe("EndpointConnectionNotFound");
    expect(await c.code(c.owner, "EnableVpcEndpointConnection", { ServiceId: "epsrv-none", EndpointId: ep })).toBe("EndpointServiceNotFound");
  },
  async UpdateVpcEndpointConnectionAttribute(c) {
    const sid = await c.service();
    const ep = await c.connected(sid);
    await c.ok(c.owner, "UpdateVpcEndpointConnectionAttribute", { ServiceId: sid, EndpointId: ep, Bandwidth: 2048, TrafficControlMode: "BandwidthLimit" });
    expect(await c.code(c.owner, "UpdateVpcEndpointConnectionAttribute", { ServiceId: "epsrv-none", EndpointId: ep, Bandwidth: 2048 })).toBe(
      "EndpointServiceNotFound",
    );
  },
  async ListVpcEndpointConnections(c) {
    const sid = await c.service();
    const ep = await c.connected(sid);
    const body = await c.ok(c.owner, "ListVpcEndpointConnections", { ServiceId: sid, EndpointOwnerId: c.consumerId, ResourceId: c.fx.ownerLbs[0]!.id });
    expect(body.Connections.map((x: Body) => x.EndpointId)).toEqual([ep]);
    expect(body.Connections[0]).toMatchObject({ ConnectionStatus: "Connected", TrafficControlMode: "BandwidthLimit", EndpointRegionId: c.emu.regionId });
    expect(body.Connections[0].Zones[0].ZoneStatus).toBe("Connected");
    expect(body.TotalCount).toBe("1");
    expect(await c.code(c.owner, "ListVpcEndpointConnections", { ServiceId: "epsrv-none" })).toBe("EndpointServiceNotFound");
  },
  async DisableVpcEndpointConnection(c) {
    const sid = await c.service();
    const ep = await c.connected(sid);
    await c.ok(c.owner, "DisableVpcEndpointConnection", { ServiceId: sid, EndpointId: ep });
    expect(await c.code(c.owner, "DisableVpcEndpointConnection", { ServiceId: sid, EndpointId: "ep-none" })).toBe("EndpointConnectionNotFound");
  },
  async EnableVpcEndpointZoneConnection(c) {
    const sid = await c.service();
    const ep = await c.endpoint(sid);
    const zone = { ServiceId: sid, EndpointId: ep, ZoneId: c.fx.consumerVsws[0]!.zoneId };
    expect(await c.code(c.owner, "EnableVpcEndpointZoneConnection", zone)).toBe("EndpointConnectionOperationDenied");
    await c.ok(c.owner, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: ep });
    await c.ok(c.owner, "DisableVpcEndpointZoneConnection", zone);
    await c.ok(c.owner, "EnableVpcEndpointZoneConnection", zone);
    const zones = await c.ok(c.consumer, "ListVpcEndpointZones", { EndpointId: ep });
    expect(["Connecting", "Connected"]).toContain(zones.Zones[0].ZoneStatus);
    expect(await c.code(c.owner, "EnableVpcEndpointZoneConnection", { ...zone, EndpointId: "ep-none" })).toBe("EndpointConnectionNotFound");
  },
  async DisableVpcEndpointZoneConnection(c) {
    const sid = await c.service();
    const ep = await c.connected(sid);
    const zone = { ServiceId: sid, EndpointId: ep, ZoneId: c.fx.consumerVsws[0]!.zoneId };
    expect(await c.code(c.owner, "DisableVpcEndpointZoneConnection", { ...zone, ReplacedResource: true })).toBe("EndpointConnectionOperationDenied");
    await c.ok(c.owner, "DisableVpcEndpointZoneConnection", zone);
    expect(await c.code(c.owner, "DisableVpcEndpointZoneConnection", { ...zone, ServiceId: "epsrv-none" })).toBe("EndpointServiceNotFound");
  },
  async UpdateVpcEndpointZoneConnectionResourceAttribute(c) {
    const sid = await c.service();
    await c.ok(c.owner, "AttachResourceToVpcEndpointService", { ServiceId: sid, ResourceId: EXTRA_H, ResourceType: "slb" });
    const ep = await c.connected(sid);
    const zone = { ServiceId: sid, EndpointId: ep, ZoneId: "cn-hangzhou-h" };
    // Move the zone to the other resource of zone h than the one it was allocated.
    const before = (await c.ok(c.owner, "ListVpcEndpointConnections", { ServiceId: sid, EndpointId: ep })).Connections[0].Zones[0];
    const target = before.ResourceId === EXTRA_H ? c.fx.ownerLbs[0]!.id : EXTRA_H;
    await c.ok(c.owner, "UpdateVpcEndpointZoneConnectionResourceAttribute", {
      ...zone,
      ResourceReplaceMode: "Graceful",
      ResourceId: target,
      ResourceType: "slb",
    });
    // The next read sees the migration finished (time scale 0): Migrated, the old resource kept until released.
    const conn = await c.ok(c.owner, "ListVpcEndpointConnections", { ServiceId: sid, EndpointId: ep });
    expect(conn.Connections[0].Zones[0]).toMatchObject({ ZoneStatus: "Migrated", ResourceId: target, ReplacedResourceId: before.ResourceId });
    await c.ok(c.owner, "DisableVpcEndpointZoneConnection", { ...zone, ReplacedResource: true });
    expect(await c.code(c.owner, "UpdateVpcEndpointZoneConnectionResourceAttribute", { ...zone, ServiceId: "epsrv-none", ResourceAllocateMode: "Auto" })).toBe(
      "EndpointServiceNotFound",
    );
  },
  async AddZoneToVpcEndpoint(c) {
    const sid = await c.service();
    const ep = await c.endpoint(sid);
    const vswB = c.fx.consumerVsws[1]!;
    await c.ok(c.consumer, "AddZoneToVpcEndpoint", { EndpointId: ep, ZoneId: vswB.zoneId, VSwitchId: vswB.id, ip: "172.16.2.77" });
    const zones = await c.ok(c.consumer, "ListVpcEndpointZones", { EndpointId: ep });
    expect(zones.Zones.find((z: Body) => z.ZoneId === vswB.zoneId).EniIp).toBe("172.16.2.77");
    expect(await c.code(c.consumer, "AddZoneToVpcEndpoint", { EndpointId: ep, ZoneId: vswB.zoneId, VSwitchId: vswB.id })).toBe("EndpointZoneDuplicated");
    expect(await c.code(c.consumer, "AddZoneToVpcEndpoint", { EndpointId: "ep-none", ZoneId: vswB.zoneId, VSwitchId: vswB.id })).toBe("EndpointNotFound");
  },
  async ListVpcEndpointZones(c) {
    const ep = await c.endpoint(await c.service());
    const body = await c.ok(c.consumer, "ListVpcEndpointZones", { EndpointId: ep });
    expect(body.Zones).toHaveLength(1);
    expect(body.TotalCount).toBe(1);
    expect(await c.code(c.consumer, "ListVpcEndpointZones", { EndpointId: "ep-none" })).toBe("EndpointNotFound");
  },
  async RemoveZoneFromVpcEndpoint(c) {
    const ep = await c.endpoint(await c.service());
    await c.ok(c.consumer, "RemoveZoneFromVpcEndpoint", { EndpointId: ep, ZoneId: c.fx.consumerVsws[0]!.zoneId });
    expect(await c.code(c.consumer, "RemoveZoneFromVpcEndpoint", { EndpointId: ep, ZoneId: "cn-hangzhou-j" })).toBe("EndpointZoneNotFound");
  },
  async AttachSecurityGroupToVpcEndpoint(c) {
    const ep = await c.endpoint(await c.service());
    await c.ok(c.consumer, "AttachSecurityGroupToVpcEndpoint", { EndpointId: ep, SecurityGroupId: c.fx.consumerSgs[1] });
    // The next call sees the endpoint Active again (time scale 0).
    expect(await c.code(c.consumer, "AttachSecurityGroupToVpcEndpoint", { EndpointId: ep, SecurityGroupId: c.fx.consumerSgs[1] })).toBe("SecurityGroupExist");
  },
  async ListVpcEndpointSecurityGroups(c) {
    const ep = await c.endpoint(await c.service());
    const body = await c.ok(c.consumer, "ListVpcEndpointSecurityGroups", { EndpointId: ep });
    expect(body.SecurityGroups).toEqual([{ SecurityGroupId: c.fx.consumerSgs[0], SecurityGroupStatus: "Attached" }]);
    expect(body.TotalCount).toBe(1);
    expect(await c.code(c.consumer, "ListVpcEndpointSecurityGroups", { EndpointId: "ep-none" })).toBe("EndpointNotFound");
  },
  async DetachSecurityGroupFromVpcEndpoint(c) {
    const ep = await c.endpoint(await c.service());
    expect(await c.code(c.consumer, "DetachSecurityGroupFromVpcEndpoint", { EndpointId: ep, SecurityGroupId: c.fx.consumerSgs[0] })).toBe(
      "EndpointMustContainSecurityGroup",
    );
    await c.ok(c.consumer, "AttachSecurityGroupToVpcEndpoint", { EndpointId: ep, SecurityGroupId: c.fx.consumerSgs[1] });
    await c.ok(c.consumer, "DetachSecurityGroupFromVpcEndpoint", { EndpointId: ep, SecurityGroupId: c.fx.consumerSgs[0] });
    expect(await c.code(c.consumer, "DetachSecurityGroupFromVpcEndpoint", { EndpointId: ep, SecurityGroupId: "sg-none" })).toBe("SecurityGroupNotFound");
  },
  async TagResources(c) {
    const ep = await c.endpoint(await c.service());
    const tags = [
      { Key: "env", Value: "prod" },
      { Key: "team", Value: "a" },
    ];
    await c.ok(c.consumer, "TagResources", { ResourceType: "vpcendpoint", ResourceId: [ep], Tag: tags }, true);
    const listed = await c.ok(c.consumer, "ListTagResources", { ResourceType: "vpcendpoint", ResourceId: [ep] });
    expect(listed.TagResources.map((t: Body) => t.TagKey).sort()).toEqual(["env", "team"]);
    expect(await c.code(c.consumer, "TagResources", { ResourceType: "ecs", ResourceId: [ep], Tag: tags }, true)).toBe("InvalidInstanceType.NotFound");
    expect(await c.code(c.consumer, "TagResources", { ResourceType: "vpcendpoint", ResourceId: ["ep-none"], Tag: tags }, true)).toBe(
      "InvalidInstanceIds.NotFound",
    );
    expect(await c.code(c.consumer, "TagResources", { ResourceType: "vpcendpoint", ResourceId: [ep], Tag: [{ Key: "acs:x", Value: "1" }] }, true)).toBe(
      "Forbidden.TagKeys",
    );
  },
  async UntagResources(c) {
    const ep = await c.endpoint(await c.service());
    await c.ok(c.consumer, "TagResources", { ResourceType: "vpcendpoint", ResourceId: [ep], Tag: [{ Key: "env", Value: "prod" }] }, true);
    await c.ok(c.consumer, "UntagResources", { ResourceType: "VpcEndpoint", ResourceId: [ep], TagKey: ["env"] }, true);
    expect((await c.ok(c.consumer, "ListTagResources", { ResourceType: "vpcendpoint", ResourceId: [ep] })).TagResources).toEqual([]);
    expect(await c.code(c.consumer, "UntagResources", { ResourceType: "vpcendpoint", ResourceId: ["ep-none"], All: true }, true)).toBe(
      "InvalidInstanceIds.NotFound",
    );
  },
  async ListTagResources(c) {
    const sid = await c.service();
    await c.ok(c.owner, "TagResources", { ResourceType: "vpcendpointservice", ResourceId: [sid], Tag: [{ Key: "env", Value: "prod" }] }, true);
    const body = await c.ok(c.owner, "ListTagResources", { ResourceType: "vpcendpointservice", Tag: [{ Key: "env", Value: "prod" }] });
    expect(body.TagResources).toEqual([{ ResourceId: sid, ResourceType: "vpcendpointservice", TagKey: "env", TagValue: "prod" }]);
    expect(await c.code(c.owner, "ListTagResources", { ResourceType: "vpcendpointservice" })).toBe("BothEmpty.TagsAndResources");
  },
  async ChangeResourceGroup(c) {
    const ep = await c.endpoint(await c.service());
    await c.ok(c.consumer, "ChangeResourceGroup", { ResourceType: "VpcEndpoint", ResourceId: ep, ResourceGroupId: "rg-conformance" });
    const listed = await c.ok(c.consumer, "ListVpcEndpoints", { ResourceGroupId: "rg-conformance" });
    expect(listed.Endpoints.map((e: Body) => e.EndpointId)).toEqual([ep]);
    expect(await c.code(c.consumer, "ChangeResourceGroup", { ResourceType: "VpcEndpoint", ResourceId: "ep-none", ResourceGroupId: "rg-conformance" })).toBe(
      "EndpointNotFound",
    );
    expect(await c.code(c.consumer, "ChangeResourceGroup", { ResourceType: "Instance", ResourceId: ep, ResourceGroupId: "rg-conformance" })).toBe(
      "InvalidInstanceType.NotFound",
    );
  },
  async CheckProductOpen(c) {
    expect((await c.ok(c.owner, "CheckProductOpen", {})).Success).toBe(true);
    expect(typeof (await c.ok(c.fresh, "CheckProductOpen", {})).Success).toBe("boolean");
  },
  async OpenPrivateLinkService(c) {
    await c.emu.world.patchObject("account", "fresh", { PrivateLinkOpened: false });
    expect(await c.code(c.fresh, "ListVpcEndpoints", {})).toBe("NeedOpenProduct");
    expect((await c.ok(c.fresh, "CheckProductOpen", {})).Success).toBe(false);
    expect((await c.ok(c.fresh, "OpenPrivateLinkService", {})).OrderId).toMatch(/^\d+$/);
    expect((await c.ok(c.fresh, "CheckProductOpen", {})).Success).toBe(true);
    expect(await c.code(c.fresh, "OpenPrivateLinkService", {})).toBe("OrderOpend");
  },
};

const EXTRA_H = "lb-hzownerconformance01";

describe.each(["v3", "v1"] as const)("official SDK client, %s signatures: every operation of the catalog", (signing) => {
  let emu: Emulator;
  let ctx: CaseContext;
  let owner: OpenApi;
  let consumer: OpenApi;

  beforeAll(async () => {
    emu = await startEmulator({
      timeScale: 0,
      accounts: [...DEFAULT_ACCOUNTS, FRESH],
      accountFeatures: { owner: { zoneResourceManagement: true }, fresh: { opened: false } },
    });
    const fx = await fixture(emu);
    emu.world.addInventory("loadBalancer", { id: EXTRA_H, vSwitchId: "vsw-hzowner0000000000001" });
    owner = officialClient(emu, emu.accounts[0]!, signing);
    consumer = officialClient(emu, emu.accounts[1]!, signing);
    const fresh = officialClient(emu, FRESH, signing);
    const consumerId = emu.accounts[1]!.accountId;
    const send = (client: OpenApi, action: string, query: Record<string, unknown>, form: boolean) =>
      form ? callBody(client, action, OpenApiUtil.query({ RegionId: emu.regionId, ...query })) : call(client, action, { RegionId: emu.regionId, ...query });
    const ok = async (client: OpenApi, action: string, query: Record<string, unknown> = {}, form = false): Promise<Body> => {
      const res = await send(client, action, query, form);
      expect(res.statusCode, action).toBe(200);
      expect(res.headers["content-type"]).toBe("application/json;charset=utf-8");
      expect(res.body.RequestId, action).toMatch(UUID_UPPER);
      return res.body as Body;
    };
    const code = async (client: OpenApi, action: string, query: Record<string, unknown> = {}, form = false): Promise<string> => {
      const e = await send(client, action, query, form).then(
        () => {
          throw new Error(`${action} unexpectedly succeeded`);
        },
        (error) => error,
      );
      expect(e.data?.statusCode, `${action} ${e.code}`).toBe(documentedStatus(action, e.code));
      expect(e.data.RequestId).toMatch(UUID_UPPER);
      return e.code as string;
    };
    const service = async (query: Record<string, unknown> = {}): Promise<string> => {
      const [lb1, lb2] = fx.ownerLbs as [Fixture["ownerLbs"][0], Fixture["ownerLbs"][0]];
      const sid = (
        await ok(owner, "CreateVpcEndpointService", {
          Resource: [
            { ResourceId: lb1.id, ResourceType: "slb" },
            { ResourceId: lb2.id, ResourceType: "slb" },
          ],
          ...query,
        })
      ).ServiceId as string;
      await ok(owner, "AddUserToVpcEndpointService", { ServiceId: sid, UserId: consumerId });
      return sid;
    };
    const endpoint = async (serviceId: string, query: Record<string, unknown> = {}): Promise<string> =>
      (
        await ok(consumer, "CreateVpcEndpoint", {
          VpcId: fx.consumerVpc,
          ServiceId: serviceId,
          SecurityGroupId: [fx.consumerSgs[0]],
          Zone: [{ VSwitchId: fx.consumerVsws[0]!.id, ZoneId: fx.consumerVsws[0]!.zoneId }],
          ...query,
        })
      ).EndpointId as string;
    const connected = async (serviceId: string): Promise<string> => {
      const ep = await endpoint(serviceId);
      await ok(owner, "EnableVpcEndpointConnection", { ServiceId: serviceId, EndpointId: ep });
      return ep;
    };
    ctx = { emu, fx, owner, consumer, fresh, consumerId, ok, code, service, endpoint, connected };
  });
  afterAll(async () => {
    await emu?.stop();
  });

  for (const action of ACTION_NAMES) {
    it(action, async () => {
      const run = CASES[action];
      if (!run) throw new Error(`${action} has no conformance case: add one to CASES (a successful call and the error codes its documents name)`);
      emu.resetRequestCounts();
      await run(ctx);
      expect(emu.requestCounts().byAction[action]?.byOutcome.Success, `${action} never answered successfully`).toBeGreaterThan(0);
    });
  }

  it("every case is an action of the catalog, checked against the official client as the coverage table says", () => {
    expect(Object.keys(CASES).filter((a) => !(ACTION_NAMES as readonly string[]).includes(a))).toEqual([]);
    expect(ACTION_NAMES.filter((a) => COVERAGE[a].checkedBy !== OFFICIAL_CLIENT)).toEqual([]);
  });

  it("surfaces API errors through the SDK with code, status and request id", async () => {
    const e = await callError(consumer, "GetVpcEndpointAttribute", { RegionId: emu.regionId, EndpointId: "ep-doesnotexist000000000" });
    expect(e.code).toBe("EndpointNotFound");
    expect(e.data.statusCode).toBe(400);
    expect(e.data.RequestId).toMatch(UUID_UPPER);
    expect(e.data.HostId).toBe(`privatelink.${emu.regionId}.aliyuncs.com`);
    expect(e.message).toContain(`request id: ${e.data.RequestId}`);
  });

  it("refuses a wrong secret with SignatureDoesNotMatch and the server string to sign", async () => {
    const bad = officialClient(emu, { accessKeyId: emu.accounts[0]!.accessKeyId, accessKeySecret: "not-the-secret" }, signing);
    const e = await callError(bad, "ListVpcEndpointServices", { RegionId: emu.regionId });
    expect(e.code).toBe("SignatureDoesNotMatch");
    expect(e.data.statusCode).toBe(400);
    expect(e.data.Message).toMatch(/^Specified signature is not matched with our calculation\. server string to sign is:/);
    if (signing === "v1") expect(e.data.Message).toContain("POST&%2F&AccessKeyId%3D");
    else expect(e.data.Message).toMatch(/is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$/);
  });

  it("refuses an expired timestamp and a reused nonce", async () => {
    const util = clientDependency("@alicloud/openapi-util") as { getTimestamp: () => string };
    const realTimestamp = util.getTimestamp;
    util.getTimestamp = () => new Date(Date.now() - 20 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    try {
      const e = await callError(owner, "ListVpcEndpointServices", { RegionId: emu.regionId });
      expect(e.code).toBe("InvalidTimeStamp.Expired");
    } finally {
      util.getTimestamp = realTimestamp;
    }
    const teaUtil = clientDependency("@alicloud/tea-util") as { getNonce: () => string };
    const realNonce = teaUtil.getNonce;
    const fixed = `fixed-nonce-${signing}-${Date.now()}`;
    teaUtil.getNonce = () => fixed;
    try {
      await call(owner, "ListVpcEndpointServices", { RegionId: emu.regionId });
      const e = await callError(owner, "ListVpcEndpointServices", { RegionId: emu.regionId });
      expect(e.code).toBe("SignatureNonceUsed");
    } finally {
      teaUtil.getNonce = realNonce;
    }
  });

  it("refuses an unknown access key, a bad version and an unknown action", async () => {
    const stranger = officialClient(emu, { accessKeyId: "LTAI-NOT-A-KEY", accessKeySecret: "x" }, signing);
    const k = await callError(stranger, "ListVpcEndpointServices", { RegionId: emu.regionId });
    expect([k.code, k.data.statusCode]).toEqual(["InvalidAccessKeyId.NotFound", 404]);
    const v = await callError(owner, "ListVpcEndpointServices", { RegionId: emu.regionId }, { version: "2019-02-18" });
    expect([v.code, v.data.statusCode]).toEqual(["InvalidVersion", 400]);
    const a = await callError(owner, "DescribeInstances", { RegionId: emu.regionId });
    expect([a.code, a.data.statusCode]).toEqual(["InvalidAction.NotFound", 404]);
  });

  it("answers XML when asked (Format=XML), and the SDK reads XML errors", async () => {
    const res = await call(owner, "DescribeZones", { RegionId: emu.regionId, Format: "XML" }, { bodyType: "string" });
    expect(res.headers["content-type"]).toBe("text/xml;charset=utf-8");
    expect(res.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><DescribeZonesResponse><RequestId>[0-9A-F-]{36}<\/RequestId><Zones><Zone><ZoneId>/);
    if (signing === "v3") {
      // The V3 code path of the SDK parses `<Error>` bodies served as text/xml;charset=utf-8.
      const e = await callError(owner, "GetVpcEndpointServiceAttribute", { RegionId: emu.regionId, ServiceId: "epsrv-none00000000000000", Format: "XML" });
      expect(e.code).toBe("EndpointServiceNotFound");
      expect(e.data.RequestId).toMatch(UUID_UPPER);
    }
  });

  it("accepts STS credentials minted by the admin API", async () => {
    const sts = (await admin(emu, "POST", "/sts", { account: "consumer" })).json;
    const client = officialClient(emu, { accessKeyId: sts.AccessKeyId, accessKeySecret: sts.AccessKeySecret, securityToken: sts.SecurityToken }, signing);
    const res = await call(client, "ListVpcEndpoints", { RegionId: emu.regionId });
    expect(res.statusCode).toBe(200);
    const noToken = officialClient(emu, { accessKeyId: sts.AccessKeyId, accessKeySecret: sts.AccessKeySecret }, signing);
    expect((await callError(noToken, "ListVpcEndpoints", { RegionId: emu.regionId })).code).toBe("MissingSecurityToken");
  });
});
