import { afterEach, describe, expect, it } from "vitest";
import { CONSUMER, INV, OWNER, harness, type Harness } from "./world-harness";
import { DEFAULT_DELAYS } from "../../src/emulator/world";

let h: Harness;
afterEach(() => h?.world.close());

const EXTRA_H = "lb-hzownerextra000000001";

const zoneOf = (sid: string, ep: string, zoneId = "cn-hangzhou-h") =>
  (h.call(OWNER, "ListVpcEndpointConnections", { ServiceId: sid, EndpointId: ep })["Connections"][0].Zones as Record<string, any>[]).find(
    (z) => z.ZoneId === zoneId,
  )!;
const zoneStatus = (ep: string) => h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: ep })["Zones"][0].ZoneStatus;

/** A service over slb-h, slb-i and a second slb in zone h; one connected endpoint of CONSUMER in zone h. */
function connected(options: Parameters<typeof harness>[0] = {}): { sid: string; ep: string } {
  h = harness(options);
  h.world.addInventory("loadBalancer", { id: EXTRA_H, vSwitchId: INV.owner.vswH });
  const sid = h.activeService();
  h.call(OWNER, "AttachResourceToVpcEndpointService", { ServiceId: sid, ResourceId: EXTRA_H, ResourceType: "slb" });
  const ep = h.endpoint(sid);
  h.call(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: ep });
  h.advance(DEFAULT_DELAYS.connectionConnecting);
  return { sid, ep };
}

describe("EnableVpcEndpointZoneConnection / DisableVpcEndpointZoneConnection", () => {
  it("closes one zone (Disconnecting → Disconnected, no resource) and reopens it (Connecting → Connected)", () => {
    const { sid, ep } = connected();
    const args = { ServiceId: sid, EndpointId: ep, ZoneId: "cn-hangzhou-h" };
    expect(zoneOf(sid, ep)).toMatchObject({ ZoneStatus: "Connected", ResourceId: INV.owner.slbH });
    h.call(OWNER, "DisableVpcEndpointZoneConnection", args);
    expect(zoneOf(sid, ep).ZoneStatus).toBe("Disconnecting");
    expect(h.fail(OWNER, "EnableVpcEndpointZoneConnection", args).code).toBe("EndpointConnectionOperationDenied");
    h.advance(DEFAULT_DELAYS.zoneDisconnecting);
    expect(zoneOf(sid, ep)).toMatchObject({ ZoneStatus: "Disconnected", ResourceId: "" });
    expect(zoneStatus(ep)).toBe("Disconnected");
    // The endpoint's connection itself stays Connected.
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: ep })["ConnectionStatus"]).toBe("Connected");
    // Repeating the call converges without change.
    h.call(OWNER, "DisableVpcEndpointZoneConnection", args);
    expect(zoneOf(sid, ep).ZoneStatus).toBe("Disconnected");

    h.call(OWNER, "EnableVpcEndpointZoneConnection", args);
    expect(zoneOf(sid, ep).ZoneStatus).toBe("Connecting");
    h.advance(DEFAULT_DELAYS.zoneConnecting);
    expect(zoneOf(sid, ep)).toMatchObject({ ZoneStatus: "Connected", ResourceId: INV.owner.slbH });
    h.call(OWNER, "EnableVpcEndpointZoneConnection", args);
    expect(zoneOf(sid, ep).ZoneStatus).toBe("Connected");
  });

  it("needs a Connected endpoint connection, a zone of the endpoint, the service's owner; DryRun changes nothing", () => {
    h = harness();
    const sid = h.activeService();
    const ep = h.endpoint(sid);
    const args = { ServiceId: sid, EndpointId: ep, ZoneId: "cn-hangzhou-h" };
    expect(h.fail(OWNER, "EnableVpcEndpointZoneConnection", args).code).toBe("EndpointConnectionOperationDenied");
    expect(h.fail(OWNER, "DisableVpcEndpointZoneConnection", args).code).toBe("EndpointConnectionOperationDenied");
    h.call(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: ep });
    h.advance(DEFAULT_DELAYS.connectionConnecting);
    expect(h.fail(OWNER, "DisableVpcEndpointZoneConnection", { ...args, ZoneId: "cn-hangzhou-j" }).code).toBe("EndpointZoneNotFound");
    expect(h.fail(OWNER, "DisableVpcEndpointZoneConnection", { ...args, EndpointId: "ep-none" }).code).toBe("EndpointConnectionNotFound");
    expect(h.fail(CONSUMER, "DisableVpcEndpointZoneConnection", args).code).toBe("EndpointServiceNotFound");
    expect(h.fail(OWNER, "DisableVpcEndpointZoneConnection", args, true).code).toBe("DryRunOperation");
    expect(zoneOf(sid, ep).ZoneStatus).toBe("Connected");
    expect(h.fail(OWNER, "DisableVpcEndpointZoneConnection", { ...args, ReplacedResource: "true" }).code).toBe("EndpointConnectionOperationDenied");
  });

  it("a zone-level Enable with no allocatable resource in the zone → OperationDenied.NoAvailableServiceResource", () => {
    const { sid, ep } = connected();
    const args = { ServiceId: sid, EndpointId: ep, ZoneId: "cn-hangzhou-h" };
    h.call(OWNER, "DisableVpcEndpointZoneConnection", args);
    h.advance(DEFAULT_DELAYS.zoneDisconnecting);
    for (const r of [INV.owner.slbH, EXTRA_H])
      h.call(OWNER, "UpdateVpcEndpointServiceResourceAttribute", { ServiceId: sid, ResourceId: r, AutoAllocatedEnabled: "false" });
    expect(h.fail(OWNER, "EnableVpcEndpointZoneConnection", args).code).toBe("OperationDenied.NoAvailableServiceResource");
  });
});

