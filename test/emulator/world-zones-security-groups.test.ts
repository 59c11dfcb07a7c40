import { afterEach, describe, expect, it } from "vitest";
import { CONSUMER, INV, OWNER, harness, type Harness } from "./world-harness";
import { DEFAULT_DELAYS } from "../../src/emulator/world";

let h: Harness;
afterEach(() => h?.world.close());

const zones = (id: string) =>
  Object.fromEntries(h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: id })["Zones"].map((z: any) => [z.ZoneId, z.ZoneStatus]));
const endpointStatus = (id: string) => h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id })["EndpointStatus"];

describe("zones", () => {
  it("AddZone on a disconnected endpoint: Creating -> Wait, endpoint Pending meanwhile", () => {
    h = harness();
    const id = h.endpoint(h.activeService());
    h.call(CONSUMER, "AddZoneToVpcEndpoint", { EndpointId: id, ZoneId: "cn-hangzhou-i", VSwitchId: INV.consumer.vswI });
    expect(zones(id)).toEqual({ "cn-hangzhou-h": "Wait", "cn-hangzhou-i": "Creating" });
    expect(endpointStatus(id)).toBe("Pending");
    expect(h.fail(CONSUMER, "AddZoneToVpcEndpoint", { EndpointId: id, ZoneId: "cn-hangzhou-i", VSwitchId: INV.consumer.vswI }).code).toBe(
      "EndpointOperationDenied",
    );
    h.advance(DEFAULT_DELAYS.zoneCreating);
    expect(zones(id)).toEqual({ "cn-hangzhou-h": "Wait", "cn-hangzhou-i": "Wait" });
    expect(endpointStatus(id)).toBe("Active");
    expect(h.fail(CONSUMER, "AddZoneToVpcEndpoint", { EndpointId: id, ZoneId: "cn-hangzhou-i", VSwitchId: INV.consumer.vswI }).code).toBe(
      "EndpointZoneDuplicated",
    );
    expect(h.fail(CONSUMER, "AddZoneToVpcEndpoint", { EndpointId: id, ZoneId: "cn-hangzhou-j", VSwitchId: INV.consumer.vswJ }).code).toBe(
      "EndpointServiceNotSupportedZone",
    );
    expect(h.fail(OWNER, "AddZoneToVpcEndpoint", { EndpointId: id, ZoneId: "cn-hangzhou-j", VSwitchId: INV.consumer.vswJ }).code).toBe("EndpointNotFound");
  });

  it("AddZone on a connected endpoint: Creating -> Connecting -> Connected", () => {
    h = harness();
    const sid = h.activeService({ AutoAcceptEnabled: "true" });
    const id = h.endpoint(sid);
    h.advance(DEFAULT_DELAYS.connectionConnecting);
    h.call(CONSUMER, "AddZoneToVpcEndpoint", { EndpointId: id, ZoneId: "cn-hangzhou-i", VSwitchId: INV.consumer.vswI });
    h.advance(DEFAULT_DELAYS.zoneCreating);
    expect(zones(id)["cn-hangzhou-i"]).toBe("Connecting");
    h.advance(DEFAULT_DELAYS.zoneConnecting);
    expect(zones(id)["cn-hangzhou-i"]).toBe("Connected");
    const conn = h.call(OWNER, "ListVpcEndpointConnections", { ServiceId: sid })["Connections"][0];
    expect(conn.Zones.find((z: any) => z.ZoneId === "cn-hangzhou-i").ResourceId).toBe(INV.owner.slbI);
  });

  it("AddZone takes the interface's ip and, on a DualStack endpoint, its Ipv6Address (listed as ZoneIpv6Address)", () => {
    h = harness();
    const sid = h.call(OWNER, "CreateVpcEndpointService", {
      AddressIpVersion: "DualStack",
      "Resource.1.ResourceId": INV.owner.nlbDualStack,
      "Resource.1.ResourceType": "nlb",
      "Resource.1.ZoneId": "cn-hangzhou-h",
      "Resource.2.ResourceId": INV.owner.nlbDualStack,
      "Resource.2.ResourceType": "nlb",
      "Resource.2.ZoneId": "cn-hangzhou-i",
    })["ServiceId"];
    h.advance(DEFAULT_DELAYS.serviceCreating);
    const id = h.endpoint(sid, {
      VpcId: INV.consumer.vpcDualStack,
      AddressIpVersion: "DualStack",
      "SecurityGroupId.1": INV.consumer.sgDual,
      "Zone.1.VSwitchId": INV.consumer.vswDualH,
      "Zone.1.ZoneId": "cn-hangzhou-h",
    });
    const add = { EndpointId: id, ZoneId: "cn-hangzhou-i", VSwitchId: "vsw-hzconsumer0000000005" };
    expect(h.fail(CONSUMER, "AddZoneToVpcEndpoint", { ...add, ip: "10.0.9.9" }).code).toBe("IllegalParam.Ip");
    expect(h.fail(CONSUMER, "AddZoneToVpcEndpoint", { ...add, Ipv6Address: "2408:4005:3a1:d09::30" }).code).toBe("IllegalParam.Ipv6Address");
    h.call(CONSUMER, "AddZoneToVpcEndpoint", { ...add, ip: "10.0.2.30", Ipv6Address: "2408:4005:3a1:d02:0::30" });
    h.advance(DEFAULT_DELAYS.zoneCreating);
    const zone = h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: id })["Zones"].find((z: any) => z.ZoneId === "cn-hangzhou-i");
    expect(zone).toMatchObject({ EniIp: "10.0.2.30", ZoneIpv6Address: "2408:4005:3a1:d02::30" });
  });

  it("refuses zone changes while the connection is transitional or the endpoint locked", () => {
    h = harness();
    const sid = h.activeService();
    const id = h.endpoint(sid);
    h.call(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: id });
    expect(h.fail(CONSUMER, "AddZoneToVpcEndpoint", { EndpointId: id, ZoneId: "cn-hangzhou-i", VSwitchId: INV.consumer.vswI }).code).toBe(
      "EndpointConnectionOperationDenied",
    );
    expect(h.fail(CONSUMER, "RemoveZoneFromVpcEndpoint", { EndpointId: id, ZoneId: "cn-hangzhou-h" }).code).toBe("EndpointConnectionOperationDenied");
    h.advance(DEFAULT_DELAYS.connectionConnecting);
    h.world.patchObject("endpoint", id, { EndpointBusinessStatus: "FinancialLocked" });
    expect(h.fail(CONSUMER, "RemoveZoneFromVpcEndpoint", { EndpointId: id, ZoneId: "cn-hangzhou-h" }).code).toBe("EndpointLocked");
  });

  it("RemoveZone: a connected zone disconnects, is deleted and disappears; the last zone may go", () => {
    h = harness();
    const sid = h.activeService({ AutoAcceptEnabled: "true" });
    const id = h.endpoint(sid);
    h.advance(DEFAULT_DELAYS.connectionConnecting);
    expect(h.fail(CONSUMER, "RemoveZoneFromVpcEndpoint", { EndpointId: id, ZoneId: "cn-hangzhou-i" }).code).toBe("EndpointZoneNotFound");
    h.call(CONSUMER, "RemoveZoneFromVpcEndpoint", { EndpointId: id, ZoneId: "cn-hangzhou-h" });
    expect(zones(id)).toEqual({ "cn-hangzhou-h": "Disconnecting" });
    h.advance(DEFAULT_DELAYS.zoneDisconnecting);
    expect(zones(id)).toEqual({ "cn-hangzhou-h": "Deleting" });
    expect(endpointStatus(id)).toBe("Pending");
    h.advance(DEFAULT_DELAYS.zoneDeleting);
    expect(zones(id)).toEqual({});
    expect(endpointStatus(id)).toBe("Active");
  });
});

