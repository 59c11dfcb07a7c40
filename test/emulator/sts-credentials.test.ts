// Every credential mode resolving against the emulator's STS: a RAM role assumed with static keys, an OIDC token
// file, every aliyun CLI profile mode and every credentials-file type, an ECS instance role, a credentials URI;
// a refused role names the role and the reason; the debug log says what happened and holds no secret.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrivateLinkClient } from "../../src/client/client";
import { CredentialsError } from "../../src/client/credential-providers";
import { DEBUG_ENV } from "../../src/client/debug";
import { resolveSettings, type ResolveSettingsInput } from "../../src/client/settings";
import { type Emulator, startEmulator } from "../../src/emulator";

let emu: Emulator;
let home: string;
let ownerServiceId: string;
const OWNER = "1380000000000001";
const ROLE = `acs:ram::${OWNER}:role/deployer`;
const OIDC_ROLE = `acs:ram::${OWNER}:role/ci-deployer`;
const INSTANCE_ROLE = `acs:ram::${OWNER}:role/ecs-runner`;
const PROVIDER = `acs:ram::${OWNER}:oidc-provider/ci`;
const SUBJECT = "repo:acme/infra:ref:refs/heads/main";

async function admin(path: string, method: string, body?: unknown): Promise<any> {
  const res = await fetch(`${emu.adminUrl}/${path}`, {
    method,
    headers: { "content-type": "application/json", "x-emulator-admin-token": emu.adminToken },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`admin ${path}: ${JSON.stringify(json)}`);
  return json;
}

function account(name: string) {
  return emu.accounts.find((a) => a.name === name)!;
}

/** Settings from a chosen environment and HOME only (nothing of this machine's). */
function client(input: ResolveSettingsInput): PrivateLinkClient {
  return new PrivateLinkClient(
    resolveSettings({
      homeDir: home,
      ...input,
      env: { ALIBABA_CLOUD_REGION_ID: emu.regionId, ALIBABA_CLOUD_ENDPOINT_PRIVATELINK: emu.endpoint, ALIBABA_CLOUD_STS_ENDPOINT: emu.endpoint, ...input.env },
    }),
  );
}

/** The services the caller sees: the owner's service means the call ran in the owner's account. */
async function serviceIds(c: PrivateLinkClient): Promise<string[]> {
  const out = await c.call<{ Services: { ServiceId: string }[] }>("ListVpcEndpointServices", {});
  return out.Services.map((s) => s.ServiceId);
}

async function oidcTokenFile(subject = SUBJECT): Promise<string> {
  const { token } = await admin("oidc/tokens", "POST", { provider: PROVIDER, subject });
  const file = join(home, `oidc-${Math.random().toString(36).slice(2)}.jwt`);
  writeFileSync(file, token);
  return file;
}

beforeAll(async () => {
  emu = await startEmulator({ timeScale: 0 });
  home = mkdtempSync(join(tmpdir(), "pl-sts-home-"));
  await admin("roles", "POST", {
    account: "owner",
    roleName: "deployer",
    trustPolicy: { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: ["acs:ram::1380000000000002:root"] } }], Version: "1" },
  });
  await admin("roles", "POST", {
    account: "owner",
    roleName: "audited",
    trustPolicy: {
      Statement: [
        {
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Principal: { RAM: ["acs:ram::1380000000000002:root"] },
          Condition: { StringEquals: { "sts:ExternalId": "abc-123" } },
        },
      ],
    },
  });
  await admin("oidc-providers", "POST", { account: "owner", name: "ci", issuerUrl: "https://oidc.ci.example", clientIds: ["sts.aliyuncs.com"] });
  await admin("roles", "POST", {
    account: "owner",
    roleName: "ci-deployer",
    trustPolicy: {
      Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Federated: [PROVIDER] }, Condition: { StringEquals: { "oidc:sub": SUBJECT } } }],
    },
  });
  await admin("roles", "POST", {
    account: "owner",
    roleName: "ecs-runner",
    trustPolicy: { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: ["ecs.aliyuncs.com"] } }] },
  });
  await admin("instance-role", "PUT", { roleArn: INSTANCE_ROLE });
  const owner = client({ explicit: { accessKeyId: account("owner").accessKeyId, accessKeySecret: account("owner").accessKeySecret } });
  ownerServiceId = (await owner.call<{ ServiceId: string }>("CreateVpcEndpointService", { ServiceDescription: "owned" })).ServiceId;
});

afterAll(async () => {
  delete process.env[DEBUG_ENV];
  await emu?.stop();
});

