// VpcEndpoint against the emulator over loopback HTTP, with the consumer's settings from the environment:
// create and wait, read, drift, in-place updates, the declared-list updates of security groups and zones,
// replacement keys, delete, validation and adoption.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as api from "../../src/api/privatelink";
import { DEBUG_ENV } from "../../src/client/debug";
import { isApiError } from "../../src/client/errors";
import { startEndpointEnv, type EndpointEnv, type State } from "./endpoint-env";

const KIND = "VpcEndpoint";
const ZONE_H = "cn-hangzhou-h";
const ZONE_I = "cn-hangzhou-i";
const POLICY = { Version: "1", Statement: [{ Effect: "Allow", Action: ["oss:List*"], Resource: ["*"], Principal: "*" }] };

let env: EndpointEnv;
let service: { serviceId: string; serviceName: string };

beforeAll(async () => {
  env = await startEndpointEnv();
});
afterAll(async () => {
  await env?.stop();
});
beforeEach(async () => {
  env.emulator.clearFaults();
  env.emulator.reset();
  env.useEnvironmentSettings();
  service = await env.makeService();
  env.emulator.resetRequestCounts();
  env.progress.length = 0;
});

function baseArgs(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    vpcId: env.seeds.vpc,
    serviceName: service.serviceName,
    securityGroupIds: [env.seeds.sg1],
    zones: [{ zoneId: ZONE_H, vSwitchId: env.seeds.vswH }],
    endpointName: "orders-ep",
    endpointDescription: "endpoint for orders",
    ...extra,
  };
}

async function live(id: string) {
  const c = env.clientAs("consumer");
  const endpoint = await api.getVpcEndpointAttribute(c, { EndpointId: id });
  const groups = (await api.listAllVpcEndpointSecurityGroups(c, { EndpointId: id })).map((g) => g.SecurityGroupId).sort();
  const zones = await api.listAllVpcEndpointZones(c, { EndpointId: id });
  return { endpoint, groups, zones };
}

async function gone(id: string): Promise<boolean> {
  try {
    await api.getVpcEndpointAttribute(env.clientAs("consumer"), { EndpointId: id });
    return false;
  } catch (error) {
    if (isApiError(error) && error.code === "EndpointNotFound") return true;
    throw error;
  }
}

