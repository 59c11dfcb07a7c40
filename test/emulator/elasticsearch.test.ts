// Elasticsearch's private connections (ROA, 2017-06-13) in the emulator, driven by Alibaba's own
// @alicloud/openapi-client (callApi with style ROA, V3 signatures): the three operations, their errors, and the
// cross-product effect on the user's endpoint service (a connection request from the Elasticsearch service
// account, accepted like any other, gone with the endpoint).

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHash, randomUUID } from "node:crypto";
import OpenApi, * as $OpenApi from "@alicloud/openapi-client";
import OpenApiUtil from "@alicloud/openapi-util";
import * as $tea from "@alicloud/tea-typescript";
import * as $Util from "@alicloud/tea-util";
import * as api from "../../src/api/privatelink";
import { startEmulator, type Emulator } from "../../src/emulator/index";
import { ELASTICSEARCH_SERVICE_ACCOUNT_ID } from "../../src/emulator/inventory";
import { clientAs } from "../helpers/emulator-clients";
import { admin, rawRequest, type RawResponse } from "./protocol-helpers";

const VERSION = "2017-06-13";
const INSTANCE = "es-cn-hzowner0000000000001";
const OLD_ARCH_INSTANCE = "es-cn-hzowner0000000000002";
const CONSUMER_INSTANCE = "es-cn-hzconsumer0000000001";

function officialClient(emu: Emulator, account: { accessKeyId: string; accessKeySecret: string }): OpenApi {
  return new OpenApi(
    new $OpenApi.Config({
      accessKeyId: account.accessKeyId,
      accessKeySecret: account.accessKeySecret,
      endpoint: new URL(emu.endpoint).host,
      protocol: "http",
      regionId: emu.regionId,
      readTimeout: 10_000,
      connectTimeout: 5_000,
    }),
  );
}

interface RoaCall {
  action: "CreateVpcEndpoint" | "ListVpcEndpoints" | "DeleteVpcEndpoint";
  method: "POST" | "GET" | "DELETE";
  pathname: string;
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
}

/** One call the way the generated Elasticsearch SDK makes it (its *WithOptions methods): ROA, JSON in and out. */
async function roa(client: OpenApi, c: RoaCall): Promise<any> {
  const params = new $OpenApi.Params({
    action: c.action,
    version: VERSION,
    protocol: "HTTP",
    pathname: c.pathname,
    method: c.method,
    authType: "AK",
    style: "ROA",
    reqBodyType: "json",
    bodyType: "json",
  });
  const request = new $OpenApi.OpenApiRequest({ query: OpenApiUtil.query(c.query ?? {}), body: c.body });
  const out = await client.callApi(params, request, new $Util.RuntimeOptions({}));
  return out.body;
}

async function roaError(client: OpenApi, c: RoaCall): Promise<{ code: string; statusCode: number; message: string; data: any }> {
  try {
    await roa(client, c);
  } catch (e: any) {
    return { code: e.code, statusCode: e.data?.statusCode ?? e.statusCode, message: e.message, data: e.data };
  }
  throw new Error(`${c.action} unexpectedly succeeded`);
}

const create = (instanceId: string, body: Record<string, unknown>, query: Record<string, unknown> = {}): RoaCall => ({
  action: "CreateVpcEndpoint",
  method: "POST",
  pathname: `/openapi/instances/${instanceId}/vpc-endpoints`,
  query,
  body,
});
const list = (instanceId: string, query: Record<string, unknown> = {}): RoaCall => ({
  action: "ListVpcEndpoints",
  method: "GET",
  pathname: `/openapi/instances/${instanceId}/vpc-endpoints`,
  query,
});
const remove = (instanceId: string, endpointId: string): RoaCall => ({
  action: "DeleteVpcEndpoint",
  method: "DELETE",
  pathname: `/openapi/instances/${instanceId}/vpc-endpoints/${endpointId}`,
});

let emu: Emulator;
let es: OpenApi;

