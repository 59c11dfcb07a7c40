import { afterEach, describe, expect, it } from "vitest";
import { CONSUMER, INV, OWNER, THIRD, harness, type Harness } from "./world-harness";
import { DEFAULT_DELAYS } from "../../src/emulator/world";

let h: Harness;
afterEach(() => h?.world.close());

const SH = {
  vpc: "vpc-shconsumer0000000001",
  vswE: "vsw-shconsumer0000000001",
  vswF: "vsw-shconsumer0000000002",
  sg: "sg-shconsumer0000000001",
};

/** An Active Hangzhou service of OWNER (slb h and i) that accepts endpoints from Shanghai; the consumer whitelisted. */
function crossRegionService(extra: Record<string, string> = { "SupportedRegionList.1": "cn-shanghai" }): string {
  const sid = h.activeService(extra);
  h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: sid, UserId: CONSUMER.accountId });
  return sid;
}

const inShanghai = (extra: Record<string, string | undefined>) => ({
  RegionId: "cn-shanghai",
  VpcId: SH.vpc,
  "SecurityGroupId.1": SH.sg,
  "Zone.1.VSwitchId": SH.vswE,
  "Zone.1.ZoneId": "cn-shanghai-e",
  ...extra,
});

describe("cross-region endpoints", () => {
  it("an endpoint in Shanghai connects to a Hangzhou service that supports Shanghai; the owner sees it in Hangzhou", () => {
    h = harness();
    const sid = crossRegionService();
    const ep = h.call(CONSUMER, "CreateVpcEndpoint", inShanghai({ ServiceId: sid, ServiceRegionId: "cn-hangzhou" }));
    expect(ep).toMatchObject({ ServiceRegionId: "cn-hangzhou", CrossRegionBandwidth: 1000, ServiceName: `com.aliyuncs.privatelink.cn-hangzhou.${sid}` });
    const id = ep["EndpointId"] as string;
    h.advance(DEFAULT_DELAYS.endpointCreating);
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { RegionId: "cn-shanghai", EndpointId: id })).toMatchObject({
      RegionId: "cn-shanghai",
      ServiceRegionId: "cn-hangzhou",
      CrossRegionBandwidth: 1000,
      EndpointStatus: "Active",
    });
    // The consumer's lists by region; the owner manages the connection in the service's region.
    expect(
      h.call(CONSUMER, "ListVpcEndpoints", { RegionId: "cn-shanghai", ServiceRegionId: "cn-hangzhou" })["Endpoints"].map((e: any) => e.EndpointId),
    ).toEqual([id]);
    expect(h.call(CONSUMER, "ListVpcEndpoints", { RegionId: "cn-shanghai", ServiceRegionId: "cn-shanghai" })["Endpoints"]).toEqual([]);
    h.call(OWNER, "EnableVpcEndpointConnection", { ServiceId: sid, EndpointId: id });
    h.advance(DEFAULT_DELAYS.connectionConnecting);
    const conn = h.call(OWNER, "ListVpcEndpointConnections", { ServiceId: sid, EndpointId: id })["Connections"][0];
    expect(conn).toMatchObject({ ConnectionStatus: "Connected", EndpointRegionId: "cn-shanghai", ServiceRegionId: "cn-hangzhou" });
    // A Shanghai zone is served by a Hangzhou resource (any zone of the service).
    expect([INV.owner.slbH, INV.owner.slbI]).toContain(conn.Zones[0].ResourceId);
    expect(conn.Zones[0]).toMatchObject({ ZoneId: "cn-shanghai-e", ZoneStatus: "Connected" });

    // The bandwidth between the regions changes in place.
    h.call(CONSUMER, "UpdateVpcEndpointAttribute", { RegionId: "cn-shanghai", EndpointId: id, CrossRegionBandwidth: "300" });
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { RegionId: "cn-shanghai", EndpointId: id })["CrossRegionBandwidth"]).toBe(300);
  });

  it("refuses what the documents refuse: a region the service does not support, a bandwidth on a same-region endpoint, out-of-range bandwidths, unusable zones", () => {
    h = harness();
    const closed = crossRegionService({});
    expect(h.fail(CONSUMER, "CreateVpcEndpoint", inShanghai({ ServiceId: closed, ServiceRegionId: "cn-hangzhou" })).code).toBe(
      "OperationDenied.CrossRegionNotSupport",
    );
    const sid = crossRegionService();
    // The service is not in Shanghai: by ID in the wrong region it does not exist.
    expect(h.fail(CONSUMER, "CreateVpcEndpoint", inShanghai({ ServiceId: sid })).code).toBe("EndpointServiceNotFound");
    expect(h.fail(CONSUMER, "CreateVpcEndpoint", inShanghai({ ServiceId: sid, ServiceRegionId: "cn-beijing" })).code).toBe("EndpointServiceNotFound");
    expect(h.fail(CONSUMER, "CreateVpcEndpoint", inShanghai({ ServiceId: sid, ServiceRegionId: "mars-1" })).code).toBe("IllegalParamFormat.ServiceRegionId");
    expect(h.fail(CONSUMER, "CreateVpcEndpoint", inShanghai({ ServiceId: sid, ServiceRegionId: "cn-hangzhou", CrossRegionBandwidth: "99" })).code).toBe(
      "IllegalParamFormat.CrossRegionBandwidth",
    );
    // A cross-region bandwidth on an endpoint in its service's region.
    expect(
      h.fail(CONSUMER, "CreateVpcEndpoint", {
        VpcId: INV.consumer.vpc,
        ServiceId: sid,
        "SecurityGroupId.1": INV.consumer.sg1,
        "Zone.1.VSwitchId": INV.consumer.vswH,
        CrossRegionBandwidth: "500",
      }).code,
    ).toBe("IllegalParamFormat.CrossRegionBandwidth");
    // A same-region endpoint takes no cross-region bandwidth update either.
    const local = h.endpoint(sid);
    expect(h.fail(CONSUMER, "UpdateVpcEndpointAttribute", { EndpointId: local, CrossRegionBandwidth: "500" }).code).toBe(
      "IllegalParamFormat.CrossRegionBandwidth",
    );
    // Another account not whitelisted: not authorized, as in one region.
    expect(
      h.fail(
        THIRD,
        "CreateVpcEndpoint",
        inShanghai({
          VpcId: "vpc-shthird0000000000001",
          "SecurityGroupId.1": "sg-shthird0000000000001",
          "Zone.1.VSwitchId": "vsw-shthird0000000000001",
          ServiceId: sid,
          ServiceRegionId: "cn-hangzhou",
        }),
      ).code,
    ).toBe("EndpointServiceNotAuthorized");
  });

  it("an endpoint's zones must take the endpoint side of a cross-region connection (DescribeZones CrossRegion)", () => {
    h = harness();
    const sid = h.call(OWNER, "CreateVpcEndpointService", {
      RegionId: "cn-shanghai",
      "Resource.1.ResourceId": INV.owner.shSlb,
      "Resource.1.ResourceType": "slb",
      "SupportedRegionList.1": "cn-hangzhou",
    })["ServiceId"];
    h.advance(DEFAULT_DELAYS.serviceCreating);
    h.call(OWNER, "AddUserToVpcEndpointService", { RegionId: "cn-shanghai", ServiceId: sid, UserId: CONSUMER.accountId });
    const create = (vsw: string) => ({
      VpcId: INV.consumer.vpc,
      ServiceId: sid,
      ServiceRegionId: "cn-shanghai",
      "SecurityGroupId.1": INV.consumer.sg1,
      "Zone.1.VSwitchId": vsw,
    });
    // Zone j of Hangzhou cannot; zone h can (the service itself serves zone e of Shanghai only).
    expect(h.fail(CONSUMER, "CreateVpcEndpoint", create(INV.consumer.vswJ)).code).toBe("EndpointServiceNotSupportedZone");
    const ep = h.call(CONSUMER, "CreateVpcEndpoint", create(INV.consumer.vswH));
    expect(ep["CrossRegionBandwidth"]).toBe(1000);
    h.advance(DEFAULT_DELAYS.endpointCreating);
    expect(h.fail(CONSUMER, "AddZoneToVpcEndpoint", { EndpointId: ep["EndpointId"], ZoneId: "cn-hangzhou-j", VSwitchId: INV.consumer.vswJ }).code).toBe(
      "EndpointServiceNotSupportedZone",
    );
  });

  it("the default bandwidth is 1000 within the Chinese mainland, the explicit one wins; ServiceName finds the service of its region", () => {
    h = harness();
    const sid = crossRegionService();
    const ep = h.call(
      CONSUMER,
      "CreateVpcEndpoint",
      inShanghai({ ServiceName: `com.aliyuncs.privatelink.cn-hangzhou.${sid}`, ServiceRegionId: "cn-hangzhou", CrossRegionBandwidth: "2000" }),
    );
    expect(ep["CrossRegionBandwidth"]).toBe(2000);
  });

  it("ListVpcEndpointServicesByEndUser: ServiceRegionId lists the other region's services that accept the caller's region", () => {
    h = harness();
    const sid = crossRegionService();
    const notForShanghai = crossRegionService({});
    const list = (params: Record<string, string>) => h.call(CONSUMER, "ListVpcEndpointServicesByEndUser", params)["Services"].map((s: any) => s.ServiceId);
    expect(list({ RegionId: "cn-shanghai" })).toEqual([]);
    expect(list({ RegionId: "cn-shanghai", ServiceRegionId: "cn-hangzhou" })).toEqual([sid]);
    expect(list({ RegionId: "cn-hangzhou" }).sort()).toEqual([sid, notForShanghai].sort());
    const entry = h.call(CONSUMER, "ListVpcEndpointServicesByEndUser", { RegionId: "cn-hangzhou", ServiceId: sid })["Services"][0];
    expect(entry).toMatchObject({
      ServiceType: "Interface",
      ServiceResourceType: "slb",
      AutoAcceptEnabled: false,
      VpcEndpointPolicySupported: true,
      Payer: "Endpoint",
    });
    expect(list({ RegionId: "cn-hangzhou", ServiceType: "GatewayLoadBalancer" })).toEqual([]);
  });
});

