// Malformed and empty IDs fail at preview (check), naming the field and the rule, before any API call.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetProviderContext, setStackConfig } from "../../src/provider/context";
import { lifecycleFor } from "../../src/provider/runtime";

// check resolves the settings (no call): static keys and an endpoint that nothing listens on.
beforeAll(() => {
  const config: Record<string, string> = {
    "alicloud-privatelink:region": "cn-hangzhou",
    "alicloud-privatelink:endpoint": "http://127.0.0.1:9",
    "alicloud-privatelink:allowInsecureHttp": "true",
    "alicloud-privatelink:accessKeyId": "LTAI-check-ids",
    "alicloud-privatelink:accessKeySecret": "check-ids-secret",
  };
  setStackConfig({ get: (k: string) => config[k] });
});
afterAll(() => resetProviderContext());

async function failures(kind: string, news: Record<string, unknown>) {
  const result = await lifecycleFor(kind).check({}, { ...news, __provider: "x" });
  return (result.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
}

const endpoint = {
  vpcId: "vpc-hzconsumer0000000001",
  serviceId: "epsrv-hzowner00000000001",
  securityGroupIds: ["sg-hzconsumer0000000001"],
  zones: [{ zoneId: "cn-hangzhou-h", vSwitchId: "vsw-hzconsumer0000000001" }],
};

describe("ID formats at check", () => {
  it("well-formed IDs pass", async () => {
    expect(await failures("VpcEndpoint", endpoint)).toEqual([]);
    expect(await failures("EndpointZone", { endpointId: "ep-abc123", zoneId: "cn-hangzhou-i", vSwitchId: "vsw-abc" })).toEqual([]);
    expect(await failures("WhitelistUser", { serviceId: "epsrv-abc", userId: "1380000000000002" })).toEqual([]);
  });

  it.each([
    ["VpcEndpoint", { ...endpoint, vpcId: "" }, 'vpcId: vpcId must match the rule: a VPC ID (vpc-…) (got "")'],
    ["VpcEndpoint", { ...endpoint, vpcId: "vsw-hzconsumer0000000001" }, 'vpcId: vpcId must match the rule: a VPC ID (vpc-…) (got "vsw-hzconsumer0000000001")'],
    ["VpcEndpoint", { ...endpoint, serviceId: "svc-1" }, "serviceId: serviceId must match the rule: an endpoint service ID (epsrv-…)"],
    ["VpcEndpoint", { ...endpoint, serviceId: undefined, serviceName: " " }, "serviceName: serviceName must not be empty"],
    [
      "VpcEndpoint",
      { ...endpoint, securityGroupIds: ["sg-1", ""] },
      'securityGroupIds: securityGroupIds items must match the rule: a security group ID (sg-…) (got "")',
    ],
    [
      "VpcEndpoint",
      { ...endpoint, zones: [{ zoneId: "h", vSwitchId: "vsw-1" }] },
      "zones[0].zoneId: zones[0].zoneId must match the rule: a zone ID such as cn-hangzhou-h",
    ],
    [
      "VpcEndpoint",
      { ...endpoint, zones: [{ zoneId: "cn-hangzhou-h", vSwitchId: "VSW-1" }] },
      "zones[0].vSwitchId: zones[0].vSwitchId must match the rule: a vSwitch ID (vsw-…)",
    ],
    ["EndpointZone", { endpointId: "", zoneId: "cn-hangzhou-i", vSwitchId: "vsw-abc" }, "endpointId: endpointId must match the rule: an endpoint ID (ep-…)"],
    [
      "SecurityGroupAttachment",
      { endpointId: "ep-1", securityGroupId: "" },
      "securityGroupId: securityGroupId must match the rule: a security group ID (sg-…)",
    ],
    ["EndpointConnection", { serviceId: "epsrv-1", endpointId: "epsrv-1" }, "endpointId: endpointId must match the rule: an endpoint ID (ep-…)"],
    ["ServiceResourceAttachment", { serviceId: "epsrv-1", resourceId: "" }, "resourceId: resourceId must not be empty"],
    ["WhitelistUser", { serviceId: "", userId: "1" }, "serviceId: serviceId must match the rule: an endpoint service ID (epsrv-…)"],
    ["VpcEndpointService", { resources: [{ resourceId: "" }] }, "resources[0].resourceId: resources[0].resourceId must not be empty"],
    ["VpcEndpointService", { resourceGroupId: "group-1" }, "resourceGroupId: resourceGroupId must match the rule: rg- followed by letters and digits"],
    ["VpcEndpointService", { adoptExistingId: "" }, "adoptExistingId: adoptExistingId must not be empty"],
    [
      "EndpointZone",
      { endpointId: "ep-1", zoneId: "cn-hangzhou-i", vSwitchId: "vsw-abc", adoptExistingId: "ep-1" },
      'adoptExistingId: adoptExistingId is malformed: EndpointZone ID "ep-1" must look like <endpointId>:<zoneId>: it has 1 part',
    ],
  ])("%s %j fails: %s", async (kind, news, expected) => {
    const found = await failures(kind, news as Record<string, unknown>);
    expect(
      found.some((f) => f.startsWith(expected)),
      found.join("\n"),
    ).toBe(true);
  });

  it("unknown values during preview are not checked", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect(await failures("VpcEndpoint", { ...endpoint, vpcId: unknown, securityGroupIds: [unknown] })).toEqual([]);
  });
});
