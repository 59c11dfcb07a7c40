// Conformance: Alibaba's own generic client (@alicloud/openapi-client, the engine of the generated PrivateLink
// SDK) drives every operation of the catalog against the emulator, once with V3 (ACS3-HMAC-SHA256, the SDK's
// default) and once with V1 (HMAC-SHA1, signatureAlgorithm 'v2'), and parses every answer. Then the refusals:
// tampered signature, expired timestamp, reused nonce, unknown key, bad version, unknown action, XML.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import OpenApi, * as $OpenApi from "@alicloud/openapi-client";
import OpenApiUtil from "@alicloud/openapi-util";
import * as $Util from "@alicloud/tea-util";
import { startEmulator, type Emulator } from "../../src/emulator/index";
import { ACTION_NAMES } from "../../src/spec/operations";
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

describe.each(["v3", "v1"] as const)("official SDK client, %s signatures: every operation of the catalog", (signing) => {
  let emu: Emulator;
  const called = new Set<string>();
  let owner: OpenApi;
  let consumer: OpenApi;
  let fx: Fixture;

  beforeAll(async () => {
    emu = await startEmulator({ timeScale: 0 });
    owner = officialClient(emu, emu.accounts[0]!, signing);
    consumer = officialClient(emu, emu.accounts[1]!, signing);
    fx = await fixture(emu);
  });
  afterAll(async () => {
    await emu?.stop();
  });

  /** Calls, checks the envelope every answer must have, and records the action. */
  async function ok(client: OpenApi, action: string, query: Record<string, unknown> = {}): Promise<Body> {
    const res = await call(client, action, { RegionId: emu.regionId, ...query });
    expect(res.statusCode, action).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json;charset=utf-8");
    expect(res.body.RequestId, action).toMatch(UUID_UPPER);
    called.add(action);
    return res.body as Body;
  }

  async function until(read: () => Promise<Body>, done: (b: Body) => boolean, what: string): Promise<Body> {
    let last: Body = {};
    for (let i = 0; i < 25; i++) {
      last = await read();
      if (done(last)) return last;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`${what} never happened; last answer ${JSON.stringify(last)}`);
  }

  it("runs a full provider/consumer flow and parses every answer", async () => {
    const consumerId = emu.accounts[1]!.accountId;
    const ownerId = emu.accounts[0]!.accountId;
    const [lb1, lb2] = fx.ownerLbs as [Fixture["ownerLbs"][0], Fixture["ownerLbs"][0]];
    const [sg1, sg2] = fx.consumerSgs as [string, string];
    const vswA = fx.consumerVsws.find((s) => s.zoneId === lb1.zoneId) ?? fx.consumerVsws[0]!;
    const vswB = fx.consumerVsws.find((s) => s.zoneId !== vswA.zoneId)!;

    // Regions and zones.
    const regions = await ok(owner, "DescribeRegions");
    expect(JSON.stringify(regions.Regions)).toContain(emu.regionId);
    const zones = await ok(owner, "DescribeZones");
    expect(zones.Zones.Zone.map((z: Body) => z.ZoneId)).toContain(lb1.zoneId);

    // Service (owner).
    const token = `conf-${signing}-create-service`;
    const svcQuery = {
      ServiceDescription: `conformance ${signing}`,
      AutoAcceptEnabled: false,
      Resource: [{ ResourceId: lb1.id, ResourceType: "slb", ZoneId: lb1.zoneId }],
      ClientToken: token,
    };
    const created = await ok(owner, "CreateVpcEndpointService", svcQuery);
    const serviceId = created.ServiceId as string;
    expect(serviceId).toMatch(/^epsrv-/);
    const replay = await ok(owner, "CreateVpcEndpointService", svcQuery);
    expect(replay.ServiceId).toBe(serviceId);
    const svc = await until(
      () => ok(owner, "GetVpcEndpointServiceAttribute", { ServiceId: serviceId }),
      (b) => b.ServiceStatus === "Active",
      "service Active",
    );
    expect(svc.ServiceId).toBe(serviceId);
    await ok(owner, "UpdateVpcEndpointServiceAttribute", { ServiceId: serviceId, ServiceDescription: "updated", ConnectBandwidth: 200 });
    const services = await ok(owner, "ListVpcEndpointServices", { ServiceId: serviceId });
    expect(services.Services.map((s: Body) => s.ServiceId)).toEqual([serviceId]);
    expect(services.Services[0].ServiceDescription).toBe("updated");

    await ok(owner, "AttachResourceToVpcEndpointService", { ServiceId: serviceId, ResourceId: lb2.id, ResourceType: "slb" });
    const resources = await ok(owner, "ListVpcEndpointServiceResources", { ServiceId: serviceId });
    expect(resources.Resources.map((r: Body) => r.ResourceId).sort()).toEqual([lb1.id, lb2.id].sort());

    await ok(owner, "AddUserToVpcEndpointService", { ServiceId: serviceId, UserId: consumerId });
    const users = await ok(owner, "ListVpcEndpointServiceUsers", { ServiceId: serviceId });
    expect(users.Users.map((u: Body) => String(u.UserId))).toContain(consumerId);

    // Endpoint (consumer).
    const byEndUser = await ok(consumer, "ListVpcEndpointServicesByEndUser", { ServiceId: serviceId });
    expect(byEndUser.Services.map((s: Body) => s.ServiceId)).toContain(serviceId);
    const ep = await ok(consumer, "CreateVpcEndpoint", {
      VpcId: fx.consumerVpc,
      ServiceId: serviceId,
      SecurityGroupId: [sg1],
      Zone: [{ VSwitchId: vswA.id, ZoneId: vswA.zoneId }],
      EndpointName: `conf-${signing}`,
      ClientToken: `conf-${signing}-create-endpoint`,
    });
    const endpointId = ep.EndpointId as string;
    expect(endpointId).toMatch(/^ep-/);
    await until(
      () => ok(consumer, "GetVpcEndpointAttribute", { EndpointId: endpointId }),
      (b) => b.EndpointStatus === "Active",
      "endpoint Active",
    );
    await ok(consumer, "UpdateVpcEndpointAttribute", {
      EndpointId: endpointId,
      EndpointName: `renamed-${signing}`,
      EndpointDescription: "conformance endpoint",
    });
    const eps = await ok(consumer, "ListVpcEndpoints", { EndpointId: endpointId });
    expect(eps.Endpoints[0].EndpointName).toBe(`renamed-${signing}`);

    // Tags and resource groups: Tag/Untag in the form body, as the SDK sends them; ResourceType in both spellings.
    const tagged = await callBody(consumer, "TagResources", {
      RegionId: emu.regionId,
      ResourceType: "vpcendpoint",
      ...OpenApiUtil.query({
        ResourceId: [endpointId],
        Tag: [
          { Key: "env", Value: "prod" },
          { Key: "team", Value: signing },
        ],
      }),
    });
    expect(tagged.statusCode).toBe(200);
    called.add("TagResources");
    const untagged = await callBody(consumer, "UntagResources", {
      RegionId: emu.regionId,
      ResourceType: "VpcEndpoint",
      ...OpenApiUtil.query({ ResourceId: [endpointId], TagKey: ["team"] }),
    });
    expect(untagged.statusCode).toBe(200);
    called.add("UntagResources");
    const tags = await ok(consumer, "ListTagResources", { ResourceType: "vpcendpoint", ResourceId: [endpointId] });
    expect(tags.TagResources).toEqual([{ ResourceId: endpointId, ResourceType: "vpcendpoint", TagKey: "env", TagValue: "prod" }]);
    await ok(consumer, "ChangeResourceGroup", { ResourceType: "VpcEndpoint", ResourceId: endpointId, ResourceGroupId: `rg-conf${signing}` });
    const byTag = await ok(consumer, "ListVpcEndpoints", { Tag: [{ Key: "env", Value: "prod" }], ResourceGroupId: `rg-conf${signing}` });
    expect(byTag.Endpoints.map((e: Body) => e.EndpointId)).toEqual([endpointId]);
    expect(byTag.Endpoints[0].Tags).toEqual([{ Key: "env", Value: "prod" }]);

    // Connection (owner accepts).
    const conns = await ok(owner, "ListVpcEndpointConnections", { ServiceId: serviceId });
    expect(conns.Connections.map((c: Body) => c.EndpointId)).toContain(endpointId);
    await ok(owner, "EnableVpcEndpointConnection", { ServiceId: serviceId, EndpointId: endpointId });
    await until(
      () => ok(owner, "ListVpcEndpointConnections", { ServiceId: serviceId, EndpointId: endpointId }),
      (b) => b.Connections?.[0]?.ConnectionStatus === "Connected",
      "connection Connected",
    );
    await ok(owner, "UpdateVpcEndpointConnectionAttribute", { ServiceId: serviceId, EndpointId: endpointId, Bandwidth: 1024 });
    const conn = await until(
      () => ok(owner, "ListVpcEndpointConnections", { ServiceId: serviceId, EndpointId: endpointId, EndpointOwnerId: consumerId }),
      (b) => b.Connections?.[0]?.ConnectionStatus === "Connected",
      "connection Connected after bandwidth change",
    );
    expect(Number(conn.Connections[0].Bandwidth)).toBe(1024);

    // Zones (consumer).
    await ok(consumer, "AddZoneToVpcEndpoint", { EndpointId: endpointId, ZoneId: vswB.zoneId, VSwitchId: vswB.id });
    await until(
      () => ok(consumer, "ListVpcEndpointZones", { EndpointId: endpointId }),
      (b) => b.Zones?.length === 2 && b.Zones.every((z: Body) => z.ZoneStatus === "Connected" || z.ZoneStatus === "Wait"),
      "second zone ready",
    );
    await until(
      () => ok(consumer, "GetVpcEndpointAttribute", { EndpointId: endpointId }),
      (b) => b.EndpointStatus === "Active",
      "endpoint Active after zone add",
    );
    await ok(consumer, "RemoveZoneFromVpcEndpoint", { EndpointId: endpointId, ZoneId: vswB.zoneId });
    await until(
      () => ok(consumer, "ListVpcEndpointZones", { EndpointId: endpointId }),
      (b) => b.Zones?.length === 1,
      "zone removed",
    );
    await until(
      () => ok(consumer, "GetVpcEndpointAttribute", { EndpointId: endpointId }),
      (b) => b.EndpointStatus === "Active",
      "endpoint Active after zone removal",
    );

    // Security groups (consumer).
    await ok(consumer, "AttachSecurityGroupToVpcEndpoint", { EndpointId: endpointId, SecurityGroupId: sg2 });
    const sgs = await ok(consumer, "ListVpcEndpointSecurityGroups", { EndpointId: endpointId });
    expect(sgs.SecurityGroups.map((g: Body) => g.SecurityGroupId).sort()).toEqual([sg1, sg2].sort());
    await until(
      () => ok(consumer, "GetVpcEndpointAttribute", { EndpointId: endpointId }),
      (b) => b.EndpointStatus === "Active",
      "endpoint Active after SG attach",
    );
    await ok(consumer, "DetachSecurityGroupFromVpcEndpoint", { EndpointId: endpointId, SecurityGroupId: sg2 });
    await until(
      () => ok(consumer, "GetVpcEndpointAttribute", { EndpointId: endpointId }),
      (b) => b.EndpointStatus === "Active",
      "endpoint Active after SG detach",
    );

    // Tear down.
    await ok(owner, "DisableVpcEndpointConnection", { ServiceId: serviceId, EndpointId: endpointId });
    await until(
      () => ok(owner, "ListVpcEndpointConnections", { ServiceId: serviceId, EndpointId: endpointId }),
      (b) => b.Connections?.[0]?.ConnectionStatus === "Disconnected",
      "connection Disconnected",
    );
    await until(
      () => ok(consumer, "GetVpcEndpointAttribute", { EndpointId: endpointId }),
      (b) => b.EndpointStatus === "Active",
      "endpoint Active after disable",
    );
    await ok(consumer, "DeleteVpcEndpoint", { EndpointId: endpointId });
    for (let i = 0; i < 25; i++) {
      const e = await callError(consumer, "GetVpcEndpointAttribute", { RegionId: emu.regionId, EndpointId: endpointId }).catch((x) => x);
      if (e?.code === "EndpointNotFound") break;
      if (i === 24) throw new Error("endpoint never disappeared");
    }
    // A service with resources cannot be deleted: detach both load balancers first.
    for (const lb of [lb2, lb1]) await ok(owner, "DetachResourceFromVpcEndpointService", { ServiceId: serviceId, ResourceId: lb.id, ResourceType: "slb" });
    await ok(owner, "RemoveUserFromVpcEndpointService", { ServiceId: serviceId, UserId: consumerId });
    await ok(owner, "DeleteVpcEndpointService", { ServiceId: serviceId });
    for (let i = 0; i < 25; i++) {
      const e = await callError(owner, "GetVpcEndpointServiceAttribute", { RegionId: emu.regionId, ServiceId: serviceId }).catch((x) => x);
      if (e?.code === "EndpointServiceNotFound") break;
      if (i === 24) throw new Error("service never disappeared");
    }
    void ownerId;

    expect([...called].sort()).toEqual([...ACTION_NAMES].sort());
    const counts = emu.requestCounts();
    for (const action of ACTION_NAMES) expect(counts.byAction[action]?.byOutcome.Success, action).toBeGreaterThan(0);
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