describe("VpcEndpoint: create, read, delete", () => {
  it("an endpoint its create made takes its zones and groups outputs from its inputs (no list read), as refresh sees them", async () => {
    const ep = await env.up(KIND, baseArgs({ zones: undefined, securityGroupIds: [env.seeds.sg2, env.seeds.sg1] }));
    expect(env.counts().ListVpcEndpointZones ?? 0).toBe(0);
    expect(env.counts().ListVpcEndpointSecurityGroups ?? 0).toBe(0);
    expect(ep.outputs.endpointZones).toEqual([]);
    expect(ep.outputs.attachedSecurityGroupIds).toEqual([env.seeds.sg1, env.seeds.sg2].sort());
    const refreshed = await env.refresh(KIND, ep);
    expect(refreshed!.outputs.endpointZones).toEqual(ep.outputs.endpointZones);
    expect(refreshed!.outputs.attachedSecurityGroupIds).toEqual(ep.outputs.attachedSecurityGroupIds);
  });

  it("creates by service name with settings from the environment, waits for Active, does not wait for acceptance", async () => {
    const ep = await env.up(KIND, baseArgs({ tags: { app: "orders" }, policyDocument: POLICY }));
    expect(ep.id).toMatch(/^ep-[a-z0-9]{20}$/);
    const o = ep.outputs;
    expect(o.endpointId).toBe(ep.id);
    expect(o.endpointStatus).toBe("Active");
    expect(o.connectionStatus).toBe("Disconnected"); // the owner has not accepted; create does not wait for it
    expect(o.serviceId).toBe(service.serviceId); // resolved from the name
    expect(o.serviceName).toBe(service.serviceName);
    expect(o.endpointDomain).toContain(ep.id);
    expect(o.endpointBusinessStatus).toBe("Normal");
    expect(typeof o.bandwidth).toBe("number");
    expect(o.regionId).toBe(env.emulator.regionId);
    expect(o.createTime).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(o.attachedSecurityGroupIds).toEqual([env.seeds.sg1]);
    expect(o.securityGroupIds).toEqual([env.seeds.sg1]);
    expect(o.endpointZones).toHaveLength(1);
    expect(o.endpointZones[0]).toMatchObject({ zoneId: ZONE_H, vSwitchId: env.seeds.vswH, zoneStatus: "Wait" });
    expect(o.endpointZones[0].eniId).toMatch(/^eni-/);
    expect(o.endpointZones[0].eniIp).toMatch(/^172\.16\.1\./);
    expect(o.endpointName).toBe("orders-ep");
    expect(JSON.stringify(o)).not.toMatch(/undefined/);
    expect(env.progress.some((l) => l.startsWith(`VpcEndpoint ${ep.id}`))).toBe(true);

    const l = await live(ep.id);
    expect(l.endpoint.EndpointStatus).toBe("Active");
    expect(JSON.parse((l.endpoint as any).PolicyDocument)).toEqual(POLICY);
    // Settings came from the environment: the endpoint belongs to the consumer account.
    const objects = env.emulator.world.describeObjects() as any;
    expect(objects.endpoints[0].OwnerId).toBe(Number(env.consumer.accountId));
    // The declared tag, and the ownership tag that carries the create token.
    expect(objects.endpoints[0].Tags).toEqual([
      { Key: "app", Value: "orders" },
      { Key: "pulumi-privatelink:create-token", Value: ep.inputs.createToken },
    ]);
  });

  it("creates by service ID with a requested interface address", async () => {
    const ep = await env.up(
      KIND,
      baseArgs({ serviceName: undefined, serviceId: service.serviceId, zones: [{ zoneId: ZONE_H, vSwitchId: env.seeds.vswH, ip: "172.16.1.77" }] }),
    );
    expect(ep.outputs.serviceName).toBe(service.serviceName);
    expect(ep.outputs.endpointZones[0].eniIp).toBe("172.16.1.77");
  });

  it("read reports the live object; a second up with the same inputs makes no write call", async () => {
    const ep = await env.up(KIND, baseArgs());
    const r = await env.refresh(KIND, ep);
    expect(r!.id).toBe(ep.id);
    expect(r!.outputs.endpointName).toBe("orders-ep");
    expect(r!.outputs.securityGroupIds).toEqual([env.seeds.sg1]);
    expect(r!.outputs.zones).toEqual([{ zoneId: ZONE_H, vSwitchId: env.seeds.vswH }]);
    expect(r!.outputs.incompleteOperation).toBeUndefined();
    env.emulator.resetRequestCounts();
    const again = await env.up(KIND, baseArgs(), r!);
    expect(again.diff!.changes).toBe(false);
    expect(env.writes()).toEqual([]);
  });

  it("serviceId instead of serviceName for the same service, and a reordered policy text, are not changes", async () => {
    const ep = await env.up(KIND, baseArgs({ policyDocument: POLICY }));
    const p = env.provider(KIND);
    const reordered = JSON.stringify({ Statement: POLICY.Statement, Version: "1" });
    const checked = await p.check(ep.inputs, {
      ...baseArgs({ serviceName: undefined, serviceId: service.serviceId, policyDocument: reordered }),
      __provider: ep.outputs.__provider,
    });
    expect(checked.failures).toEqual([]);
    const d = await p.diff(ep.id, ep.outputs, checked.inputs);
    expect(d.changes).toBe(false);
  });

  it("deletes and waits until gone; deleting again (already gone) succeeds", async () => {
    const ep = await env.up(KIND, baseArgs());
    await env.destroy(KIND, ep);
    expect(await gone(ep.id)).toBe(true);
    expect(env.counts().DeleteVpcEndpoint).toBe(1);
    await expect(env.destroy(KIND, ep)).resolves.toBeUndefined();
    expect(await env.refresh(KIND, ep)).toBeUndefined();
  });

  it("delete retries while the endpoint is busy (state conflict) instead of failing; the debug log has each decision", async () => {
    const ep = await env.up(KIND, baseArgs());
    // Put the endpoint in Pending (as an attribute update does) right before the delete.
    await api.updateVpcEndpointAttribute(env.clientAs("consumer"), { EndpointId: ep.id, EndpointName: "busy-ep", EndpointDescription: "busy endpoint" });
    const log = path.join(mkdtempSync(path.join(tmpdir(), "plk-debug-")), "debug.log");
    process.env[DEBUG_ENV] = log;
    try {
      await env.destroy(KIND, ep);
    } finally {
      delete process.env[DEBUG_ENV];
    }
    expect(await gone(ep.id)).toBe(true);
    const denied = env.emulator.requestCounts().byAction.DeleteVpcEndpoint!.byOutcome.EndpointOperationDenied ?? 0;
    expect(denied).toBeGreaterThanOrEqual(1);
    const text = readFileSync(log, "utf8");
    expect(text).toMatch(/call action=DeleteVpcEndpoint attempt=1 status=\d+ code=EndpointOperationDenied requestId=\S+/);
    const decisions =
      text.match(/retry subject="VpcEndpoint ep-\w+" attempt=\d+ code=EndpointOperationDenied decision=retry delayMs=\d+ reason="state conflict"/g) ?? [];
    expect(decisions).toHaveLength(denied);
  });
});