describe("a RAM role assumed with static keys", () => {
  it("acts in the role's account, assuming the role once for many calls", async () => {
    const consumer = account("consumer");
    const before = emu.requestCounts().byAction.AssumeRole?.total ?? 0;
    const c = client({
      explicit: { accessKeyId: consumer.accessKeyId, accessKeySecret: consumer.accessKeySecret, assumeRole: { roleArn: ROLE, sessionName: "test-session" } },
    });
    expect(c.credentials.description).toContain(ROLE);
    expect(await serviceIds(c)).toContain(ownerServiceId);
    expect(await serviceIds(c)).toContain(ownerServiceId);
    expect((emu.requestCounts().byAction.AssumeRole?.total ?? 0) - before).toBe(1);
    // Without the role the consumer sees none of the owner's services.
    const plain = client({ explicit: { accessKeyId: consumer.accessKeyId, accessKeySecret: consumer.accessKeySecret } });
    expect(await serviceIds(plain)).not.toContain(ownerServiceId);
  });

  it("stack config profiles carry a role per account on top of the environment's keys", async () => {
    const consumer = account("consumer");
    const c = client({
      explicit: { profile: "owner-role" },
      stackConfig: { "alicloud-privatelink:profiles": JSON.stringify({ "owner-role": { assumeRole: { roleArn: ROLE, durationSeconds: 900 } } }) },
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: consumer.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: consumer.accessKeySecret },
    });
    expect(await serviceIds(c)).toContain(ownerServiceId);
  });

  it("a role refused by its trust policy is an error naming the role and the reason, without secrets", async () => {
    const consumer = account("consumer");
    const audited = `acs:ram::${OWNER}:role/audited`;
    const c = client({
      explicit: { accessKeyId: consumer.accessKeyId, accessKeySecret: consumer.accessKeySecret, assumeRole: { roleArn: audited, externalId: "wrong-id" } },
    });
    const err = await c.call("ListVpcEndpointServices", {}).catch((e) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.message).toContain(audited);
    expect(err.message).toContain("NoPermission");
    expect(err.message).toMatch(/trust policy/);
    expect(err.message).toMatch(/RequestId: [0-9A-F-]{36}/);
    expect(err.message).not.toContain(consumer.accessKeySecret);
    // The right external ID is accepted.
    const ok = client({
      explicit: { accessKeyId: consumer.accessKeyId, accessKeySecret: consumer.accessKeySecret, assumeRole: { roleArn: audited, externalId: "abc-123" } },
    });
    expect(await serviceIds(ok)).toContain(ownerServiceId);
    // A role that does not exist says so.
    const missing = client({
      explicit: { accessKeyId: consumer.accessKeyId, accessKeySecret: consumer.accessKeySecret, assumeRole: { roleArn: `acs:ram::${OWNER}:role/nope` } },
    });
    await expect(missing.call("ListVpcEndpointServices", {})).rejects.toThrow(/role\/nope.*EntityNotExist\.Role/s);
  });
});

describe("an OIDC token file (ALIBABA_CLOUD_OIDC_*)", () => {
  it("assumes the role the token's subject is trusted for", async () => {
    const file = await oidcTokenFile();
    const c = client({ env: { ALIBABA_CLOUD_ROLE_ARN: OIDC_ROLE, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER, ALIBABA_CLOUD_OIDC_TOKEN_FILE: file } });
    expect(c.credentials.kind).toBe("oidcRoleArn");
    expect(await serviceIds(c)).toContain(ownerServiceId);
  });

  it("a subject the trust policy does not name is refused, and the JWT never shows", async () => {
    const file = await oidcTokenFile("repo:evil/fork:ref:refs/heads/main");
    const jwt = readFileSync(file, "utf8");
    const c = client({ env: { ALIBABA_CLOUD_ROLE_ARN: OIDC_ROLE, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER, ALIBABA_CLOUD_OIDC_TOKEN_FILE: file } });
    const err = await c.call("ListVpcEndpointServices", {}).catch((e) => e);
    expect(err.message).toContain(OIDC_ROLE);
    expect(err.message).toContain("AssumeRoleWithOIDC failed: NoPermission");
    expect(err.message).not.toContain(jwt.split(".")[2]);
  });

  it("a token signed by another key is refused with the documented code", async () => {
    const file = await oidcTokenFile();
    const [h, p, s] = readFileSync(file, "utf8").split(".");
    writeFileSync(file, `${h}.${p}.${s!.slice(0, -6)}AAAAAA`);
    const c = client({ env: { ALIBABA_CLOUD_ROLE_ARN: OIDC_ROLE, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER, ALIBABA_CLOUD_OIDC_TOKEN_FILE: file } });
    await expect(c.call("ListVpcEndpointServices", {})).rejects.toThrow(/AuthenticationFail\.OIDCToken\.InvalidSignature/);
  });

  it("half the OIDC variables is a settings error naming the missing one", () => {
    expect(() => client({ env: { ALIBABA_CLOUD_ROLE_ARN: OIDC_ROLE, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER } })).toThrow(
      /ALIBABA_CLOUD_OIDC_TOKEN_FILE is not set/,
    );
  });
});