describe("regions and zones by backend type and cross-region side", () => {
  it("DescribeRegions filters by ServiceResourceType (slb by default, ALL for every region)", () => {
    h = harness();
    const ids = (type?: string) =>
      h.call(OWNER, "DescribeRegions", { RegionId: undefined, ServiceResourceType: type })["Regions"]["Region"].map((r: any) => r.RegionId);
    expect(ids()).toEqual(["cn-hangzhou", "cn-shanghai", "cn-beijing"]);
    expect(ids("gwlb")).toEqual(["cn-hangzhou", "cn-beijing"]);
    expect(ids("natgw")).toEqual(["cn-hangzhou"]);
    expect(ids("ALL")).toEqual(["cn-hangzhou", "cn-shanghai", "cn-beijing"]);
    expect(h.fail(OWNER, "DescribeRegions", { ServiceResourceType: "ecs" }).code).toBe("IllegalParamFormat.ServiceResourceType");
  });

  it("DescribeZones filters by ServiceResourceType and by the side of a cross-region connection", () => {
    h = harness();
    const ids = (params: Record<string, string>) => h.call(OWNER, "DescribeZones", params)["Zones"]["Zone"].map((z: any) => z.ZoneId);
    expect(ids({ RegionId: "cn-hangzhou", ServiceResourceType: "gwlb" })).toEqual(["cn-hangzhou-i", "cn-hangzhou-j"]);
    expect(ids({ RegionId: "cn-hangzhou", CrossRegion: "true" })).toEqual(["cn-hangzhou-h", "cn-hangzhou-i"]);
    expect(ids({ RegionId: "cn-shanghai", CrossRegion: "true" })).toEqual(["cn-shanghai-e", "cn-shanghai-f", "cn-shanghai-g"]);
    expect(ids({ RegionId: "cn-shanghai", CrossRegion: "true", CrossRegionSide: "EndpointService" })).toEqual(["cn-shanghai-e", "cn-shanghai-f"]);
    // CrossRegionSide alone takes no effect.
    expect(ids({ RegionId: "cn-beijing", CrossRegionSide: "EndpointService" })).toEqual(["cn-beijing-h", "cn-beijing-i"]);
  });
});

