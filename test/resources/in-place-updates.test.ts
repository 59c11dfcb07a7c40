// Everything the cloud changes in place is changed in place, read back and shown as drift: tags (and the
// provider's own tags, which are never touched), resource groups, the service's supported regions, zone affinity
// and IP version, the endpoint's policy (ResetPolicy when removed); default tags; the pinned region; what check
// finds before any write (credentials, connection bandwidth, preflight with DryRun). Over loopback HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as api from "../../src/api/privatelink";
import { seedId } from "../../src/emulator/inventory";
import { PREVIEW_KEY } from "../../src/provider/schema";
import { clientAs as clientAsAccount } from "../helpers/emulator-clients";
import { PROVIDER_TEXT, startLifecycleEnv, type LifecycleEnv, type ResourceState } from "../helpers/lifecycle-env";

const LB_H = "lb-hzowner0000000000001";
const NLB_DUAL_STACK = "nlb-hzowner0000000000001";
const OWN_TAG = "pulumi-privatelink:create-token";
const POLICY = { Version: "1", Statement: [{ Effect: "Allow", Action: ["oss:GetObject"], Resource: ["*"], Principal: "*" }] };
const OTHER_POLICY = { Version: "1", Statement: [{ Effect: "Deny", Action: ["oss:*"], Resource: ["*"], Principal: "*" }] };

let env: LifecycleEnv;
const clientAs = (account: "owner" | "consumer") => clientAsAccount(env.emulator, account);
const writes = () => Object.keys(env.counts()).filter((a) => !/^(Get|List|Describe)/.test(a));

async function liveTags(type: "vpcendpointservice" | "vpcendpoint", id: string, account: "owner" | "consumer" = "owner") {
  const pairs = await api.listAllTagResources(clientAs(account), { ResourceType: type, ResourceId: [id] });
  return Object.fromEntries(pairs.map((p) => [p.TagKey, p.TagValue]));
}

function consumerSeeds() {
  const region = env.emulator.regionId;
  return { vpc: seedId("vpc-", region, "consumer", 1), vswH: seedId("vsw-", region, "consumer", 1), sg1: seedId("sg-", region, "consumer", 1) };
}

/** The owner's service over lb-h, whitelisting the consumer; then the consumer's endpoint args. */
async function serviceAndEndpointArgs(extra: Record<string, unknown> = {}) {
  const service = await env.up("VpcEndpointService", { resources: [{ resourceId: LB_H }] });
  await env.up("WhitelistUser", { serviceId: service.id, userId: env.consumer.accountId });
  const seeds = consumerSeeds();
  return {
    service,
    endpointArgs: {
      profile: "consumer",
      vpcId: seeds.vpc,
      serviceId: service.id,
      securityGroupIds: [seeds.sg1],
      zones: [{ zoneId: "cn-hangzhou-h", vSwitchId: seeds.vswH }],
      endpointName: "orders",
      ...extra,
    },
  };
}

beforeAll(async () => {
  env = await startLifecycleEnv();
});
afterAll(async () => {
  await env?.stop();
});
beforeEach(() => {
  env.emulator.clearFaults();
  env.emulator.reset();
  env.setConfig({});
  env.emulator.resetRequestCounts();
});

