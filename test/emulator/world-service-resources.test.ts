import { afterEach, describe, expect, it } from "vitest";
import { CONSUMER, INV, OWNER, harness, type Harness } from "./world-harness";
import { DEFAULT_DELAYS } from "../../src/emulator/world";

let h: Harness;
afterEach(() => h?.world.close());

const resources = (sid: string) => h.call(OWNER, "ListVpcEndpointServiceResources", { ServiceId: sid })["Resources"] as Record<string, any>[];
const zonesOfConnection = (sid: string, ep: string) =>
  h.call(OWNER, "ListVpcEndpointConnections", { ServiceId: sid, EndpointId: ep })["Connections"][0].Zones as Record<string, any>[];

/** An Active NLB service of OWNER with nlb-1 attached in zones h and i (the dual-stack VPC). */
function nlbService(extra: Record<string, string> = {}): string {
  const sid = h.call(OWNER, "CreateVpcEndpointService", {
    "Resource.1.ResourceId": INV.owner.nlbDualStack,
    "Resource.1.ResourceType": "nlb",
    "Resource.1.ZoneId": "cn-hangzhou-h",
    ...extra,
  })["ServiceId"];
  h.advance(DEFAULT_DELAYS.serviceCreating);
  return sid;
}

describe("zone-by-zone service resources (ALB, NLB, GWLB)", () => {
  it("Attach and Create need ZoneId for an nlb, take one zone of the load balancer per call, and list each zone apart", () => {
    h = harness();
    expect(h.fail(OWNER, "CreateVpcEndpointService", { "Resource.1.ResourceId": INV.owner.nlbDualStack, "Resource.1.ResourceType": "nlb" }).code).toBe(
      "MissingParam.Resource.1.ZoneId",
    );
    const sid = nlbService();
    const attach = (extra: Record<string, string>) =>
      h.call(OWNER, "AttachResourceToVpcEndpointService", { ServiceId: sid, ResourceId: INV.owner.nlbDualStack, ResourceType: "nlb", ...extra });
    expect(h.fail(OWNER, "AttachResourceToVpcEndpointService", { ServiceId: sid, ResourceId: INV.owner.nlbDualStack, ResourceType: "nlb" }).code).toBe(
      "MissingParam.ZoneId",
    );
    // A zone the load balancer does not listen in, and a zone already attached.
    expect(
      h.fail(OWNER, "AttachResourceToVpcEndpointService", {
        ServiceId: sid,
        ResourceId: INV.owner.nlbDualStack,
        ResourceType: "nlb",
        ZoneId: "cn-hangzhou-j",
      }).code,
    ).toBe("EndpointServiceNotSupportedZone");
    expect(
      h.fail(OWNER, "AttachResourceToVpcEndpointService", {
        ServiceId: sid,
        ResourceId: INV.owner.nlbDualStack,
        ResourceType: "nlb",
        ZoneId: "cn-hangzhou-h",
      }).code,
    ).toBe("EndpointServiceResourceExist");
    attach({ ZoneId: "cn-hangzhou-i" });
    const list = resources(sid);
    expect(list.map((r) => [r.ResourceId, r.ZoneId, r.Ip, r.ResourceSupportIPv6])).toEqual([
      [INV.owner.nlbDualStack, "cn-hangzhou-h", "10.0.1.100", true],
      [INV.owner.nlbDualStack, "cn-hangzhou-i", "10.0.2.100", true],
    ]);
    expect(h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: sid })["Zones"]).toEqual(["cn-hangzhou-h", "cn-hangzhou-i"]);
    // Detach needs the zone too, and removes that zone's attachment only.
    expect(h.fail(OWNER, "DetachResourceFromVpcEndpointService", { ServiceId: sid, ResourceId: INV.owner.nlbDualStack, ResourceType: "nlb" }).code).toBe(
      "MissingParam.ZoneId",
    );
    h.call(OWNER, "DetachResourceFromVpcEndpointService", { ServiceId: sid, ResourceId: INV.owner.nlbDualStack, ResourceType: "nlb", ZoneId: "cn-hangzhou-h" });
    expect(resources(sid).map((r) => r.ZoneId)).toEqual(["cn-hangzhou-i"]);
    expect(h.world.describeObjects()).toMatchObject({ serviceResources: [{ Id: `${sid}:${INV.owner.nlbDualStack}:cn-hangzhou-i` }] });
  });

  it("an slb takes an optional ZoneId that must be its own zone", () => {
    h = harness();
    const sid = h.activeService();
    h.call(OWNER, "DetachResourceFromVpcEndpointService", { ServiceId: sid, ResourceId: INV.owner.slbH, ResourceType: "slb" });
    expect(
      h.fail(OWNER, "AttachResourceToVpcEndpointService", { ServiceId: sid, ResourceId: INV.owner.slbH, ResourceType: "slb", ZoneId: "cn-hangzhou-i" }).code,
    ).toBe("EndpointServiceNotSupportedZone");
    h.call(OWNER, "AttachResourceToVpcEndpointService", { ServiceId: sid, ResourceId: INV.owner.slbH, ResourceType: "slb", ZoneId: "cn-hangzhou-h" });
    expect(resources(sid).map((r) => r.ResourceId)).toContain(INV.owner.slbH);
  });
});