/** An Active service of the owner over the zone-h and zone-i load balancers, the service account whitelisted or not. */
async function service(opts: { whitelisted?: boolean; autoAccept?: boolean } = {}): Promise<string> {
  const owner = clientAs(emu, "owner");
  const created = await api.createVpcEndpointService(owner, {
    AutoAcceptEnabled: opts.autoAccept ?? false,
    Resource: [
      { ResourceId: "lb-hzowner0000000000001", ResourceType: "slb" },
      { ResourceId: "lb-hzowner0000000000002", ResourceType: "slb" },
    ],
  });
  if (opts.whitelisted !== false) await api.addUserToVpcEndpointService(owner, { ServiceId: created.ServiceId, UserId: ELASTICSEARCH_SERVICE_ACCOUNT_ID });
  return created.ServiceId;
}

beforeAll(async () => {
  emu = await startEmulator({ timeScale: 0 });
  es = officialClient(emu, emu.accounts.find((a) => a.name === "owner")!);
});
afterAll(async () => emu?.stop());
afterEach(() => {
  emu.reset();
  emu.clearFaults();
  emu.resetRequestCounts();
});

describe("the seeded Elasticsearch side", () => {
  it("has instances per account (one without private connections) and the service account's VPC, in the inventory", async () => {
    const inv = (await admin(emu, "GET", "/inventory")).json;
    const owner = emu.accounts[0]!.accountId;
    expect(inv.elasticsearchInstances.filter((i: any) => i.ownerId === owner && i.regionId === "cn-hangzhou")).toEqual([
      { id: INSTANCE, regionId: "cn-hangzhou", ownerId: owner, description: "owner-search-1", status: "active", archType: "public" },
      { id: OLD_ARCH_INSTANCE, regionId: "cn-hangzhou", ownerId: owner, description: "owner-search-2", status: "active", archType: "exclusive" },
    ]);
    expect(inv.elasticsearchInstances.map((i: any) => i.id)).toContain(CONSUMER_INSTANCE);
    const serviceVsws = inv.vswitches.filter((v: any) => v.ownerId === ELASTICSEARCH_SERVICE_ACCOUNT_ID && v.regionId === "cn-hangzhou");
    expect(serviceVsws.map((v: any) => v.zoneId)).toEqual(["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j"]);
  });
});