describe("tags and resource groups, in place", () => {
  it("a tag change updates the service in place (UntagResources, TagResources), never replaces it", async () => {
    const s = await env.up("VpcEndpointService", { resources: [{ resourceId: LB_H }], tags: { team: "a", env: "dev" } });
    // Beside the declared tags, the ownership tag carrying the create token (never touched by tag updates).
    const own = { [OWN_TAG]: s.inputs.createToken };
    expect(await liveTags("vpcendpointservice", s.id)).toEqual({ team: "a", env: "dev", ...own });
    env.emulator.resetRequestCounts();
    const u = await env.up("VpcEndpointService", { resources: [{ resourceId: LB_H }], tags: { team: "b", owner: "x" } }, s);
    expect(u.diff.replaces).toEqual([]);
    expect(u.id).toBe(s.id);
    expect(writes().sort()).toEqual(["TagResources", "UntagResources"]);
    expect(await liveTags("vpcendpointservice", s.id)).toEqual({ team: "b", owner: "x", ...own });
    expect(u.outputs.tags).toEqual({ team: "b", owner: "x" });
  });

  it("tag drift: refresh finds a tag added by hand, and the next update removes it; the provider's own tags stay", async () => {
    const s = await env.up("VpcEndpointService", { tags: { team: "a" } });
    await api.tagResources(clientAs("owner"), {
      ResourceType: "vpcendpointservice",
      ResourceId: [s.id],
      Tag: [
        { Key: "manual", Value: "1" },
        { Key: OWN_TAG, Value: "t1" },
      ],
    });
    const refreshed = (await env.refresh("VpcEndpointService", s))!;
    expect(refreshed.outputs.tags).toEqual({ team: "a", manual: "1" });
    expect(refreshed.inputs.tags).toEqual({ team: "a", manual: "1" });
    const repaired = await env.up("VpcEndpointService", { tags: { team: "a" } }, refreshed);
    expect(repaired.diff.changes).toBe(true);
    expect(repaired.diff.replaces).toEqual([]);
    expect(await liveTags("vpcendpointservice", s.id)).toEqual({ team: "a", [OWN_TAG]: "t1" });
    // A program that declares no tags owns none: a hand-added tag is drift too.
    const untagged = await env.up("VpcEndpointService", {}, repaired);
    expect(await liveTags("vpcendpointservice", s.id)).toEqual({ [OWN_TAG]: "t1" });
    await api.tagResources(clientAs("owner"), { ResourceType: "vpcendpointservice", ResourceId: [s.id], Tag: [{ Key: "manual", Value: "2" }] });
    const again = (await env.refresh("VpcEndpointService", untagged))!;
    expect(again.inputs.tags).toEqual({ manual: "2" });
    expect((await env.provider("VpcEndpointService").diff(s.id, again.outputs, { ...untagged.inputs })).changes).toBe(true);
  });

  it("resourceGroupId moves the service and the endpoint with ChangeResourceGroup", async () => {
    const { service, endpointArgs } = await serviceAndEndpointArgs();
    const s = await env.up("VpcEndpointService", { resources: [{ resourceId: LB_H }], resourceGroupId: "rg-first" }, service);
    expect((await api.getVpcEndpointServiceAttribute(clientAs("owner"), { ServiceId: s.id })).ResourceGroupId).toBe("rg-first");
    const ep = await env.up("VpcEndpoint", endpointArgs);
    env.emulator.resetRequestCounts();
    const moved = await env.up("VpcEndpoint", { ...endpointArgs, resourceGroupId: "rg-consumer" }, ep);
    expect(moved.diff.replaces).toEqual([]);
    expect(writes()).toEqual(["ChangeResourceGroup"]);
    expect((await api.getVpcEndpointAttribute(clientAs("consumer"), { EndpointId: ep.id })).ResourceGroupId).toBe("rg-consumer");
    // Moved out of band: refresh shows it, the next update moves it back.
    await api.changeResourceGroup(clientAs("consumer"), { ResourceType: "VpcEndpoint", ResourceId: ep.id, ResourceGroupId: "rg-other" });
    const refreshed = (await env.refresh("VpcEndpoint", moved))!;
    expect(refreshed.inputs.resourceGroupId).toBe("rg-other");
    await env.up("VpcEndpoint", { ...endpointArgs, resourceGroupId: "rg-consumer" }, refreshed);
    expect((await api.getVpcEndpointAttribute(clientAs("consumer"), { EndpointId: ep.id })).ResourceGroupId).toBe("rg-consumer");
  });
});

