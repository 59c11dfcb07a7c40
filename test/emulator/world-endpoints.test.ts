import { afterEach, describe, expect, it } from "vitest";
import { CONSUMER, INV, OWNER, THIRD, harness, type Harness } from "./world-harness";
import { DEFAULT_DELAYS } from "../../src/emulator/world";
import { ipv4InCidr } from "../../src/emulator/inventory";

let h: Harness;
afterEach(() => h?.world.close());

const base = (serviceId: string) => ({
  VpcId: INV.consumer.vpc,
  ServiceId: serviceId,
  "SecurityGroupId.1": INV.consumer.sg1,
  "Zone.1.VSwitchId": INV.consumer.vswH,
  "Zone.1.ZoneId": "cn-hangzhou-h",
});

describe("CreateVpcEndpoint", () => {
  it("creates Creating/Disconnected, then Active after the endpoint delay, with the documented domains", () => {
    h = harness();
    const sid = h.activeService();
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: sid, UserId: CONSUMER.accountId });
    const r = h.call(CONSUMER, "CreateVpcEndpoint", { ...base(sid), EndpointName: "ep-one", EndpointDescription: "my endpoint" });
    const id = r["EndpointId"];
    expect(id).toMatch(/^ep-[a-z0-9]{20}$/);
    expect(r).toMatchObject({
      EndpointStatus: "Creating",
      ConnectionStatus: "Disconnected",
      EndpointBusinessStatus: "Normal",
      Bandwidth: 1024,
      ServiceId: sid,
      ServiceName: `com.aliyuncs.privatelink.cn-hangzhou.${sid}`,
      VpcId: INV.consumer.vpc,
      EndpointName: "ep-one",
      AddressIpVersion: "IPv4",
      ZoneAffinityEnabled: false,
    });
    expect(r["EndpointDomain"]).toBe(`${id}.${sid}.cn-hangzhou.privatelink.aliyuncs.com`);

    const zones = h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: id })["Zones"];
    expect(zones).toHaveLength(1);
    expect(zones[0].ZoneStatus).toBe("Creating");
    expect(zones[0].EniId).toMatch(/^eni-[a-z0-9]{20}$/);
    expect(ipv4InCidr(zones[0].EniIp, "172.16.1.0/24")).toBe(true);
    expect(zones[0].ZoneDomain).toBe(`${id}-cn-hangzhou.${sid}.cn-hangzhou-h.privatelink.aliyuncs.com`);

    h.advance(DEFAULT_DELAYS.endpointCreating - 1);
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id })["EndpointStatus"]).toBe("Creating");
    h.advance(1);
    const got = h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id });
    expect(got).toMatchObject({ EndpointStatus: "Active", ConnectionStatus: "Disconnected", RegionId: "cn-hangzhou" });
    expect(h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: id })["Zones"][0].ZoneStatus).toBe("Wait");
  });

  it("needs the whitelist (or ownership) to create an endpoint and to see the service", () => {
    h = harness();
    const sid = h.activeService();
    expect(h.fail(CONSUMER, "CreateVpcEndpoint", base(sid)).code).toBe("EndpointServiceNotAuthorized");
    expect(h.call(CONSUMER, "ListVpcEndpointServicesByEndUser", {})["Services"]).toEqual([]);
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: sid, UserId: CONSUMER.accountId });
    const visible = h.call(CONSUMER, "ListVpcEndpointServicesByEndUser", {})["Services"];
    expect(visible).toEqual([
      {
        ServiceId: sid,
        ServiceName: `com.aliyuncs.privatelink.cn-hangzhou.${sid}`,
        ServiceDomain: `${sid}.cn-hangzhou.privatelink.aliyuncs.com`,
        Zones: ["cn-hangzhou-h", "cn-hangzhou-i"],
        ResourceGroupId: "",
        Tags: [],
        ServiceType: "Interface",
        ServiceResourceType: "slb",
        AutoAcceptEnabled: false,
        Payer: "Endpoint",
        AddressIpVersion: "IPv4",
        ServiceSupportIPv6: false,
        ZoneAffinityEnabled: false,
        VpcEndpointPolicySupported: true,
      },
    ]);
    expect(h.call(THIRD, "ListVpcEndpointServicesByEndUser", {})["Services"]).toEqual([]);
    expect(h.call(OWNER, "ListVpcEndpointServicesByEndUser", {})["Services"]).toHaveLength(1);
    expect(h.call(CONSUMER, "CreateVpcEndpoint", base(sid))["EndpointId"]).toBeTruthy();
    // ServiceName is an alternative to ServiceId.
    const byName = h.call(CONSUMER, "CreateVpcEndpoint", { ...base(sid), ServiceId: undefined, ServiceName: `com.aliyuncs.privatelink.cn-hangzhou.${sid}` });
    expect(byName["ServiceId"]).toBe(sid);
    expect(h.fail(CONSUMER, "CreateVpcEndpoint", { ...base(sid), ServiceId: undefined }).code).toBe("EndpointServiceNotFound");
  });

  it("applies the existence, zone and security-group rules with the documented codes", () => {
    h = harness();
    const sid = h.activeService();
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: sid, UserId: CONSUMER.accountId });
    const code = (p: Record<string, string | undefined>) => h.fail(CONSUMER, "CreateVpcEndpoint", { ...base(sid), ...p }).code;
    expect(code({ VpcId: "vpc-nope0000000000000000" })).toBe("VpcNotFound");
    expect(code({ VpcId: INV.owner.vpc })).toBe("VpcNotFound");
    expect(code({ ServiceId: "epsrv-nope0000000000000000" })).toBe("EndpointServiceNotFound");
    expect(code({ "Zone.1.VSwitchId": "vsw-nope0000000000000000" })).toBe("VSwitchNotFound");
    expect(code({ "Zone.1.VSwitchId": INV.consumer.vswDualH })).toBe("VSwitchNotFound"); // another VPC
    expect(code({ "Zone.1.ZoneId": "cn-hangzhou-i" })).toBe("VSwitchNotFound"); // vSwitch of another zone
    expect(code({ "Zone.1.VSwitchId": INV.consumer.vswJ, "Zone.1.ZoneId": "cn-hangzhou-j" })).toBe("EndpointServiceNotSupportedZone");
    expect(code({ "Zone.1.VSwitchId": INV.consumer.vswPendingJ, "Zone.1.ZoneId": "cn-hangzhou-j" })).toBe("VSwitchStatusNotAllowed");
    expect(code({ "Zone.2.VSwitchId": INV.consumer.vswH, "Zone.2.ZoneId": "cn-hangzhou-h" })).toBe("EndpointZoneDuplicated");
    expect(code({ "SecurityGroupId.1": undefined })).toBe("EndpointMustContainSecurityGroup");
    expect(code({ "SecurityGroupId.1": "sg-nope000000000000000000" })).toBe("SecurityGroupNotFound");
    expect(code({ "SecurityGroupId.2": INV.consumer.sgEnterprise })).toBe("SecurityGroupTypeOnlySingleTypeSupporteded");
    expect(code({ "Zone.1.ip": "172.16.1.100" })).toBe("EniIpUnavailable"); // the load balancer's address
    expect(code({ "Zone.1.ip": "172.16.1.255" })).toBe("EniIpUnavailable"); // reserved
    expect(code({ "Zone.1.ip": "10.9.9.9" })).toBe("IllegalParam.Ip");
    expect(code({ "Zone.1.ip": "not-an-ip" })).toBe("IllegalParam.Ip");
    expect(code({ "Zone.1.Ipv6Address": "2408:4005:3a1:d01::9" })).toBe("OperationDenied.AddressIpVersionNotSupportSpecifyIpv6");
    expect(code({ AddressIpVersion: "DualStack" })).toBe("OperationDenied.EndpointServiceNotSupportDualstack");
    expect(code({ EndpointType: "GatewayLoadBalancer" })).toBe("Mismatch.EndpointType");
    expect(code({ "Zone.11.VSwitchId": INV.consumer.vswI })).toBe("QuotaExceeded.epZonePerEndpoint");
    expect(code({ EndpointName: "1abc" })).toBe("IllegalParamFormat.EndpointName");
    expect(code({ EndpointDescription: "http://x" })).toBe("IllegalParamFormat.EndpointDescription");
    expect(code({ ZonePrivateIpAddressCount: "2" })).toBe("IllegalParamFormat.ZonePrivateIpAddressCount");
    expect(code({ PolicyDocument: "{not json" })).toBe("IllegalParamFormat.PolicyDocument");
    expect(code({ "Tag.1.Key": "aliyun-x", "Tag.1.Value": "v" })).toBe("IllegalParamFormat.Tag.1.Key");
    // Nothing was created by the failed calls.
    expect(h.call(CONSUMER, "ListVpcEndpoints", {})["Endpoints"]).toEqual([]);
  });

  it("allocates distinct addresses and honours a requested free one", () => {
    h = harness();
    const sid = h.activeService();
    const a = h.endpoint(sid, {}, false);
    const b = h.endpoint(sid, { "Zone.1.ip": "172.16.1.50" }, false);
    const ipA = h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: a })["Zones"][0].EniIp;
    const ipB = h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: b })["Zones"][0].EniIp;
    expect(ipA).not.toBe(ipB);
    expect(ipB).toBe("172.16.1.50");
    expect(h.fail(CONSUMER, "CreateVpcEndpoint", { ...base(sid), "Zone.1.ip": "172.16.1.50" }).code).toBe("EniIpUnavailable");
  });

  it("refuses endpoints to a service that is not Active", () => {
    h = harness();
    const sid = h.call(OWNER, "CreateVpcEndpointService", {})["ServiceId"];
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: sid, UserId: CONSUMER.accountId });
    const e = h.fail(CONSUMER, "CreateVpcEndpoint", { VpcId: INV.consumer.vpc, ServiceId: sid, "SecurityGroupId.1": INV.consumer.sg1 });
    expect(e.code).toBe("IncorrectStatus.VpcEndpointService");
    expect(e.message).toContain("Creating");
  });

  it("builds dual-stack endpoints only in dual-stack VPCs against dual-stack services", () => {
    h = harness();
    const sid = h.call(OWNER, "CreateVpcEndpointService", {
      AddressIpVersion: "DualStack",
      "Resource.1.ResourceId": INV.owner.nlbDualStack,
      "Resource.1.ResourceType": "nlb",
      "Resource.1.ZoneId": "cn-hangzhou-h",
    })["ServiceId"];
    h.advance(DEFAULT_DELAYS.serviceCreating);
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: sid, UserId: CONSUMER.accountId });
    const params = {
      VpcId: INV.consumer.vpcDualStack,
      ServiceId: sid,
      "SecurityGroupId.1": INV.consumer.sgDual,
      "Zone.1.VSwitchId": INV.consumer.vswDualH,
      AddressIpVersion: "DualStack",
    };
    expect(
      h.fail(CONSUMER, "CreateVpcEndpoint", {
        ...params,
        VpcId: INV.consumer.vpc,
        "SecurityGroupId.1": INV.consumer.sg1,
        "Zone.1.VSwitchId": INV.consumer.vswH,
      }).code,
    ).toBe("OperationDenied.VSwitchNotSupportDualstack");
    const id = h.call(CONSUMER, "CreateVpcEndpoint", { ...params, "Zone.1.Ipv6Address": "2408:4005:3a1:d01:0::20" })["EndpointId"];
    const zone = h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: id })["Zones"][0];
    expect(zone.ZoneIpv6Address).toBe("2408:4005:3a1:d01::20");
    expect(ipv4InCidr(zone.EniIp, "10.0.1.0/24")).toBe(true);
    expect(h.fail(CONSUMER, "CreateVpcEndpoint", { ...params, "Zone.1.Ipv6Address": "2408:4005:3a1:d09::20" }).code).toBe("IllegalParam.Ipv6Address");
  });
});

