import { afterEach, describe, expect, it } from "vitest";
import { CONSUMER, INV, OWNER, THIRD, harness, type Harness } from "./world-harness";
import { DEFAULT_DELAYS } from "../../src/emulator/world";

let h: Harness;
afterEach(() => h?.world.close());

describe("endpoint services", () => {
  it("goes Creating -> Active after the service delay, with the documented names and numbers", () => {
    h = harness();
    const created = h.call(OWNER, "CreateVpcEndpointService", {
      ServiceDescription: "my service",
      "Resource.1.ResourceId": INV.owner.slbH,
      "Resource.1.ResourceType": "slb",
    });
    const id = created["ServiceId"];
    expect(id).toMatch(/^epsrv-[a-z0-9]{20}$/);
    expect(created["ServiceStatus"]).toBe("Creating");
    expect(created["ServiceName"]).toBe(`com.aliyuncs.privatelink.cn-hangzhou.${id}`);
    expect(created["ServiceDomain"]).toBe(`${id}.cn-hangzhou.privatelink.aliyuncs.com`);
    expect(created["CreateTime"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    h.advance(DEFAULT_DELAYS.serviceCreating - 1);
    expect(h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: id })["ServiceStatus"]).toBe("Creating");
    h.advance(1);
    const got = h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: id });
    expect(got).toMatchObject({
      ServiceStatus: "Active",
      ServiceBusinessStatus: "Normal",
      ServiceDescription: "my service",
      AutoAcceptEnabled: false,
      ConnectBandwidth: 1024,
      MaxBandwidth: 1024,
      MinBandwidth: 100,
      Zones: ["cn-hangzhou-h"],
      RegionId: "cn-hangzhou",
    });
  });

  it("refuses updates while Creating and shows Pending during an update", () => {
    h = harness();
    const id = h.call(OWNER, "CreateVpcEndpointService", {})["ServiceId"];
    expect(h.fail(OWNER, "UpdateVpcEndpointServiceAttribute", { ServiceId: id, ServiceDescription: "x" }).code).toBe("EndpointServiceOperationDenied");
    h.advance(DEFAULT_DELAYS.serviceCreating);
    h.call(OWNER, "UpdateVpcEndpointServiceAttribute", { ServiceId: id, ConnectBandwidth: "500", AutoAcceptEnabled: "true" });
    const pending = h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: id });
    expect(pending).toMatchObject({ ServiceStatus: "Pending", ConnectBandwidth: 500, AutoAcceptEnabled: true });
    h.advance(DEFAULT_DELAYS.servicePending);
    expect(h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: id })["ServiceStatus"]).toBe("Active");
    expect(h.fail(OWNER, "UpdateVpcEndpointServiceAttribute", { ServiceId: id, ConnectBandwidth: "1025" }).code).toBe("IllegalParamFormat.ConnectBandwidth");
  });

  it("answers EndpointServiceLocked when FinancialLocked", () => {
    h = harness();
    const id = h.activeService();
    h.world.patchObject("service", id, { ServiceBusinessStatus: "FinancialLocked" });
    expect(h.fail(OWNER, "UpdateVpcEndpointServiceAttribute", { ServiceId: id, ServiceDescription: "x" }).code).toBe("EndpointServiceLocked");
  });

  it("hides a service from other accounts and other regions", () => {
    h = harness();
    const id = h.activeService();
    expect(h.fail(CONSUMER, "GetVpcEndpointServiceAttribute", { ServiceId: id }).code).toBe("EndpointServiceNotFound");
    expect(h.fail(CONSUMER, "DeleteVpcEndpointService", { ServiceId: id }).code).toBe("EndpointServiceNotFound");
    expect(h.fail(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: id, RegionId: "cn-shanghai" }).code).toBe("EndpointServiceNotFound");
    expect(h.call(CONSUMER, "ListVpcEndpointServices", {})["Services"]).toEqual([]);
    expect(h.call(OWNER, "ListVpcEndpointServices", { RegionId: "cn-shanghai" })["Services"]).toEqual([]);
  });

  it("refuses to delete while resources are attached, then goes Deleting -> gone", () => {
    h = harness();
    const id = h.activeService();
    expect(h.fail(OWNER, "DeleteVpcEndpointService", { ServiceId: id }).code).toBe("EndpointServiceDependenceViolation");
    h.call(OWNER, "DetachResourceFromVpcEndpointService", { ServiceId: id, ResourceId: INV.owner.slbH, ResourceType: "slb" });
    h.call(OWNER, "DetachResourceFromVpcEndpointService", { ServiceId: id, ResourceId: INV.owner.slbI, ResourceType: "slb" });
    h.call(OWNER, "DeleteVpcEndpointService", { ServiceId: id });
    expect(h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: id })["ServiceStatus"]).toBe("Deleting");
    expect(h.fail(OWNER, "DeleteVpcEndpointService", { ServiceId: id }).code).toBe("EndpointServiceOperationDenied");
    h.advance(DEFAULT_DELAYS.serviceDeleting);
    expect(h.fail(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: id }).code).toBe("EndpointServiceNotFound");
  });

  it("lists with filters and pages in creation order with an opaque token", () => {
    h = harness();
    const ids = [1, 2, 3, 4, 5].map(
      (i) => h.call(OWNER, "CreateVpcEndpointService", { ServiceDescription: `s${i}`, AutoAcceptEnabled: i % 2 ? "true" : "false" })["ServiceId"],
    );
    const first = h.call(OWNER, "ListVpcEndpointServices", { MaxResults: "2" });
    expect(first["MaxResults"]).toBe(2);
    expect(first["Services"].map((s: any) => s.ServiceId)).toEqual(ids.slice(0, 2));
    expect(first["NextToken"]).toMatch(/^[0-9a-f]{32}$/);
    const second = h.call(OWNER, "ListVpcEndpointServices", { MaxResults: "2", NextToken: first["NextToken"] });
    expect(second["Services"].map((s: any) => s.ServiceId)).toEqual(ids.slice(2, 4));
    const third = h.call(OWNER, "ListVpcEndpointServices", { MaxResults: "2", NextToken: second["NextToken"] });
    expect(third["Services"].map((s: any) => s.ServiceId)).toEqual(ids.slice(4));
    expect(third["NextToken"]).toBe("");
    expect(h.call(OWNER, "ListVpcEndpointServices", {})["MaxResults"]).toBe(50);

    expect(h.fail(OWNER, "ListVpcEndpointServices", { NextToken: "caeba0bbb2be03f84eb48b699f0a4883" }).code).toBe("IllegalParamFormat.NextToken");
    // A token of another listing is refused too.
    expect(h.fail(OWNER, "ListVpcEndpointServicesByEndUser", { MaxResults: "2", NextToken: first["NextToken"] }).code).toBe("IllegalParamFormat.NextToken");
    expect(h.fail(OWNER, "ListVpcEndpointServices", { MaxResults: "51" }).code).toBe("IllegalParamFormat.MaxResults");
    expect(h.fail(OWNER, "ListVpcEndpointServices", { MaxResults: "0" }).code).toBe("IllegalParamFormat.MaxResults");

    const auto = h.call(OWNER, "ListVpcEndpointServices", { AutoAcceptEnabled: "true" })["Services"];
    expect(auto.map((s: any) => s.ServiceId)).toEqual([ids[0], ids[2], ids[4]]);
    expect(h.call(OWNER, "ListVpcEndpointServices", { ServiceStatus: "Active" })["Services"]).toEqual([]);
    expect(h.fail(OWNER, "ListVpcEndpointServices", { ServiceStatus: "Broken" }).code).toBe("IllegalParamFormat.ServiceStatus");
  });
});

