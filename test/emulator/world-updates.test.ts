// In-place changes of the current API: UpdateVpcEndpointAttribute's policy (and ResetPolicy), IP version and zone
// affinity; UpdateVpcEndpointServiceAttribute's IP version, zone affinity and supported regions; each rule with its code.
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_DELAYS } from "../../src/emulator/world";
import { CONSUMER, INV, OWNER, harness, type Harness } from "./world-harness";

let h: Harness;
afterEach(() => h?.world.close());

const POLICY = JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: ["oss:GetObject"], Resource: ["*"], Principal: "*" }] });

describe("UpdateVpcEndpointAttribute", () => {
  it("changes the policy alone (name and description are optional), and ResetPolicy restores the default", () => {
    h = harness();
    const ep = h.endpoint(h.activeService(), { EndpointName: "keep-me" });
    h.call(CONSUMER, "UpdateVpcEndpointAttribute", { EndpointId: ep, PolicyDocument: POLICY });
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: ep })).toMatchObject({
      PolicyDocument: POLICY,
      EndpointName: "keep-me",
      EndpointStatus: "Pending",
    });
    h.advance(DEFAULT_DELAYS.endpointPending);
    expect(h.fail(CONSUMER, "UpdateVpcEndpointAttribute", { EndpointId: ep, PolicyDocument: POLICY, ResetPolicy: "true" }).code).toBe(
      "IllegalParamFormat.ResetPolicy",
    );
    expect(h.fail(CONSUMER, "UpdateVpcEndpointAttribute", { EndpointId: ep, PolicyDocument: "[1]" }).code).toBe("IllegalParamFormat.PolicyDocument");
    h.call(CONSUMER, "UpdateVpcEndpointAttribute", { EndpointId: ep, ResetPolicy: "true" });
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: ep })["PolicyDocument"]).toBe("");
  });

  it("turns an endpoint dual-stack in place (IPv6 addresses for its zones) and back, after the dual-stack rules", () => {
    h = harness();
    const ipv4Service = h.activeService();
    const plain = h.endpoint(ipv4Service);
    expect(h.fail(CONSUMER, "UpdateVpcEndpointAttribute", { EndpointId: plain, AddressIpVersion: "DualStack" }).code).toBe(
      "OperationDenied.EndpointServiceNotSupportDualstack",
    );
    expect(h.fail(CONSUMER, "UpdateVpcEndpointAttribute", { EndpointId: plain, AddressIpVersion: "IPv6" }).code).toBe("IllegalParam.AddressIpVersion");

    const dual = h.call(OWNER, "CreateVpcEndpointService", {
      AddressIpVersion: "DualStack",
      "Resource.1.ResourceId": INV.owner.nlbDualStack,
      "Resource.1.ResourceType": "nlb",
      "Resource.1.ZoneId": "cn-hangzhou-h",
    })["ServiceId"];
    h.advance(DEFAULT_DELAYS.serviceCreating);
    // An endpoint in a VPC without IPv6 cannot become dual-stack, even against a dual-stack service.
    const noIpv6 = h.endpoint(dual);
    expect(h.fail(CONSUMER, "UpdateVpcEndpointAttribute", { EndpointId: noIpv6, AddressIpVersion: "DualStack" }).code).toBe(
      "OperationDenied.VSwitchNotSupportDualstack",
    );
    const ep = h.endpoint(dual, { VpcId: INV.consumer.vpcDualStack, "SecurityGroupId.1": INV.consumer.sgDual, "Zone.1.VSwitchId": INV.consumer.vswDualH });
    expect(h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: ep })["Zones"][0].ZoneIpv6Address).toBeUndefined();
    expect(h.fail(CONSUMER, "UpdateVpcEndpointAttribute", { EndpointId: ep, AddressIpVersion: "DualStack" }, true).code).toBe("DryRunOperation");
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: ep })["AddressIpVersion"]).toBe("IPv4");

    h.call(CONSUMER, "UpdateVpcEndpointAttribute", { EndpointId: ep, AddressIpVersion: "DualStack", ZoneAffinityEnabled: "true" });
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: ep })).toMatchObject({ AddressIpVersion: "DualStack", ZoneAffinityEnabled: true });
    expect(h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: ep })["Zones"][0].ZoneIpv6Address).toMatch(/^2408:4005:3a1:d01::/);
    h.advance(DEFAULT_DELAYS.endpointPending);
    h.call(CONSUMER, "UpdateVpcEndpointAttribute", { EndpointId: ep, AddressIpVersion: "IPv4" });
    expect(h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: ep })["Zones"][0].ZoneIpv6Address).toBeUndefined();
  });
});