describe("UpdateVpcEndpointServiceResourceAttribute and automatic allocation", () => {
  it("switches AutoAllocatedEnabled of one attachment; needs the zone for an nlb; refuses unknown resources and busy services", () => {
    h = harness();
    const sid = nlbService();
    const update = (extra: Record<string, string>) =>
      h.call(OWNER, "UpdateVpcEndpointServiceResourceAttribute", { ServiceId: sid, ResourceId: INV.owner.nlbDualStack, ...extra });
    expect(
      h.fail(OWNER, "UpdateVpcEndpointServiceResourceAttribute", { ServiceId: sid, ResourceId: INV.owner.nlbDualStack, ZoneId: "cn-hangzhou-h" }).code,
    ).toBe("MissingParam.AutoAllocatedEnabled");
    expect(
      h.fail(OWNER, "UpdateVpcEndpointServiceResourceAttribute", { ServiceId: sid, ResourceId: INV.owner.nlbDualStack, AutoAllocatedEnabled: "false" }).code,
    ).toBe("MissingParam.ZoneId");
    expect(
      h.fail(OWNER, "UpdateVpcEndpointServiceResourceAttribute", {
        ServiceId: sid,
        ResourceId: INV.owner.nlbJ,
        ZoneId: "cn-hangzhou-j",
        AutoAllocatedEnabled: "false",
      }).code,
    ).toBe("EndpointServiceResourceNotFound");
    expect(
      h.fail(OWNER, "UpdateVpcEndpointServiceResourceAttribute", { ServiceId: "epsrv-none", ResourceId: INV.owner.nlbDualStack, AutoAllocatedEnabled: "true" })
        .code,
    ).toBe("EndpointServiceNotFound");
    expect(
      h.fail(
        OWNER,
        "UpdateVpcEndpointServiceResourceAttribute",
        { ServiceId: sid, ResourceId: INV.owner.nlbDualStack, ZoneId: "cn-hangzhou-h", AutoAllocatedEnabled: "false" },
        true,
      ).code,
    ).toBe("DryRunOperation");
    update({ ZoneId: "cn-hangzhou-h", AutoAllocatedEnabled: "false" });
    expect(resources(sid)[0]!.AutoAllocatedEnabled).toBe(false);
    h.call(OWNER, "UpdateVpcEndpointServiceAttribute", { ServiceId: sid, ServiceDescription: "busy" });
    expect(
      h.fail(OWNER, "UpdateVpcEndpointServiceResourceAttribute", {
        ServiceId: sid,
        ResourceId: INV.owner.nlbDualStack,
        ZoneId: "cn-hangzhou-h",
        AutoAllocatedEnabled: "true",
      }).code,
    ).toBe("EndpointServiceOperationDenied");
  });

  it("zone connections go to the least-loaded allocatable resource of their zone; none left → NoAvailableServiceResource", () => {
    h = harness();
    // Two slb resources in zone h: the service of the harness has slb-h and slb-i; add a second one in h.
    h.world.addInventory("loadBalancer", { id: "lb-hzownerextra000000001", vSwitchId: INV.owner.vswH });
    const sid = h.activeService();
    h.call(OWNER, "AttachResourceToVpcEndpointService", { ServiceId: sid, ResourceId: "lb-hzownerextra000000001", ResourceType: "slb" });
    const ep1 = h.endpoint(sid);
    const ep2 = h.endpoint(sid);
    for (const ep of [ep1, ep2]) {
      h.call(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: ep });
      h.advance(DEFAULT_DELAYS.connectionConnecting);
    }
    expect([zonesOfConnection(sid, ep1)[0]!.ResourceId, zonesOfConnection(sid, ep2)[0]!.ResourceId]).toEqual([INV.owner.slbH, "lb-hzownerextra000000001"]);
    const counts = Object.fromEntries(resources(sid).map((r) => [r.ResourceId, r.RelatedEndpointCount]));
    expect(counts).toEqual({ [INV.owner.slbH]: 1, [INV.owner.slbI]: 0, "lb-hzownerextra000000001": 1 });

    // No allocatable resource left in zone h: a new endpoint there cannot be accepted.
    for (const r of [INV.owner.slbH, "lb-hzownerextra000000001"]) {
      h.call(OWNER, "UpdateVpcEndpointServiceResourceAttribute", { ServiceId: sid, ResourceId: r, AutoAllocatedEnabled: "false" });
    }
    const ep3 = h.endpoint(sid);
    expect(h.fail(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: ep3 }).code).toBe("OperationDenied.NoAvailableServiceResource");
    // Existing connections keep their resource.
    expect(zonesOfConnection(sid, ep1)[0]!.ResourceId).toBe(INV.owner.slbH);
    void CONSUMER;
  });
});