describe("service resources", () => {
  it("attaches, lists with inventory fields, and detaches", () => {
    h = harness();
    const id = h.call(OWNER, "CreateVpcEndpointService", {})["ServiceId"];
    expect(h.fail(OWNER, "AttachResourceToVpcEndpointService", { ServiceId: id, ResourceId: INV.owner.slbH, ResourceType: "slb" }).code).toBe(
      "EndpointServiceOperationDenied",
    );
    h.advance(DEFAULT_DELAYS.serviceCreating);
    h.call(OWNER, "AttachResourceToVpcEndpointService", { ServiceId: id, ResourceId: INV.owner.slbH, ResourceType: "slb" });
    const list = h.call(OWNER, "ListVpcEndpointServiceResources", { ServiceId: id });
    expect(list["Resources"]).toEqual([
      {
        Ip: "172.16.1.100",
        RegionId: "cn-hangzhou",
        ResourceId: INV.owner.slbH,
        ResourceType: "slb",
        VSwitchId: INV.owner.vswH,
        VpcId: INV.owner.vpc,
        ZoneId: "cn-hangzhou-h",
        AutoAllocatedEnabled: true,
        RelatedEndpointCount: 0,
        RelatedDeprecatedEndpointCount: 0,
        ResourceSupportIPv6: false,
      },
    ]);
    expect(h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: id })["Zones"]).toEqual(["cn-hangzhou-h"]);
    expect(h.fail(OWNER, "AttachResourceToVpcEndpointService", { ServiceId: id, ResourceId: INV.owner.slbH, ResourceType: "slb" }).code).toBe(
      "EndpointServiceResourceExist",
    );
    h.call(OWNER, "DetachResourceFromVpcEndpointService", { ServiceId: id, ResourceId: INV.owner.slbH, ResourceType: "slb" });
    expect(h.fail(OWNER, "DetachResourceFromVpcEndpointService", { ServiceId: id, ResourceId: INV.owner.slbH, ResourceType: "slb" }).code).toBe(
      "EndpointServiceResourceNotFound",
    );
    expect(h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: id })["Zones"]).toEqual([]);
  });

  it("checks the load balancer against the inventory", () => {
    h = harness();
    const id = h.activeService();
    const attach = (ResourceId: string, ResourceType: string) =>
      h.fail(OWNER, "AttachResourceToVpcEndpointService", { ServiceId: id, ResourceId, ResourceType }).code;
    expect(attach("lb-doesnotexist000000000", "slb")).toBe("LoadBalancerNotFound");
    expect(attach(INV.owner.slbNoPrivateLink, "slb")).toBe("LoadBalancerNotSupportPrivateLink");
    expect(
      h.fail(OWNER, "AttachResourceToVpcEndpointService", {
        ServiceId: id,
        ResourceId: "alb-doesnotexist00000000",
        ResourceType: "alb",
        ZoneId: "cn-hangzhou-j",
      }).code,
    ).toBe("AlbNotFound");
    expect(attach(INV.owner.slbH, "foo")).toBe("EndpointServiceResourceTypeNotSupport");
    // Another account's load balancer does not exist for the caller; nor does one of another region.
    expect(h.fail(CONSUMER, "CreateVpcEndpointService", { "Resource.1.ResourceId": INV.owner.slbH, "Resource.1.ResourceType": "slb" }).code).toBe(
      "LoadBalancerNotFound",
    );
    expect(attach(INV.owner.shSlb, "slb")).toBe("LoadBalancerNotFound");
    // An alb on an slb service is a type this service does not support.
    expect(
      h.fail(OWNER, "AttachResourceToVpcEndpointService", { ServiceId: id, ResourceId: INV.owner.albJ, ResourceType: "alb", ZoneId: "cn-hangzhou-j" }).code,
    ).toBe("EndpointServiceResourceTypeNotSupport");
  });

  it("caps resources: at most 10 at create", () => {
    h = harness();
    const params: Record<string, string> = {};
    for (let i = 1; i <= 11; i++) {
      params[`Resource.${i}.ResourceId`] = INV.owner.slbH;
      params[`Resource.${i}.ResourceType`] = "slb";
    }
    expect(h.fail(OWNER, "CreateVpcEndpointService", params).code).toBe("QuotaMisMatched");
  });

  it("applies the dual-stack rules to services", () => {
    h = harness();
    expect(
      h.fail(OWNER, "CreateVpcEndpointService", { AddressIpVersion: "DualStack", "Resource.1.ResourceId": INV.owner.slbH, "Resource.1.ResourceType": "slb" })
        .code,
    ).toBe("OperationDenied.ResourceTypeNotSupportDualStack");
    expect(
      h.fail(OWNER, "CreateVpcEndpointService", {
        AddressIpVersion: "DualStack",
        "Resource.1.ResourceId": INV.owner.nlbJ,
        "Resource.1.ResourceType": "nlb",
        "Resource.1.ZoneId": "cn-hangzhou-j",
      }).code,
    ).toBe("OperationDenied.ServiceResourceIpVersionMismatch");
    expect(h.fail(OWNER, "CreateVpcEndpointService", { AddressIpVersion: "IPv6" }).code).toBe("IllegalParam.AddressIpVersion");
    const ok = h.call(OWNER, "CreateVpcEndpointService", {
      AddressIpVersion: "DualStack",
      "Resource.1.ResourceId": INV.owner.nlbDualStack,
      "Resource.1.ResourceType": "nlb",
      "Resource.1.ZoneId": "cn-hangzhou-h",
    });
    expect(ok["AddressIpVersion"]).toBe("DualStack");
  });
});