describe("Reverse endpoints", () => {
  it("are allow-listed; they go to NAT gateway services only", () => {
    h = harness({ accountFeatures: { consumer: { reverseEndpoints: true } } });
    const natSid = h.call(OWNER, "CreateVpcEndpointService", { "Resource.1.ResourceId": "ngw-hzowner0000000000001", "Resource.1.ResourceType": "natgw" })[
      "ServiceId"
    ];
    h.advance(DEFAULT_DELAYS.serviceCreating);
    const ep = h.endpoint(natSid, { EndpointType: "Reverse" });
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: ep })["EndpointType"]).toBe("Reverse");
    // Interface endpoints do not go to a NAT gateway service, Reverse ones not to a CLB service.
    expect(h.fail(CONSUMER, "CreateVpcEndpoint", { VpcId: INV.consumer.vpc, ServiceId: natSid, "SecurityGroupId.1": INV.consumer.sg1 }).code).toBe(
      "Mismatch.EndpointType",
    );
    const slbSid = h.activeService();
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: slbSid, UserId: CONSUMER.accountId });
    expect(
      h.fail(CONSUMER, "CreateVpcEndpoint", { VpcId: INV.consumer.vpc, ServiceId: slbSid, EndpointType: "Reverse", "SecurityGroupId.1": INV.consumer.sg1 })
        .code,
    ).toBe("Mismatch.EndpointType");
    expect(h.call(CONSUMER, "ListVpcEndpoints", { EndpointType: "Reverse" })["Endpoints"].map((e: any) => e.EndpointId)).toEqual([ep]);
    expect(h.call(CONSUMER, "ListVpcEndpointServicesByEndUser", { ServiceType: "Reverse" })["Services"].map((s: any) => s.ServiceId)).toEqual([natSid]);
  });

  it("an account without the allow-list gets OperationDenied.NotInWhitelist", () => {
    h = harness();
    const natSid = h.call(OWNER, "CreateVpcEndpointService", { "Resource.1.ResourceId": "ngw-hzowner0000000000001", "Resource.1.ResourceType": "natgw" })[
      "ServiceId"
    ];
    h.advance(DEFAULT_DELAYS.serviceCreating);
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: natSid, UserId: CONSUMER.accountId });
    const e = h.fail(CONSUMER, "CreateVpcEndpoint", {
      VpcId: INV.consumer.vpc,
      ServiceId: natSid,
      EndpointType: "Reverse",
      "SecurityGroupId.1": INV.consumer.sg1,
    });
    expect([e.code, e.message]).toEqual([
      "OperationDenied.NotInWhitelist",
      "The account is not in the allow-list reverse endpoints required by this operation.",
    ]);
  });
});
