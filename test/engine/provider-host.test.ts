// The providers as the engine sees them: serialised by the real SDK (no secret, small), then driven in the
// SDK's own dynamic-provider host process over gRPC (Configure, Check, Diff, Create, Read, Update, Delete),
// against the emulator. The host runs the compiled package, resolved by name from the program directory.
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { LogSeverity, startFakeEngine, type FakeEngine } from "../helpers/fake-engine";
import { DIFF, HostError, startProviderHost, type ProviderHost } from "../helpers/provider-host";

const root = path.resolve(__dirname, "../..");
const SIZE_BUDGET_BYTES = 4 * 1024;
const CANARY_SECRET = "canary-secret-value-0123456789";

let texts: Record<string, { text: string; containsSecrets: boolean }>;
let emulator: Emulator;
let host: ProviderHost;
/** A second host process: a destroy is a deployment (a provider process) of its own. */
let destroyHost: ProviderHost;

beforeAll(async () => {
  // Serialise in a separate, plain Node process (as a Pulumi program would), with credentials in its environment.
  const out = execFileSync(process.execPath, [path.join(__dirname, "fixtures/serialize-providers.js")], {
    cwd: root,
    env: { ...process.env, ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI-canary", ALIBABA_CLOUD_ACCESS_KEY_SECRET: CANARY_SECRET },
    encoding: "utf8",
  });
  texts = JSON.parse(out);
  emulator = await startEmulator({ timeScale: 0.002 });
  const owner = emulator.accounts[0]!;
  const start = async () => {
    const started = await startProviderHost({
      cwd: root,
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: owner.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: owner.accessKeySecret,
        ALIBABA_CLOUD_REGION_ID: undefined,
        ALICLOUD_ACCESS_KEY: undefined,
        ALICLOUD_SECRET_KEY: undefined,
      },
    });
    await started.configure({
      "alicloud-privatelink:region": emulator.regionId,
      "alicloud-privatelink:endpoint": emulator.endpoint,
      "plk-test:unrelated": "x",
    });
    return started;
  };
  host = await start();
  destroyHost = await start();
}, 60_000);

afterAll(async () => {
  await host?.stop();
  await destroyHost?.stop();
  await emulator?.stop();
});

describe("serialised providers", () => {
  it("every kind serialises without secrets, within the size budget, loading the runtime by package name", () => {
    expect(Object.keys(texts).sort()).toEqual([
      "ElasticsearchVpcEndpoint",
      "EndpointConnection",
      "EndpointZone",
      "PrivateLinkActivation",
      "SecurityGroupAttachment",
      "ServiceResourceAttachment",
      "VpcEndpoint",
      "VpcEndpointService",
      "WhitelistUser",
    ]);
    for (const [kind, { text, containsSecrets }] of Object.entries(texts)) {
      expect(containsSecrets, kind).toBe(false);
      expect(text.length, kind).toBeLessThan(SIZE_BUDGET_BYTES);
      expect(text).toContain(`"${kind}"`);
      expect(text).toContain("pulumi-alicloud-privatelink/dist/provider/runtime");
      expect(text).not.toContain(CANARY_SECRET);
      expect(text).not.toContain("LTAI-canary");
      expect(text).not.toMatch(/Agent|axios/);
    }
  });
});

