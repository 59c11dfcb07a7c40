// Previews that tell the truth, with the real Pulumi CLI and engine: a change to a parent previews and applies as
// exactly one update while its children (wired through its outputs, one of them protected) stay put; tag, policy
// and drift changes are updates in place; after a refresh with no change nothing changes for any of the seven
// kinds; preflight fails a preview on a VPC that does not exist.
import { describe, expect, test } from "vitest";
import * as api from "../../src/api/privatelink";
import type { PrivateLinkClient } from "../../src/client/client";
import { EmulatorProcess, changesOf, resourceNamed, stepsOf, type PulumiWorkspace, type RunResult } from "../../scripts/pulumi";
import { e2eConfig, emulatorClient, useE2eEnvironment, type EmulatorState } from "./environment";

const env = useE2eEnvironment();
const OURS = "pulumi-nodejs:dynamic/alicloud-privatelink:";
const ALL_KINDS = [
  "VpcEndpointService",
  "ServiceResourceAttachment",
  "WhitelistUser",
  "VpcEndpoint",
  "EndpointConnection",
  "EndpointZone",
  "SecurityGroupAttachment",
];

/** Ops of the steps for our resources only, as `name:op`, sorted. */
function ourSteps(result: RunResult): string[] {
  return stepsOf(result.events)
    .filter((s) => s.type.startsWith(OURS))
    .map((s) => `${s.name}:${s.op}`)
    .sort();
}

/** Our steps that are not "same". */
const changedSteps = (result: RunResult) => ourSteps(result).filter((s) => !s.endsWith(":same"));

interface PreviewJson {
  steps: { op: string; urn: string; replaceReasons?: string[]; diffReasons?: string[] }[];
  changeSummary: Record<string, number>;
}

/** `pulumi preview --json`: what a pipeline reads. */
async function previewJson(ws: PulumiWorkspace): Promise<PreviewJson> {
  const result = await ws.run(["preview", "--json"]);
  return JSON.parse(result.stdout) as PreviewJson;
}

const chainConfig = (extra: Record<string, string | number | boolean> = {}) => e2eConfig({ consumerAccountId: env.emulator.consumer.accountId, ...extra });

async function emulatorState(): Promise<EmulatorState> {
  return (await env.emulator.state()) as EmulatorState;
}

const clientAs = (account: "owner" | "consumer"): PrivateLinkClient => emulatorClient(env, account);

/** `pulumi up` with its preview, as a pipeline runs it. */
const upWithPreview = (ws: PulumiWorkspace) => ws.run(["up", "--yes"]);

describe("truthful previews, real CLI", () => {
  test("a description change on the service previews and applies exactly 1 update; its children stay put", async () => {
    const ws = await env.workspace("chain", chainConfig());
    await ws.up();
    const before = await ws.exportStack();
    expect(
      before.deployment
        .resources!.filter((r) => r.type.startsWith(OURS))
        .map((r) => r.type.slice(OURS.length))
        .sort(),
    ).toEqual([...ALL_KINDS].sort());

    await ws.setConfig(chainConfig({ serviceDescription: "orders API v2" }));
    const json = await previewJson(ws);
    const ours = json.steps.filter((s) => s.urn.includes(OURS));
    expect(ours.filter((s) => s.op !== "same").map((s) => `${s.urn.split("::").pop()}:${s.op}`)).toEqual(["service:update"]);
    expect(json.steps.filter((s) => s.op.includes("replace") || (s.replaceReasons?.length ?? 0) > 0)).toEqual([]);
    expect(json.changeSummary.update).toBe(1);
    expect(json.changeSummary.replace).toBeUndefined();

    await env.emulator.clearRequests();
    const up = await upWithPreview(ws);
    expect(changedSteps(up)).toEqual(["service:update"]);
    expect(changesOf(up.events).update).toBe(1);
    expect(EmulatorProcess.writeActions(await env.emulator.requests())).toEqual(["UpdateVpcEndpointServiceAttribute"]);
    const after = await ws.exportStack();
    for (const name of ["service", "backend-i", "consumer-access", "endpoint", "accept", "zone-i", "sg-2"]) {
      expect(resourceNamed(after, name)!.id, name).toBe(resourceNamed(before, name)!.id);
    }
  });

  test("a description change on the endpoint previews and applies exactly 1 update; its children stay put", async () => {
    const ws = await env.workspace("chain", chainConfig());
    await ws.up();
    await ws.setConfig(chainConfig({ endpointDescription: "orders endpoint v2" }));
    const json = await previewJson(ws);
    expect(json.steps.filter((s) => s.urn.includes(OURS) && s.op !== "same").map((s) => `${s.urn.split("::").pop()}:${s.op}`)).toEqual(["endpoint:update"]);
    expect(json.changeSummary.update).toBe(1);
    await env.emulator.clearRequests();
    const up = await upWithPreview(ws);
    expect(changedSteps(up)).toEqual(["endpoint:update"]);
    expect(EmulatorProcess.writeActions(await env.emulator.requests())).toEqual(["UpdateVpcEndpointAttribute"]);
  });
});

