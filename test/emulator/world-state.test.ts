import { afterEach, describe, expect, it } from "vitest";
import { CONSUMER, INV, OWNER, THIRD, START, harness, type Harness } from "./world-harness";
import { DEFAULT_DELAYS, World } from "../../src/emulator/world";
import { EmulatorError } from "../../src/emulator/types";

let h: Harness;
const extra: World[] = [];
afterEach(() => {
  h?.world.close();
  for (const w of extra.splice(0)) w.close();
});

describe("dry run", () => {
  it("validates every rule, answers DryRunOperation and changes nothing", () => {
    h = harness();
    const before = JSON.stringify(h.world.describeObjects());
    const e = h.fail(OWNER, "CreateVpcEndpointService", { "Resource.1.ResourceId": INV.owner.slbH, "Resource.1.ResourceType": "slb" }, true);
    expect(e.code).toBe("DryRunOperation");
    expect(e.httpStatus).toBe(400);
    expect(e.message).toBe("Request validation has been passed with DryRun flag set.");
    // DryRun given as a parameter works the same.
    expect(h.fail(OWNER, "CreateVpcEndpointService", { DryRun: "true" }).code).toBe("DryRunOperation");
    expect(JSON.stringify(h.world.describeObjects())).toBe(before);
    // A rule violation wins over the dry run.
    expect(
      h.fail(OWNER, "CreateVpcEndpointService", { "Resource.1.ResourceId": INV.owner.slbNoPrivateLink, "Resource.1.ResourceType": "slb" }, true).code,
    ).toBe("LoadBalancerNotSupportPrivateLink");

    const sid = h.activeService();
    const id = h.endpoint(sid);
    const empty = h.call(OWNER, "CreateVpcEndpointService", {})["ServiceId"];
    h.advance(DEFAULT_DELAYS.serviceCreating);
    const snapshot = JSON.stringify(h.world.describeObjects());
    const dry: [typeof OWNER, string, Record<string, string>][] = [
      [OWNER, "DeleteVpcEndpointService", { ServiceId: empty }],
      [OWNER, "UpdateVpcEndpointServiceAttribute", { ServiceId: sid, ServiceDescription: "x" }],
      [OWNER, "AddUserToVpcEndpointService", { ServiceId: sid, UserId: THIRD.accountId }],
      [OWNER, "DetachResourceFromVpcEndpointService", { ServiceId: sid, ResourceId: INV.owner.slbI, ResourceType: "slb" }],
      [OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: id }],
      [CONSUMER, "DeleteVpcEndpoint", { EndpointId: id }],
      [CONSUMER, "AddZoneToVpcEndpoint", { EndpointId: id, ZoneId: "cn-hangzhou-i", VSwitchId: INV.consumer.vswI }],
      [CONSUMER, "AttachSecurityGroupToVpcEndpoint", { EndpointId: id, SecurityGroupId: INV.consumer.sg2 }],
      [CONSUMER, "UpdateVpcEndpointAttribute", { EndpointId: id, EndpointName: "n2", EndpointDescription: "d2" }],
    ];
    for (const [who, action, params] of dry) expect(h.fail(who, action, params, true).code, action).toBe("DryRunOperation");
    expect(JSON.stringify(h.world.describeObjects())).toBe(snapshot);
  });
});