describe("VpcEndpoint: updates", () => {
  it("updates name and description in place through UpdateVpcEndpointAttribute", async () => {
    const ep = await env.up(KIND, baseArgs());
    env.emulator.resetRequestCounts();
    const u = await env.up(KIND, baseArgs({ endpointName: "orders-ep-2", endpointDescription: "renamed endpoint" }), ep);
    expect(u.diff!.replaces).toEqual([]);
    expect(u.id).toBe(ep.id);
    expect(env.counts().UpdateVpcEndpointAttribute).toBe(1);
    expect(env.writes()).toEqual(["UpdateVpcEndpointAttribute"]);
    const l = await live(ep.id);
    expect([l.endpoint.EndpointName, l.endpoint.EndpointDescription, l.endpoint.EndpointStatus]).toEqual(["orders-ep-2", "renamed endpoint", "Active"]);
    expect(u.outputs.endpointName).toBe("orders-ep-2");
  });

  it("renaming an endpoint that has no description sends the name alone (the current API takes them apart)", async () => {
    const ep = await env.up(KIND, baseArgs({ endpointDescription: undefined }));
    env.emulator.resetRequestCounts();
    await env.up(KIND, baseArgs({ endpointName: "renamed", endpointDescription: undefined }), ep);
    expect(env.writes()).toEqual(["UpdateVpcEndpointAttribute"]);
    expect((await live(ep.id)).endpoint).toMatchObject({ EndpointName: "renamed", EndpointDescription: "" });
  });

  it("securityGroupIds: attaches the added group before detaching the removed one", async () => {
    const ep = await env.up(KIND, baseArgs());
    env.emulator.resetRequestCounts();
    const u = await env.up(KIND, baseArgs({ securityGroupIds: [env.seeds.sg2] }), ep);
    expect(u.diff!.replaces).toEqual([]);
    expect(env.counts().AttachSecurityGroupToVpcEndpoint).toBe(1);
    expect(env.counts().DetachSecurityGroupFromVpcEndpoint).toBe(1);
    expect((await live(ep.id)).groups).toEqual([env.seeds.sg2]);
    expect(u.outputs.attachedSecurityGroupIds).toEqual([env.seeds.sg2]);
    expect(u.outputs.endpointStatus).toBe("Active");
  });

  it("zones: adds and removes only the difference of the declared list", async () => {
    const ep = await env.up(KIND, baseArgs());
    env.emulator.resetRequestCounts();
    const u = await env.up(KIND, baseArgs({ zones: [{ zoneId: ZONE_I, vSwitchId: env.seeds.vswI }] }), ep);
    expect(u.diff!.replaces).toEqual([]);
    expect(env.counts().AddZoneToVpcEndpoint).toBe(1);
    expect(env.counts().RemoveZoneFromVpcEndpoint).toBe(1);
    const l = await live(ep.id);
    expect(l.zones.map((z) => [z.ZoneId, z.ZoneStatus])).toEqual([[ZONE_I, "Wait"]]);
    expect(u.outputs.endpointZones.map((z: any) => z.zoneId)).toEqual([ZONE_I]);
  });

  it("zones: a zone added later takes its requested address; a changed address re-creates that zone's interface", async () => {
    const ep = await env.up(KIND, baseArgs());
    env.emulator.resetRequestCounts();
    const withI = await env.up(
      KIND,
      baseArgs({
        zones: [
          { zoneId: ZONE_H, vSwitchId: env.seeds.vswH },
          { zoneId: ZONE_I, vSwitchId: env.seeds.vswI, ip: "172.16.2.50" },
        ],
      }),
      ep,
    );
    expect(withI.diff!.replaces).toEqual([]);
    expect((await live(ep.id)).zones.find((z) => z.ZoneId === ZONE_I)!.EniIp).toBe("172.16.2.50");
    expect(env.counts()).toMatchObject({ AddZoneToVpcEndpoint: 1 });

    env.emulator.resetRequestCounts();
    const moved = await env.up(
      KIND,
      baseArgs({
        zones: [
          { zoneId: ZONE_H, vSwitchId: env.seeds.vswH },
          { zoneId: ZONE_I, vSwitchId: env.seeds.vswI, ip: "172.16.2.60" },
        ],
      }),
      withI,
    );
    expect(moved.id).toBe(ep.id);
    expect(env.counts()).toMatchObject({ RemoveZoneFromVpcEndpoint: 1, AddZoneToVpcEndpoint: 1 });
    expect((await live(ep.id)).zones.find((z) => z.ZoneId === ZONE_I)!.EniIp).toBe("172.16.2.60");
    expect(moved.outputs.endpointZones.find((z: any) => z.zoneId === ZONE_I).eniIp).toBe("172.16.2.60");

    // A requested address the vSwitch does not have: the API's refusal names it.
    await expect(
      env.up(
        KIND,
        baseArgs({
          zones: [
            { zoneId: ZONE_H, vSwitchId: env.seeds.vswH },
            { zoneId: ZONE_I, vSwitchId: env.seeds.vswI, ip: "10.9.9.9" },
          ],
        }),
        moved,
      ),
    ).rejects.toThrow(/IllegalParam\.Ip/);
  });

  it("lists the replacement keys of create-only fields only", async () => {
    const ep = await env.up(KIND, baseArgs({ tags: { a: "1" } }));
    const d = await env.provider(KIND).diff(ep.id, ep.outputs, {
      ...ep.inputs,
      vpcId: "vpc-other",
      tags: { a: "2" },
      policyDocument: POLICY,
      zoneAffinityEnabled: true,
      endpointName: "still-in-place",
    });
    // Only what the API cannot change replaces: tags, the policy and zone affinity change in place.
    expect(d.replaces).toEqual(["vpcId"]);
    expect(d.deleteBeforeReplace).toBe(false);
    const byService = await env.provider(KIND).diff(ep.id, ep.outputs, { ...ep.inputs, serviceName: "com.aliyuncs.privatelink.cn-hangzhou.epsrv-other" });
    expect(byService.replaces).toEqual(["serviceName"]);
  });
});

