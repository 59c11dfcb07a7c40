// Lenient reading of PrivateLink response bodies (spec 1.5 and 7.16): normalizeResponse is pure, so these
// are tables of bodies in and typed objects out.
import { describe, expect, it } from "vitest";
import { normalizeResponse, REQUIRED_RESPONSE_FIELDS, ResponseFormatError } from "../../src/api";
import { ACTION_NAMES, operationSpec } from "../../src/spec/operations";

describe("numbers, booleans and account IDs", () => {
  it("reads numeric strings as numbers (bandwidths, MaxResults)", () => {
    const r = normalizeResponse("GetVpcEndpointServiceAttribute", {
      RequestId: "R",
      ServiceId: "epsrv-1",
      ServiceStatus: "Active",
      ConnectBandwidth: "1024",
      MaxBandwidth: " 1024 ",
      MinBandwidth: 100,
    });
    expect(r.ConnectBandwidth).toBe(1024);
    expect(r.MaxBandwidth).toBe(1024);
    expect(r.MinBandwidth).toBe(100);

    const list = normalizeResponse("ListVpcEndpointServices", {
      RequestId: "R",
      MaxResults: "50",
      Services: [{ ServiceId: "epsrv-1", ConnectBandwidth: "1024", MaxBandwidth: 2048, MinBandwidth: "100" }],
    });
    expect(list.MaxResults).toBe(50);
    expect(list.Services[0]).toMatchObject({ ConnectBandwidth: 1024, MaxBandwidth: 2048, MinBandwidth: 100 });
  });

  it("reads GetVpcEndpointAttribute.Bandwidth (typed String by the API) as a number", () => {
    const r = normalizeResponse("GetVpcEndpointAttribute", {
      RequestId: "R",
      EndpointId: "ep-1",
      EndpointStatus: "Active",
      ConnectionStatus: "Connected",
      Bandwidth: "1024",
    });
    expect(r.Bandwidth).toBe(1024);
  });

  it("keeps account IDs as exact decimal strings, quoted or not", () => {
    const users = normalizeResponse("ListVpcEndpointServiceUsers", {
      RequestId: "R",
      Users: [{ UserId: "12345678" }, { UserId: 1190592979810001 }, { UserId: "18446744073709551615" }],
    });
    expect(users.Users.map((u) => u.UserId)).toEqual(["12345678", "1190592979810001", "18446744073709551615"]);

    const connections = normalizeResponse("ListVpcEndpointConnections", {
      RequestId: "R",
      Connections: [{ EndpointId: "ep-1", EndpointOwnerId: 1190592979810001, ConnectionStatus: "Connected" }],
    });
    expect(connections.Connections[0]!.EndpointOwnerId).toBe("1190592979810001");
  });

  it("refuses an account ID that JSON parsing has already rounded, and one that is not decimal", () => {
    expect(() => normalizeResponse("ListVpcEndpointServiceUsers", { RequestId: "R", Users: [{ UserId: 2 ** 60 }] })).toThrow(ResponseFormatError);
    expect(() => normalizeResponse("ListVpcEndpointServiceUsers", { RequestId: "R", Users: [{ UserId: "119059297981xxxx" }] })).toThrow(/Users\[0\]\.UserId/);
  });

  it.each([
    [true, true],
    ["true", true],
    ["True", true],
    ["1", true],
    [false, false],
    ["false", false],
    ["FALSE", false],
    [0, false],
  ])("reads AutoAcceptEnabled %j as %j", (raw, expected) => {
    const r = normalizeResponse("CreateVpcEndpointService", { RequestId: "R", ServiceId: "epsrv-1", AutoAcceptEnabled: raw });
    expect(r.AutoAcceptEnabled).toBe(expected);
  });

  it("refuses values that are not what the field is, naming the action and path", () => {
    try {
      normalizeResponse("ListVpcEndpoints", { RequestId: "R", Endpoints: [{ EndpointId: "ep-1" }, { EndpointId: "ep-2", Bandwidth: "fast" }] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ResponseFormatError);
      const e = error as ResponseFormatError;
      expect(e.action).toBe("ListVpcEndpoints");
      expect(e.path).toBe("Endpoints[1].Bandwidth");
      expect(e.value).toBe("fast");
    }
    expect(() => normalizeResponse("CreateVpcEndpointService", { RequestId: "R", ServiceId: "s", AutoAcceptEnabled: "yes" })).toThrow(/AutoAcceptEnabled/);
  });

  it("drops empty and null scalars instead of inventing values", () => {
    const r = normalizeResponse("GetVpcEndpointAttribute", {
      RequestId: "R",
      EndpointId: "ep-1",
      EndpointStatus: "Active",
      ConnectionStatus: "Connected",
      Bandwidth: "",
      EndpointBusinessStatus: null,
    });
    expect("Bandwidth" in r).toBe(false);
    expect("EndpointBusinessStatus" in r).toBe(false);
  });
});

describe("statuses", () => {
  it("canonicalises the spelling variants the documents show", () => {
    const zones = normalizeResponse("ListVpcEndpointZones", {
      RequestId: "R",
      Zones: [
        { ZoneId: "a", ZoneStatus: "wait" },
        { ZoneId: "b", ZoneStatus: "Connected" },
      ],
    });
    expect(zones.Zones.map((z) => z.ZoneStatus)).toEqual(["Wait", "Connected"]);
    const conns = normalizeResponse("ListVpcEndpointConnections", {
      RequestId: "R",
      Connections: [{ EndpointId: "ep-1", ConnectionStatus: "DisConnected" }],
    });
    expect(conns.Connections[0]!.ConnectionStatus).toBe("Disconnected");
  });

  it("passes a status outside the spec's values through unchanged (waiters keep waiting on it)", () => {
    const r = normalizeResponse("GetVpcEndpointServiceAttribute", { RequestId: "R", ServiceId: "s", ServiceStatus: "Upgrading" });
    expect(r.ServiceStatus).toBe("Upgrading");
  });

  it("requires the status fields that waiters poll", () => {
    expect(() => normalizeResponse("GetVpcEndpointAttribute", { RequestId: "R", EndpointId: "ep-1", ConnectionStatus: "Connected" })).toThrow(
      /EndpointStatus is missing/,
    );
  });
});

describe("lists", () => {
  it("gives every list of every action as an array when the body omits it", () => {
    const scalarValues: Record<string, string> = { ServiceStatus: "Active", EndpointStatus: "Active", ConnectionStatus: "Connected", Success: "true" };
    for (const action of ACTION_NAMES) {
      const body: Record<string, unknown> = { RequestId: "R" };
      for (const path of REQUIRED_RESPONSE_FIELDS[action] as readonly string[]) {
        if (!path.includes("[]")) body[path] = scalarValues[path] ?? "id-1";
      }
      const r = normalizeResponse(action, body) as unknown as Record<string, unknown>;
      const topLevelLists = operationSpec(action)!
        .response.filter((f) => f.type.startsWith("array") && !f.name.includes(".") && !f.name.includes("["))
        .map((f) => f.name);
      for (const list of topLevelLists) expect(r[list], `${action}.${list}`).toEqual([]);
    }
  });

  it("unwraps DescribeZones' nested {Zones: {Zone: [...]}} into an array", () => {
    const r = normalizeResponse("DescribeZones", {
      RequestId: "R",
      Zones: {
        Zone: [
          { ZoneId: "cn-hangzhou-b", LocalName: "Hangzhou Zone B" },
          { ZoneId: "cn-hangzhou-d", LocalName: "Hangzhou Zone D" },
        ],
      },
    });
    expect(r.Zones).toEqual([
      { ZoneId: "cn-hangzhou-b", LocalName: "Hangzhou Zone B" },
      { ZoneId: "cn-hangzhou-d", LocalName: "Hangzhou Zone D" },
    ]);
  });

  it("accepts DescribeRegions nested, flat, as a single element, and inside a root wrapper", () => {
    const region = { RegionId: "eu-west-1", RegionEndpoint: "privatelink.eu-west-1.aliyuncs.com", LocalName: "UK (London)" };
    // A region without its backend types gets an empty list (the API's nested form is unwrapped, see below).
    const expected = [{ ...region, ServiceResourceTypes: [] }];
    expect(normalizeResponse("DescribeRegions", { RequestId: "R", Regions: { Region: [region] } }).Regions).toEqual(expected);
    expect(normalizeResponse("DescribeRegions", { RequestId: "R", Regions: [region] }).Regions).toEqual(expected);
    expect(normalizeResponse("DescribeRegions", { RequestId: "R", Regions: { Region: region } }).Regions).toEqual(expected);
    expect(normalizeResponse("DescribeRegions", { DescribeRegionsResponse: { RequestId: "R", Regions: { Region: region } } })).toEqual({
      RequestId: "R",
      Regions: expected,
    });
  });

  it("unwraps DescribeRegions' nested ServiceResourceTypes {ServiceResourceType: [...]} into a list", () => {
    const r = normalizeResponse("DescribeRegions", {
      RequestId: "R",
      Regions: { Region: [{ RegionId: "cn-hangzhou", ServiceResourceTypes: { ServiceResourceType: ["slb", "nlb"] } }] },
    });
    expect(r.Regions[0]!.ServiceResourceTypes).toEqual(["slb", "nlb"]);
  });

  it("uses the catalog's wrapper name even when the wrapper object has other members", () => {
    const r = normalizeResponse("DescribeZones", { RequestId: "R", Zones: { Zone: [{ ZoneId: "cn-hangzhou-b" }], TotalCount: 1 } });
    expect(r.Zones).toEqual([{ ZoneId: "cn-hangzhou-b" }]);
  });

  it("reads Zones as an array when the body has a bare string, an array, or nothing", () => {
    const base = { RequestId: "R", ServiceId: "s", ServiceStatus: "Active" };
    expect(normalizeResponse("GetVpcEndpointServiceAttribute", { ...base, Zones: "eu-west-1a" }).Zones).toEqual(["eu-west-1a"]);
    expect(normalizeResponse("GetVpcEndpointServiceAttribute", { ...base, Zones: "eu-west-1a,eu-west-1b" }).Zones).toEqual(["eu-west-1a", "eu-west-1b"]);
    expect(normalizeResponse("GetVpcEndpointServiceAttribute", { ...base, Zones: ["eu-west-1a", "eu-west-1b"] }).Zones).toEqual(["eu-west-1a", "eu-west-1b"]);
    expect(normalizeResponse("GetVpcEndpointServiceAttribute", { ...base, Zones: { Zone: ["eu-west-1a"] } }).Zones).toEqual(["eu-west-1a"]);
    expect(normalizeResponse("GetVpcEndpointServiceAttribute", base).Zones).toEqual([]);
    const byEndUser = normalizeResponse("ListVpcEndpointServicesByEndUser", { RequestId: "R", Services: [{ ServiceId: "s", Zones: "cn-huhehaote-b" }] });
    expect(byEndUser.Services[0]!.Zones).toEqual(["cn-huhehaote-b"]);
  });

  it("normalises lists inside list elements (Connections[].Zones)", () => {
    const r = normalizeResponse("ListVpcEndpointConnections", {
      RequestId: "R",
      MaxResults: "50",
      Connections: [
        {
          EndpointId: "ep-1",
          EndpointOwnerId: "1190592979810001",
          Bandwidth: "1024",
          ConnectionStatus: "Connected",
          Zones: [{ ZoneId: "cn-huhehaote-a", EniId: "eni-1", ResourceId: "" }],
        },
        { EndpointId: "ep-2", ConnectionStatus: "Disconnected" },
      ],
    });
    expect(r.Connections[0]).toEqual({
      EndpointId: "ep-1",
      EndpointOwnerId: "1190592979810001",
      Bandwidth: 1024,
      ConnectionStatus: "Connected",
      Zones: [{ ZoneId: "cn-huhehaote-a", EniId: "eni-1", ResourceId: "" }],
    });
    expect(r.Connections[1]!.Zones).toEqual([]);
  });

  it("requires list elements to carry their identifier", () => {
    expect(() => normalizeResponse("ListVpcEndpoints", { RequestId: "R", Endpoints: [{ EndpointId: "ep-1" }, { EndpointName: "x" }] })).toThrow(
      /Endpoints\[1\]\.EndpointId is missing/,
    );
    expect(() => normalizeResponse("ListVpcEndpointServices", { RequestId: "R", Services: ["epsrv-1"] })).toThrow(/Services\[0\] is not an object/);
  });
});

describe("the body as a whole", () => {
  it("requires RequestId", () => {
    expect(() => normalizeResponse("DeleteVpcEndpoint", {})).toThrow(/RequestId is missing/);
    expect(() => normalizeResponse("DeleteVpcEndpoint", "not json")).toThrow(ResponseFormatError);
  });

  it("drops an empty NextToken and keeps a real one", () => {
    expect("NextToken" in normalizeResponse("ListVpcEndpoints", { RequestId: "R", NextToken: "" })).toBe(false);
    expect(normalizeResponse("ListVpcEndpoints", { RequestId: "R", NextToken: "caeba0bb" }).NextToken).toBe("caeba0bb");
  });

  it("passes fields the catalog does not know through unchanged", () => {
    const r = normalizeResponse("GetVpcEndpointAttribute", {
      RequestId: "R",
      EndpointId: "ep-1",
      EndpointStatus: "Active",
      ConnectionStatus: "Connected",
      PolicyDocument: "{}",
      Extra: { nested: ["x"] },
    }) as unknown as Record<string, unknown>;
    expect(r.PolicyDocument).toBe("{}");
    expect(r.Extra).toEqual({ nested: ["x"] });
  });

  it("does not modify its input", () => {
    const body = { RequestId: "R", MaxResults: "50", Endpoints: [{ EndpointId: "ep-1", Bandwidth: "10" }] };
    const copy = structuredClone(body);
    normalizeResponse("ListVpcEndpoints", body);
    expect(body).toEqual(copy);
  });

  it("refuses an action the API does not have", () => {
    expect(() => normalizeResponse("CreateVpcEndpointServiceConfiguration", { RequestId: "R" })).toThrow(TypeError);
  });
});