describe("validation", () => {
  it("names the field in MissingParam and IllegalParamFormat codes", () => {
    h = harness();
    expect(h.fail(CONSUMER, "CreateVpcEndpoint", { ServiceId: "epsrv-x" }).code).toBe("MissingParam.VpcId");
    expect(h.fail(OWNER, "GetVpcEndpointServiceAttribute", {}).code).toBe("MissingParam.ServiceId");
    expect(h.fail(OWNER, "ListVpcEndpointServices", { RegionId: undefined }).code).toBe("MissingParam.RegionId");
    expect(h.fail(OWNER, "CreateVpcEndpointService", { AutoAcceptEnabled: "yes" }).code).toBe("IllegalParamFormat.AutoAcceptEnabled");
    expect(h.fail(OWNER, "ListVpcEndpointServices", { MaxResults: "ten" }).code).toBe("IllegalParamFormat.MaxResults");
    expect(h.fail(OWNER, "CreateVpcEndpointService", { Payer: "Nobody" }).code).toBe("IllegalParamFormat.Payer");
    expect(h.fail(OWNER, "CreateVpcEndpointService", { ClientToken: "x".repeat(65) }).code).toBe("IllegalParamFormat.ClientToken");
    expect(h.fail(OWNER, "CreateVpcEndpointService", { "Resource.0.ResourceId": INV.owner.slbH }).code).toBe("IllegalParamFormat.Resource.0.ResourceId");
    expect(h.fail(OWNER, "CreateVpcEndpointService", { "Resource.1.ResourceType": "slb" }).code).toBe("MissingParam.Resource.1.ResourceId");
    expect(h.fail(OWNER, "CreateVpcEndpointService", { "Tag.1.Value": "v" }).code).toBe("MissingParam.Tag.1.Key");
    expect(h.fail(OWNER, "ListVpcEndpointServiceUsers", { ServiceId: "epsrv-x", UserId: "12a" }).code).toBe("IllegalParamFormat.UserId");
    const e = h.fail(OWNER, "CreateVpcEndpointService", { AutoAcceptEnabled: "yes" });
    expect(e.message).toContain("AutoAcceptEnabled");
  });

  it("orders repeat-list elements by N and accepts gaps", () => {
    h = harness();
    const r = h.call(OWNER, "CreateVpcEndpointService", {
      "Resource.7.ResourceId": INV.owner.slbI,
      "Resource.7.ResourceType": "slb",
      "Resource.2.ResourceId": INV.owner.slbH,
      "Resource.2.ResourceType": "slb",
    });
    const res = h.call(OWNER, "ListVpcEndpointServiceResources", { ServiceId: r["ServiceId"] })["Resources"].map((x: any) => x.ResourceId);
    expect(res).toEqual([INV.owner.slbH, INV.owner.slbI]);
  });
});

describe("time", () => {
  it("snapshot -> restore in a new world resumes a pending transition from its due time", () => {
    h = harness();
    const sid = h.call(OWNER, "CreateVpcEndpointService", {})["ServiceId"];
    h.advance(5_000);
    const snap = JSON.parse(JSON.stringify(h.world.snapshot()));
    let clock = h.now();
    const w2 = new World({ accounts: [OWNER, CONSUMER, THIRD], now: () => clock });
    extra.push(w2);
    w2.restore(snap);
    const get = () =>
      w2.operations["GetVpcEndpointServiceAttribute"]!({
        action: "x",
        accountId: OWNER.accountId,
        accessKeyId: "",
        viaSts: false,
        requestId: "r",
        params: { RegionId: "cn-hangzhou", ServiceId: sid },
        dryRun: false,
      });
    expect(get()["ServiceStatus"]).toBe("Creating");
    clock += DEFAULT_DELAYS.serviceCreating - 5_000 - 1;
    expect(get()["ServiceStatus"]).toBe("Creating");
    clock += 1;
    expect(get()["ServiceStatus"]).toBe("Active");
    // IDs continue from the restored counters instead of repeating.
    const next = w2.operations["CreateVpcEndpointService"]!({
      action: "x",
      accountId: OWNER.accountId,
      accessKeyId: "",
      viaSts: false,
      requestId: "r",
      params: { RegionId: "cn-hangzhou" },
      dryRun: false,
    });
    expect(next["ServiceId"]).not.toBe(sid);
    expect(() => w2.restore({ version: 99 })).toThrow(EmulatorError);
  });

  it("never finishes a stuck transition, and finishes it once the fault is lifted", () => {
    let stuck = true;
    h = harness({ isStuck: (kind, from) => stuck && kind === "endpoint" && from === "Creating" });
    const sid = h.activeService();
    const id = h.endpoint(sid, {}, false);
    h.advance(10 * DEFAULT_DELAYS.endpointCreating);
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id })["EndpointStatus"]).toBe("Creating");
    expect(h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: id })["Zones"][0].ZoneStatus).toBe("Wait");
    stuck = false;
    h.advance(0);
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id })["EndpointStatus"]).toBe("Active");
  });

  it("timeScale 0 makes transitions instant; the create answer is already Active", () => {
    h = harness({ timeScale: 0 });
    const created = h.call(OWNER, "CreateVpcEndpointService", {
      "Resource.1.ResourceId": INV.owner.slbH,
      "Resource.1.ResourceType": "slb",
      AutoAcceptEnabled: "true",
    });
    expect(created["ServiceStatus"]).toBe("Active");
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: created["ServiceId"], UserId: CONSUMER.accountId });
    const ep = h.call(CONSUMER, "CreateVpcEndpoint", {
      VpcId: INV.consumer.vpc,
      ServiceId: created["ServiceId"],
      "SecurityGroupId.1": INV.consumer.sg1,
      "Zone.1.VSwitchId": INV.consumer.vswH,
    });
    expect(ep["EndpointStatus"]).toBe("Active");
    expect(ep["ConnectionStatus"]).toBe("Connected");
  });

  it("a real-clock world finishes transitions on its own timer and reports them through onChange", async () => {
    const w = new World({ accounts: [OWNER], timeScale: 0.001 });
    extra.push(w);
    let changes = 0;
    w.onChange(() => changes++);
    const sid = w.operations["CreateVpcEndpointService"]!({
      action: "x",
      accountId: OWNER.accountId,
      accessKeyId: "",
      viaSts: false,
      requestId: "r",
      params: { RegionId: "cn-hangzhou" },
      dryRun: false,
    })["ServiceId"];
    const afterCreate = changes;
    expect(afterCreate).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(changes).toBeGreaterThan(afterCreate);
    const objects = w.describeObjects() as { services: { ServiceId: string; ServiceStatus: string }[] };
    expect(objects.services.find((s) => s.ServiceId === sid)?.ServiceStatus).toBe("Active");
  });

  it("notifies onChange after mutations and timed transitions, not after reads or failed calls", () => {
    h = harness();
    let changes = 0;
    h.world.onChange(() => changes++);
    const sid = h.call(OWNER, "CreateVpcEndpointService", {})["ServiceId"];
    expect(changes).toBe(1);
    h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: sid });
    h.call(OWNER, "ListVpcEndpointServices", {});
    h.fail(OWNER, "DeleteVpcEndpointService", { ServiceId: sid });
    h.fail(OWNER, "CreateVpcEndpointService", {}, true);
    expect(changes).toBe(1);
    h.advance(DEFAULT_DELAYS.serviceCreating);
    expect(changes).toBe(2);
  });

  it("delays can be overridden per phase", () => {
    h = harness({ delays: { serviceCreating: 1_000 } });
    const sid = h.call(OWNER, "CreateVpcEndpointService", {})["ServiceId"];
    h.advance(1_000);
    expect(h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: sid })["ServiceStatus"]).toBe("Active");
    expect(() => new World({ accounts: [], delays: { nope: 1 } as never })).toThrow(/Unknown delay/);
  });
});