describe("the SDK's dynamic-provider host, driven over gRPC", () => {
  it("runs check, create, read, diff, update and delete of a VpcEndpointService", async () => {
    const provider = texts.VpcEndpointService!.text;

    const bad = await host.check({}, { __provider: provider, connectBandwidth: 99999 });
    expect(bad.failures).toEqual([{ property: "connectBandwidth", reason: "connectBandwidth must be at most 1024 (got 99999)" }]);

    const checked = await host.check({}, { __provider: provider, serviceDescription: "via grpc" });
    expect(checked.failures).toEqual([]);
    const created = await host.create(checked.inputs);
    expect(created.id).toMatch(/^epsrv-/);
    expect(created.properties.serviceStatus).toBe("Active");
    expect(created.properties.__provider).toBe(provider);

    const read = await host.read(created.id, created.properties, checked.inputs);
    expect(read.id).toBe(created.id);
    expect(read.inputs?.serviceDescription).toBe("via grpc");

    const same = await host.diff(created.id, read.properties, checked.inputs);
    expect(same.changes).toBe(DIFF.NONE);
    const news = { ...checked.inputs, serviceDescription: "changed", tags: { a: "b" } };
    const changed = await host.diff(created.id, read.properties, news);
    expect(changed.changes).toBe(DIFF.SOME);
    // A tag change is an update in place, never a replacement.
    expect(changed.replaces).toEqual([]);

    const updated = await host.update(created.id, read.properties, news);
    expect(updated.properties.serviceDescription).toBe("changed");
    expect(updated.properties.tags).toEqual({ a: "b" });
    const reread = await host.read(created.id, updated.properties, news);
    expect(reread.properties.tags).toEqual({ a: "b" });

    // In the deployment that created it, a delete of the same ID is the `up --replace` hazard: skipped.
    await host.delete(created.id, updated.properties);
    expect((await host.read(created.id, updated.properties)).id).toBe(created.id);
    expect(host.output()).toMatch(new RegExp(`warning: VpcEndpointService ${created.id} was not deleted`));
    await destroyHost.delete(created.id, updated.properties);
    const gone = await host.read(created.id, updated.properties);
    expect(gone.id).toBe("");
  });

  it("a wait that fails keeps the object: the engine gets ErrorResourceInitFailed with __provider", async () => {
    const provider = texts.VpcEndpointService!.text;
    emulator.setFaults("stuck=service:Creating");
    try {
      const checked = await host.check({}, { __provider: provider, timeouts: { create: "1s" } });
      const error = await host.create(checked.inputs).catch((e) => e);
      expect(error).toBeInstanceOf(HostError);
      expect(error.initFailure.id).toMatch(/^epsrv-/);
      expect(error.initFailure.properties.__provider).toBe(provider);
      expect(error.initFailure.reasons[0]).toMatch(/did not reach ServiceStatus Active within 1s/);
      emulator.clearFaults();
      const resumed = await host.update(error.initFailure.id, error.initFailure.properties, checked.inputs);
      expect(resumed.properties.serviceStatus).toBe("Active");
      await destroyHost.delete(error.initFailure.id, resumed.properties);
    } finally {
      emulator.clearFaults();
    }
  });

  it("progress lines and errors reach the host's output without credentials", async () => {
    const owner = emulator.accounts[0]!;
    expect(host.output()).toMatch(/VpcEndpointService epsrv-[a-z0-9]+: (Creating|Active)/);
    expect(host.output()).not.toContain(owner.accessKeySecret);
  });
});

describe("messages on the resource's row, through the engine's Log service", () => {
  const urn = "urn:pulumi:dev::plk-test::pulumi-nodejs:dynamic/alicloud-privatelink:VpcEndpointService::svc";
  let engine: FakeEngine;
  let logged: ProviderHost;

  beforeAll(async () => {
    // Every message is acknowledged late: an operation that did not wait for its messages would return first.
    engine = await startFakeEngine(() => 300);
    const owner = emulator.accounts[0]!;
    logged = await startProviderHost({
      cwd: root,
      engineAddress: engine.address,
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: owner.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: owner.accessKeySecret },
    });
    await logged.configure({ "alicloud-privatelink:region": emulator.regionId, "alicloud-privatelink:endpoint": emulator.endpoint });
  }, 60_000);
  afterAll(async () => {
    await logged?.stop();
    engine?.stop();
  });

  it("progress lines are ephemeral info, warnings are kept, all with the URN, before the operation returns, and not on stdout", async () => {
    const provider = texts.VpcEndpointService!.text;
    emulator.setFaults("stuck=service:Creating");
    let error: HostError;
    try {
      const checked = await logged.check({}, { __provider: provider, timeouts: { create: "1s" }, __urn: urn });
      expect(checked.inputs.__urn, "the URN stays in the checked inputs").toBe(urn);
      error = await logged.create(checked.inputs).catch((e) => e);
      // Checked when the create's answer arrives: its progress lines are there already.
      const progress = engine.received.filter((m) => /: Creating, \d+s$/.test(m.message));
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.every((m) => m.severity === LogSeverity.INFO && m.ephemeral && m.urn === urn)).toBe(true);
    } finally {
      emulator.clearFaults();
    }
    expect(error.initFailure!.reasons[0]).toMatch(/exists but did not reach ServiceStatus Active within 1s.*The next `pulumi up` resumes waiting on it/);
    expect(error.initFailure!.properties.__urn, "the URN is kept with the half-finished object").toBe(urn);
    const checked = await logged.check({}, { __provider: provider, timeouts: { create: "1s" }, __urn: urn });
    const resumed = await logged.update(error.initFailure!.id, error.initFailure!.properties, checked.inputs);
    expect(resumed.properties.__urn).toBe(urn);

    // A delete in the deployment that created the object is skipped with a warning: found by the URN in the outputs.
    await logged.delete(error.initFailure!.id, resumed.properties);
    const warning = engine.received.find((m) => m.message.includes("was not deleted"));
    expect(warning).toMatchObject({ severity: LogSeverity.WARNING, ephemeral: false, urn });
    expect(warning!.message).not.toMatch(/^warning:/);
    // Shown once: nothing of it on the host's stdout (which the CLI would repeat under Diagnostics).
    expect(logged.output()).not.toMatch(/Creating, \d+s|was not deleted/);
    await destroyHost.delete(error.initFailure!.id, resumed.properties);
  });
});