describe("UpdateVpcEndpointServiceAttribute", () => {
  it("adds and deletes supported regions, shown by Get and List", () => {
    h = harness();
    const svc = h.activeService({ "SupportedRegionList.1": "cn-shanghai" });
    const regions = () =>
      (h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: svc })["SupportedRegionSet"] as { SupportedRegionId: string }[]).map(
        (r) => r.SupportedRegionId,
      );
    expect(regions()).toEqual(["cn-shanghai"]);
    h.call(OWNER, "UpdateVpcEndpointServiceAttribute", {
      ServiceId: svc,
      "AddSupportedRegionSet.1": "cn-beijing",
      "DeleteSupportedRegionSet.1": "cn-shanghai",
    });
    expect(regions()).toEqual(["cn-beijing"]);
    expect(h.call(OWNER, "ListVpcEndpointServices", { ServiceId: svc })["Services"][0].SupportedRegionSet).toEqual([
      { ServiceRegionId: "cn-hangzhou", SupportedRegionId: "cn-beijing", RegionServiceStatus: "Open", RegionBusinessStatus: "Normal" },
    ]);
    h.advance(DEFAULT_DELAYS.servicePending);
    expect(h.fail(OWNER, "UpdateVpcEndpointServiceAttribute", { ServiceId: svc, "AddSupportedRegionSet.1": "mars-north-1" }).code).toBe(
      "IllegalParamFormat.AddSupportedRegionSet.1",
    );
    expect(
      h.fail(OWNER, "UpdateVpcEndpointServiceAttribute", {
        ServiceId: svc,
        "AddSupportedRegionSet.1": "cn-shanghai",
        "DeleteSupportedRegionSet.1": "cn-shanghai",
      }).code,
    ).toBe("IllegalParamFormat.DeleteSupportedRegionSet.N");
    expect(h.fail(OWNER, "UpdateVpcEndpointServiceAttribute", { ServiceId: svc, "AddSupportedRegionSet.1": "cn-shanghai" }, true).code).toBe("DryRunOperation");
    expect(regions()).toEqual(["cn-beijing"]);
  });

  it("changes zone affinity and the IP version in place, refusing DualStack for slb backends", () => {
    h = harness();
    const svc = h.activeService();
    expect(h.fail(OWNER, "UpdateVpcEndpointServiceAttribute", { ServiceId: svc, AddressIpVersion: "DualStack" }).code).toBe(
      "OperationDenied.ResourceTypeNotSupportDualStack",
    );
    h.call(OWNER, "UpdateVpcEndpointServiceAttribute", { ServiceId: svc, ZoneAffinityEnabled: "true" });
    expect(h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: svc })).toMatchObject({ ZoneAffinityEnabled: true, AddressIpVersion: "IPv4" });

    const nlb = h.call(OWNER, "CreateVpcEndpointService", {
      "Resource.1.ResourceId": INV.owner.nlbDualStack,
      "Resource.1.ResourceType": "nlb",
      "Resource.1.ZoneId": "cn-hangzhou-h",
    })["ServiceId"];
    h.advance(DEFAULT_DELAYS.serviceCreating);
    h.call(OWNER, "UpdateVpcEndpointServiceAttribute", { ServiceId: nlb, AddressIpVersion: "DualStack" });
    expect(h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: nlb })["AddressIpVersion"]).toBe("DualStack");
  });
});