describe("in place, real CLI", () => {
  test("a tag change updates the service in place; a tag added by hand is found by refresh and removed by up", async () => {
    const ws = await env.workspace("chain", chainConfig({ withEndpoint: false, serviceTags: JSON.stringify({ team: "orders", env: "dev" }) }));
    await ws.up();
    const serviceId = (await emulatorState()).services[0]!.ServiceId;

    await ws.setConfig(chainConfig({ withEndpoint: false, serviceTags: JSON.stringify({ team: "orders", env: "prod" }) }));
    const preview = await ws.preview();
    expect(changedSteps(preview)).toEqual(["service:update"]);
    await env.emulator.clearRequests();
    const up = await ws.up();
    expect(changedSteps(up)).toEqual(["service:update"]);
    const calls = EmulatorProcess.calledActions(await env.emulator.requests());
    expect(EmulatorProcess.writeActions(await env.emulator.requests())).toEqual(["TagResources"]);
    expect(calls.CreateVpcEndpointService).toBeUndefined();
    const tagsOf = async () =>
      Object.fromEntries(
        (await api.listAllTagResources(clientAs("owner"), { ResourceType: "vpcendpointservice", ResourceId: [serviceId] })).map((t) => [t.TagKey, t.TagValue]),
      );
    // Beside the declared tags, the provider's ownership tag (the create token), which tag updates never remove.
    const own = { "pulumi-privatelink:create-token": expect.stringMatching(/^plk1-[0-9a-f]{40}$/) };
    expect(await tagsOf()).toEqual({ team: "orders", env: "prod", ...own });

    await api.tagResources(clientAs("owner"), { ResourceType: "vpcendpointservice", ResourceId: [serviceId], Tag: [{ Key: "added-by-hand", Value: "x" }] });
    const refresh = await ws.refresh();
    expect(changesOf(refresh.events).update, "refresh finds the tag drift").toBe(1);
    expect(resourceNamed(await ws.exportStack(), "service")!.outputs!.tags).toEqual({ team: "orders", env: "prod", "added-by-hand": "x" });
    const repair = await ws.preview(["--diff"]);
    expect(changedSteps(repair)).toEqual(["service:update"]);
    expect(repair.stdout).toMatch(/added-by-hand/);
    await ws.up();
    expect(await tagsOf()).toEqual({ team: "orders", env: "prod", ...own });
  });

  test("a policy change updates the endpoint in place", async () => {
    const policy = (effect: string) =>
      JSON.stringify({ Version: "1", Statement: [{ Effect: effect, Action: ["oss:GetObject"], Resource: ["*"], Principal: "*" }] });
    const ws = await env.workspace("chain", chainConfig({ endpointPolicy: policy("Allow") }));
    await ws.up();
    const endpointId = resourceNamed(await ws.exportStack(), "endpoint")!.id;

    await ws.setConfig(chainConfig({ endpointPolicy: policy("Deny") }));
    const json = await previewJson(ws);
    expect(json.steps.filter((s) => s.urn.includes(OURS) && s.op !== "same").map((s) => `${s.urn.split("::").pop()}:${s.op}`)).toEqual(["endpoint:update"]);
    await env.emulator.clearRequests();
    await upWithPreview(ws);
    expect(EmulatorProcess.writeActions(await env.emulator.requests())).toEqual(["UpdateVpcEndpointAttribute"]);
    const live = await api.getVpcEndpointAttribute(clientAs("consumer"), { EndpointId: endpointId });
    expect(JSON.parse(live.PolicyDocument!).Statement[0].Effect).toBe("Deny");
    expect(resourceNamed(await ws.exportStack(), "endpoint")!.id).toBe(endpointId);
  });

  test("after a refresh with no change anywhere, a preview shows no change for any of the seven kinds; a no-op up calls nothing", async () => {
    const ws = await env.workspace(
      "chain",
      chainConfig({ serviceTags: JSON.stringify({ team: "orders" }), endpointPolicy: JSON.stringify({ Version: "1", Statement: [] }), endpointTags: "{}" }),
    );
    await ws.up();
    await env.emulator.clearRequests();
    const refresh = await ws.refresh();
    expect(Object.keys(changesOf(refresh.events)), "refresh with no drift").toEqual(["same"]);
    const preview = await ws.preview(["--diff"]);
    expect(changedSteps(preview)).toEqual([]);
    expect(ourSteps(preview).map((s) => s.split(":")[0]).length).toBe(ALL_KINDS.length);
    expect(preview.stdout).not.toMatch(/\[diff:/);
    expect(EmulatorProcess.writeActions(await env.emulator.requests()), "refresh and preview made write calls").toEqual([]);
    // An up with nothing to do makes no API call at all (the checks that need the API run only on changes).
    await env.emulator.clearRequests();
    const noop = await ws.up();
    expect(Object.keys(changesOf(noop.events))).toEqual(["same"]);
    expect((await env.emulator.requests()).total, "calls made by a no-op up").toBe(0);
  });
});

describe("preview catches what it can, real CLI", () => {
  test("preflight fails a preview on a VPC that does not exist, naming the field; nothing is created", async () => {
    const ws = await env.workspace("chain", chainConfig({ withEndpoint: false }));
    await ws.up();
    await ws.setConfig({ ...chainConfig({ withEndpoint: true, endpointVpc: "vpc-hzconsumer0000000099" }), "alicloud-privatelink:preflight": "true" });
    await env.emulator.clearRequests();
    const preview = await ws.preview([], { allowFailure: true });
    expect(preview.code).not.toBe(0);
    const output = preview.stdout + preview.stderr;
    expect(output).toMatch(
      /VpcEndpoint resource 'endpoint': property vpcId value .* has a problem: preflight \(the create call, sent with DryRun=true\) failed: .*VpcNotFound/,
    );
    const requests = await env.emulator.requests();
    expect(requests.byAction.CreateVpcEndpoint?.byOutcome).toEqual({ VpcNotFound: 1 });
    expect((await emulatorState()).endpoints).toEqual([]);

    // With the VPC that exists the same preview passes (its dry run answers DryRunOperation).
    await ws.run(["config", "rm", "e2e:endpointVpc"]);
    const fine = await ws.preview();
    expect(changedSteps(fine)).toContain("endpoint:create");
    expect((await emulatorState()).endpoints).toEqual([]);
  });

  test("a preview with no credentials fails at check with the 'where I looked' error", async () => {
    const ws = await env.workspace("chain", chainConfig({ withEndpoint: false }));
    await ws.run(["config", "rm", "alicloud-privatelink:profiles"]);
    await ws.run(["config", "rm", "alicloud-privatelink:profile"]);
    await env.emulator.clearRequests();
    const preview = await ws.preview([], { allowFailure: true });
    expect(preview.code).not.toBe(0);
    expect(preview.stdout + preview.stderr).toMatch(/VpcEndpointService resource 'service' has a problem: No Alibaba Cloud credentials found\. Looked in/);
    expect((await env.emulator.requests()).total).toBe(0);
  });
});