describe("profile files: every aliyun CLI mode and credentials-file type", () => {
  let minted: { AccessKeyId: string; AccessKeySecret: string; SecurityToken: string };
  let tokenFile: string;

  beforeAll(async () => {
    minted = await admin("sts", "POST", { account: "owner", durationSeconds: 3600 });
    tokenFile = await oidcTokenFile();
    const owner = account("owner");
    const consumer = account("consumer");
    mkdirSync(join(home, ".aliyun"), { recursive: true });
    writeFileSync(
      join(home, ".aliyun", "config.json"),
      JSON.stringify({
        current: "ak",
        profiles: [
          { name: "ak", mode: "AK", access_key_id: owner.accessKeyId, access_key_secret: owner.accessKeySecret },
          { name: "consumer-ak", mode: "AK", access_key_id: consumer.accessKeyId, access_key_secret: consumer.accessKeySecret },
          { name: "sts", mode: "StsToken", access_key_id: minted.AccessKeyId, access_key_secret: minted.AccessKeySecret, sts_token: minted.SecurityToken },
          {
            name: "role",
            mode: "RamRoleArn",
            access_key_id: consumer.accessKeyId,
            access_key_secret: consumer.accessKeySecret,
            ram_role_arn: ROLE,
            ram_session_name: "cli",
            expired_seconds: 900,
          },
          { name: "chain", mode: "ChainableRamRoleArn", source_profile: "consumer-ak", ram_role_arn: ROLE },
          { name: "ecs", mode: "EcsRamRole", ram_role_name: "ecs-runner" },
          { name: "ecs-discover", mode: "EcsRamRole" },
          { name: "oidc", mode: "OIDC", ram_role_arn: OIDC_ROLE, oidc_provider_arn: PROVIDER, oidc_token_file: tokenFile },
          { name: "sso", mode: "CloudSSO" },
        ],
      }),
    );
    mkdirSync(join(home, ".alibabacloud"), { recursive: true });
    writeFileSync(
      join(home, ".alibabacloud", "credentials"),
      [
        "[ini-role]",
        "type = ram_role_arn",
        `access_key_id = ${consumer.accessKeyId}`,
        `access_key_secret = ${consumer.accessKeySecret}`,
        `role_arn = ${ROLE}`,
        "[ini-ecs]",
        "type = ecs_ram_role",
        "role_name = ecs-runner",
        "[ini-oidc]",
        "type = oidc_role_arn",
        `role_arn = ${OIDC_ROLE}`,
        `oidc_provider_arn = ${PROVIDER}`,
        `oidc_token_file_path = ${tokenFile}`,
      ].join("\n"),
    );
  });

  it.each([
    ["ak", "accessKey"],
    ["sts", "stsToken"],
    ["role", "ramRoleArn"],
    ["chain", "ramRoleArn"],
    ["ecs", "ecsRamRole"],
    ["ecs-discover", "ecsRamRole"],
    ["oidc", "oidcRoleArn"],
    ["ini-role", "ramRoleArn"],
    ["ini-ecs", "ecsRamRole"],
    ["ini-oidc", "oidcRoleArn"],
  ])("profile %s (%s) acts in the owner's account", async (profile, kind) => {
    const c = client({ env: { ALIBABA_CLOUD_PROFILE: profile, ALIBABA_CLOUD_ECS_METADATA_ENDPOINT: emu.endpoint } });
    expect(c.credentials.kind).toBe(kind);
    expect(await serviceIds(c)).toContain(ownerServiceId);
  });

  it("the CLI's current profile is used when none is named", async () => {
    const c = client({});
    expect(c.credentials.description).toBe('~/.aliyun/config.json profile "ak"');
    expect(await serviceIds(c)).toContain(ownerServiceId);
  });

  it("modes that need a browser are refused by name", () => {
    expect(() => client({ env: { ALIBABA_CLOUD_PROFILE: "sso" } })).toThrow(/mode CloudSSO is not supported/);
  });
});