describe("VpcEndpoint: drift", () => {
  it("a name changed out of band: read reports it, diff shows an in-place change, update corrects it", async () => {
    let ep = await env.up(KIND, baseArgs());
    env.emulator.world.patchObject("endpoint", ep.id, { EndpointName: "hand-edited" });
    const r = await env.refresh(KIND, ep);
    expect(r!.outputs.endpointName).toBe("hand-edited");
    const d = await env.provider(KIND).diff(ep.id, r!.outputs, { ...ep.inputs });
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual([]);
    ep = await env.up(KIND, baseArgs(), r!);
    expect((await live(ep.id)).endpoint.EndpointName).toBe("orders-ep");
  });

  it("a declared group detached and a declared zone removed out of band come back; extra ones are left alone", async () => {
    let ep = await env.up(KIND, baseArgs());
    const c = env.clientAs("consumer");
    // Out of band: an extra group and an extra zone (not declared), and the declared ones removed.
    await api.attachSecurityGroupToVpcEndpoint(c, { EndpointId: ep.id, SecurityGroupId: env.seeds.sg2 });
    env.emulator.world.patchObject("endpoint", ep.id, { EndpointStatus: "Active" });
    env.emulator.world.deleteObject("securityGroupAttachment", `${ep.id}:${env.seeds.sg1}`);
    env.emulator.world.deleteObject("zone", `${ep.id}:${ZONE_H}`);
    await api.addZoneToVpcEndpoint(c, { EndpointId: ep.id, ZoneId: ZONE_I, VSwitchId: env.seeds.vswI });

    const r = await env.refresh(KIND, ep);
    expect(r!.outputs.securityGroupIds).toEqual([]);
    expect(r!.outputs.attachedSecurityGroupIds).toEqual([env.seeds.sg2]);
    expect(r!.outputs.zones).toEqual([]);
    expect(r!.outputs.endpointZones.map((z: any) => z.zoneId)).toEqual([ZONE_I]);
    const d = await env.provider(KIND).diff(ep.id, r!.outputs, { ...ep.inputs });
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual([]);

    env.emulator.resetRequestCounts();
    ep = await env.up(KIND, baseArgs(), r!);
    expect(env.counts().DetachSecurityGroupFromVpcEndpoint ?? 0).toBe(0);
    expect(env.counts().RemoveZoneFromVpcEndpoint ?? 0).toBe(0);
    const l = await live(ep.id);
    expect(l.groups).toEqual([env.seeds.sg1, env.seeds.sg2].sort());
    expect(l.zones.map((z) => z.ZoneId).sort()).toEqual([ZONE_H, ZONE_I]);
    const again = await env.refresh(KIND, ep);
    expect((await env.provider(KIND).diff(ep.id, again!.outputs, { ...ep.inputs })).changes).toBe(false);
  });

  it("an endpoint deleted out of band: read reports it gone", async () => {
    const ep = await env.up(KIND, baseArgs());
    env.emulator.world.deleteObject("endpoint", ep.id);
    expect(await env.refresh(KIND, ep)).toBeUndefined();
  });
});

