import { afterEach, describe, expect, it } from "vitest";
import { CONSUMER, INV, OWNER, harness, type Harness } from "./world-harness";
import { DEFAULT_DELAYS } from "../../src/emulator/world";
import { normalizeResponse } from "../../src/api/privatelink";

let h: Harness;
afterEach(() => h?.world.close());

describe("lists as the current API answers them", () => {
  it("TotalCount counts every match (all pages), typed as the models type it; the API layer reads it as a number", () => {
    h = harness();
    const sid = h.activeService();
    for (let i = 0; i < 3; i++) h.endpoint(sid);
    const page = h.call(CONSUMER, "ListVpcEndpoints", { MaxResults: "2" });
    expect(page["Endpoints"]).toHaveLength(2);
    expect(page["TotalCount"]).toBe(3);
    const byEndUser = h.call(CONSUMER, "ListVpcEndpointServicesByEndUser", {});
    expect(byEndUser["TotalCount"]).toBe("1");
    const connections = h.call(OWNER, "ListVpcEndpointConnections", { ServiceId: sid, MaxResults: "1" });
    expect(connections["TotalCount"]).toBe("3");
    expect(normalizeResponse("ListVpcEndpointConnections", { RequestId: "R", ...connections }).TotalCount).toBe(3);
    const ep = page["Endpoints"][0].EndpointId;
    expect(h.call(CONSUMER, "ListVpcEndpointZones", { EndpointId: ep })["TotalCount"]).toBe(1);
    expect(h.call(CONSUMER, "ListVpcEndpointSecurityGroups", { EndpointId: ep })["TotalCount"]).toBe(1);
    expect(h.call(OWNER, "ListVpcEndpointServiceUsers", { ServiceId: sid })["TotalCount"]).toBe("1");
    expect(h.call(OWNER, "ListVpcEndpointServices", {})["TotalCount"]).toBe(1);
  });

  it("ListVpcEndpointServices filters by AddressIpVersion, ResourceId, ServiceResourceType, ZoneAffinityEnabled and answers the service's settings", () => {
    h = harness();
    const slb = h.activeService({ ZoneAffinityEnabled: "true", "SupportedRegionList.1": "cn-shanghai" });
    const nlb = h.call(OWNER, "CreateVpcEndpointService", {
      AddressIpVersion: "DualStack",
      "Resource.1.ResourceId": INV.owner.nlbDualStack,
      "Resource.1.ResourceType": "nlb",
      "Resource.1.ZoneId": "cn-hangzhou-h",
    })["ServiceId"];
    h.advance(DEFAULT_DELAYS.serviceCreating);
    const ids = (params: Record<string, string>) => h.call(OWNER, "ListVpcEndpointServices", params)["Services"].map((s: any) => s.ServiceId);
    expect(ids({ AddressIpVersion: "DualStack" })).toEqual([nlb]);
    expect(ids({ ResourceId: INV.owner.slbI })).toEqual([slb]);
    expect(ids({ ServiceResourceType: "nlb" })).toEqual([nlb]);
    expect(ids({ ZoneAffinityEnabled: "true" })).toEqual([slb]);
    const entry = h.call(OWNER, "ListVpcEndpointServices", { ServiceId: slb })["Services"][0];
    expect(entry).toMatchObject({
      Payer: "Endpoint",
      ServiceResourceType: "slb",
      ServiceType: "Interface",
      AddressIpVersion: "IPv4",
      ZoneAffinityEnabled: true,
    });
    expect(entry.SupportedRegionSet).toEqual([
      { ServiceRegionId: "cn-hangzhou", SupportedRegionId: "cn-shanghai", RegionServiceStatus: "Open", RegionBusinessStatus: "Normal" },
    ]);
    expect(h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: slb })["SupportedRegionSet"]).toEqual(entry.SupportedRegionSet);
    expect(h.fail(OWNER, "ListVpcEndpointServices", { AddressIpVersion: "IPv5" }).code).toBe("IllegalParam.AddressIpVersion");
  });

  it("ListVpcEndpoints and GetVpcEndpointAttribute answer the endpoint's settings and its service's payer", () => {
    h = harness();
    const sid = h.activeService();
    const ep = h.endpoint(sid);
    const got = h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: ep });
    expect(got).toMatchObject({
      EndpointType: "Interface",
      AddressIpVersion: "IPv4",
      ServiceRegionId: "cn-hangzhou",
      Payer: "Endpoint",
      ResourceOwner: false,
      ZonePrivateIpAddressCount: 1,
      PolicyDocument: "",
      ZoneAffinityEnabled: false,
    });
    expect(got["CrossRegionBandwidth"]).toBeUndefined();
    expect(h.call(CONSUMER, "ListVpcEndpoints", { AddressIpVersion: "DualStack" })["Endpoints"]).toEqual([]);
    expect(h.call(CONSUMER, "ListVpcEndpoints", { EndpointType: "Interface" })["Endpoints"]).toHaveLength(1);
  });
});
