// The service-owner resources against the emulator over loopback HTTP: every lifecycle path, drift, resume after
// a transition that never finishes, timeouts, concurrency, validation, lost replies and throttling.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as api from "../../src/api/privatelink";
import { clientAs as clientAsAccount } from "../helpers/emulator-clients";
import { startLifecycleEnv, type LifecycleEnv, type ResourceState } from "../helpers/lifecycle-env";

const LB_H = "lb-hzowner0000000000001";
const LB_I = "lb-hzowner0000000000002";
const LB_NO_PRIVATELINK = "lb-hzowner0000000000003";
const NLB = "nlb-hzowner0000000000001";

let env: LifecycleEnv;

const clientAs = (account: "owner" | "consumer") => clientAsAccount(env.emulator, account);

async function services() {
  return api.listAllVpcEndpointServices(clientAs("owner"), {});
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

describe("VpcEndpointService", () => {
  it("creates, waits for Active, reports outputs and prints progress", async () => {
    const s = await env.up("VpcEndpointService", { serviceDescription: "orders", resources: [{ resourceId: LB_H }], tags: { app: "orders" } });
    expect(s.id).toMatch(/^epsrv-[a-z0-9]{20}$/);
    expect(s.outputs.serviceStatus).toBe("Active");
    expect(s.outputs.serviceName).toBe(`com.aliyuncs.privatelink.${env.emulator.regionId}.${s.id}`);
    expect(s.outputs.zones).toEqual(["cn-hangzhou-h"]);
    expect(s.outputs.attachedResources.map((r: any) => r.resourceId)).toEqual([LB_H]);
    expect(s.outputs.autoAcceptEnabled).toBe(false);
    expect(env.progress.some((l) => l.startsWith(`VpcEndpointService ${s.id}: `))).toBe(true);
    expect(JSON.stringify(s.outputs)).not.toMatch(/undefined/);
  });

  it("a second up with the same inputs changes nothing and calls no write API", async () => {
    const s = await env.up("VpcEndpointService", { serviceDescription: "orders" });
    env.emulator.resetRequestCounts();
    const again = await env.up("VpcEndpointService", { serviceDescription: "orders" }, s);
    expect(again.diff.changes).toBe(false);
    expect(Object.keys(env.counts()).filter((a) => !/^(Get|List|Describe)/.test(a))).toEqual([]);
  });

  it("updates in place only the changed fields, through UpdateVpcEndpointServiceAttribute", async () => {
    const s = await env.up("VpcEndpointService", { serviceDescription: "a", connectBandwidth: 1024 });
    env.emulator.resetRequestCounts();
    const u = await env.up("VpcEndpointService", { serviceDescription: "b", connectBandwidth: 500, autoAcceptEnabled: true }, s);
    expect(u.diff.replaces).toEqual([]);
    expect(u.id).toBe(s.id);
    expect(env.counts().UpdateVpcEndpointServiceAttribute).toBe(1);
    const live = await api.getVpcEndpointServiceAttribute(clientAs("owner"), { ServiceId: s.id });
    expect([live.ServiceDescription, live.ConnectBandwidth, live.AutoAcceptEnabled]).toEqual(["b", 500, true]);
  });

  it("lists replacement keys for create-only fields only (tags change in place)", async () => {
    const s = await env.up("VpcEndpointService", { tags: { a: "1" } });
    const d = await env.provider("VpcEndpointService").diff(s.id, s.outputs, { ...s.inputs, tags: { a: "2" }, payer: "EndpointService" });
    expect(d.replaces).toEqual(["payer"]);
    expect(d.deleteBeforeReplace).toBe(false);
  });

  it("drift: a change out of band is read by refresh, shown by diff and corrected by update", async () => {
    const s = await env.up("VpcEndpointService", { serviceDescription: "declared", autoAcceptEnabled: false });
    env.emulator.world.patchObject("service", s.id, { ServiceDescription: "changed by hand", AutoAcceptEnabled: true });
    const refreshed = (await env.refresh("VpcEndpointService", s))!;
    expect(refreshed.outputs.serviceDescription).toBe("changed by hand");
    expect(refreshed.inputs.autoAcceptEnabled).toBe(true);
    const corrected = await env.up("VpcEndpointService", { serviceDescription: "declared", autoAcceptEnabled: false }, refreshed);
    expect(corrected.diff.changes).toBe(true);
    expect(corrected.diff.replaces).toEqual([]);
    const live = await api.getVpcEndpointServiceAttribute(clientAs("owner"), { ServiceId: s.id });
    expect([live.ServiceDescription, live.AutoAcceptEnabled]).toEqual(["declared", false]);
  });

  it("drift: a declared resource detached out of band is re-attached", async () => {
    const s = await env.up("VpcEndpointService", { resources: [{ resourceId: LB_H }, { resourceId: LB_I }] });
    env.emulator.world.deleteObject("serviceResource", `${s.id}:${LB_I}`);
    const refreshed = (await env.refresh("VpcEndpointService", s))!;
    expect(refreshed.inputs.resources).toEqual([{ resourceId: LB_H }]);
    const corrected = await env.up("VpcEndpointService", { resources: [{ resourceId: LB_H }, { resourceId: LB_I }] }, refreshed);
    expect(corrected.outputs.attachedResources.map((r: any) => r.resourceId).sort()).toEqual([LB_H, LB_I]);
  });

  it("an object deleted out of band is dropped by refresh", async () => {
    const s = await env.up("VpcEndpointService", {});
    env.emulator.world.deleteObject("service", s.id);
    expect(await env.refresh("VpcEndpointService", s)).toBeUndefined();
  });

  it("a create whose transition never finishes keeps the object (init error) and the next up resumes it", async () => {
    env.emulator.setFaults("stuck=service:Creating");
    const error = await env.up("VpcEndpointService", { serviceDescription: "slow", timeouts: { create: "2s" } }).catch((e) => e);
    expect(error.message).toMatch(
      /^VpcEndpointService epsrv-\w+ exists but did not reach ServiceStatus Active within 2s; last status Creating.*\. The next `pulumi up` resumes waiting on it \(it will not create another\)\.$/,
    );
    expect(error.id).toMatch(/^epsrv-/);
    // The engine shows the reasons: the one reason is the whole message, hint included.
    expect(error.reasons).toEqual([error.message]);
    expect(error.properties.__provider).toBe("provider-code-v1");
    expect(error.properties.incompleteOperation).toBe("create");
    expect((await services()).map((x) => x.ServiceId)).toEqual([error.id]);

    env.emulator.clearFaults();
    const state: ResourceState = { id: error.id, inputs: {}, outputs: error.properties };
    const resumed = await env.up("VpcEndpointService", { serviceDescription: "slow", timeouts: { create: "2s" } }, state);
    expect(resumed.id).toBe(error.id);
    expect(resumed.outputs.serviceStatus).toBe("Active");
    expect(resumed.outputs.incompleteOperation).toBeUndefined();
    expect(await services()).toHaveLength(1);
  });

  it("delete detaches the resources the service declared itself", async () => {
    const s = await env.up("VpcEndpointService", { resources: [{ resourceId: LB_H }, { resourceId: LB_I }] });
    await env.destroy("VpcEndpointService", s);
    expect(await services()).toEqual([]);
  });

  it("a delete blocked by resources attached elsewhere names them; forceDelete detaches them and deletes", async () => {
    const s = await env.up("VpcEndpointService", { resources: [{ resourceId: LB_H }] });
    await api.attachResourceToVpcEndpointService(clientAs("owner"), { ServiceId: s.id, ResourceId: LB_I, ResourceType: "slb" });
    await expect(env.destroy("VpcEndpointService", s)).rejects.toThrow(
      new RegExp(`${s.id} cannot be deleted while it has service resources ${LB_I} \\(slb\\).*forceDelete: true`),
    );
    const forced = await env.up("VpcEndpointService", { resources: [{ resourceId: LB_H }], forceDelete: true }, s);
    await env.destroy("VpcEndpointService", forced);
    expect(await services()).toEqual([]);
  });

  it("deleting an object that is already gone succeeds", async () => {
    const s = await env.up("VpcEndpointService", {});
    env.emulator.world.deleteObject("service", s.id);
    await expect(env.destroy("VpcEndpointService", s)).resolves.toBeUndefined();
  });

  it("a change of provider code alone is a change (reaches the state) but makes no API call", async () => {
    const s = await env.up("VpcEndpointService", { serviceDescription: "x" });
    env.emulator.resetRequestCounts();
    const u = await env.up("VpcEndpointService", { serviceDescription: "x" }, s, "provider-code-v2");
    expect(u.diff.changes).toBe(true);
    expect(u.outputs.__provider).toBe("provider-code-v2");
    expect(u.outputs.serviceId).toBe(s.id);
    expect(env.counts()).toEqual({});
  });

  it("rejects bad input at check time, naming the field and the rule", async () => {
    const { failures } = await env.provider("VpcEndpointService").check({}, { connectBandwidth: 5000, payer: "Me", serviceDescripton: "x" });
    expect(failures!.map((f) => f.property).sort()).toEqual(["connectBandwidth", "payer", "serviceDescripton"]);
  });

  it("adopts an existing service after checking it matches, and refuses a mismatch", async () => {
    const existing = await api.createVpcEndpointService(clientAs("owner"), { ServiceDescription: "made elsewhere", AutoAcceptEnabled: true });
    const mismatch = await env
      .up("VpcEndpointService", { adoptExistingId: existing.ServiceId, serviceDescription: "other", autoAcceptEnabled: true })
      .catch((e) => e);
    expect(mismatch.message).toMatch(/does not match the declared inputs \(serviceDescription: declared "other", the cloud has "made elsewhere"\)/);
    const adopted = await env.up("VpcEndpointService", { adoptExistingId: existing.ServiceId, serviceDescription: "made elsewhere", autoAcceptEnabled: true });
    expect(adopted.id).toBe(existing.ServiceId);
    expect(await services()).toHaveLength(1);
  });

  it("survives lost replies and throttling without creating duplicates", async () => {
    env.emulator.setFaults("CreateVpcEndpointService:lost=0.5;*:throttle=0.3;seed=11");
    for (let i = 0; i < 3; i++) {
      await env.up("VpcEndpointService", { serviceDescription: `svc-${i}` });
    }
    env.emulator.clearFaults();
    const listed = await services();
    expect(listed.map((x) => x.ServiceDescription).sort()).toEqual(["svc-0", "svc-1", "svc-2"]);
    expect(env.counts().CreateVpcEndpointService).toBeGreaterThan(3);
  });
});

describe("ServiceResourceAttachment", () => {
  it("attaches, reads, detects detachment, and replaces delete-first", async () => {
    const s = await env.up("VpcEndpointService", {});
    const a = await env.up("ServiceResourceAttachment", { serviceId: s.id, resourceId: LB_H });
    expect(a.id).toBe(`${s.id}:${LB_H}`);
    expect(a.outputs.zoneId).toBe("cn-hangzhou-h");
    expect(a.outputs.ip).toMatch(/^172\.16\.1\./);

    const d = await env.provider("ServiceResourceAttachment").diff(a.id, a.outputs, { ...a.inputs, resourceId: LB_I });
    expect(d.replaces).toEqual(["resourceId"]);
    expect(d.deleteBeforeReplace).toBe(true);

    env.emulator.world.deleteObject("serviceResource", a.id);
    expect(await env.refresh("ServiceResourceAttachment", a)).toBeUndefined();
  });

  it("attaches an NLB in a chosen zone (one attachment per zone), switches automatic allocation in place, and detaches that zone only", async () => {
    const s = await env.up("VpcEndpointService", { serviceResourceType: "nlb", addressIpVersion: "DualStack" });
    const h = await env.up("ServiceResourceAttachment", { serviceId: s.id, resourceId: NLB, resourceType: "nlb", zoneId: "cn-hangzhou-h" });
    const i = await env.up("ServiceResourceAttachment", {
      serviceId: s.id,
      resourceId: NLB,
      resourceType: "nlb",
      zoneId: "cn-hangzhou-i",
      autoAllocatedEnabled: false,
    });
    expect([h.id, i.id]).toEqual([`${s.id}:${NLB}:cn-hangzhou-h`, `${s.id}:${NLB}:cn-hangzhou-i`]);
    expect([h.outputs.ip, i.outputs.ip]).toEqual(["10.0.1.100", "10.0.2.100"]);
    expect(h.outputs).toMatchObject({ autoAllocatedEnabled: true, relatedEndpointCount: 0, resourceSupportIpv6: true });
    expect(i.outputs.autoAllocatedEnabled).toBe(false);
    expect(env.counts().UpdateVpcEndpointServiceResourceAttribute).toBe(1);

    env.emulator.resetRequestCounts();
    const flipped = await env.up("ServiceResourceAttachment", { ...i.inputs, autoAllocatedEnabled: true }, i);
    expect(flipped.diff.replaces).toEqual([]);
    expect(flipped.id).toBe(i.id);
    expect(flipped.outputs.autoAllocatedEnabled).toBe(true);
    expect(env.counts()).toMatchObject({ UpdateVpcEndpointServiceResourceAttribute: 1 });
    expect(env.counts().AttachResourceToVpcEndpointService).toBeUndefined();

    // Drift: switched off out of band, read back by refresh.
    env.emulator.world.patchObject("serviceResource", h.id, { AutoAllocatedEnabled: false });
    expect((await env.refresh("ServiceResourceAttachment", h))!.outputs.autoAllocatedEnabled).toBe(false);

    await env.destroy("ServiceResourceAttachment", h);
    const left = await api.listAllVpcEndpointServiceResources(clientAs("owner"), { ServiceId: s.id });
    expect(left.map((r) => `${r.ResourceId}:${r.ZoneId}`)).toEqual([`${NLB}:cn-hangzhou-i`]);
  });

  it("adopts by the alicloud provider's IDs without a write and records ours; get reads its empty-zone form", async () => {
    const s = await env.up("VpcEndpointService", {});
    const owner = clientAs("owner");
    await api.attachResourceToVpcEndpointService(owner, { ServiceId: s.id, ResourceId: LB_H, ResourceType: "slb" });
    env.emulator.resetRequestCounts();
    // Terraform writes <service_id>:<resource_id> for an slb; the program declares the zone, so ours has three parts.
    const adopted = await env.up("ServiceResourceAttachment", {
      serviceId: s.id,
      resourceId: LB_H,
      zoneId: "cn-hangzhou-h",
      adoptExistingId: `${s.id}:${LB_H}`,
    });
    expect(adopted.id).toBe(`${s.id}:${LB_H}:cn-hangzhou-h`);
    expect(Object.keys(env.counts()).filter((action) => !/^(List|Get|Describe)/.test(action))).toEqual([]);
    expect(env.progress.join("\n")).toContain(`adopted existing object (given as ${s.id}:${LB_H})`);

    // <service_id>:<resource_id>: (a backend the alicloud provider attached without a zone) reads as <serviceId>:<resourceId>.
    const read = await env.provider("ServiceResourceAttachment").read(`${s.id}:${LB_H}:`, {});
    expect(read.props).toMatchObject({ serviceId: s.id, resourceId: LB_H, zoneId: "cn-hangzhou-h" });
    await expect(env.provider("ServiceResourceAttachment").read(`${s.id}:${LB_H}:H`, {})).rejects.toThrow(
      'zoneId must match the rule: a zone ID such as cn-hangzhou-h (got "H")',
    );
  });

  it("refuses at preview an ALB, NLB or GWLB attachment without a zone, naming the field", async () => {
    const check = await env.provider("ServiceResourceAttachment").check({}, { serviceId: "epsrv-x", resourceId: NLB, resourceType: "nlb" });
    expect(check.failures).toEqual([{ property: "zoneId", reason: "zoneId is required for a nlb resource (ALB, NLB and GWLB are attached zone by zone)" }]);
    const inline = await env.provider("VpcEndpointService").check({}, { resources: [{ resourceId: NLB, resourceType: "nlb" }] });
    expect(inline.failures.map((f) => f.property)).toEqual(["resources[0].zoneId"]);
  });

  it("reports the API's refusal of a load balancer without PrivateLink", async () => {
    const s = await env.up("VpcEndpointService", {});
    await expect(env.up("ServiceResourceAttachment", { serviceId: s.id, resourceId: LB_NO_PRIVATELINK })).rejects.toThrow(/LoadBalancerNotSupportPrivateLink/);
  });

  it("twenty attachments to one service at once all land", async () => {
    const world = env.emulator.world;
    const ownerId = env.owner.accountId;
    const ids = Array.from({ length: 20 }, (_, i) => `lb-bulk${String(i).padStart(15, "0")}`);
    for (const [i, id] of ids.entries()) {
      world.addInventory("loadBalancer", {
        id,
        type: "slb",
        regionId: env.emulator.regionId,
        ownerId,
        vpcId: "vpc-hzowner0000000000001",
        vSwitchId: "vsw-hzowner0000000000001",
        zoneId: "cn-hangzhou-h",
        name: `bulk-${i}`,
        ip: `172.16.1.${10 + i}`,
        privateLinkEnabled: true,
        dualStack: false,
      });
    }
    const s = await env.up("VpcEndpointService", {});
    env.emulator.resetRequestCounts();
    const attached = await Promise.all(ids.map((resourceId) => env.up("ServiceResourceAttachment", { serviceId: s.id, resourceId })));
    expect(attached).toHaveLength(20);
    expect(env.emulator.requestCounts().byAction.AttachResourceToVpcEndpointService!.byOutcome).toEqual({ Success: 20 });
    const listed = await api.listAllVpcEndpointServiceResources(clientAs("owner"), { ServiceId: s.id });
    expect(listed.map((r) => r.ResourceId).sort()).toEqual([...ids].sort());
    await Promise.all(attached.map((a) => env.destroy("ServiceResourceAttachment", a)));
    expect(await api.listAllVpcEndpointServiceResources(clientAs("owner"), { ServiceId: s.id })).toEqual([]);
  });
});

describe("WhitelistUser", () => {
  it("adds, lets the consumer see the service, detects removal, removes", async () => {
    const s = await env.up("VpcEndpointService", {});
    const w = await env.up("WhitelistUser", { serviceId: s.id, userId: env.consumer.accountId });
    expect(w.id).toBe(`${s.id}:${env.consumer.accountId}`);
    const visible = await api.listAllVpcEndpointServicesByEndUser(clientAs("consumer"), {});
    expect(visible.map((v) => v.ServiceId)).toContain(s.id);

    env.emulator.world.deleteObject("whitelist", w.id);
    expect(await env.refresh("WhitelistUser", w)).toBeUndefined();

    const again = await env.up("WhitelistUser", { serviceId: s.id, userId: env.consumer.accountId });
    await env.destroy("WhitelistUser", again);
    expect(await api.listAllVpcEndpointServiceUsers(clientAs("owner"), { ServiceId: s.id })).toEqual([]);
  });

  it("whitelists an ARN principal: its own ID, visible to the account it names, removed on delete", async () => {
    const s = await env.up("VpcEndpointService", {});
    const arn = `acs:ram:*:${env.consumer.accountId}:*`;
    const w = await env.up("WhitelistUser", { serviceId: s.id, userArn: arn });
    expect(w.id).toBe(`${s.id}:${arn}`);
    expect(w.outputs.userArn).toBe(arn);
    const visible = await api.listAllVpcEndpointServicesByEndUser(clientAs("consumer"), {});
    expect(visible.map((v) => v.ServiceId)).toContain(s.id);
    // get(name, id) with nothing but the ID reads the ARN entry.
    expect(await env.provider("WhitelistUser").read(w.id, {})).toMatchObject({ id: w.id });

    env.emulator.world.deleteObject("whitelist", w.id);
    expect(await env.refresh("WhitelistUser", w)).toBeUndefined();
    const again = await env.up("WhitelistUser", { serviceId: s.id, userArn: arn });
    await env.destroy("WhitelistUser", again);
    expect(await api.listAllVpcEndpointServiceUserArns(clientAs("owner"), { ServiceId: s.id })).toEqual([]);
  });

  it("needs exactly one of userId and userArn, and a well-formed ARN, at preview", async () => {
    const check = (news: Record<string, unknown>) => env.provider("WhitelistUser").check({}, { serviceId: "epsrv-x", ...news });
    expect((await check({})).failures).toEqual([{ property: "userId", reason: "one of userId and userArn is required (the principal to whitelist)" }]);
    expect((await check({ userId: "1", userArn: "acs:ram:*:1:*" })).failures).toEqual([
      { property: "userId", reason: "give exactly one of userId and userArn, not both" },
    ]);
    expect((await check({ userArn: "arn:aws:iam::1:root" })).failures[0]!.reason).toMatch(
      /userArn must match the rule: an ARN such as acs:ram:\*:<account ID>:\*/,
    );
  });

  it("rejects an account ID that is not digits", async () => {
    const { failures } = await env.provider("WhitelistUser").check({}, { serviceId: "epsrv-x", userId: "alice" });
    expect(failures![0]!.reason).toMatch(/userId must match the rule: an account ID made of digits/);
  });
});

describe("EndpointConnection", () => {
  async function endpointFromConsumer(serviceId: string) {
    const consumer = clientAs("consumer");
    const ep = await api.createVpcEndpoint(consumer, {
      VpcId: "vpc-hzconsumer0000000001",
      ServiceId: serviceId,
      SecurityGroupId: ["sg-hzconsumer0000000001"],
      Zone: [{ ZoneId: "cn-hangzhou-h", VSwitchId: "vsw-hzconsumer0000000001" }],
      EndpointName: "consumer-ep",
    });
    for (let i = 0; i < 200; i++) {
      const got = await api.getVpcEndpointAttribute(consumer, { EndpointId: ep.EndpointId });
      if (got.EndpointStatus === "Active") break;
      await new Promise((r) => setTimeout(r, 20));
    }
    return ep.EndpointId;
  }

  it("accepts with a bandwidth, changes it, rejects, and disconnects on delete", async () => {
    const s = await env.up("VpcEndpointService", { resources: [{ resourceId: LB_H }] });
    await env.up("WhitelistUser", { serviceId: s.id, userId: env.consumer.accountId });
    const endpointId = await endpointFromConsumer(s.id);

    const c = await env.up("EndpointConnection", { serviceId: s.id, endpointId, bandwidth: 2048 });
    expect(c.id).toBe(`${s.id}:${endpointId}`);
    expect(c.outputs.connectionStatus).toBe("Connected");
    expect(c.outputs.bandwidth).toBe(2048);
    expect(c.outputs.endpointOwnerId).toBe(env.consumer.accountId);

    const wider = await env.up("EndpointConnection", { serviceId: s.id, endpointId, bandwidth: 3072 }, c);
    expect(wider.diff.replaces).toEqual([]);
    expect(wider.outputs.bandwidth).toBe(3072);

    const rejected = await env.up("EndpointConnection", { serviceId: s.id, endpointId, accepted: false }, wider);
    expect(rejected.outputs.connectionStatus).toBe("Disconnected");
    const consumerView = await api.getVpcEndpointAttribute(clientAs("consumer"), { EndpointId: endpointId });
    expect(consumerView.ConnectionStatus).toBe("Disconnected");

    const accepted = await env.up("EndpointConnection", { serviceId: s.id, endpointId }, rejected);
    expect(accepted.outputs.connectionStatus).toBe("Connected");
    await env.destroy("EndpointConnection", accepted);
    const after = await api.getVpcEndpointAttribute(clientAs("consumer"), { EndpointId: endpointId });
    expect(after.ConnectionStatus).toBe("Disconnected");
  });

  it("refresh reports a connection rejected out of band as drift", async () => {
    const s = await env.up("VpcEndpointService", { resources: [{ resourceId: LB_H }] });
    await env.up("WhitelistUser", { serviceId: s.id, userId: env.consumer.accountId });
    const endpointId = await endpointFromConsumer(s.id);
    const c = await env.up("EndpointConnection", { serviceId: s.id, endpointId });
    await api.disableVpcEndpointConnection(clientAs("owner"), { ServiceId: s.id, EndpointId: endpointId });
    let refreshed: ResourceState | undefined;
    for (let i = 0; i < 100; i++) {
      refreshed = await env.refresh("EndpointConnection", c);
      if (refreshed?.outputs.connectionStatus === "Disconnected") break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(refreshed!.inputs.accepted).toBe(false);
    const fixed = await env.up("EndpointConnection", { serviceId: s.id, endpointId }, refreshed);
    expect(fixed.diff.changes).toBe(true);
    expect(fixed.outputs.connectionStatus).toBe("Connected");
  });

  it("several connections of one account are accepted at once (enables are serialised)", async () => {
    const s = await env.up("VpcEndpointService", { resources: [{ resourceId: LB_H }] });
    await env.up("WhitelistUser", { serviceId: s.id, userId: env.consumer.accountId });
    const endpoints = await Promise.all([1, 2, 3, 4].map(() => endpointFromConsumer(s.id)));
    env.emulator.resetRequestCounts();
    const connections = await Promise.all(endpoints.map((endpointId) => env.up("EndpointConnection", { serviceId: s.id, endpointId })));
    expect(connections.map((c) => c.outputs.connectionStatus)).toEqual(["Connected", "Connected", "Connected", "Connected"]);
    // Serialised inside the provider: the API never had to refuse a concurrent Enable.
    expect(env.emulator.requestCounts().byAction.EnableVpcEndpointConnection!.byOutcome).toEqual({ Success: 4 });
  });
});