describe("endpoint lifecycle", () => {
  it("shows Pending during an update and refuses changes meanwhile", () => {
    h = harness();
    const id = h.endpoint(h.activeService(), { EndpointDescription: "first text" });
    // The current API takes the name and the description separately; the other one is kept.
    h.call(CONSUMER, "UpdateVpcEndpointAttribute", { EndpointId: id, EndpointName: "x1" });
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id })).toMatchObject({ EndpointName: "x1", EndpointDescription: "first text" });
    h.advance(DEFAULT_DELAYS.endpointPending);
    h.call(CONSUMER, "UpdateVpcEndpointAttribute", { EndpointId: id, EndpointName: "renamed", EndpointDescription: "new text" });
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id })).toMatchObject({
      EndpointStatus: "Pending",
      EndpointName: "renamed",
      EndpointDescription: "new text",
    });
    expect(h.fail(CONSUMER, "DeleteVpcEndpoint", { EndpointId: id }).code).toBe("EndpointOperationDenied");
    h.advance(DEFAULT_DELAYS.endpointPending);
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id })["EndpointStatus"]).toBe("Active");
    h.world.patchObject("endpoint", id, { EndpointBusinessStatus: "FinancialLocked" });
    expect(h.fail(CONSUMER, "UpdateVpcEndpointAttribute", { EndpointId: id, EndpointName: "again", EndpointDescription: "" }).code).toBe("EndpointLocked");
  });

  it("deletes Deleting -> gone, freeing its addresses", () => {
    h = harness();
    const sid = h.activeService();
    const id = h.endpoint(sid, { "Zone.1.ip": "172.16.1.60" });
    h.call(CONSUMER, "DeleteVpcEndpoint", { EndpointId: id });
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id })).toMatchObject({ EndpointStatus: "Deleting", ConnectionStatus: "Deleting" });
    expect(h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: id })["Zones"][0].ZoneStatus).toBe("Deleting");
    h.advance(DEFAULT_DELAYS.endpointDeleting);
    expect(h.fail(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: id }).code).toBe("EndpointNotFound");
    expect(h.fail(CONSUMER, "DeleteVpcEndpoint", { EndpointId: id }).code).toBe("EndpointNotFound");
    expect(h.call(CONSUMER, "CreateVpcEndpoint", { ...base(sid), "Zone.1.ip": "172.16.1.60" })["EndpointId"]).toBeTruthy();
  });

  it("hides endpoints from other accounts and lists with filters", () => {
    h = harness();
    const sid = h.activeService();
    const a = h.endpoint(sid, { EndpointName: "alpha" });
    const b = h.endpoint(sid, { EndpointName: "beta" }, false);
    expect(h.fail(OWNER, "GetVpcEndpointAttribute", { EndpointId: a }).code).toBe("EndpointNotFound");
    expect(h.fail(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: a, RegionId: "cn-shanghai" }).code).toBe("EndpointNotFound");
    const ids = (p: Record<string, string>) => h.call(CONSUMER, "ListVpcEndpoints", p)["Endpoints"].map((e: any) => e.EndpointId);
    expect(ids({})).toEqual([a, b]);
    expect(ids({ EndpointName: "beta" })).toEqual([b]);
    expect(ids({ EndpointStatus: "Creating" })).toEqual([b]);
    expect(ids({ ConnectionStatus: "Disconnected", EndpointId: a })).toEqual([a]);
    expect(ids({ ServiceName: `com.aliyuncs.privatelink.cn-hangzhou.${sid}`, VpcId: INV.consumer.vpc })).toEqual([a, b]);
    expect(h.call(OWNER, "ListVpcEndpoints", {})["Endpoints"]).toEqual([]);
  });

  it("requires EndpointId on Get even though the catalog marks it optional", () => {
    h = harness();
    expect(h.fail(CONSUMER, "GetVpcEndpointAttribute", {}).code).toBe("MissingParam.EndpointId");
  });
});
