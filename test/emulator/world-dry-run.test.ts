// DryRun answers DryRunOperation only after every check, references included: a VPC, vSwitch, security group,
// service or load balancer that does not exist answers its own code, and nothing changes either way. Preflight
// (a preview with DryRun=true writes) relies on it.
import { afterEach, describe, expect, it } from "vitest";
import { CONSUMER, INV, OWNER, harness, type Harness, type Params } from "./world-harness";

let h: Harness;
afterEach(() => h?.world.close());

describe("DryRun validates references before DryRunOperation", () => {
  it("CreateVpcEndpoint: VPC, service, security group and vSwitch", () => {
    h = harness();
    const svc = h.activeService();
    h.call(OWNER, "AddUserToVpcEndpointService", { ServiceId: svc, UserId: CONSUMER.accountId });
    const base: Params = {
      VpcId: INV.consumer.vpc,
      ServiceId: svc,
      "SecurityGroupId.1": INV.consumer.sg1,
      "Zone.1.VSwitchId": INV.consumer.vswH,
      "Zone.1.ZoneId": "cn-hangzhou-h",
    };
    const dryRun = (extra: Params) => h.fail(CONSUMER, "CreateVpcEndpoint", { ...base, ...extra }, true).code;
    expect(dryRun({ VpcId: "vpc-hzconsumer0000000099" })).toBe("VpcNotFound");
    expect(dryRun({ ServiceId: "epsrv-doesnotexist0000000" })).toBe("EndpointServiceNotFound");
    expect(dryRun({ "SecurityGroupId.1": "sg-hzconsumer0000000099" })).toBe("SecurityGroupNotFound");
    expect(dryRun({ "Zone.1.VSwitchId": "vsw-hzconsumer0000000099" })).toBe("VSwitchNotFound");
    expect(dryRun({})).toBe("DryRunOperation");
    expect(h.call(CONSUMER, "ListVpcEndpoints", {})["Endpoints"]).toEqual([]);
  });

  it("CreateVpcEndpointService, AttachResource, AddZone and AttachSecurityGroup: load balancer, vSwitch, group", () => {
    h = harness();
    expect(h.fail(OWNER, "CreateVpcEndpointService", { "Resource.1.ResourceId": "lb-hzowner0000000000099", "Resource.1.ResourceType": "slb" }, true).code).toBe(
      "LoadBalancerNotFound",
    );
    expect(h.call(OWNER, "ListVpcEndpointServices", {})["Services"]).toEqual([]);
    const svc = h.activeService();
    expect(
      h.fail(OWNER, "AttachResourceToVpcEndpointService", { ServiceId: svc, ResourceId: "alb-hzowner0000000000099", ResourceType: "alb" }, true).code,
    ).toBe("AlbNotFound");
    const ep = h.endpoint(svc);
    expect(h.fail(CONSUMER, "AddZoneToVpcEndpoint", { EndpointId: ep, ZoneId: "cn-hangzhou-i", VSwitchId: "vsw-hzconsumer0000000099" }, true).code).toBe(
      "VSwitchNotFound",
    );
    expect(h.fail(CONSUMER, "AddZoneToVpcEndpoint", { EndpointId: ep, ZoneId: "cn-hangzhou-i", VSwitchId: INV.consumer.vswI }, true).code).toBe(
      "DryRunOperation",
    );
    expect(h.fail(CONSUMER, "AttachSecurityGroupToVpcEndpoint", { EndpointId: ep, SecurityGroupId: "sg-hzconsumer0000000099" }, true).code).toBe(
      "SecurityGroupNotFound",
    );
    expect(h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: ep })["Zones"]).toHaveLength(1);
  });
});
