import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACCOUNTS } from "../../src/emulator/accounts";
import { admin, rawRequest, startFake, v1Request, type FakeWorld } from "./protocol-helpers";
import type { RunningEmulator } from "../../src/emulator/server";

const owner = DEFAULT_ACCOUNTS[0]!;

describe("admin API", () => {
  let emu: RunningEmulator<FakeWorld>;
  beforeAll(async () => {
    emu = await startFake({ timeScale: 0 });
  });
  afterAll(async () => {
    await emu.stop();
  });

  it("GET /health", async () => {
    const r = await admin(emu, "GET", "/health");
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("application/json;charset=utf-8");
    expect(r.json).toMatchObject({ status: "ok", apiVersion: "2020-04-15", regionId: "cn-hangzhou", timeScale: 0 });
    expect((await admin(emu, "POST", "/health")).status).toBe(405);
  });

  it("GET /accounts lists the default owner and consumer accounts", async () => {
    const r = await admin(emu, "GET", "/accounts");
    expect(r.json.accounts.map((a: { name: string }) => a.name)).toEqual(["owner", "consumer"]);
    expect(r.json.accounts[0]).toEqual({ name: "owner", accountId: owner.accountId, accessKeyId: owner.accessKeyId, accessKeySecret: owner.accessKeySecret });
    for (const a of r.json.accounts) expect(a.accountId).toMatch(/^\d{16}$/);
  });

  it("GET /inventory and POST /inventory/{kind}", async () => {
    const add = await admin(emu, "POST", "/inventory/vpc", { id: "vpc-extra", cidr: "10.9.0.0/16" });
    expect(add.status).toBe(201);
    expect(add.json).toEqual({ id: "vpc-extra", cidr: "10.9.0.0/16" });
    const inv = await admin(emu, "GET", "/inventory");
    expect(inv.json.vpc).toContainEqual({ id: "vpc-extra", cidr: "10.9.0.0/16" });
    expect((await admin(emu, "POST", "/inventory/planet", { id: "x" })).status).toBe(404);
    expect((await admin(emu, "POST", "/inventory/vpc", { cidr: "x" })).status).toBe(400);
    expect((await admin(emu, "POST", "/inventory/vpc", "{broken")).json.error.code).toBe("InvalidJson");
    expect((await admin(emu, "POST", "/inventory/vpc", "[1]")).status).toBe(400);
  });

  it("GET /state, PATCH and DELETE /objects/{kind}/{id} (drift), with URL-encoded ids", async () => {
    const c = await v1Request(emu.endpoint, { action: "CreateVpcEndpoint", params: { VpcId: "v" }, account: owner });
    const id = c.json.EndpointId as string;
    const state = await admin(emu, "GET", "/state");
    expect(state.json.endpoints.map((e: { EndpointId: string }) => e.EndpointId)).toContain(id);
    const patch = await admin(emu, "PATCH", `/objects/endpoint/${encodeURIComponent(id)}`, { EndpointName: "drifted" });
    expect(patch.status).toBe(200);
    expect(patch.json.EndpointName).toBe("drifted");
    const get = await v1Request(emu.endpoint, { action: "GetVpcEndpointAttribute", params: { EndpointId: id }, account: owner });
    expect(get.json.EndpointName).toBe("drifted");
    expect((await admin(emu, "PATCH", `/objects/endpoint/${encodeURIComponent("ep-a:b")}`, {})).status).toBe(404);
    expect((await admin(emu, "DELETE", `/objects/endpoint/${id}`)).status).toBe(200);
    expect((await admin(emu, "DELETE", `/objects/endpoint/${id}`)).status).toBe(404);
    expect((await admin(emu, "GET", `/objects/endpoint/${id}`)).status).toBe(405);
    expect((await admin(emu, "DELETE", `/objects/endpoint`)).status).toBe(404);
  });

  it("POST /reset clears the world and the idempotency records", async () => {
    const a = await v1Request(emu.endpoint, { action: "CreateVpcEndpoint", params: { VpcId: "v", ClientToken: "reset-tok" }, account: owner });
    expect((await admin(emu, "POST", "/reset")).json).toEqual({ reset: true });
    expect(emu.world.endpoints.size).toBe(0);
    const b = await v1Request(emu.endpoint, { action: "CreateVpcEndpoint", params: { VpcId: "v", ClientToken: "reset-tok" }, account: owner });
    expect(b.json.EndpointId).not.toBe(a.json.EndpointId);
    expect(emu.world.endpoints.size).toBe(1);
  });

  it("GET/PUT/DELETE /faults with SPEC text and JSON; bad specs are 400", async () => {
    expect((await admin(emu, "GET", "/faults")).json.spec).toBe("");
    const put = await admin(emu, "PUT", "/faults", "ListVpcEndpoints:throttle=1;stuck=endpoint:Creating");
    expect(put.status).toBe(200);
    expect(put.json.spec).toBe("ListVpcEndpoints:throttle=1;stuck=endpoint:Creating");
    expect((await v1Request(emu.endpoint, { action: "ListVpcEndpoints", account: owner })).json.Code).toBe("Throttling.User");
    const putJson = await admin(emu, "PUT", "/faults", { rules: { "*": { latency: [1, 2] } }, seed: 9 });
    expect(putJson.json).toMatchObject({ spec: "*:latency=1-2;seed=9", seed: "9" });
    const putString = await admin(emu, "PUT", "/faults", JSON.stringify("CreateVpcEndpoint:lost=0.5"));
    expect(putString.json.spec).toBe("CreateVpcEndpoint:lost=0.5");
    const bad = await admin(emu, "PUT", "/faults", "Nope:throttle=1");
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("InvalidFaultSpec");
    expect(bad.json.error.message).toMatch(/unknown action/);
    expect((await admin(emu, "GET", "/faults")).json.spec).toBe("CreateVpcEndpoint:lost=0.5");
    expect((await admin(emu, "DELETE", "/faults")).json.spec).toBe("");
    expect((await admin(emu, "POST", "/faults", "")).status).toBe(405);
  });

  it("GET and DELETE /requests", async () => {
    await admin(emu, "DELETE", "/requests");
    const before = Date.now();
    await v1Request(emu.endpoint, { action: "ListVpcEndpoints", account: owner });
    const afterFirst = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await v1Request(emu.endpoint, { action: "ListVpcEndpointServices", account: owner });
    const r = await admin(emu, "GET", "/requests");
    expect(r.json.byAction.ListVpcEndpoints.total).toBe(1);
    // When the first counted request was answered: during the first call, not the second.
    expect(r.json.firstAt).toBeGreaterThanOrEqual(before);
    expect(r.json.firstAt).toBeLessThanOrEqual(afterFirst);
    const d = await admin(emu, "DELETE", "/requests");
    expect(d.json).toEqual({ total: 0, byAction: {} });
    expect((await admin(emu, "GET", "/requests")).json.total).toBe(0);
  });

  it("unknown admin paths are 404 with a hint; admin calls are not counted as API requests", async () => {
    const r = await admin(emu, "GET", "/nope");
    expect(r.status).toBe(404);
    expect(r.json.error.message).toMatch(/health/);
    expect((await rawRequest(emu.endpoint, { path: "/_emulator", headers: { "x-emulator-admin-token": emu.adminToken } })).status).toBe(404);
    expect((await admin(emu, "GET", "/%E0%A4%A")).status).toBe(400);
    expect(emu.requestCounts().total).toBe(0);
  });
});

