import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { COMMON_FIELDS } from "../../src/provider/lifecycle";
import { canonicalJson, checkInputs, diffFields, parseDuration, sameValue, type FieldSpec } from "../../src/provider/schema";
import { vpcEndpointServiceDefinition } from "../../src/resources/vpc-endpoint-service";

const fields = [...vpcEndpointServiceDefinition.fields, ...COMMON_FIELDS];
const UNKNOWN = pulumi.runtime.unknownValue;

describe("check", () => {
  it("fills defaults and accepts valid inputs", () => {
    const { inputs, failures } = checkInputs(fields, { serviceDescription: "x", connectBandwidth: 500 });
    expect(failures).toEqual([]);
    expect(inputs.autoAcceptEnabled).toBe(false);
    expect(inputs.forceDelete).toBe(false);
  });

  it.each([
    [{ connectBandwidth: 50 }, "connectBandwidth", /at least 100/],
    [{ connectBandwidth: 2048 }, "connectBandwidth", /at most 1024/],
    [{ connectBandwidth: 1.5 }, "connectBandwidth", /must be an integer/],
    [{ payer: "Nobody" }, "payer", /one of "Endpoint", "EndpointService"/],
    [{ autoAcceptEnabled: "yes" }, "autoAcceptEnabled", /must be a boolean/],
    [{ tags: { aliyun_x: "v" } }, "tags", /must not start with "aliyun"/],
    [{ tags: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, "v"])) }, "tags", /at most 19 tags .*keeps 1 for its own mark/],
    [{ tags: { "pulumi-privatelink:create-token": "x" } }, "tags", /must not start with "pulumi-privatelink:"/],
    [{ resourceGroupId: "group-1" }, "resourceGroupId", /rg- followed by letters and digits/],
    [{ resources: [{ resourceType: "slb" }] }, "resources[0].resourceId", /is required/],
    [{ resources: [{ resourceId: "lb-1", zone: "x" }] }, "resources[0].zone", /not a known field/],
    [
      { timeouts: { create: "soon" } },
      "timeouts.create",
      /must be a duration such as "90s", "10m" or "1h30m", or a positive number of seconds, got string "soon"/,
    ],
    [{ timeouts: { update: 0 } }, "timeouts.update", /positive number of seconds, got number 0/],
    [{ timeouts: { delete: "10 minutes" } }, "timeouts.delete", /must be a duration/],
    [{ timeouts: { create: true } }, "timeouts.create", /must be a duration/],
    [{ timeouts: { creat: "10m" } }, "timeouts.creat", /not a known field/],
    [{ region: "Hangzhou" }, "region", /region ID/],
    [{ clientToken: "x".repeat(65) }, "clientToken", /at most 64/],
    [{ descripton: "typo" }, "descripton", /not an input of this resource/],
  ])("rejects %j naming %s", (news, property, reason) => {
    const { failures } = checkInputs(fields, news as Record<string, unknown>);
    const failure = failures.find((f) => f.property === property);
    expect(failure, JSON.stringify(failures)).toBeDefined();
    expect(failure!.reason).toMatch(reason);
  });

  it("takes timeouts as duration strings or numbers of seconds", () => {
    const { failures } = checkInputs(fields, { timeouts: { create: 600, update: "1h30m", delete: 90.5 } });
    expect(failures).toEqual([]);
  });

  it("skips validation of values unknown during preview", () => {
    const { failures } = checkInputs(fields, { connectBandwidth: UNKNOWN, resources: [{ resourceId: UNKNOWN }], tags: UNKNOWN });
    expect(failures).toEqual([]);
  });
});