describe("ECS instance role and credentials URI from the environment", () => {
  it("ALIBABA_CLOUD_ECS_METADATA names the instance role", async () => {
    const c = client({
      env: { ALIBABA_CLOUD_ECS_METADATA: "ecs-runner", ALIBABA_CLOUD_ECS_METADATA_ENDPOINT: emu.endpoint, ALIBABA_CLOUD_CLI_PROFILE_DISABLED: "true" },
      homeDir: "/nonexistent",
    });
    expect(c.credentials.kind).toBe("ecsRamRole");
    expect(await serviceIds(c)).toContain(ownerServiceId);
  });

  it("ALIBABA_CLOUD_CREDENTIALS_URI is read for credentials", async () => {
    let served = 0;
    const server = http.createServer(async (_req, res) => {
      served++;
      const m = await admin("sts", "POST", { account: "owner", durationSeconds: 3600 });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          Code: "Success",
          AccessKeyId: m.AccessKeyId,
          AccessKeySecret: m.AccessKeySecret,
          SecurityToken: m.SecurityToken,
          Expiration: m.Expiration,
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/creds?token=hidden`;
      const c = client({ env: { ALIBABA_CLOUD_CREDENTIALS_URI: uri }, homeDir: "/nonexistent" });
      expect(c.credentials.description).not.toContain("hidden");
      expect(await serviceIds(c)).toContain(ownerServiceId);
      expect(served).toBe(1);
    } finally {
      server.close();
    }
  });
});

describe("the debug switch", () => {
  it("logs every call, retry decision and credential fetch, and never a secret", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pl-debug-"));
    const log = join(dir, "debug.log");
    const stateFile = join(dir, "state.json");
    const own = await startEmulator({ timeScale: 0, stateFile, faults: "ListVpcEndpointServices:throttle=1,retryAfter=10", seed: 7 });
    process.env[DEBUG_ENV] = log;
    try {
      await fetch(`${own.adminUrl}/roles`, {
        method: "POST",
        headers: { "x-emulator-admin-token": own.adminToken },
        body: JSON.stringify({
          account: "owner",
          roleName: "deployer",
          trustPolicy: { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: ["*"] } }] },
        }),
      });
      const consumer = own.accounts.find((a) => a.name === "consumer")!;
      const c = new PrivateLinkClient(
        resolveSettings({
          explicit: {
            region: own.regionId,
            endpoint: own.endpoint,
            stsEndpoint: own.endpoint,
            accessKeyId: consumer.accessKeyId,
            accessKeySecret: consumer.accessKeySecret,
            assumeRole: { roleArn: ROLE },
            maxRetries: 2,
          },
          env: {},
          homeDir: "/nonexistent",
        }),
      );
      const err = await c.call("ListVpcEndpointServices", {}).catch((e) => e);
      expect(err.code).toBe("Throttling.User");
      own.clearFaults();
      await c.call("ListVpcEndpointServices", {});
      await own.flush();
    } finally {
      delete process.env[DEBUG_ENV];
      await own.stop();
    }
    const text = readFileSync(log, "utf8");
    expect(text).toMatch(/credentials source=.*role\/deployer.* action=AssumeRole expiresAt=/);
    expect(text).toMatch(/call action=ListVpcEndpointServices attempt=1 status=400 code=Throttling\.User requestId=[0-9A-F-]{36}/);
    expect(text).toMatch(/retry action=ListVpcEndpointServices attempt=1 code=Throttling\.User decision=retry delayMs=10 reason="server retry-after"/);
    expect(text).toMatch(/retry action=ListVpcEndpointServices attempt=3 code=Throttling\.User decision=give-up reason="maxRetries \(2\) used"/);
    expect(text).toMatch(/call action=ListVpcEndpointServices attempt=1 status=200 requestId=/);
    // Every secret, STS key and token the emulator knows of, and the caller's secret: none is in the log.
    const state = JSON.parse(readFileSync(stateFile, "utf8"));
    const secrets: string[] = [account("consumer").accessKeySecret, account("owner").accessKeySecret];
    for (const r of state.sts) secrets.push(r.accessKeySecret, r.securityToken);
    expect(state.sts.length).toBeGreaterThan(0);
    for (const s of secrets) expect(text).not.toContain(s);
    // Nor the request's signature or a secret parameter (no URL, no header is logged).
    expect(text).not.toMatch(/Signature|x-acs-security-token|SecurityToken=|AccessKeySecret=/i);
  });
});