describe("admin API against the real World", () => {
  it("drifts a connection whose id contains ':' (URL-encoded), adds inventory, resets", async () => {
    const { startEmulator } = await import("../../src/emulator/index");
    const emu = await startEmulator({ timeScale: 0 });
    try {
      const [o, c] = emu.accounts as [typeof owner, typeof owner];
      const inv = (await admin(emu, "GET", "/inventory")).json;
      const lb = inv.loadBalancers.find((l: any) => l.ownerId === o.accountId && l.regionId === "cn-hangzhou" && l.type === "slb" && l.privateLinkEnabled);
      const vpc = inv.vpcs.find((v: any) => v.ownerId === c.accountId && v.regionId === "cn-hangzhou" && !v.ipv6CidrBlock);
      const vsw = inv.vswitches.find((s: any) => s.vpcId === vpc.id && s.status === "Available");
      const sg = inv.securityGroups.find((g: any) => g.vpcId === vpc.id && g.type === "normal");
      const svc = await v1Request(emu.endpoint, {
        action: "CreateVpcEndpointService",
        params: { RegionId: "cn-hangzhou", "Resource.1.ResourceId": lb.id, "Resource.1.ResourceType": "slb" },
        account: o,
      });
      expect(svc.status).toBe(200);
      await v1Request(emu.endpoint, {
        action: "AddUserToVpcEndpointService",
        params: { RegionId: "cn-hangzhou", ServiceId: svc.json.ServiceId, UserId: c.accountId },
        account: o,
      });
      const ep = await v1Request(emu.endpoint, {
        action: "CreateVpcEndpoint",
        params: {
          RegionId: "cn-hangzhou",
          VpcId: vpc.id,
          ServiceId: svc.json.ServiceId,
          "SecurityGroupId.1": sg.id,
          "Zone.1.VSwitchId": vsw.id,
          "Zone.1.ZoneId": vsw.zoneId,
        },
        account: c,
      });
      expect(ep.status).toBe(200);
      const state = (await admin(emu, "GET", "/state")).json;
      const connId = state.connections[0].Id as string;
      expect(connId).toContain(":");
      const patched = await admin(emu, "PATCH", `/objects/connection/${encodeURIComponent(connId)}`, { Bandwidth: 2048 });
      expect(patched.status).toBe(200);
      const list = await v1Request(emu.endpoint, {
        action: "ListVpcEndpointConnections",
        params: { RegionId: "cn-hangzhou", ServiceId: svc.json.ServiceId },
        account: o,
      });
      expect(Number(list.json.Connections[0].Bandwidth)).toBe(2048);
      expect((await admin(emu, "PATCH", `/objects/connection/${encodeURIComponent(connId)}`, { Nope: 1 })).status).toBe(400);
      expect((await admin(emu, "PATCH", "/objects/endpoint/ep-none", { EndpointName: "x" })).status).toBe(404);
      const added = await admin(emu, "POST", "/inventory/vpc", {
        id: "vpc-added0000000000001",
        regionId: "cn-hangzhou",
        ownerId: c.accountId,
        cidrBlock: "10.77.0.0/16",
      });
      expect(added.status, JSON.stringify(added.json)).toBe(201);
      expect((await admin(emu, "GET", "/inventory")).json.vpcs.map((v: any) => v.id)).toContain("vpc-added0000000000001");
      expect((await admin(emu, "POST", "/reset")).status).toBe(200);
      expect((await admin(emu, "GET", "/state")).json.endpoints).toEqual([]);
    } finally {
      await emu.stop();
    }
  });
});