describe("out-of-band changes (drift)", () => {
  it("patches fields and statuses, and refuses unknown kinds, ids and fields", () => {
    h = harness();
    const sid = h.activeService();
    const id = h.endpoint(sid);
    const patched = h.world.patchObject("service", sid, { ServiceDescription: "drifted", ServiceStatus: "Inactive" }) as Record<string, unknown>;
    expect(patched).toMatchObject({ ServiceDescription: "drifted", ServiceStatus: "Inactive" });
    expect(h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: sid })["ServiceDescription"]).toBe("drifted");
    expect(h.fail(CONSUMER, "CreateVpcEndpoint", { VpcId: INV.consumer.vpc, ServiceId: sid, "SecurityGroupId.1": INV.consumer.sg1 }).code).toBe(
      "IncorrectStatus.VpcEndpointService",
    );

    h.world.patchObject("connection", `${sid}:${id}`, { ConnectionStatus: "Connected", Bandwidth: 400 });
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id })).toMatchObject({ ConnectionStatus: "Connected", Bandwidth: 400 });
    h.world.patchObject("zone", `${id}:cn-hangzhou-h`, { ZoneStatus: "Disconnected" });
    expect(h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: id })["Zones"][0].ZoneStatus).toBe("Disconnected");

    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e as EmulatorError;
      }
      throw new Error("no error");
    };
    expect(err(() => h.world.patchObject("gizmo", "x", {})).httpStatus).toBe(404);
    expect(err(() => h.world.patchObject("service", "epsrv-nope", {})).httpStatus).toBe(404);
    expect(err(() => h.world.patchObject("service", sid, { Nope: 1 })).message).toContain("Nope");
    expect(err(() => h.world.patchObject("service", sid, { ServiceStatus: "Broken" })).code).toBe("InvalidPatch");
    expect(err(() => h.world.deleteObject("endpoint", "ep-nope")).message).toContain("ep-nope");
  });

  it("deletes objects with their dependents as the cloud would", () => {
    h = harness();
    const sid = h.activeService();
    const id = h.endpoint(sid);
    h.world.deleteObject("securityGroupAttachment", `${id}:${INV.consumer.sg1}`);
    expect(h.call(CONSUMER, "ListVpcEndpointSecurityGroups", { EndpointId: id })["SecurityGroups"]).toEqual([]);
    h.world.deleteObject("whitelist", `${sid}:${CONSUMER.accountId}`);
    expect(h.call(OWNER, "ListVpcEndpointServiceUsers", { ServiceId: sid })["Users"]).toEqual([]);
    h.world.deleteObject("serviceResource", `${sid}:${INV.owner.slbI}`);
    expect(h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: sid })["Zones"]).toEqual(["cn-hangzhou-h"]);
    // Deleting the service leaves its endpoint with ConnectionStatus ServiceDeleted.
    h.world.deleteObject("service", sid);
    expect(h.fail(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: sid }).code).toBe("EndpointServiceNotFound");
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id })["ConnectionStatus"]).toBe("ServiceDeleted");
    h.world.deleteObject("zone", `${id}:cn-hangzhou-h`);
    expect(h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: id })["Zones"]).toEqual([]);
    h.world.deleteObject("endpoint", id);
    expect(h.fail(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id }).code).toBe("EndpointNotFound");
  });

  it("reset returns to the seeded state", () => {
    h = harness();
    h.activeService();
    h.world.addInventory("vpc", { regionId: "cn-hangzhou", ownerId: OWNER.accountId, cidrBlock: "192.168.0.0/16" });
    h.world.reset();
    expect(h.call(OWNER, "ListVpcEndpointServices", {})["Services"]).toEqual([]);
    expect(h.world.inventory().vpcs.some((v) => v.id.includes("added"))).toBe(false);
    const objects = h.world.describeObjects() as Record<string, unknown[]>;
    expect(objects["pendingTransitions"]).toEqual([]);
  });
});