describe("the other fields the API changes in place", () => {
  it("service: supported regions, zone affinity and IP version in one UpdateVpcEndpointServiceAttribute, read back", async () => {
    const args = {
      resources: [{ resourceId: NLB_DUAL_STACK, resourceType: "nlb", zoneId: "cn-hangzhou-h" }],
      serviceResourceType: "nlb",
      supportedRegions: ["cn-shanghai"],
    };
    const s = await env.up("VpcEndpointService", args);
    env.emulator.resetRequestCounts();
    const next = { ...args, supportedRegions: ["cn-beijing"], zoneAffinityEnabled: true, addressIpVersion: "DualStack" };
    const u = await env.up("VpcEndpointService", next, s);
    expect(u.diff.replaces).toEqual([]);
    expect(writes()).toEqual(["UpdateVpcEndpointServiceAttribute"]);
    const live = await api.getVpcEndpointServiceAttribute(clientAs("owner"), { ServiceId: s.id });
    expect([live.SupportedRegionSet.map((r) => r.SupportedRegionId), live.ZoneAffinityEnabled, live.AddressIpVersion]).toEqual([
      ["cn-beijing"],
      true,
      "DualStack",
    ]);
    const refreshed = (await env.refresh("VpcEndpointService", u))!;
    expect((await env.provider("VpcEndpointService").diff(s.id, refreshed.outputs, u.inputs)).changes).toBe(false);
  });

  it("endpoint: the policy changes in place, keeps the program's object form through refresh, and removing it resets it", async () => {
    const { endpointArgs } = await serviceAndEndpointArgs({ policyDocument: POLICY });
    const ep = await env.up("VpcEndpoint", endpointArgs);
    env.emulator.resetRequestCounts();
    const changed = await env.up("VpcEndpoint", { ...endpointArgs, policyDocument: OTHER_POLICY, zoneAffinityEnabled: true }, ep);
    expect(changed.diff.replaces).toEqual([]);
    expect(writes()).toEqual(["UpdateVpcEndpointAttribute"]);
    const live = await api.getVpcEndpointAttribute(clientAs("consumer"), { EndpointId: ep.id });
    expect(JSON.parse(live.PolicyDocument!)).toEqual(OTHER_POLICY);
    expect(live.ZoneAffinityEnabled).toBe(true);

    const refreshed = (await env.refresh("VpcEndpoint", changed))!;
    expect(refreshed.outputs.policyDocument).toEqual(OTHER_POLICY);
    expect(refreshed.inputs.policyDocument).toEqual(OTHER_POLICY);
    expect((await env.provider("VpcEndpoint").diff(ep.id, refreshed.outputs, changed.inputs)).changes).toBe(false);

    const { policyDocument: _removed, ...withoutPolicy } = { ...endpointArgs, zoneAffinityEnabled: true };
    env.emulator.resetRequestCounts();
    await env.up("VpcEndpoint", withoutPolicy, refreshed);
    expect(writes()).toEqual(["UpdateVpcEndpointAttribute"]);
    expect((await api.getVpcEndpointAttribute(clientAs("consumer"), { EndpointId: ep.id })).PolicyDocument).toBe("");
  });
});

