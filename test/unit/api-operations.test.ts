// What the typed API layer sends for each action, and that it hands the response through normalisation.
// The fake ApiCaller is a unit seam: it records the call and returns a canned body; no cloud is mocked.
import { describe, expect, it } from "vitest";
import * as api from "../../src/api";
import type { ApiCaller, ApiParams, CallOptions } from "../../src/api";
import { ACTION_NAMES, operationSpec } from "../../src/spec/operations";

interface RecordedCall {
  action: string;
  params: ApiParams;
  options?: CallOptions;
}

class RecordingCaller implements ApiCaller {
  readonly regionId = "cn-huhehaote";
  readonly calls: RecordedCall[] = [];
  constructor(private readonly respond: (action: string, params: ApiParams) => unknown = () => ({ RequestId: "REQ-1" })) {}
  async call<T>(action: string, params: ApiParams, options?: CallOptions): Promise<T> {
    this.calls.push(options === undefined ? { action, params } : { action, params, options });
    return this.respond(action, params) as T;
  }
}

const camel = (action: string) => action[0]!.toLowerCase() + action.slice(1);

/** Top-level request names of the catalog: `Zone[].VSwitchId` -> `Zone`, `SecurityGroupId` -> itself. */
function catalogTopLevel(action: string): Set<string> {
  return new Set(operationSpec(action)!.request.map((p) => p.name.split(/[.[]/)[0]!));
}

const SVC = "epsrv-hp3vpx8yqxblby3i0001";
const EP = "ep-hp33b2e43fays7s80001";

/** One call per action: the request we pass, the parameters that must reach the client, a response body. */
const SERVICE_UPDATE = {
  ServiceId: SVC,
  ServiceDescription: "d",
  AutoAcceptEnabled: true,
  ConnectBandwidth: 200,
  AddressIpVersion: "DualStack",
  ServiceSupportIPv6: true,
  ZoneAffinityEnabled: false,
  AddSupportedRegionSet: ["cn-shanghai"],
  DeleteSupportedRegionSet: ["cn-beijing"],
};

/** `bodyParams`: actions whose parameters travel in the form body (the query then carries none). */
const CASES: { action: string; request: Record<string, unknown>; params: ApiParams; bodyParams?: ApiParams; body?: Record<string, unknown> }[] = [
  { action: "DescribeRegions", request: {}, params: {} },
  { action: "DescribeZones", request: { RegionId: "cn-hangzhou" }, params: { RegionId: "cn-hangzhou" } },
  {
    action: "CreateVpcEndpointService",
    request: {
      ServiceDescription: "my service",
      AutoAcceptEnabled: false,
      Resource: [{ ResourceId: "lb-1", ResourceType: "slb", ZoneId: "cn-huhehaote-a" }],
      Payer: "Endpoint",
      ZoneAffinityEnabled: true,
      ServiceResourceType: "slb",
      ServiceSupportIPv6: false,
      ResourceGroupId: "rg-1",
      Tag: [{ Key: "env", Value: "prod" }, { Key: "team" }],
      AddressIpVersion: "IPv4",
      SupportedRegionList: ["cn-huhehaote", "cn-hangzhou"],
      DryRun: false,
    },
    params: {
      ServiceDescription: "my service",
      AutoAcceptEnabled: false,
      Resource: [{ ResourceId: "lb-1", ResourceType: "slb", ZoneId: "cn-huhehaote-a" }],
      Payer: "Endpoint",
      ZoneAffinityEnabled: true,
      ServiceResourceType: "slb",
      ServiceSupportIPv6: false,
      ResourceGroupId: "rg-1",
      Tag: [{ Key: "env", Value: "prod" }, { Key: "team" }],
      AddressIpVersion: "IPv4",
      SupportedRegionList: ["cn-huhehaote", "cn-hangzhou"],
      DryRun: false,
    },
    body: { RequestId: "REQ-1", ServiceId: SVC, ServiceStatus: "Creating" },
  },
  // Every field of the request is a wire parameter of the same name.
  { action: "UpdateVpcEndpointServiceAttribute", request: SERVICE_UPDATE, params: SERVICE_UPDATE },
  {
    action: "GetVpcEndpointServiceAttribute",
    request: { ServiceId: SVC },
    params: { ServiceId: SVC },
    body: { RequestId: "REQ-1", ServiceId: SVC, ServiceStatus: "Active" },
  },
  {
    action: "ListVpcEndpointServices",
    request: { ServiceName: "n", AutoAcceptEnabled: false, ServiceStatus: "Active", ServiceBusinessStatus: "Normal", MaxResults: 10 },
    params: { ServiceName: "n", AutoAcceptEnabled: false, ServiceStatus: "Active", ServiceBusinessStatus: "Normal", MaxResults: 10 },
  },
  { action: "DeleteVpcEndpointService", request: { ServiceId: SVC }, params: { ServiceId: SVC } },
  {
    action: "AddUserToVpcEndpointService",
    request: { ServiceId: SVC, UserId: "1190592979810001", UserARN: "acs:ram:*:1190592979810001:*" },
    params: { ServiceId: SVC, UserId: "1190592979810001", UserARN: "acs:ram:*:1190592979810001:*" },
  },
  {
    action: "ListVpcEndpointServiceUsers",
    request: { ServiceId: SVC, UserId: 12345678, UserListType: "Users" },
    params: { ServiceId: SVC, UserId: "12345678", UserListType: "Users" },
  },
  { action: "RemoveUserFromVpcEndpointService", request: { ServiceId: SVC, UserARN: "acs:ram:*:*:*" }, params: { ServiceId: SVC, UserARN: "acs:ram:*:*:*" } },
  {
    action: "AttachResourceToVpcEndpointService",
    request: { ServiceId: SVC, ResourceId: "nlb-1", ResourceType: "nlb", ZoneId: "cn-huhehaote-a" },
    params: { ServiceId: SVC, ResourceId: "nlb-1", ResourceType: "nlb", ZoneId: "cn-huhehaote-a" },
  },
  {
    action: "UpdateVpcEndpointServiceResourceAttribute",
    request: { ServiceId: SVC, ResourceId: "nlb-1", ZoneId: "cn-huhehaote-a", AutoAllocatedEnabled: false },
    params: { ServiceId: SVC, ResourceId: "nlb-1", ZoneId: "cn-huhehaote-a", AutoAllocatedEnabled: false },
  },
  { action: "ListVpcEndpointServiceResources", request: { ServiceId: SVC, NextToken: "t1" }, params: { ServiceId: SVC, NextToken: "t1" } },
  {
    action: "DetachResourceFromVpcEndpointService",
    request: { ServiceId: SVC, ResourceId: "lb-1", ResourceType: "slb" },
    params: { ServiceId: SVC, ResourceId: "lb-1", ResourceType: "slb" },
  },
  {
    action: "CreateVpcEndpoint",
    request: {
      VpcId: "vpc-1",
      ServiceId: SVC,
      SecurityGroupId: ["sg-1", "sg-2"],
      EndpointName: "test",
      EndpointDescription: "my endpoint",
      Zone: [
        { VSwitchId: "vsw-1", ZoneId: "cn-huhehaote-a", ip: "192.168.0.10" },
        { VSwitchId: "vsw-2", ZoneId: "cn-huhehaote-b" },
      ],
      EndpointType: "Interface",
      ZonePrivateIpAddressCount: 1,
      ProtectedEnabled: false,
      Tag: [{ Key: "env", Value: "prod" }],
      PolicyDocument: '{"Version":"1"}',
      AddressIpVersion: "IPv4",
      ZoneAffinityEnabled: false,
    },
    params: {
      VpcId: "vpc-1",
      ServiceId: SVC,
      SecurityGroupId: ["sg-1", "sg-2"],
      EndpointName: "test",
      EndpointDescription: "my endpoint",
      Zone: [
        { VSwitchId: "vsw-1", ZoneId: "cn-huhehaote-a", ip: "192.168.0.10" },
        { VSwitchId: "vsw-2", ZoneId: "cn-huhehaote-b" },
      ],
      EndpointType: "Interface",
      ZonePrivateIpAddressCount: 1,
      ProtectedEnabled: false,
      Tag: [{ Key: "env", Value: "prod" }],
      PolicyDocument: '{"Version":"1"}',
      AddressIpVersion: "IPv4",
      ZoneAffinityEnabled: false,
    },
    body: { RequestId: "REQ-1", EndpointId: EP, EndpointStatus: "Creating", Bandwidth: "1024" },
  },
  {
    action: "UpdateVpcEndpointAttribute",
    request: {
      EndpointId: EP,
      EndpointName: "test",
      PolicyDocument: '{"Version":"1"}',
      AddressIpVersion: "IPv4",
      ZoneAffinityEnabled: true,
      ResetPolicy: false,
    },
    params: {
      EndpointId: EP,
      EndpointName: "test",
      PolicyDocument: '{"Version":"1"}',
      AddressIpVersion: "IPv4",
      ZoneAffinityEnabled: true,
      ResetPolicy: false,
    },
  },
  {
    action: "GetVpcEndpointAttribute",
    request: { EndpointId: EP },
    params: { EndpointId: EP },
    body: { RequestId: "REQ-1", EndpointId: EP, EndpointStatus: "Active", ConnectionStatus: "Disconnected" },
  },
  {
    action: "ListVpcEndpoints",
    request: { VpcId: "vpc-1", EndpointStatus: "Active", ConnectionStatus: "Connected" },
    params: { VpcId: "vpc-1", EndpointStatus: "Active", ConnectionStatus: "Connected" },
  },
  { action: "ListVpcEndpointServicesByEndUser", request: { ServiceId: SVC }, params: { ServiceId: SVC } },
  { action: "DeleteVpcEndpoint", request: { EndpointId: EP, DryRun: true }, params: { EndpointId: EP, DryRun: true } },
  {
    action: "EnableVpcEndpointConnection",
    request: { ServiceId: SVC, EndpointId: EP, Bandwidth: 1024, TrafficControlMode: "BandwidthLimit" },
    params: { ServiceId: SVC, EndpointId: EP, Bandwidth: 1024, TrafficControlMode: "BandwidthLimit" },
  },
  {
    action: "UpdateVpcEndpointConnectionAttribute",
    request: { ServiceId: SVC, EndpointId: EP, Bandwidth: 2048, TrafficControlMode: "Scalability" },
    params: { ServiceId: SVC, EndpointId: EP, Bandwidth: 2048, TrafficControlMode: "Scalability" },
  },
  {
    action: "ListVpcEndpointConnections",
    request: { ServiceId: SVC, EndpointId: EP, EndpointOwnerId: "1190592979810001", ConnectionStatus: "Connected" },
    params: { ServiceId: SVC, EndpointId: EP, EndpointOwnerId: "1190592979810001", ConnectionStatus: "Connected" },
  },
  { action: "DisableVpcEndpointConnection", request: { ServiceId: SVC, EndpointId: EP }, params: { ServiceId: SVC, EndpointId: EP } },
  {
    action: "EnableVpcEndpointZoneConnection",
    request: { ServiceId: SVC, EndpointId: EP, ZoneId: "cn-huhehaote-a" },
    params: { ServiceId: SVC, EndpointId: EP, ZoneId: "cn-huhehaote-a" },
  },
  {
    action: "DisableVpcEndpointZoneConnection",
    request: { ServiceId: SVC, EndpointId: EP, ZoneId: "cn-huhehaote-a", ReplacedResource: true },
    params: { ServiceId: SVC, EndpointId: EP, ZoneId: "cn-huhehaote-a", ReplacedResource: true },
  },
  {
    action: "UpdateVpcEndpointZoneConnectionResourceAttribute",
    request: { ServiceId: SVC, EndpointId: EP, ZoneId: "cn-huhehaote-a", ResourceReplaceMode: "Graceful", ResourceId: "lb-2", ResourceType: "slb" },
    params: { ServiceId: SVC, EndpointId: EP, ZoneId: "cn-huhehaote-a", ResourceReplaceMode: "Graceful", ResourceId: "lb-2", ResourceType: "slb" },
  },
  {
    action: "AddZoneToVpcEndpoint",
    request: { EndpointId: EP, ZoneId: "cn-huhehaote-b", VSwitchId: "vsw-2", ip: "192.168.0.20", Ipv6Address: "2408::20" },
    params: { EndpointId: EP, ZoneId: "cn-huhehaote-b", VSwitchId: "vsw-2", ip: "192.168.0.20", Ipv6Address: "2408::20" },
  },
  { action: "ListVpcEndpointZones", request: { EndpointId: EP }, params: { EndpointId: EP } },
  { action: "RemoveZoneFromVpcEndpoint", request: { EndpointId: EP, ZoneId: "cn-huhehaote-b" }, params: { EndpointId: EP, ZoneId: "cn-huhehaote-b" } },
  { action: "AttachSecurityGroupToVpcEndpoint", request: { EndpointId: EP, SecurityGroupId: "sg-3" }, params: { EndpointId: EP, SecurityGroupId: "sg-3" } },
  { action: "ListVpcEndpointSecurityGroups", request: { EndpointId: EP }, params: { EndpointId: EP } },
  { action: "DetachSecurityGroupFromVpcEndpoint", request: { EndpointId: EP, SecurityGroupId: "sg-3" }, params: { EndpointId: EP, SecurityGroupId: "sg-3" } },
  {
    action: "TagResources",
    request: { ResourceType: "vpcendpoint", ResourceId: [EP], Tag: [{ Key: "env", Value: "prod" }], DryRun: true },
    params: {},
    bodyParams: { ResourceType: "vpcendpoint", ResourceId: [EP], Tag: [{ Key: "env", Value: "prod" }], DryRun: true },
  },
  {
    action: "UntagResources",
    request: { ResourceType: "vpcendpoint", ResourceId: [EP], TagKey: ["env"], All: false },
    params: {},
    bodyParams: { ResourceType: "vpcendpoint", ResourceId: [EP], TagKey: ["env"], All: false },
  },
  {
    action: "ListTagResources",
    request: { ResourceType: "vpcendpointservice", ResourceId: [SVC], Tag: [{ Key: "env" }], NextToken: "t1" },
    params: { ResourceType: "vpcendpointservice", ResourceId: [SVC], Tag: [{ Key: "env" }], NextToken: "t1" },
    body: { RequestId: "REQ-1", TagResources: [{ ResourceId: SVC, ResourceType: "vpcendpointservice", TagKey: "env", TagValue: "prod" }] },
  },
  {
    action: "ChangeResourceGroup",
    request: { ResourceType: "VpcEndpoint", ResourceId: EP, ResourceGroupId: "rg-1" },
    params: { ResourceType: "VpcEndpoint", ResourceId: EP, ResourceGroupId: "rg-1" },
  },
  { action: "CheckProductOpen", request: {}, params: {}, body: { RequestId: "REQ-1", Success: "true" } },
  {
    action: "OpenPrivateLinkService",
    request: { OwnerId: 1190592979810001 },
    params: { OwnerId: "1190592979810001" },
    body: { RequestId: "REQ-1", OrderId: 3245 },
  },
];

type AnyOperation = (client: ApiCaller, request: unknown, options?: CallOptions) => Promise<Record<string, unknown>>;
const operation = (action: string) => (api as unknown as Record<string, AnyOperation>)[camel(action)]!;

describe("one typed function per catalog action", () => {
  it("exports a camelCase function for each action of the catalog, and a case in this table for each", () => {
    for (const action of ACTION_NAMES) {
      expect(typeof (api as Record<string, unknown>)[camel(action)], camel(action)).toBe("function");
      expect(api.PRIVATELINK_OPERATIONS[action], action).toBe((api as Record<string, unknown>)[camel(action)]);
    }
    expect(CASES.map((c) => c.action).sort()).toEqual([...ACTION_NAMES].sort());
  });

  for (const c of CASES) {
    it(`${c.action}: sends Action=${c.action} with the request's wire parameters`, async () => {
      const client = new RecordingCaller(() => c.body ?? { RequestId: "REQ-1" });
      const response = await operation(c.action)(client, c.request);
      expect(client.calls).toHaveLength(1);
      expect(client.calls[0]!.action).toBe(c.action);
      expect(client.calls[0]!.params).toEqual(c.params);
      expect(client.calls[0]!.options?.bodyParams).toEqual(c.bodyParams);
      // Every top-level parameter we send is one the catalog documents for this action.
      const known = catalogTopLevel(c.action);
      const sent = { ...client.calls[0]!.params, ...client.calls[0]!.options?.bodyParams };
      for (const key of Object.keys(sent)) expect(known.has(key), `${c.action}.${key}`).toBe(true);
      expect(response.RequestId).toBe("REQ-1");
    });
  }
});

describe("request preparation", () => {
  it("drops undefined members instead of sending them", async () => {
    const client = new RecordingCaller();
    await api.updateVpcEndpointServiceAttribute(client, { ServiceId: SVC, ServiceDescription: undefined, ConnectBandwidth: 300 });
    expect(client.calls[0]!.params).toEqual({ ServiceId: SVC, ConnectBandwidth: 300 });
    expect(Object.keys(client.calls[0]!.params)).not.toContain("ServiceDescription");
  });

  it("passes the request's ClientToken as options.clientToken, not as a parameter", async () => {
    const client = new RecordingCaller(() => ({ RequestId: "R", EndpointId: EP }));
    await api.createVpcEndpoint(client, { VpcId: "vpc-1", ServiceId: SVC, ClientToken: "tok-123" }, { timeoutMs: 5000 });
    expect(client.calls[0]!.params).toEqual({ VpcId: "vpc-1", ServiceId: SVC });
    expect(client.calls[0]!.options).toEqual({ clientToken: "tok-123", timeoutMs: 5000 });
  });

  it("hands options through unchanged when the request has no ClientToken", async () => {
    const client = new RecordingCaller();
    await api.deleteVpcEndpoint(client, { EndpointId: EP }, { clientToken: "from-options" });
    expect(client.calls[0]!.options).toEqual({ clientToken: "from-options" });
  });

  it("refuses two different ClientTokens before calling", async () => {
    const client = new RecordingCaller();
    await expect(api.deleteVpcEndpoint(client, { EndpointId: EP, ClientToken: "a" }, { clientToken: "b" })).rejects.toThrow(/ClientToken/);
    expect(client.calls).toHaveLength(0);
  });

  it("sends account IDs as decimal strings and refuses a number that cannot be exact", async () => {
    const client = new RecordingCaller();
    await api.addUserToVpcEndpointService(client, { ServiceId: SVC, UserId: 1190592979810001 });
    expect(client.calls[0]!.params.UserId).toBe("1190592979810001");
    await expect(api.addUserToVpcEndpointService(client, { ServiceId: SVC, UserId: 2 ** 60 })).rejects.toThrow(RangeError);
    expect(client.calls).toHaveLength(1);
  });

  it("returns the normalised body, not the raw one", async () => {
    const client = new RecordingCaller(() => ({ RequestId: "R", EndpointId: EP, EndpointStatus: "Creating", Bandwidth: "1024" }));
    const response = await api.createVpcEndpoint(client, { VpcId: "vpc-1", ServiceId: SVC });
    expect(response.Bandwidth).toBe(1024);
    expect(response.EndpointStatus).toBe("Creating");
  });

  it("lets client errors propagate unchanged", async () => {
    const failure = new Error("EndpointNotFound");
    const client: ApiCaller = { regionId: "r", call: async () => Promise.reject(failure) };
    await expect(api.getVpcEndpointAttribute(client, { EndpointId: EP })).rejects.toBe(failure);
  });
});