describe("UpdateVpcEndpointZoneConnectionResourceAttribute", () => {
  it("is allow-listed: without privatelink_whitelist/svc_res_mgt_uat the account gets OperationDenied.NotInWhitelist", () => {
    const { sid, ep } = connected();
    const e = h.fail(OWNER, "UpdateVpcEndpointZoneConnectionResourceAttribute", {
      ServiceId: sid,
      EndpointId: ep,
      ZoneId: "cn-hangzhou-h",
      ResourceAllocateMode: "Auto",
    });
    expect([e.code, e.message]).toEqual([
      "OperationDenied.NotInWhitelist",
      "The account is not in the allow-list privatelink_whitelist/svc_res_mgt_uat required by this operation.",
    ]);
  });

  it("allocates a resource by hand to a zone that is not connected; the next connection uses it (even if not auto-allocatable)", () => {
    const { sid, ep } = connected({ accountFeatures: { owner: { zoneResourceManagement: true } } });
    const args = { ServiceId: sid, EndpointId: ep, ZoneId: "cn-hangzhou-h" };
    const manual = { ...args, ResourceAllocateMode: "Manual", ResourceId: EXTRA_H, ResourceType: "slb" };
    // Connected zones are migrated, not allocated.
    expect(h.fail(OWNER, "UpdateVpcEndpointZoneConnectionResourceAttribute", manual).code).toBe("EndpointConnectionOperationDenied");
    expect(h.fail(OWNER, "UpdateVpcEndpointZoneConnectionResourceAttribute", { ...args, ResourceAllocateMode: "Manual" }).code).toBe("MissingParam.ResourceId");
    expect(h.fail(OWNER, "UpdateVpcEndpointZoneConnectionResourceAttribute", { ...args, ResourceAllocateMode: "Sometimes" }).code).toBe(
      "IllegalParamFormat.ResourceAllocateMode",
    );
    h.call(OWNER, "DisableVpcEndpointZoneConnection", args);
    h.advance(DEFAULT_DELAYS.zoneDisconnecting);
    // A resource of another zone cannot serve zone h.
    expect(h.fail(OWNER, "UpdateVpcEndpointZoneConnectionResourceAttribute", { ...manual, ResourceId: INV.owner.slbI }).code).toBe(
      "EndpointServiceResourceNotFound",
    );
    h.call(OWNER, "UpdateVpcEndpointServiceResourceAttribute", { ServiceId: sid, ResourceId: EXTRA_H, AutoAllocatedEnabled: "false" });
    h.call(OWNER, "UpdateVpcEndpointZoneConnectionResourceAttribute", manual);
    // The service is Pending while the change is applied.
    expect(h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: sid })["ServiceStatus"]).toBe("Pending");
    h.advance(DEFAULT_DELAYS.servicePending);
    h.call(OWNER, "EnableVpcEndpointZoneConnection", args);
    h.advance(DEFAULT_DELAYS.zoneConnecting);
    expect(zoneOf(sid, ep)).toMatchObject({ ZoneStatus: "Connected", ResourceId: EXTRA_H });
  });

  it("migrates a connected zone gracefully: Migrating → Migrated (old resource and ENI kept), then releases the old connections", () => {
    const { sid, ep } = connected({ accountFeatures: { owner: { zoneResourceManagement: true } } });
    const args = { ServiceId: sid, EndpointId: ep, ZoneId: "cn-hangzhou-h" };
    const before = zoneOf(sid, ep);
    h.call(OWNER, "UpdateVpcEndpointZoneConnectionResourceAttribute", { ...args, ResourceReplaceMode: "Graceful", ResourceId: EXTRA_H, ResourceType: "slb" });
    expect(zoneOf(sid, ep).ZoneStatus).toBe("Migrating");
    h.advance(DEFAULT_DELAYS.zoneMigrating);
    const migrated = zoneOf(sid, ep);
    expect(migrated).toMatchObject({ ZoneStatus: "Migrated", ResourceId: EXTRA_H, ReplacedResourceId: INV.owner.slbH, ReplacedEniId: before.EniId });
    expect(migrated.EniId).not.toBe(before.EniId);
    const counts = Object.fromEntries(
      (h.call(OWNER, "ListVpcEndpointServiceResources", { ServiceId: sid })["Resources"] as Record<string, any>[]).map((r) => [
        r.ResourceId,
        [r.RelatedEndpointCount, r.RelatedDeprecatedEndpointCount],
      ]),
    );
    expect(counts[EXTRA_H]).toEqual([1, 0]);
    expect(counts[INV.owner.slbH]).toEqual([0, 1]);
    expect(h.call(OWNER, "ListVpcEndpointConnections", { ServiceId: sid, ReplacedResourceId: INV.owner.slbH })["Connections"]).toHaveLength(1);
    expect(h.call(OWNER, "ListVpcEndpointConnections", { ServiceId: sid, EniId: before.EniId })["Connections"]).toHaveLength(1);

    h.advance(DEFAULT_DELAYS.servicePending);
    h.call(OWNER, "DisableVpcEndpointZoneConnection", { ...args, ReplacedResource: "true" });
    expect(zoneOf(sid, ep).ZoneStatus).toBe("Migrated");
    h.advance(DEFAULT_DELAYS.zoneDisconnecting);
    expect(zoneOf(sid, ep)).toMatchObject({ ZoneStatus: "Connected", ResourceId: EXTRA_H, ReplacedResourceId: "", ReplacedEniId: "" });
  });

  it("migrates by force: Migrating → Connected on the new resource at once", () => {
    const { sid, ep } = connected({ accountFeatures: { owner: { zoneResourceManagement: true } } });
    const args = { ServiceId: sid, EndpointId: ep, ZoneId: "cn-hangzhou-h" };
    expect(
      h.fail(OWNER, "UpdateVpcEndpointZoneConnectionResourceAttribute", {
        ...args,
        ResourceReplaceMode: "Force",
        ResourceId: INV.owner.slbH,
        ResourceType: "slb",
      }).code,
    ).toBe("EndpointServiceResourceExist");
    h.call(OWNER, "UpdateVpcEndpointZoneConnectionResourceAttribute", { ...args, ResourceReplaceMode: "Force", ResourceId: EXTRA_H, ResourceType: "slb" });
    h.advance(DEFAULT_DELAYS.zoneMigrating);
    expect(zoneOf(sid, ep)).toMatchObject({ ZoneStatus: "Connected", ResourceId: EXTRA_H, ReplacedResourceId: "" });
  });
});

