// Tags and resource groups in the emulator's world: TagResources, UntagResources, ListTagResources,
// ChangeResourceGroup, and the Tag.N / ResourceGroupId filters of the List calls, each rule with its code.
import { afterEach, describe, expect, it } from "vitest";
import { CONSUMER, OWNER, harness, type Harness, type Params } from "./world-harness";

let h: Harness;
afterEach(() => h?.world.close());

/** `Tag.N.Key/Value` parameters from a map. */
function tagParams(tags: Record<string, string>, prefix = "Tag"): Params {
  const out: Params = {};
  Object.entries(tags).forEach(([k, v], i) => {
    out[`${prefix}.${i + 1}.Key`] = k;
    out[`${prefix}.${i + 1}.Value`] = v;
  });
  return out;
}

function manyTags(count: number, start = 0): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${start + i}`, `v${start + i}`]));
}

/** The object's tags as ListTagResources reports them, as a map. */
function tagsOf(who = CONSUMER, type = "vpcendpoint", id: string): Record<string, string> {
  const r = h.call(who, "ListTagResources", { ResourceType: type, "ResourceId.1": id });
  return Object.fromEntries((r["TagResources"] as { ResourceId: string; TagKey: string; TagValue: string }[]).map((t) => [t.TagKey, t.TagValue]));
}

describe("TagResources and ListTagResources", () => {
  it("tags endpoints and services, overwriting an existing key, and lists (object, tag) pairs", () => {
    h = harness();
    const svc = h.activeService();
    const ep = h.endpoint(svc, tagParams({ team: "a" }));
    h.call(CONSUMER, "TagResources", { ResourceType: "vpcendpoint", "ResourceId.1": ep, ...tagParams({ team: "b", env: "prod" }) });
    expect(tagsOf(CONSUMER, "vpcendpoint", ep)).toEqual({ team: "b", env: "prod" });
    const listed = h.call(CONSUMER, "ListTagResources", { ResourceType: "vpcendpoint", "ResourceId.1": ep })["TagResources"];
    expect(listed).toEqual([
      { ResourceId: ep, ResourceType: "vpcendpoint", TagKey: "team", TagValue: "b" },
      { ResourceId: ep, ResourceType: "vpcendpoint", TagKey: "env", TagValue: "prod" },
    ]);

    h.call(OWNER, "TagResources", { ResourceType: "vpcendpointservice", "ResourceId.1": svc, ...tagParams({ owner: "platform" }) });
    expect(tagsOf(OWNER, "vpcendpointservice", svc)).toEqual({ owner: "platform" });
  });

  it("matches ResourceType case-insensitively across its spellings, and refuses an unknown type", () => {
    h = harness();
    const svc = h.activeService();
    for (const [i, type] of ["vpcendpointservice", "VpcEndpointService", "VPCENDPOINTSERVICE"].entries()) {
      h.call(OWNER, "TagResources", { ResourceType: type, "ResourceId.1": svc, ...tagParams({ [`spelling${i}`]: type }) });
    }
    expect(Object.keys(tagsOf(OWNER, "VpcEndpointService", svc))).toEqual(["spelling0", "spelling1", "spelling2"]);
    expect(h.fail(OWNER, "TagResources", { ResourceType: "vpc", "ResourceId.1": svc, ...tagParams({ a: "1" }) }).code).toBe("InvalidInstanceType.NotFound");
    expect(h.fail(OWNER, "ListTagResources", { ResourceType: "instance", "ResourceId.1": svc }).code).toBe("InvalidInstanceType.NotFound");
  });

  it("allows at most 20 tags per object (QuotaExceeded.TagNum) and per call (SizeLimitExceeded.TagNum)", () => {
    h = harness();
    const svc = h.activeService(tagParams(manyTags(19)));
    const tag = (tags: Record<string, string>) => ({ ResourceType: "vpcendpointservice", "ResourceId.1": svc, ...tagParams(tags) });
    expect(h.fail(OWNER, "TagResources", tag({ extra1: "x", extra2: "y" })).code).toBe("QuotaExceeded.TagNum");
    // Overwriting keys the object already has does not count.
    h.call(OWNER, "TagResources", tag({ k0: "new", k1: "new", extra1: "x" }));
    expect(Object.keys(tagsOf(OWNER, "vpcendpointservice", svc))).toHaveLength(20);
    expect(h.fail(OWNER, "TagResources", tag({ another: "x" })).code).toBe("QuotaExceeded.TagNum");
    expect(h.fail(OWNER, "TagResources", tag(manyTags(21, 100))).code).toBe("SizeLimitExceeded.TagNum");
  });

  it("applies the key and value rules with the documented codes", () => {
    h = harness();
    const svc = h.activeService();
    const tag = (extra: Params) => h.fail(OWNER, "TagResources", { ResourceType: "vpcendpointservice", "ResourceId.1": svc, ...extra }).code;
    expect(tag({ "Tag.1.Value": "only a value" })).toBe("InvalidTagKey");
    expect(tag({ "Tag.1.Key": "k".repeat(65), "Tag.1.Value": "v" })).toBe("InvalidTagKey");
    expect(tag({ "Tag.1.Key": "see-http://x", "Tag.1.Value": "v" })).toBe("InvalidTagKey");
    expect(tag({ "Tag.1.Key": "acs:owner", "Tag.1.Value": "v" })).toBe("Forbidden.TagKeys");
    expect(tag({ "Tag.1.Key": "Aliyun-team", "Tag.1.Value": "v" })).toBe("Forbidden.TagKeys");
    expect(tag({ "Tag.1.Key": "ok", "Tag.1.Value": "v".repeat(129) })).toBe("InvalidTagValue");
    expect(tag({ "Tag.1.Key": "ok", "Tag.1.Value": "https://example.com" })).toBe("InvalidTagValue");
    expect(tag({ "Tag.1.Key": "ok", "Tag.1.Value": "acs:x" })).toBe("InvalidTagValue");
    expect(tag({ "Tag.1.Key": "dup", "Tag.1.Value": "1", "Tag.2.Key": "dup", "Tag.2.Value": "2" })).toBe("Forbidden.TagKey.Duplicated");
    expect(tag({})).toBe("MissingParam.Tag.N.Key");
    // The provider's own prefix is an ordinary key for the cloud; an empty value is allowed.
    h.call(OWNER, "TagResources", {
      ResourceType: "vpcendpointservice",
      "ResourceId.1": svc,
      "Tag.1.Key": "pulumi-privatelink:create-token",
      "Tag.1.Value": "",
    });
    expect(tagsOf(OWNER, "vpcendpointservice", svc)).toEqual({ "pulumi-privatelink:create-token": "" });
  });

  it("answers InvalidInstanceIds.NotFound for an object of another account, and limits ResourceId.N to 50", () => {
    h = harness();
    const svc = h.activeService();
    const ep = h.endpoint(svc);
    expect(h.fail(OWNER, "TagResources", { ResourceType: "vpcendpoint", "ResourceId.1": ep, ...tagParams({ a: "1" }) }).code).toBe(
      "InvalidInstanceIds.NotFound",
    );
    expect(h.fail(CONSUMER, "TagResources", { ResourceType: "vpcendpoint", "ResourceId.1": "ep-doesnotexist0000000", ...tagParams({ a: "1" }) }).code).toBe(
      "InvalidInstanceIds.NotFound",
    );
    expect(h.fail(CONSUMER, "TagResources", { ResourceType: "vpcendpoint", "ResourceId.51": ep, ...tagParams({ a: "1" }) }).code).toBe(
      "SizeLimitExceeded.ResourceId",
    );
    expect(h.fail(CONSUMER, "TagResources", { ResourceType: "vpcendpoint", ...tagParams({ a: "1" }) }).code).toBe("MissingParam.ResourceId.N");
    expect(tagsOf(CONSUMER, "vpcendpoint", ep)).toEqual({});
  });

  it("DryRun checks everything, answers DryRunOperation and changes nothing", () => {
    h = harness();
    const svc = h.activeService();
    const request = { ResourceType: "vpcendpointservice", "ResourceId.1": svc, ...tagParams({ a: "1" }) };
    expect(h.fail(OWNER, "TagResources", request, true).code).toBe("DryRunOperation");
    expect(h.fail(OWNER, "TagResources", { ...request, "Tag.1.Key": "acs:x" }, true).code).toBe("Forbidden.TagKeys");
    expect(tagsOf(OWNER, "vpcendpointservice", svc)).toEqual({});
    h.call(OWNER, "TagResources", request);
    expect(h.fail(OWNER, "UntagResources", { ResourceType: "vpcendpointservice", "ResourceId.1": svc, All: "true" }, true).code).toBe("DryRunOperation");
    expect(tagsOf(OWNER, "vpcendpointservice", svc)).toEqual({ a: "1" });
  });

  it("needs ResourceId.N or Tag.N (BothEmpty.TagsAndResources, 403); a value alone is InvalidTagKey", () => {
    h = harness();
    const both = h.fail(OWNER, "ListTagResources", { ResourceType: "vpcendpointservice" });
    expect([both.code, both.httpStatus]).toEqual(["BothEmpty.TagsAndResources", 403]);
    expect(h.fail(OWNER, "ListTagResources", { ResourceType: "vpcendpointservice", "Tag.1.Value": "x" }).code).toBe("InvalidTagKey");
  });

  it("finds objects by tag: every given tag must match, a key alone matches any value", () => {
    h = harness();
    const a = h.activeService(tagParams({ team: "a", env: "prod" }));
    const b = h.activeService(tagParams({ team: "b", env: "prod" }));
    const ids = (filter: Params) => [
      ...new Set(
        (h.call(OWNER, "ListTagResources", { ResourceType: "vpcendpointservice", ...filter })["TagResources"] as { ResourceId: string }[]).map(
          (t) => t.ResourceId,
        ),
      ),
    ];
    expect(ids(tagParams({ env: "prod" }))).toEqual([a, b]);
    expect(ids(tagParams({ env: "prod", team: "b" }))).toEqual([b]);
    expect(ids({ "Tag.1.Key": "team" })).toEqual([a, b]);
    expect(ids({ "ResourceId.1": a, "Tag.1.Key": "team", "Tag.1.Value": "b" })).toEqual([]);
    // Another account sees none of them.
    expect(h.call(CONSUMER, "ListTagResources", { ResourceType: "vpcendpointservice", "Tag.1.Key": "team" })["TagResources"]).toEqual([]);
  });

  it("pages (object, tag) pairs with NextToken", () => {
    h = harness();
    const services = [h.activeService(tagParams(manyTags(20))), h.activeService(tagParams(manyTags(20))), h.activeService(tagParams(manyTags(20)))];
    const first = h.call(OWNER, "ListTagResources", { ResourceType: "vpcendpointservice", "Tag.1.Key": "k0" });
    expect(first["TagResources"]).toHaveLength(50);
    expect(first["NextToken"]).toMatch(/^[0-9a-f]{32}$/);
    const second = h.call(OWNER, "ListTagResources", { ResourceType: "vpcendpointservice", "Tag.1.Key": "k0", NextToken: first["NextToken"] });
    expect(second["TagResources"]).toHaveLength(10);
    expect(second["NextToken"]).toBe("");
    const all = [...first["TagResources"], ...second["TagResources"]] as { ResourceId: string }[];
    expect([...new Set(all.map((t) => t.ResourceId))]).toEqual(services);
  });
});

describe("UntagResources", () => {
  it("removes the given keys, ignores absent ones, and removes every tag with All (ignored when keys are given)", () => {
    h = harness();
    const svc = h.activeService(tagParams({ a: "1", b: "2", c: "3" }));
    const untag = (extra: Params) => h.call(OWNER, "UntagResources", { ResourceType: "vpcendpointservice", "ResourceId.1": svc, ...extra });
    untag({ "TagKey.1": "a", "TagKey.2": "not-there" });
    expect(tagsOf(OWNER, "vpcendpointservice", svc)).toEqual({ b: "2", c: "3" });
    untag({ "TagKey.1": "b", All: "true" });
    expect(tagsOf(OWNER, "vpcendpointservice", svc)).toEqual({ c: "3" });
    untag({ All: "true" });
    expect(tagsOf(OWNER, "vpcendpointservice", svc)).toEqual({});
  });

  it("refuses keys the cloud keeps for itself and more than 20 keys", () => {
    h = harness();
    const svc = h.activeService();
    const untag = (extra: Params) => h.fail(OWNER, "UntagResources", { ResourceType: "vpcendpointservice", "ResourceId.1": svc, ...extra }).code;
    expect(untag({ "TagKey.1": "acs:system" })).toBe("Forbidden.TagKeys");
    expect(untag({ "TagKey.21": "x" })).toBe("SizeLimitExceeded.TagNum");
  });
});

describe("ChangeResourceGroup", () => {
  it("moves endpoints and services to another group, with no RegionId, as Get and List show", () => {
    h = harness();
    const svc = h.activeService({ ResourceGroupId: "rg-first" });
    const ep = h.endpoint(svc);
    h.call(OWNER, "ChangeResourceGroup", { RegionId: undefined, ResourceType: "VpcEndpointService", ResourceId: svc, ResourceGroupId: "rg-second" });
    h.call(CONSUMER, "ChangeResourceGroup", { RegionId: undefined, ResourceType: "vpcendpoint", ResourceId: ep, ResourceGroupId: "rg-consumer" });
    expect(h.call(OWNER, "GetVpcEndpointServiceAttribute", { ServiceId: svc })["ResourceGroupId"]).toBe("rg-second");
    expect(h.call(CONSUMER, "GetVpcEndpointAttribute", { EndpointId: ep })["ResourceGroupId"]).toBe("rg-consumer");
    expect(h.call(OWNER, "ListVpcEndpointServices", { ResourceGroupId: "rg-second" })["Services"].map((s: { ServiceId: string }) => s.ServiceId)).toEqual([
      svc,
    ]);
    expect(h.call(OWNER, "ListVpcEndpointServices", { ResourceGroupId: "rg-first" })["Services"]).toEqual([]);
  });

  it("refuses a malformed group ID, an unknown type and another account's object", () => {
    h = harness();
    const svc = h.activeService();
    const change = (who: typeof OWNER, extra: Params) =>
      h.fail(who, "ChangeResourceGroup", { ResourceType: "VpcEndpointService", ResourceId: svc, ...extra }).code;
    expect(change(OWNER, { ResourceGroupId: "group-1" })).toBe("IllegalParamFormat.ResourceGroupId");
    expect(change(OWNER, { ResourceGroupId: "rg-1", ResourceType: "Vpc" })).toBe("InvalidInstanceType.NotFound");
    expect(change(CONSUMER, { ResourceGroupId: "rg-1" })).toBe("EndpointServiceNotFound");
    expect(change(OWNER, { ResourceGroupId: "rg-1", ResourceType: "VpcEndpoint", ResourceId: "ep-doesnotexist0000000" })).toBe("EndpointNotFound");
    expect(change(OWNER, { ResourceGroupId: undefined })).toBe("MissingParam.ResourceGroupId");
  });
});

describe("Tag.N and ResourceGroupId filters of the List calls, and tags in their answers", () => {
  it("ListVpcEndpoints, ListVpcEndpointServices and ListVpcEndpointServicesByEndUser filter by tags and group", () => {
    h = harness();
    const tagged = h.activeService({ ...tagParams({ app: "orders", env: "prod" }), ResourceGroupId: "rg-orders" });
    const other = h.activeService(tagParams({ app: "billing" }));
    const ep = h.endpoint(tagged, { ...tagParams({ "pulumi-privatelink:create-token": "tok-1" }), ResourceGroupId: "rg-consumer" });
    h.endpoint(other);

    const services = (who: typeof OWNER, action: string, filter: Params) => h.call(who, action, filter)["Services"] as { ServiceId: string; Tags: unknown }[];
    expect(services(OWNER, "ListVpcEndpointServices", tagParams({ app: "orders" })).map((s) => s.ServiceId)).toEqual([tagged]);
    expect(services(OWNER, "ListVpcEndpointServices", { "Tag.1.Key": "app" }).map((s) => s.ServiceId)).toEqual([tagged, other]);
    expect(services(OWNER, "ListVpcEndpointServices", { "Tag.1.Key": "app", ResourceGroupId: "rg-orders" }).map((s) => s.ServiceId)).toEqual([tagged]);
    expect(services(OWNER, "ListVpcEndpointServices", { ServiceId: tagged })[0]!.Tags).toEqual([
      { Key: "app", Value: "orders" },
      { Key: "env", Value: "prod" },
    ]);
    expect(services(CONSUMER, "ListVpcEndpointServicesByEndUser", tagParams({ app: "billing" })).map((s) => s.ServiceId)).toEqual([other]);
    expect(services(CONSUMER, "ListVpcEndpointServicesByEndUser", { ResourceGroupId: "rg-orders" })[0]).toMatchObject({
      ServiceId: tagged,
      ResourceGroupId: "rg-orders",
      Tags: [
        { Key: "app", Value: "orders" },
        { Key: "env", Value: "prod" },
      ],
    });

    // An ownership tag finds the endpoint an interrupted run created.
    const byToken = h.call(CONSUMER, "ListVpcEndpoints", tagParams({ "pulumi-privatelink:create-token": "tok-1" }))["Endpoints"];
    expect(byToken.map((e: { EndpointId: string }) => e.EndpointId)).toEqual([ep]);
    expect(byToken[0]).toMatchObject({ ResourceGroupId: "rg-consumer", Tags: [{ Key: "pulumi-privatelink:create-token", Value: "tok-1" }] });
    expect(h.call(CONSUMER, "ListVpcEndpoints", tagParams({ "pulumi-privatelink:create-token": "tok-2" }))["Endpoints"]).toEqual([]);
    expect(h.call(CONSUMER, "ListVpcEndpoints", { ResourceGroupId: "rg-consumer" })["Endpoints"]).toHaveLength(1);
    expect(h.fail(CONSUMER, "ListVpcEndpoints", { "Tag.1.Value": "x" }).code).toBe("InvalidTagKey");
  });
});