describe("inventory", () => {
  it("is deterministic and follows the documented ID scheme", () => {
    h = harness();
    const inv = h.world.inventory();
    const ids = [...inv.vpcs, ...inv.vswitches, ...inv.securityGroups, ...inv.loadBalancers].map((x) => x.id);
    for (const id of ids) expect(id).toMatch(/^(vpc|vsw|sg|lb|alb|nlb|gwlb|ngw)-[a-z0-9]{20}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(inv.vpcs.find((v) => v.id === INV.consumer.vpcDualStack)?.ipv6CidrBlock).toBeTruthy();
    expect(inv.loadBalancers.find((l) => l.id === INV.owner.slbNoPrivateLink)?.privateLinkEnabled).toBe(false);
    expect(inv.loadBalancers.find((l) => l.id === INV.owner.nlbDualStack)?.dualStack).toBe(true);
    expect(new Set(inv.securityGroups.map((g) => g.type))).toEqual(new Set(["normal", "enterprise"]));
    expect(inv.regions.find((r) => r.regionId === "cn-hangzhou")?.zones).toHaveLength(3);
    const again = new World({ accounts: [OWNER, CONSUMER, THIRD], now: () => START });
    extra.push(again);
    expect(again.inventory()).toEqual(inv);
  });

  it("adds validated items that the operations then use", () => {
    h = harness();
    const vsw = h.world.addInventory("vswitch", {
      id: "vsw-extra00000000000001",
      vpcId: INV.consumer.vpc,
      zoneId: "cn-hangzhou-i",
      cidrBlock: "172.16.20.0/24",
    }) as Record<string, unknown>;
    expect(vsw).toMatchObject({ regionId: "cn-hangzhou", ownerId: CONSUMER.accountId, status: "Available" });
    const lb = h.world.addInventory("loadBalancer", { vSwitchId: INV.owner.vswH, type: "slb" }) as Record<string, unknown>;
    expect(lb["id"]).toMatch(/^lb-/);
    expect(lb["ip"]).toBe("172.16.1.1");
    const bad = (kind: "vpc" | "vswitch" | "securityGroup" | "loadBalancer", item: object) => {
      try {
        h.world.addInventory(kind, item);
      } catch (e) {
        return (e as EmulatorError).code;
      }
      return "ok";
    };
    expect(bad("vswitch", { vpcId: INV.consumer.vpc, zoneId: "cn-hangzhou-i", cidrBlock: "172.16.1.0/24" })).toBe("InvalidInventory"); // overlaps
    expect(bad("vswitch", { vpcId: INV.consumer.vpc, zoneId: "cn-hangzhou-i", cidrBlock: "10.1.0.0/24" })).toBe("InvalidInventory"); // outside the VPC
    expect(bad("vpc", { regionId: "mars-1", ownerId: "1" })).toBe("InvalidInventory");
    expect(bad("securityGroup", { vpcId: INV.consumer.vpc, type: "weird" })).toBe("InvalidInventory");
    expect(bad("vpc", { id: INV.consumer.vpc, regionId: "cn-hangzhou", ownerId: "1" })).toBe("InvalidInventory"); // duplicate
    const sid = h.call(OWNER, "CreateVpcEndpointService", { "Resource.1.ResourceId": lb["id"] as string, "Resource.1.ResourceType": "slb" })["ServiceId"];
    expect(sid).toMatch(/^epsrv-/);
  });
});