describe("check", () => {
  it("merges defaultTags from the stack config under the resource's own tags (which win)", async () => {
    env.setConfig({ "alicloud-privatelink:defaultTags": JSON.stringify({ team: "platform", env: "prod" }) });
    const s = await env.up("VpcEndpointService", { tags: { env: "dev" } });
    expect(s.inputs.tags).toEqual({ team: "platform", env: "dev" });
    expect(await liveTags("vpcendpointservice", s.id)).toEqual({ team: "platform", env: "dev", [OWN_TAG]: s.inputs.createToken });
    // Children without tags are not touched.
    const user = await env.provider("WhitelistUser").check({}, { serviceId: s.id, userId: "1234", __provider: PROVIDER_TEXT });
    expect(user.failures).toEqual([]);
    expect(user.inputs.tags).toBeUndefined();
    env.setConfig({ "alicloud-privatelink:defaultTags": "[1, 2]" });
    const bad = await env.provider("VpcEndpointService").check({}, { __provider: PROVIDER_TEXT });
    expect(bad.failures).toEqual([{ property: "tags", reason: expect.stringMatching(/alicloud-privatelink:defaultTags must be a JSON object/) }]);
  });

  it("pins the region: a new default region neither moves nor replaces existing objects, an explicit change replaces", async () => {
    const s = await env.up("VpcEndpointService", { serviceDescription: "a" });
    expect(s.inputs.region).toBe("cn-hangzhou");
    env.setConfig({ "alicloud-privatelink:region": "cn-shanghai" });
    const moved = await env.up("VpcEndpointService", { serviceDescription: "b" }, s);
    expect(moved.inputs.region).toBe("cn-hangzhou");
    expect(moved.diff.replaces).toEqual([]);
    expect((await api.getVpcEndpointServiceAttribute(clientAs("owner"), { ServiceId: s.id })).ServiceDescription).toBe("b");
    const explicit = await env.provider("VpcEndpointService").check(s.inputs, { serviceDescription: "b", region: "cn-beijing", __provider: PROVIDER_TEXT });
    expect((await env.provider("VpcEndpointService").diff(s.id, moved.outputs, explicit.inputs)).replaces).toEqual(["region"]);
    // State written before the region was pinned: no change (the object lives where regionId says).
    const { region: _r, ...legacyInputs } = s.inputs;
    const { region: _o, ...legacyOutputs } = s.outputs;
    const legacy = await env.provider("VpcEndpointService").check(legacyInputs, { serviceDescription: "a", __provider: PROVIDER_TEXT });
    expect(legacy.inputs.region).toBe("cn-shanghai");
    expect((await env.provider("VpcEndpointService").diff(s.id, { ...legacyOutputs, regionId: "cn-shanghai" }, legacy.inputs)).changes).toBe(false);
    // ... and when the default changed before that state met this release, nothing tells a moved default from a
    // wish to move: the diff refuses (no replacement, no call to the wrong region) and says what to do.
    await expect(env.provider("VpcEndpointService").diff(s.id, legacyOutputs, legacy.inputs)).rejects.toThrow(
      /lives in region cn-hangzhou, but its state comes from a release that did not record the region.*Set region: "cn-hangzhou"/,
    );
  });

  it("resolves the settings at check: no credentials is the 'where I looked' error, before any call", async () => {
    env.setConfig({ "alicloud-privatelink:profiles": undefined, "alicloud-privatelink:profile": undefined });
    const result = await env.provider("VpcEndpointService").check({}, { serviceDescription: "x", __provider: PROVIDER_TEXT });
    expect(result.failures).toEqual([{ property: "", reason: expect.stringMatching(/^No Alibaba Cloud credentials found\. Looked in/) }]);
    expect(env.counts()).toEqual({});
  });

  it("checks a connection's bandwidth against the service's backend type, only when it changed", async () => {
    const { service, endpointArgs } = await serviceAndEndpointArgs();
    const ep = await env.up("VpcEndpoint", endpointArgs);
    const check = (olds: Record<string, unknown>, bandwidth: number) =>
      env.provider("EndpointConnection").check(olds, { serviceId: service.id, endpointId: ep.id, bandwidth, __provider: PROVIDER_TEXT });
    env.emulator.resetRequestCounts();
    const tooMuch = await check({}, 20_000);
    expect(tooMuch.failures).toEqual([
      { property: "bandwidth", reason: expect.stringMatching(/between 100 and 10240 Mbit\/s for a service with slb backends .* \(got 20000\)/) },
    ]);
    const ok = await check({}, 2048);
    expect(ok.failures).toEqual([]);
    expect(env.counts()).toEqual({ GetVpcEndpointServiceAttribute: 2 });
    env.emulator.resetRequestCounts();
    const unchanged = await check(ok.inputs, 2048);
    expect(unchanged.failures).toEqual([]);
    expect(env.counts(), "an unchanged bandwidth is not checked again").toEqual({});
  });
});