describe("CreateVpcEndpoint, ListVpcEndpoints, DeleteVpcEndpoint through the official client", () => {
  it("creates the instance-side endpoint; the owner sees a connection request from the service account in that zone", async () => {
    const serviceId = await service();
    const body = await roa(es, create(INSTANCE, { serviceId, zoneId: "cn-hangzhou-i" }, { ClientToken: randomUUID() }));
    expect(body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    const r = body.Result;
    expect(r).toMatchObject({ serviceId, endpointName: "vpcElasticSearch" });
    expect(r.endpointId).toMatch(/^ep-[a-z0-9]{20}$/);
    expect(r.endpointDomain).toBe(`${r.endpointId}.${serviceId}.cn-hangzhou.privatelink.aliyuncs.com`);

    const listed = await roa(es, list(INSTANCE));
    expect(listed.Result).toHaveLength(1);
    expect(listed.Result[0]).toMatchObject({
      endpointId: r.endpointId,
      endpointStatus: "Active",
      connectionStatus: "Disconnected",
      endpointBusinessStatus: "Normal",
      serviceId,
      serviceName: `com.aliyuncs.privatelink.cn-hangzhou.${serviceId}`,
    });
    expect(listed.Result[0].createTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    // The service owner's side: a connection request awaiting acceptance, in the requested zone.
    const owner = clientAs(emu, "owner");
    const [connection] = await api.listAllVpcEndpointConnections(owner, { ServiceId: serviceId });
    expect(connection).toMatchObject({ EndpointId: r.endpointId, EndpointOwnerId: ELASTICSEARCH_SERVICE_ACCOUNT_ID, ConnectionStatus: "Disconnected" });
    expect(connection!.Zones.map((z) => z.ZoneId)).toEqual(["cn-hangzhou-i"]);

    // Accepting it connects the instance.
    await api.enableVpcEndpointConnection(owner, { ServiceId: serviceId, EndpointId: r.endpointId });
    expect((await roa(es, list(INSTANCE))).Result[0].connectionStatus).toBe("Connected");
    const [accepted] = await api.listAllVpcEndpointConnections(owner, { ServiceId: serviceId });
    expect(accepted!.Zones[0]).toMatchObject({ ZoneId: "cn-hangzhou-i", ResourceId: "lb-hzowner0000000000002" });

    // Deleting the endpoint removes the connection from the service.
    const deleted = await roa(es, remove(INSTANCE, r.endpointId));
    expect(deleted.Result).toBe(true);
    expect(await api.listAllVpcEndpointConnections(owner, { ServiceId: serviceId })).toEqual([]);
    expect((await roa(es, list(INSTANCE))).Result).toEqual([]);
  });

  it("is connected at once on an auto-accept service", async () => {
    const serviceId = await service({ autoAccept: true });
    const { Result } = await roa(es, create(INSTANCE, { serviceId, zoneId: "cn-hangzhou-h" }));
    expect((await roa(es, list(INSTANCE))).Result[0]).toMatchObject({ endpointId: Result.endpointId, connectionStatus: "Connected" });
  });

  it("shows the endpoint Creating and Deleting; a transitional endpoint cannot be deleted yet", async () => {
    const serviceId = await service();
    emu.setFaults("stuck=endpoint:Creating");
    const { Result } = await roa(es, create(INSTANCE, { serviceId, zoneId: "cn-hangzhou-h" }));
    expect((await roa(es, list(INSTANCE))).Result[0]).toMatchObject({ endpointStatus: "Creating", connectionStatus: "Disconnected" });
    // The provider retries this state conflict until the deadline.
    expect((await roaError(es, remove(INSTANCE, Result.endpointId))).code).toBe("EndpointOperationDenied");
    emu.setFaults("stuck=endpoint:Deleting");
    expect((await roa(es, list(INSTANCE))).Result[0].endpointStatus).toBe("Active");
    await roa(es, remove(INSTANCE, Result.endpointId));
    expect((await roa(es, list(INSTANCE))).Result[0]).toMatchObject({ endpointStatus: "Deleting", connectionStatus: "Deleting" });
    emu.clearFaults();
    expect((await roa(es, list(INSTANCE))).Result).toEqual([]);
  });

  it("pages with page and size", async () => {
    const serviceId = await service();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await roa(es, create(INSTANCE, { serviceId, zoneId: "cn-hangzhou-h" }))).Result.endpointId);
    expect((await roa(es, list(INSTANCE, { page: 1, size: 2 }))).Result.map((e: any) => e.endpointId)).toEqual(ids.slice(0, 2));
    expect((await roa(es, list(INSTANCE, { page: 2, size: 2 }))).Result.map((e: any) => e.endpointId)).toEqual(ids.slice(2));
    expect((await roa(es, list(INSTANCE, { page: 3, size: 2 }))).Result).toEqual([]);
    expect((await roaError(es, list(INSTANCE, { size: 101 }))).code).toBe("IllegalParamFormat.size");
  });

  it("replays a create with the same ClientToken and refuses the token with other parameters", async () => {
    const serviceId = await service();
    const token = randomUUID();
    const a = await roa(es, create(INSTANCE, { serviceId, zoneId: "cn-hangzhou-h" }, { ClientToken: token }));
    const b = await roa(es, create(INSTANCE, { serviceId, zoneId: "cn-hangzhou-h" }, { ClientToken: token }));
    expect(b.Result.endpointId).toBe(a.Result.endpointId);
    expect(b.RequestId).not.toBe(a.RequestId);
    expect((await roa(es, list(INSTANCE))).Result).toHaveLength(1);
    const other = await roaError(es, create(INSTANCE, { serviceId, zoneId: "cn-hangzhou-i" }, { ClientToken: token }));
    expect(other.code).toBe("IdempotentParameterMismatch");
    expect(emu.requestCounts().byAction["Elasticsearch.CreateVpcEndpoint"]!.total).toBe(3);
    // PrivateLink's CreateVpcEndpoint with the same token is another operation: its own record, no mismatch.
    const own = await api.createVpcEndpoint(clientAs(emu, "owner"), {
      ServiceId: serviceId,
      VpcId: "vpc-hzowner0000000000001",
      SecurityGroupId: ["sg-hzowner0000000000001"],
      Zone: [{ VSwitchId: "vsw-hzowner0000000000001", ZoneId: "cn-hangzhou-h" }],
      ClientToken: token,
    });
    expect(own.EndpointId).not.toBe(a.Result.endpointId);
  });
});