describe("security groups", () => {
  it("attaches and detaches with the documented codes, Pending in between", () => {
    h = harness();
    const id = h.endpoint(h.activeService());
    const list = () => h.call(CONSUMER, "ListVpcEndpointSecurityGroups", { EndpointId: id })["SecurityGroups"].map((g: any) => g.SecurityGroupId);
    expect(list()).toEqual([INV.consumer.sg1]);
    expect(h.fail(CONSUMER, "AttachSecurityGroupToVpcEndpoint", { EndpointId: id, SecurityGroupId: INV.consumer.sg1 }).code).toBe("SecurityGroupExist");
    expect(h.fail(CONSUMER, "AttachSecurityGroupToVpcEndpoint", { EndpointId: id, SecurityGroupId: "sg-nope000000000000000000" }).code).toBe(
      "SecurityGroupNotFound",
    );
    expect(h.fail(CONSUMER, "AttachSecurityGroupToVpcEndpoint", { EndpointId: id, SecurityGroupId: INV.consumer.sgEnterprise }).code).toBe(
      "SecurityGroupTypeOnlySingleTypeSupporteded",
    );
    expect(h.fail(CONSUMER, "DetachSecurityGroupFromVpcEndpoint", { EndpointId: id, SecurityGroupId: INV.consumer.sg1 }).code).toBe(
      "EndpointMustContainSecurityGroup",
    );
    h.call(CONSUMER, "AttachSecurityGroupToVpcEndpoint", { EndpointId: id, SecurityGroupId: INV.consumer.sg2 });
    expect(endpointStatus(id)).toBe("Pending");
    expect(h.fail(CONSUMER, "DetachSecurityGroupFromVpcEndpoint", { EndpointId: id, SecurityGroupId: INV.consumer.sg1 }).code).toBe("EndpointOperationDenied");
    h.advance(DEFAULT_DELAYS.endpointPending);
    expect(list()).toEqual([INV.consumer.sg1, INV.consumer.sg2]);
    h.call(CONSUMER, "DetachSecurityGroupFromVpcEndpoint", { EndpointId: id, SecurityGroupId: INV.consumer.sg1 });
    h.advance(DEFAULT_DELAYS.endpointPending);
    expect(list()).toEqual([INV.consumer.sg2]);
    expect(h.fail(CONSUMER, "DetachSecurityGroupFromVpcEndpoint", { EndpointId: id, SecurityGroupId: INV.consumer.sg1 }).code).toBe("SecurityGroupNotFound");
  });

  it("lists each group's SecurityGroupStatus: Attaching / Detaching while the endpoint is Pending, then Attached / gone", () => {
    h = harness();
    const id = h.endpoint(h.activeService(), {}, false);
    const statuses = () =>
      Object.fromEntries(
        h.call(CONSUMER, "ListVpcEndpointSecurityGroups", { EndpointId: id })["SecurityGroups"].map((g: any) => [g.SecurityGroupId, g.SecurityGroupStatus]),
      );
    expect(statuses()).toEqual({ [INV.consumer.sg1]: "Attaching" });
    h.advance(DEFAULT_DELAYS.endpointCreating);
    expect(statuses()).toEqual({ [INV.consumer.sg1]: "Attached" });
    h.call(CONSUMER, "AttachSecurityGroupToVpcEndpoint", { EndpointId: id, SecurityGroupId: INV.consumer.sg2 });
    expect(statuses()).toEqual({ [INV.consumer.sg1]: "Attached", [INV.consumer.sg2]: "Attaching" });
    h.advance(DEFAULT_DELAYS.endpointPending);
    h.call(CONSUMER, "DetachSecurityGroupFromVpcEndpoint", { EndpointId: id, SecurityGroupId: INV.consumer.sg1 });
    expect(statuses()).toEqual({ [INV.consumer.sg1]: "Detaching", [INV.consumer.sg2]: "Attached" });
    h.advance(DEFAULT_DELAYS.endpointPending);
    expect(statuses()).toEqual({ [INV.consumer.sg2]: "Attached" });
  });
});