describe("preflight: during a preview, creates and updates are sent with DryRun=true", () => {
  const previewCheck = (kind: string, olds: Record<string, unknown>, args: Record<string, unknown>) =>
    env.provider(kind).check(olds, { ...args, __provider: PROVIDER_TEXT, [PREVIEW_KEY]: true });

  it("a create that would fail (a VPC that does not exist) fails the check, naming the field; nothing is created", async () => {
    const { endpointArgs } = await serviceAndEndpointArgs({ preflight: true });
    env.emulator.resetRequestCounts();
    const missing = await previewCheck("VpcEndpoint", {}, { ...endpointArgs, vpcId: "vpc-doesnotexist000000" });
    expect(missing.failures).toEqual([
      { property: "vpcId", reason: expect.stringMatching(/^preflight \(the create call, sent with DryRun=true\) failed: .*VpcNotFound/) },
    ]);
    const fine = await previewCheck("VpcEndpoint", {}, endpointArgs);
    expect(fine.failures).toEqual([]);
    expect(env.counts().CreateVpcEndpoint).toBe(2);
    expect(await api.listAllVpcEndpoints(clientAs("consumer"))).toEqual([]);
    // Not a preview (or preflight off): no dry run.
    env.emulator.resetRequestCounts();
    await env.provider("VpcEndpoint").check({}, { ...endpointArgs, vpcId: "vpc-doesnotexist000000", __provider: PROVIDER_TEXT });
    await previewCheck("VpcEndpoint", {}, { ...endpointArgs, preflight: false, vpcId: "vpc-doesnotexist000000" });
    expect(env.counts().CreateVpcEndpoint).toBeUndefined();
  });

  it("the stack config turns it on for every resource; an update that would fail fails the preview's diff", async () => {
    const { endpointArgs } = await serviceAndEndpointArgs();
    const ep = await env.up("VpcEndpoint", endpointArgs);
    env.setConfig({ "alicloud-privatelink:preflight": "true" });
    const news = { ...endpointArgs, securityGroupIds: [consumerSeeds().sg1, "sg-doesnotexist0000000"] };
    const checked = await previewCheck("VpcEndpoint", ep.inputs, news);
    expect(checked.failures).toEqual([]);
    env.emulator.resetRequestCounts();
    await expect(env.provider("VpcEndpoint").diff(ep.id, ep.outputs, checked.inputs)).rejects.toThrow(
      /^VpcEndpoint ep-[a-z0-9]+: securityGroupIds: preflight \(the update of securityGroupIds, sent with DryRun=true\) failed: .*SecurityGroupNotFound/,
    );
    expect(env.counts().AttachSecurityGroupToVpcEndpoint).toBe(1);
    const live = await api.listAllVpcEndpointSecurityGroups(clientAs("consumer"), { EndpointId: ep.id });
    expect(live.map((g) => g.SecurityGroupId)).toEqual([consumerSeeds().sg1]);
    // A change that passes: the diff answers, nothing changed.
    const rename = await previewCheck("VpcEndpoint", ep.inputs, { ...endpointArgs, endpointName: "renamed" });
    expect((await env.provider("VpcEndpoint").diff(ep.id, ep.outputs, rename.inputs)).changes).toBe(true);
    expect((await api.getVpcEndpointAttribute(clientAs("consumer"), { EndpointId: ep.id })).EndpointName).toBe("orders");
  });
});

describe("quiet diffs after refresh", () => {
  it("refresh reports only the declared inputs, and the next diff finds no change (service and endpoint)", async () => {
    const { service, endpointArgs } = await serviceAndEndpointArgs({ policyDocument: JSON.stringify(POLICY) });
    const ep = await env.up("VpcEndpoint", endpointArgs);
    for (const [kind, state] of [
      ["VpcEndpointService", service],
      ["VpcEndpoint", ep],
    ] as [string, ResourceState][]) {
      const refreshed = (await env.refresh(kind, state))!;
      expect(Object.keys(refreshed.inputs).sort(), kind).toEqual(Object.keys(state.inputs).sort());
      expect((await env.provider(kind).diff(state.id, refreshed.outputs, state.inputs)).changes, kind).toBe(false);
    }
  });
});