describe("TrafficControlMode", () => {
  it("defaults by backend, is set by Enable and UpdateConnectionAttribute, and follows the backend's rules", () => {
    const { sid, ep } = connected();
    const conn = () => h.call(OWNER, "ListVpcEndpointConnections", { ServiceId: sid, EndpointId: ep })["Connections"][0];
    expect(conn()).toMatchObject({
      TrafficControlMode: "BandwidthLimit",
      EndpointRegionId: "cn-hangzhou",
      ServiceRegionId: "cn-hangzhou",
      ResourceOwner: false,
    });
    const e = h.fail(OWNER, "UpdateVpcEndpointConnectionAttribute", { ServiceId: sid, EndpointId: ep, TrafficControlMode: "Scalability" });
    expect([e.code, e.message]).toEqual([
      "IllegalParamFormat.TrafficControlMode",
      "The param format of TrafficControlMode is illegal. A slb service takes BandwidthLimit.",
    ]);

    const nlb = h.call(OWNER, "CreateVpcEndpointService", {
      "Resource.1.ResourceId": INV.owner.nlbJ,
      "Resource.1.ResourceType": "nlb",
      "Resource.1.ZoneId": "cn-hangzhou-j",
    })["ServiceId"];
    h.advance(DEFAULT_DELAYS.serviceCreating);
    const nlbEp = h.endpoint(nlb, { "Zone.1.VSwitchId": INV.consumer.vswJ, "Zone.1.ZoneId": "cn-hangzhou-j" });
    h.call(OWNER, "EnableVpcEndpointConnection", { ServiceId: nlb, EndpointId: nlbEp, TrafficControlMode: "Scalability" });
    h.advance(DEFAULT_DELAYS.connectionConnecting);
    expect(h.call(OWNER, "ListVpcEndpointConnections", { ServiceId: nlb })["Connections"][0].TrafficControlMode).toBe("Scalability");
    h.call(OWNER, "UpdateVpcEndpointConnectionAttribute", { ServiceId: nlb, EndpointId: nlbEp, TrafficControlMode: "BandwidthLimit", Bandwidth: "5000" });
    h.advance(DEFAULT_DELAYS.connectionPending);
    expect(h.call(OWNER, "ListVpcEndpointConnections", { ServiceId: nlb })["Connections"][0]).toMatchObject({
      TrafficControlMode: "BandwidthLimit",
      Bandwidth: 5000,
    });
  });
});