describe("documented errors", () => {
  it("DryRun checks everything and creates nothing", async () => {
    const serviceId = await service();
    const e = await roaError(es, create(INSTANCE, { serviceId, zoneId: "cn-hangzhou-h" }, { dryRun: true }));
    expect([e.code, e.statusCode]).toEqual(["DryRunOperation", 400]);
    expect((await roa(es, list(INSTANCE))).Result).toEqual([]);
    const failing = await roaError(es, create(INSTANCE, { serviceId, zoneId: "cn-hangzhou-j" }, { dryRun: true }));
    expect(failing.code).toBe("EndpointServiceNotSupportedZone");
  });

  it("a missing instance, or another account's, is InstanceNotFound (404)", async () => {
    const serviceId = await service();
    for (const id of ["es-cn-doesnotexist0001", CONSUMER_INSTANCE]) {
      const e = await roaError(es, create(id, { serviceId, zoneId: "cn-hangzhou-h" }));
      expect([e.code, e.statusCode], id).toEqual(["InstanceNotFound", 404]);
      expect(e.data.HostId ?? e.data.hostId ?? "").toMatch(/^(elasticsearch\.cn-hangzhou\.aliyuncs\.com)?$/);
    }
    expect((await roaError(es, list("es-cn-doesnotexist0001"))).code).toBe("InstanceNotFound");
    expect((await roaError(es, remove(INSTANCE, "ep-aaaaaaaaaaaaaaaaaaaa"))).code).toBe("EndpointNotFound");
  });

  it("an instance of the original network architecture cannot get a private connection", async () => {
    const serviceId = await service();
    const e = await roaError(es, create(OLD_ARCH_INSTANCE, { serviceId, zoneId: "cn-hangzhou-h" }));
    expect(e.code).toBe("InstanceStatusNotSupportCurrentAction");
    expect(e.message).toMatch(/network architecture/);
  });

  it("a service that has not whitelisted the Elasticsearch service account is EndpointServiceNotAuthorized", async () => {
    const serviceId = await service({ whitelisted: false });
    expect((await roaError(es, create(INSTANCE, { serviceId, zoneId: "cn-hangzhou-h" }))).code).toBe("EndpointServiceNotAuthorized");
  });

  it("a zone the service does not serve is EndpointServiceNotSupportedZone; an unknown service EndpointServiceNotFound", async () => {
    const serviceId = await service();
    expect((await roaError(es, create(INSTANCE, { serviceId, zoneId: "cn-hangzhou-j" }))).code).toBe("EndpointServiceNotSupportedZone");
    expect((await roaError(es, create(INSTANCE, { serviceId, zoneId: "cn-hangzhou-x" }))).code).toBe("IllegalParamFormat.zoneId");
    expect((await roaError(es, create(INSTANCE, { serviceId: "epsrv-aaaaaaaaaaaaaaaaaaaa", zoneId: "cn-hangzhou-h" }))).code).toBe("EndpointServiceNotFound");
    expect((await roaError(es, create(INSTANCE, { zoneId: "cn-hangzhou-h" }))).code).toBe("MissingParam.serviceId");
  });
});