describe("VpcEndpoint: validation", () => {
  async function failures(args: Record<string, unknown>) {
    const r = await env.provider(KIND).check({}, { ...args, __provider: "x" });
    return r.failures ?? [];
  }

  it("names the field of each failure", async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [baseArgs({ serviceId: "epsrv-x" }), "serviceId", /exactly one of serviceId and serviceName/],
      [baseArgs({ serviceName: undefined }), "serviceId", /one of serviceId and serviceName is required/],
      [baseArgs({ vpcId: undefined }), "vpcId", /vpcId is required/],
      [baseArgs({ endpointName: "1-starts-with-digit" }), "endpointName", /endpointName must match the rule/],
      [baseArgs({ endpointDescription: "https://example.com" }), "endpointDescription", /must not start with "https:\/\/"/],
      [baseArgs({ securityGroupIds: [] }), "securityGroupIds", /at least one security group/],
      [baseArgs({ endpointType: "GatewayLoadBalancer" }), "securityGroupIds", /must be empty for a GatewayLoadBalancer/],
      [
        baseArgs({
          zones: [
            { zoneId: ZONE_H, vSwitchId: env.seeds.vswH },
            { zoneId: ZONE_H, vSwitchId: env.seeds.vswH },
          ],
        }),
        "zones[1].zoneId",
        /listed twice/,
      ],
      [baseArgs({ zones: [{ zoneId: ZONE_H, vSwitchId: env.seeds.vswH, ipv6Address: "2408::1" }] }), "zones[0].ipv6Address", /DualStack/],
      [baseArgs({ zones: [{ zoneId: ZONE_H }] }), "zones[0].vSwitchId", /is required/],
      [baseArgs({ zonePrivateIpAddressCount: 2 }), "zonePrivateIpAddressCount", /must be one of 1/],
      [baseArgs({ policyDocument: "{not json" }), "policyDocument", /valid JSON/],
      [baseArgs({ addressIpVersion: "IPv6" }), "addressIpVersion", /must be one of/],
      [baseArgs({ securityGroupId: "sg-typo" }), "securityGroupId", /not an input/],
    ];
    for (const [args, property, reason] of cases) {
      const f = await failures(args);
      expect(
        f.map((x) => x.property),
        JSON.stringify(args),
      ).toContain(property);
      expect(f.find((x) => x.property === property)!.reason).toMatch(reason);
    }
    expect(await failures(baseArgs())).toEqual([]);
  });

  it("unknown values during preview are not validated", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect(await failures(baseArgs({ serviceName: unknown, securityGroupIds: unknown, zones: unknown }))).toEqual([]);
  });

  it("an API refusal surfaces with its code and creates nothing", async () => {
    await expect(env.up(KIND, baseArgs({ securityGroupIds: [env.seeds.sg1, env.seeds.sgEnterprise] }))).rejects.toThrow(
      /SecurityGroupTypeOnlySingleTypeSupporteded/,
    );
    expect((env.emulator.world.describeObjects() as any).endpoints).toEqual([]);
  });
});

