// The listAll* helpers: follow NextToken to the end with MaxResults 50, and stop on a repeated cursor.
import { describe, expect, it } from "vitest";
import * as api from "../../src/api";
import { PaginationError, type ApiCaller, type ApiParams, type CallOptions } from "../../src/api";

interface RecordedCall {
  action: string;
  params: ApiParams;
  options?: CallOptions;
}

/** Answers page requests from a map keyed by the NextToken it receives ("" for the first page). */
class PagedCaller implements ApiCaller {
  readonly regionId = "cn-huhehaote";
  readonly calls: RecordedCall[] = [];
  constructor(private readonly pages: Record<string, Record<string, unknown>>) {}
  async call<T>(action: string, params: ApiParams, options?: CallOptions): Promise<T> {
    this.calls.push(options === undefined ? { action, params } : { action, params, options });
    const token = typeof params.NextToken === "string" ? params.NextToken : "";
    const page = this.pages[token];
    if (!page) throw new Error(`no page for token "${token}"`);
    return { RequestId: `R-${this.calls.length}`, ...page } as T;
  }
}

describe("listAllVpcEndpoints across three pages", () => {
  const pages = {
    "": { MaxResults: 50, NextToken: "t2", Endpoints: [{ EndpointId: "ep-1" }, { EndpointId: "ep-2" }] },
    t2: { MaxResults: "50", NextToken: "t3", Endpoints: [{ EndpointId: "ep-3", Bandwidth: "1024" }] },
    t3: { MaxResults: 50, NextToken: "", Endpoints: [{ EndpointId: "ep-4" }] },
  };

  it("concatenates the items of every page in order, normalised", async () => {
    const client = new PagedCaller(pages);
    const endpoints = await api.listAllVpcEndpoints(client, { VpcId: "vpc-1" });
    expect(endpoints.map((e) => e.EndpointId)).toEqual(["ep-1", "ep-2", "ep-3", "ep-4"]);
    expect(endpoints[2]!.Bandwidth).toBe(1024);
  });

  it("sends MaxResults 50, the filters on every page, and each page's NextToken on the next", async () => {
    const client = new PagedCaller(pages);
    await api.listAllVpcEndpoints(client, { VpcId: "vpc-1" }, { timeoutMs: 1234 });
    expect(client.calls.map((c) => c.action)).toEqual(["ListVpcEndpoints", "ListVpcEndpoints", "ListVpcEndpoints"]);
    expect(client.calls.map((c) => c.params)).toEqual([
      { VpcId: "vpc-1", MaxResults: 50 },
      { VpcId: "vpc-1", MaxResults: 50, NextToken: "t2" },
      { VpcId: "vpc-1", MaxResults: 50, NextToken: "t3" },
    ]);
    expect(client.calls.every((c) => c.options?.timeoutMs === 1234)).toBe(true);
  });

  it("stops after one page when the first page has no NextToken", async () => {
    const client = new PagedCaller({ "": { Endpoints: [{ EndpointId: "ep-1" }] } });
    expect(await api.listAllVpcEndpoints(client)).toEqual([{ EndpointId: "ep-1", Tags: [] }]);
    expect(client.calls).toHaveLength(1);
  });

  it("returns an empty array for an empty list", async () => {
    const client = new PagedCaller({ "": {} });
    expect(await api.listAllVpcEndpoints(client)).toEqual([]);
  });
});

describe("a server that repeats a cursor", () => {
  it("fails with PaginationError when a page hands back the token it was asked for", async () => {
    const client = new PagedCaller({
      "": { NextToken: "stuck", Endpoints: [{ EndpointId: "ep-1" }] },
      stuck: { NextToken: "stuck", Endpoints: [{ EndpointId: "ep-2" }] },
    });
    const result = api.listAllVpcEndpoints(client);
    await expect(result).rejects.toBeInstanceOf(PaginationError);
    await expect(result).rejects.toMatchObject({ action: "ListVpcEndpoints", nextToken: "stuck", pages: 2 });
    expect(client.calls).toHaveLength(2);
  });

  it("fails when a token comes back after other pages (a cycle)", async () => {
    const client = new PagedCaller({
      "": { NextToken: "a", SecurityGroups: [{ SecurityGroupId: "sg-1" }] },
      a: { NextToken: "b", SecurityGroups: [{ SecurityGroupId: "sg-2" }] },
      b: { NextToken: "a", SecurityGroups: [{ SecurityGroupId: "sg-3" }] },
    });
    await expect(api.listAllVpcEndpointSecurityGroups(client, { EndpointId: "ep-1" })).rejects.toThrow(/NextToken "a" a second time/);
    expect(client.calls).toHaveLength(3);
  });
});