describe("the ROA protocol", () => {
  const owner = () => emu.accounts[0]!;

  /** A V3 ROA request signed by Alibaba's OpenApiUtil.getAuthorization; `tamper` runs after signing. */
  function signed(method: string, path: string, body: string, headers: Record<string, string> = {}, tamper?: (h: Record<string, string>) => void) {
    const req = new $tea.Request();
    req.method = method;
    req.pathname = path;
    req.query = {};
    req.headers = {
      host: new URL(emu.endpoint).host,
      "x-acs-version": VERSION,
      "x-acs-action": "CreateVpcEndpoint",
      "x-acs-date": OpenApiUtil.getTimestamp(),
      "x-acs-signature-nonce": randomUUID(),
      "x-acs-content-sha256": createHash("sha256").update(body).digest("hex"),
      "content-type": "application/json; charset=utf-8",
      ...headers,
    };
    req.headers.Authorization = OpenApiUtil.getAuthorization(
      req,
      "ACS3-HMAC-SHA256",
      req.headers["x-acs-content-sha256"]!,
      owner().accessKeyId,
      owner().accessKeySecret,
    );
    tamper?.(req.headers);
    return rawRequest(emu.endpoint, { method, path, headers: req.headers, body: body || undefined });
  }

  const code = (r: RawResponse) => [r.status, r.json?.Code];

  it("verifies V3 over path, query, headers and body; answers with the Elasticsearch host", async () => {
    const serviceId = await service();
    const path = `/openapi/instances/${INSTANCE}/vpc-endpoints`;
    const body = JSON.stringify({ serviceId, zoneId: "cn-hangzhou-h" });
    const ok = await signed("POST", path, body);
    expect(ok.status, ok.text).toBe(200);
    const tamperedBody = await signed("POST", path, body.replace("cn-hangzhou-h", "cn-hangzhou-i"), {}, (h) => {
      h["x-acs-content-sha256"] = createHash("sha256").update(body).digest("hex");
    });
    expect(code(tamperedBody)).toEqual([400, "SignatureDoesNotMatch"]);
    expect(tamperedBody.json.HostId).toBe("elasticsearch.cn-hangzhou.aliyuncs.com");
    const otherPath = await signed("POST", path, body, {}, () => undefined);
    expect(otherPath.status).toBe(200);
    const unsignedAction = await signed("POST", path, body, { "x-acs-action": "" }, (h) => {
      h["x-acs-action"] = "DeleteVpcEndpoint";
    });
    expect(code(unsignedAction)).toEqual([400, "SignatureDoesNotMatch"]);
  });

  it("routes on method and path: wrong method, unknown path, bad version, no V3 signature, bad JSON", async () => {
    const path = `/openapi/instances/${INSTANCE}/vpc-endpoints`;
    expect(code(await signed("PUT", path, ""))).toEqual([404, "InvalidAction.NotFound"]);
    expect(code(await signed("POST", "/openapi/instances", ""))).toEqual([404, "InvalidAction.NotFound"]);
    expect(code(await signed("POST", path, "{}", { "x-acs-version": "2020-04-15" }))).toEqual([400, "InvalidVersion"]);
    expect(code(await rawRequest(emu.endpoint, { method: "GET", path, headers: { "x-acs-version": VERSION } }))).toEqual([400, "IncompleteSignature"]);
    expect(code(await signed("POST", path, "{not json"))).toEqual([400, "InvalidParameter"]);
    expect(code(await signed("POST", path, "[1]"))).toEqual([400, "InvalidParameter"]);
    expect(code(await signed("POST", `/openapi/instances/es-%FF/vpc-endpoints`, "{}"))).toEqual([400, "IllegalParamFormat.InstanceId"]);
  });

  it("faults and counters name the operations Elasticsearch.<Action>", async () => {
    emu.setFaults("Elasticsearch.ListVpcEndpoints:throttle=1");
    expect((await roaError(es, list(INSTANCE))).code).toBe("Throttling.User");
    expect(emu.requestCounts().byAction["Elasticsearch.ListVpcEndpoints"]).toEqual({ total: 1, byOutcome: { "Throttling.User": 1 } });
    expect(() => emu.setFaults("Elasticsearch.Nope:throttle=1")).toThrow(/unknown action/);
  });
});