describe("whitelist", () => {
  it("adds idempotently, lists numbers, filters and removes idempotently", () => {
    h = harness();
    const id = h.activeService();
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: id, UserId: CONSUMER.accountId });
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: id, UserId: CONSUMER.accountId });
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: id, UserId: "12345678" });
    const users = h.call(OWNER, "ListVpcEndpointServiceUsers", { ServiceId: id });
    expect(users["Users"]).toEqual([{ UserId: Number(CONSUMER.accountId) }, { UserId: 12345678 }]);
    expect(h.call(OWNER, "ListVpcEndpointServiceUsers", { ServiceId: id, UserId: "12345678" })["Users"]).toEqual([{ UserId: 12345678 }]);
    h.call(OWNER, "RemoveUserFromVpcEndpointService", { ServiceId: id, UserId: "12345678" });
    h.call(OWNER, "RemoveUserFromVpcEndpointService", { ServiceId: id, UserId: "12345678" });
    expect(h.call(OWNER, "ListVpcEndpointServiceUsers", { ServiceId: id })["Users"]).toHaveLength(1);
    expect(h.fail(OWNER, "AddUserToVpcEndpointService", { ServiceId: id, UserId: "*" }).code).toBe("IllegalParamFormat.UserId");
    expect(h.fail(OWNER, "AddUserToVpcEndpointService", { ServiceId: id }).code).toBe("MissingParam.UserId");
    expect(h.fail(CONSUMER, "AddUserToVpcEndpointService", { ServiceId: id, UserId: "1" }).code).toBe("EndpointServiceNotFound");
  });

  it("whitelists principals by ARN: listed apart (UserListType UserARNs), admitting the account they name", () => {
    h = harness();
    const id = h.activeService();
    const arn = `acs:ram:*:${CONSUMER.accountId}:*`;
    const visible = (who: typeof CONSUMER) => h.call(who, "ListVpcEndpointServicesByEndUser", {})["Services"].map((s: any) => s.ServiceId);
    expect(visible(CONSUMER)).toEqual([]);
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: id, UserARN: arn });
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: id, UserARN: arn });
    expect(visible(CONSUMER)).toEqual([id]);
    expect(visible(THIRD)).toEqual([]);
    // Account entries and ARN entries are two lists.
    expect(h.call(OWNER, "ListVpcEndpointServiceUsers", { ServiceId: id })).toMatchObject({ Users: [], UserARNs: [] });
    expect(h.call(OWNER, "ListVpcEndpointServiceUsers", { ServiceId: id, UserListType: "UserARNs" })).toMatchObject({
      Users: [],
      UserARNs: [{ UserARN: arn }],
    });
    expect(h.fail(OWNER, "ListVpcEndpointServiceUsers", { ServiceId: id, UserListType: "Roles" }).code).toBe("IllegalParamFormat.UserListType");
    expect(h.world.describeObjects()).toMatchObject({ whitelist: [{ Id: `${id}:${arn}`, ServiceId: id, UserARN: arn }] });
    // A role of the account is not the account: the emulator's callers are accounts.
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: id, UserARN: `acs:ram:*:${THIRD.accountId}:role/partner` });
    expect(visible(THIRD)).toEqual([]);
    // Everyone.
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: id, UserARN: "acs:ram:*:*:*" });
    expect(visible(THIRD)).toEqual([id]);
    expect(h.fail(OWNER, "AddUserToVpcEndpointService", { ServiceId: id, UserARN: "arn:aws:iam::1:root" }).code).toBe("IllegalParamFormat.UserARN");
    h.call(OWNER, "RemoveUserFromVpcEndpointService", { ServiceId: id, UserARN: "acs:ram:*:*:*" });
    h.call(OWNER, "RemoveUserFromVpcEndpointService", { ServiceId: id, UserARN: arn });
    expect(visible(CONSUMER)).toEqual([]);
    // A consumer admitted by ARN can create endpoints.
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: id, UserARN: arn });
    const ep = h.call(CONSUMER, "CreateVpcEndpoint", {
      VpcId: INV.consumer.vpc,
      ServiceId: id,
      "SecurityGroupId.1": INV.consumer.sg1,
      "Zone.1.VSwitchId": INV.consumer.vswH,
    });
    expect(ep["EndpointId"]).toMatch(/^ep-/);
  });
});

describe("regions and zones", () => {
  it("describes regions and zones in the nested shapes of the spec", () => {
    h = harness();
    const regions = h.call(OWNER, "DescribeRegions", { RegionId: undefined });
    expect(regions["Regions"]["Region"]).toContainEqual({
      RegionId: "cn-hangzhou",
      RegionEndpoint: "privatelink.cn-hangzhou.aliyuncs.com",
      LocalName: "China (Hangzhou)",
      ServiceResourceTypes: { ServiceResourceType: ["slb", "alb", "nlb", "gwlb", "natgw"] },
    });
    const zones = h.call(OWNER, "DescribeZones", { RegionId: "cn-hangzhou" });
    expect(zones["Zones"]["Zone"].map((z: any) => z.ZoneId)).toEqual(["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j"]);
    expect(h.fail(OWNER, "DescribeZones", { RegionId: undefined }).code).toBe("MissingParam.RegionId");
    expect(h.fail(OWNER, "DescribeZones", { RegionId: "mars-1" }).code).toBe("IllegalParamFormat.RegionId");
  });
});