describe("one helper per paged List action", () => {
  /** `pageSize: false`: the action takes no MaxResults, so none is sent. */
  const cases: {
    helper: keyof typeof api;
    action: string;
    items: string;
    item: Record<string, unknown>;
    request: Record<string, unknown>;
    pageSize?: false;
  }[] = [
    {
      helper: "listAllVpcEndpointServices",
      action: "ListVpcEndpointServices",
      items: "Services",
      item: { ServiceId: "s", Tags: [], SupportedRegionSet: [] },
      request: {},
    },
    { helper: "listAllVpcEndpoints", action: "ListVpcEndpoints", items: "Endpoints", item: { EndpointId: "e", Tags: [] }, request: {} },
    {
      helper: "listAllVpcEndpointConnections",
      action: "ListVpcEndpointConnections",
      items: "Connections",
      item: { EndpointId: "e", ConnectionStatus: "Connected", Zones: [] },
      request: { ServiceId: "s" },
    },
    {
      helper: "listAllVpcEndpointZones",
      action: "ListVpcEndpointZones",
      items: "Zones",
      item: { ZoneId: "z", ZoneStatus: "Wait" },
      request: { EndpointId: "e" },
    },
    {
      helper: "listAllVpcEndpointSecurityGroups",
      action: "ListVpcEndpointSecurityGroups",
      items: "SecurityGroups",
      item: { SecurityGroupId: "sg" },
      request: { EndpointId: "e" },
    },
    { helper: "listAllVpcEndpointServiceUsers", action: "ListVpcEndpointServiceUsers", items: "Users", item: { UserId: "123" }, request: { ServiceId: "s" } },
    {
      helper: "listAllVpcEndpointServiceUserArns",
      action: "ListVpcEndpointServiceUsers",
      items: "UserARNs",
      item: { UserARN: "acs:ram:*:123:*" },
      request: { ServiceId: "s", UserListType: "UserARNs" },
    },
    {
      helper: "listAllVpcEndpointServiceResources",
      action: "ListVpcEndpointServiceResources",
      items: "Resources",
      item: { ResourceId: "lb-1" },
      request: { ServiceId: "s" },
    },
    {
      helper: "listAllVpcEndpointServicesByEndUser",
      action: "ListVpcEndpointServicesByEndUser",
      items: "Services",
      item: { ServiceId: "s", Zones: ["z"], Tags: [] },
      request: {},
    },
    {
      helper: "listAllTagResources",
      action: "ListTagResources",
      items: "TagResources",
      item: { ResourceId: "ep-1", TagKey: "env", TagValue: "prod" },
      request: { ResourceType: "vpcendpoint", ResourceId: ["ep-1"] },
      pageSize: false,
    },
  ];

  for (const c of cases) {
    it(`${c.helper} pages ${c.action} and collects ${c.items}`, async () => {
      const client = new PagedCaller({
        "": { NextToken: "p2", [c.items]: [c.item] },
        p2: { [c.items]: [c.item] },
      });
      // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the table names the helper under test
      const helper = api[c.helper] as unknown as (client: ApiCaller, request: unknown) => Promise<unknown[]>;
      const items = await helper(client, c.request);
      expect(items).toEqual([c.item, c.item]);
      expect(client.calls.map((call) => call.action)).toEqual([c.action, c.action]);
      expect(client.calls[1]!.params).toEqual({ ...c.request, ...(c.pageSize === false ? {} : { MaxResults: 50 }), NextToken: "p2" });
    });
  }
});
