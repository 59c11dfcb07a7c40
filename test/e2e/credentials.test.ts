// Credentials with the real Pulumi CLI against the emulator:
// - an STS token rotated in the aliyun CLI profile file between `up` and `destroy`: destroy uses the new one (the
//   provider reads profile files at run time), and the state never holds a key, a secret or a token;
// - a token in stack config: after it expires, `destroy` says why it fails and what to do, and `--run-program` works;
// - a RAM role per account from stack config profiles (references only), assumed with keys from the environment.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import type { PulumiWorkspace } from "../../scripts/pulumi";
import { useE2eEnvironment, type EmulatorState } from "./environment";

const env = useE2eEnvironment();

interface Minted {
  AccessKeyId: string;
  AccessKeySecret: string;
  SecurityToken: string;
  Expiration: string;
}

function mint(durationSeconds: number): Promise<Minted> {
  return env.emulator.admin<Minted>("POST", "/sts", { account: "owner", durationSeconds });
}

/** Sleeps until the token has expired on the emulator's clock (one second of margin). */
async function outlive(token: Minted): Promise<void> {
  const wait = Date.parse(token.Expiration) - Date.now() + 1_000;
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

/** Stack config with references only: region, endpoint and a profile name; no key, secret or token. */
async function referencesOnly(ws: PulumiWorkspace, profile: string): Promise<void> {
  await ws.run(["config", "rm", "alicloud-privatelink:profiles"]);
  await ws.setConfig({ "alicloud-privatelink:profile": profile });
}

function writeCliProfile(ws: PulumiWorkspace, token: Minted): void {
  const dir = path.join(ws.root, "home", ".aliyun");
  fs.mkdirSync(dir, { recursive: true });
  const profile = { name: "ci", mode: "StsToken", access_key_id: token.AccessKeyId, access_key_secret: token.AccessKeySecret, sts_token: token.SecurityToken };
  fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ current: "ci", profiles: [profile] }));
}

/** Everything the state file holds, secrets decrypted. */
async function stateText(ws: PulumiWorkspace): Promise<string> {
  return (await ws.run(["stack", "export", "--show-secrets"])).stdout;
}

async function services(): Promise<unknown[]> {
  return ((await env.emulator.state()) as EmulatorState).services;
}

describe("credentials read at run time", () => {
  test("an STS token rotated in the profile file between up and destroy: destroy uses the new token", async () => {
    const ws = await env.workspace("service");
    await referencesOnly(ws, "ci");
    const first = await mint(60);
    ws.addSecrets(first.AccessKeySecret, first.SecurityToken);
    writeCliProfile(ws, first);
    await ws.up();
    expect(await services()).toHaveLength(1);

    await outlive(first);
    const second = await mint(3600);
    ws.addSecrets(second.AccessKeySecret, second.SecurityToken);
    writeCliProfile(ws, second);
    await ws.destroy();
    expect(await services()).toHaveLength(0);

    const text = await stateText(ws);
    for (const value of [first.AccessKeySecret, first.SecurityToken, second.AccessKeySecret, second.SecurityToken, ...env.emulator.secrets]) {
      expect(text).not.toContain(value);
    }
  });

  test("a token in stack config: after it expires, destroy says what to do, and --run-program uses the new one", async () => {
    const ws = await env.workspace("service");
    const first = await mint(60);
    const profile = (t: Minted) =>
      JSON.stringify({ owner: { accessKeyId: t.AccessKeyId, accessKeySecret: t.AccessKeySecret, securityToken: t.SecurityToken } });
    await ws.setConfig({}, { "alicloud-privatelink:profiles": profile(first) });
    await ws.up();
    expect(await services()).toHaveLength(1);

    await outlive(first);
    const second = await mint(3600);
    await ws.setConfig({}, { "alicloud-privatelink:profiles": profile(second) });
    // Pulumi's destroy configures the provider with the config saved at the last up: the expired token.
    const stale = await ws.destroy([], { allowFailure: true });
    expect(stale.code).not.toBe(0);
    const output = stale.stdout + stale.stderr;
    expect(output).toMatch(/InvalidSecurityToken\.Expired/);
    expect(output).toMatch(/--run-program/);
    expect(await services()).toHaveLength(1);

    await ws.destroy(["--run-program"]);
    expect(await services()).toHaveLength(0);
  });

  test("a RAM role per account from stack config profiles, assumed with keys from the environment; the debug log", async () => {
    const consumer = env.emulator.consumer;
    await env.emulator.admin("POST", "/roles", {
      account: "owner",
      roleName: "deployer",
      trustPolicy: { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${consumer.accountId}:root`] } }] },
    });
    const debugLog = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plk-debug-")), "debug.log");
    const ws = await env.workspace(
      "service",
      {},
      {
        env: {
          ALIBABA_CLOUD_ACCESS_KEY_ID: consumer.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: consumer.accessKeySecret,
          ALIBABA_CLOUD_PRIVATELINK_DEBUG: debugLog,
        },
      },
    );
    await ws.run(["config", "rm", "alicloud-privatelink:profiles"]);
    await ws.setConfig({
      "alicloud-privatelink:profile": "owner",
      "alicloud-privatelink:stsEndpoint": env.emulator.info.endpoint,
      "alicloud-privatelink:profiles": JSON.stringify({ owner: { assumeRole: { roleArn: "acs:ram::1380000000000001:role/deployer", sessionName: "e2e" } } }),
    });
    await ws.up();
    const world = (await env.emulator.state()) as EmulatorState & { services: { OwnerAccountId?: string; ServiceId: string }[] };
    expect(world.services).toHaveLength(1);
    const requests = await env.emulator.requests();
    expect(JSON.stringify(requests)).toMatch(/"AssumeRole"/);
    const text = await stateText(ws);
    expect(text).toContain("role/deployer");
    for (const value of env.emulator.secrets) expect(text).not.toContain(value);
    await ws.destroy();
    expect(await services()).toHaveLength(0);
    // The provider process wrote the debug log: calls, the role fetch, and no secret.
    const log = fs.readFileSync(debugLog, "utf8");
    expect(log).toMatch(/credentials source=.*role\/deployer.* action=AssumeRole/);
    expect(log).toMatch(/call action=CreateVpcEndpointService attempt=1 status=200 requestId=/);
    expect(log).toMatch(/call action=DeleteVpcEndpointService attempt=1 status=200/);
    for (const value of env.emulator.secrets) expect(log).not.toContain(value);
  });
});