describe("VpcEndpoint: adoption", () => {
  async function createDirectly(name: string): Promise<string> {
    const c = env.clientAs("consumer");
    const r = await api.createVpcEndpoint(c, {
      VpcId: env.seeds.vpc,
      ServiceId: service.serviceId,
      SecurityGroupId: [env.seeds.sg1],
      Zone: [{ ZoneId: ZONE_H, VSwitchId: env.seeds.vswH }],
      EndpointName: name,
    });
    return r.EndpointId;
  }

  it("adopts an existing endpoint by ID when it matches the declared inputs, without creating one", async () => {
    const id = await createDirectly("orders-ep");
    env.emulator.resetRequestCounts();
    const ep: State = await env.up(KIND, baseArgs({ adoptExistingId: id, endpointDescription: undefined }));
    expect(ep.id).toBe(id);
    expect(env.counts().CreateVpcEndpoint ?? 0).toBe(0);
    expect(ep.outputs.endpointStatus).toBe("Active");
    expect(env.progress.some((l) => l.includes("adopted"))).toBe(true);
  });

  it("refuses to adopt an endpoint that differs from the declaration, naming the field", async () => {
    const id = await createDirectly("other-name");
    await expect(env.up(KIND, baseArgs({ adoptExistingId: id }))).rejects.toThrow(/endpointName: declared "orders-ep", the cloud has "other-name"/);
    await expect(env.up(KIND, baseArgs({ adoptExistingId: "ep-doesnotexist000000000" }))).rejects.toThrow(/does not exist/);
  });
});