describe("diff", () => {
  const olds = { serviceDescription: "a", autoAcceptEnabled: false, connectBandwidth: 1024, tags: { a: "1", b: "2" }, forceDelete: false, __provider: "p1" };

  it("no change when values are equal, including tag order and a cloud-chosen default left out", () => {
    const d = diffFields(fields, olds, { serviceDescription: "a", autoAcceptEnabled: false, tags: { b: "2", a: "1" }, forceDelete: false });
    expect(d.changed).toEqual([]);
  });

  it("in-place updates are grouped by the call that applies them", () => {
    const d = diffFields(fields, olds, { ...olds, serviceDescription: "b", connectBandwidth: 500 });
    expect(d.changed).toEqual(["serviceDescription", "connectBandwidth"]);
    expect(d.replaces).toEqual([]);
    expect(d.updateGroups).toEqual(["attribute"]);
  });

  it("replace-on-change fields are listed as replaces; tags, resource group and supported regions change in place", () => {
    const d = diffFields(fields, { ...olds, region: "cn-hangzhou" }, { ...olds, tags: { a: "1" }, payer: "EndpointService", region: "cn-shanghai" });
    expect(d.replaces).toEqual(["payer", "region"]);
    const inPlace = diffFields(fields, olds, {
      ...olds,
      tags: { a: "1" },
      resourceGroupId: "rg-2",
      supportedRegions: ["cn-shanghai"],
      zoneAffinityEnabled: true,
    });
    expect(inPlace.replaces).toEqual([]);
    expect(inPlace.updateGroups).toEqual(["attribute", "resourceGroup", "tags"]);
  });

  it("the pinned region: a state without it is no change, unless its regionId says the object lives elsewhere", () => {
    expect(diffFields(fields, olds, { ...olds, region: "cn-shanghai" }).changed).toEqual([]);
    expect(diffFields(fields, { ...olds, regionId: "cn-shanghai" }, { ...olds, region: "cn-shanghai" }).changed).toEqual([]);
    expect(diffFields(fields, { ...olds, regionId: "cn-hangzhou" }, { ...olds, region: "cn-shanghai" }).replaces).toEqual(["region"]);
  });

  it("absent tags mean no tags of the program's; absent cloud-chosen fields mean no change", () => {
    expect(diffFields(fields, olds, { ...olds, tags: undefined }).updateGroups).toEqual(["tags"]);
    expect(diffFields(fields, { ...olds, supportedRegions: ["cn-shanghai"], resourceGroupId: "rg-1" }, olds).changed).toEqual([]);
  });

  it("provider settings change without an API group", () => {
    const d = diffFields(fields, olds, { ...olds, forceDelete: true, timeouts: { create: "20m" } });
    expect(d.changed).toEqual(["forceDelete", "timeouts"]);
    expect(d.updateGroups).toEqual([]);
    expect(d.replaces).toEqual([]);
  });

  it("unknown values count as changes (and as replaces for replace fields)", () => {
    const d = diffFields(fields, olds, { ...olds, serviceDescription: UNKNOWN, payer: UNKNOWN });
    expect(d.changed).toEqual(expect.arrayContaining(["serviceDescription", "payer"]));
    expect(d.replaces).toEqual(["payer"]);
  });

  it("unordered lists compare as sets", () => {
    const a = { ...olds, resources: [{ resourceId: "lb-1" }, { resourceId: "lb-2" }] };
    expect(diffFields(fields, a, { ...a, resources: [{ resourceId: "lb-2" }, { resourceId: "lb-1" }] }).changed).toEqual([]);
    expect(diffFields(fields, a, { ...a, resources: [{ resourceId: "lb-2" }] }).updateGroups).toEqual(["resources"]);
  });
});

describe("values", () => {
  const json: FieldSpec = { name: "policyDocument", type: "json" };
  it("JSON documents compare by meaning, not text", () => {
    expect(sameValue(json, '{"Version":"1","Statement":[]}', { Statement: [], Version: "1" })).toBe(true);
    expect(sameValue(json, '{"Version":"1"}', '{"Version":"2"}')).toBe(false);
  });
  it("canonical JSON sorts keys", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });
  it.each([
    ["90s", 90_000],
    ["10m", 600_000],
    ["1h30m", 5_400_000],
    [120, 120_000],
    [1.5, 1_500],
    ["ten", undefined],
    ["", undefined],
    ["0s", undefined],
    [0, undefined],
    [-5, undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    ["600", undefined],
  ])("parseDuration(%j) = %j", (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });
});
