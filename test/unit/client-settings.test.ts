// Settings and credential resolution order with a temporary HOME holding both profile files and every
// environment variable set; error messages for missing/ambiguous configuration; endpoint checks.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveSettings, SettingsError, type ResolveSettingsInput } from "../../src/client";

let home: string;
let emptyHome: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), "pl-settings-home-"));
  emptyHome = mkdtempSync(join(tmpdir(), "pl-settings-empty-"));
  mkdirSync(join(home, ".aliyun"));
  writeFileSync(
    join(home, ".aliyun", "config.json"),
    JSON.stringify({
      current: "cli-ak",
      profiles: [
        { name: "cli-ak", mode: "AK", access_key_id: "AK_CLI_CURRENT", access_key_secret: "SK_CLI_CURRENT", region_id: "cn-chengdu" },
        { name: "cli-sts", mode: "StsToken", access_key_id: "STS.AK_CLI", access_key_secret: "SK_CLI_STS", sts_token: "TOKEN_CLI", region_id: "cn-qingdao" },
        { name: "cli-role", mode: "RamRoleArn", access_key_id: "x", access_key_secret: "y", ram_role_arn: "acs:ram::1:role/r" },
        { name: "shared", mode: "AK", access_key_id: "AK_SHARED_FILE", access_key_secret: "SK_SHARED_FILE" },
      ],
    }),
  );
  mkdirSync(join(home, ".alibabacloud"));
  writeFileSync(
    join(home, ".alibabacloud", "credentials"),
    [
      "# shared credentials",
      "[default]",
      "type = access_key",
      "access_key_id = AK_INI_DEFAULT",
      "access_key_secret = SK_INI_DEFAULT",
      "",
      "[ini-prof]",
      "type = access_key",
      "access_key_id = AK_INI_PROF",
      "access_key_secret = SK_INI_PROF",
      "",
      "[ram]",
      "type = ram_role_arn",
      "access_key_id = foo",
      "access_key_secret = bar",
      "role_arn = acs:ram::123456789012:role/role-name",
    ].join("\n"),
  );
});

const FULL_ENV = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: "AK_ENV_ALIBABA",
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: "SK_ENV_ALIBABA",
  ALIBABA_CLOUD_SECURITY_TOKEN: "TOKEN_ENV_ALIBABA",
  ALIBABA_CLOUD_REGION_ID: "cn-shanghai",
  ALIBABA_CLOUD_ENDPOINT_PRIVATELINK: "https://privatelink-env.example.com",
  ALICLOUD_ACCESS_KEY: "AK_ENV_ALICLOUD",
  ALICLOUD_SECRET_KEY: "SK_ENV_ALICLOUD",
  ALICLOUD_SECURITY_TOKEN: "TOKEN_ENV_ALICLOUD",
  ALICLOUD_REGION: "cn-beijing",
};

const FULL_STACK = {
  "alicloud-privatelink:region": "cn-hongkong",
  "alicloud-privatelink:accessKeyId": "AK_STACK_PL",
  "alicloud-privatelink:accessKeySecret": "SK_STACK_PL",
  "alicloud-privatelink:securityToken": "TOKEN_STACK_PL",
  "alicloud-privatelink:endpoint": "https://privatelink-stack.example.com",
  "alicloud:region": "ap-southeast-1",
  "alicloud:accessKey": "AK_STACK_ALICLOUD",
  "alicloud:secretKey": "SK_STACK_ALICLOUD",
  "alicloud:securityToken": "TOKEN_STACK_ALICLOUD",
};

function without<T extends Record<string, string>>(o: T, ...prefixes: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !prefixes.some((p) => k.startsWith(p))));
}

const resolve = (i: ResolveSettingsInput) => resolveSettings({ homeDir: home, env: {}, ...i });

describe("resolution order, first hit wins per value", () => {
  it("(a) explicit settings beat stack config, environment and files", () => {
    const s = resolve({
      explicit: { region: "eu-central-1", accessKeyId: "AK_EXPLICIT", accessKeySecret: "SK_EXPLICIT" },
      stackConfig: FULL_STACK,
      env: FULL_ENV,
    });
    expect(s.credentials).toMatchObject({
      accessKeyId: "AK_EXPLICIT",
      accessKeySecret: "SK_EXPLICIT",
      source: "explicit settings accessKeyId/accessKeySecret",
    });
    expect(s.credentials.securityToken).toBeUndefined(); // never borrowed from another source
    expect(s.region).toBe("eu-central-1");
    expect(s.endpoint).toBe("https://privatelink-stack.example.com/"); // per value: endpoint came from stack config
    expect(s.sources.endpoint).toBe("Pulumi config alicloud-privatelink:endpoint");
  });

  it("(b) stack config alicloud-privatelink: beats alicloud: and the environment", () => {
    const s = resolve({ stackConfig: FULL_STACK, env: FULL_ENV });
    expect(s.credentials).toMatchObject({
      accessKeyId: "AK_STACK_PL",
      accessKeySecret: "SK_STACK_PL",
      securityToken: "TOKEN_STACK_PL",
      source: "Pulumi config alicloud-privatelink:accessKeyId/alicloud-privatelink:accessKeySecret/alicloud-privatelink:securityToken",
    });
    expect(s.region).toBe("cn-hongkong");
  });

  it("(b) then the alicloud: namespace", () => {
    const s = resolve({ stackConfig: without(FULL_STACK, "alicloud-privatelink:"), env: FULL_ENV });
    expect(s.credentials).toMatchObject({ accessKeyId: "AK_STACK_ALICLOUD", securityToken: "TOKEN_STACK_ALICLOUD" });
    expect(s.credentials.source).toBe("Pulumi config alicloud:accessKey/alicloud:secretKey/alicloud:securityToken");
    expect(s.region).toBe("ap-southeast-1");
    expect(s.endpoint).toBe("https://privatelink-env.example.com/");
  });

  it("(c) ALIBABA_CLOUD_* beat ALICLOUD_*", () => {
    const s = resolve({ env: FULL_ENV });
    expect(s.credentials).toMatchObject({ accessKeyId: "AK_ENV_ALIBABA", accessKeySecret: "SK_ENV_ALIBABA", securityToken: "TOKEN_ENV_ALIBABA" });
    expect(s.credentials.source).toMatch(/^environment ALIBABA_CLOUD_ACCESS_KEY_ID\//);
    expect(s.region).toBe("cn-shanghai");
  });

  it("(c) then Terraform-style ALICLOUD_*", () => {
    const s = resolve({ env: without(FULL_ENV, "ALIBABA_CLOUD_") });
    expect(s.credentials).toMatchObject({ accessKeyId: "AK_ENV_ALICLOUD", securityToken: "TOKEN_ENV_ALICLOUD" });
    expect(s.region).toBe("cn-beijing");
    expect(s.endpoint).toBe("https://privatelink.cn-beijing.aliyuncs.com/");
  });

  it("(d) then the aliyun CLI config's current profile, with its region_id", () => {
    const s = resolve({});
    expect(s.credentials).toMatchObject({ accessKeyId: "AK_CLI_CURRENT", accessKeySecret: "SK_CLI_CURRENT", source: '~/.aliyun/config.json profile "cli-ak"' });
    expect(s.region).toBe("cn-chengdu");
    expect(s.sources.region).toBe('~/.aliyun/config.json profile "cli-ak" region');
  });

  it("(d) then the credentials INI [default] (here: no CLI config at all)", () => {
    const h = mkdtempSync(join(tmpdir(), "pl-settings-ini-"));
    mkdirSync(join(h, ".alibabacloud"));
    writeFileSync(join(h, ".alibabacloud", "credentials"), "[default]\ntype = access_key\naccess_key_id = AK_ONLY_INI\naccess_key_secret = SK_ONLY_INI\n");
    const s = resolveSettings({ homeDir: h, env: { ALICLOUD_REGION: "cn-beijing" } });
    expect(s.credentials).toMatchObject({ accessKeyId: "AK_ONLY_INI", source: "~/.alibabacloud/credentials [default]" });
  });

  it("ALIBABA_CLOUD_CREDENTIALS_FILE replaces the INI location", () => {
    const f = join(mkdtempSync(join(tmpdir(), "pl-settings-cf-")), "creds.ini");
    writeFileSync(f, "[default]\naccess_key_id = AK_CF\naccess_key_secret = SK_CF\n");
    const s = resolveSettings({ homeDir: emptyHome, env: { ALIBABA_CLOUD_CREDENTIALS_FILE: f, ALICLOUD_REGION: "cn-beijing" } });
    expect(s.credentials.accessKeyId).toBe("AK_CF");
    expect(s.credentials.source).toContain("ALIBABA_CLOUD_CREDENTIALS_FILE");
  });

  it("numeric and tuning values: explicit, then stack config, then defaults", () => {
    const base = { region: "cn-hangzhou", accessKeyId: "a", accessKeySecret: "b" };
    const d = resolve({ explicit: base });
    expect(d).toMatchObject({
      signatureVersion: "v3",
      connectTimeoutMs: 10_000,
      readTimeoutMs: 30_000,
      maxRetries: 8,
      retryBudgetMs: 120_000,
      maxConcurrentCalls: 8,
      allowInsecureHttp: false,
      endpoint: "https://privatelink.cn-hangzhou.aliyuncs.com/",
    });
    const stackConfig = {
      "alicloud-privatelink:signatureVersion": "v1",
      "alicloud-privatelink:connectTimeoutMs": "2500",
      "alicloud-privatelink:readTimeoutMs": "9000",
      "alicloud-privatelink:maxRetries": "0",
    };
    expect(resolve({ explicit: base, stackConfig })).toMatchObject({ signatureVersion: "v1", connectTimeoutMs: 2500, readTimeoutMs: 9000, maxRetries: 0 });
    expect(resolve({ explicit: { ...base, readTimeoutMs: 1234, signatureVersion: "v3" }, stackConfig })).toMatchObject({
      readTimeoutMs: 1234,
      signatureVersion: "v3",
    });
  });
});

describe("profiles", () => {
  const stackProfiles = {
    "alicloud-privatelink:profiles": JSON.stringify({
      shared: { accessKeyId: "AK_SHARED_STACK", accessKeySecret: "SK_SHARED_STACK", region: "cn-zhangjiakou", endpoint: "http://127.0.0.1:18080" },
      stackonly: { accessKeyId: "AK_STACKONLY", accessKeySecret: "SK_STACKONLY", securityToken: "TOKEN_STACKONLY" },
    }),
  };

  it("an explicit profile selects stack config profiles first (before the files, before env keys)", () => {
    const s = resolve({ explicit: { profile: "shared" }, stackConfig: stackProfiles, env: FULL_ENV });
    expect(s.credentials).toMatchObject({ accessKeyId: "AK_SHARED_STACK", source: 'Pulumi config alicloud-privatelink:profiles["shared"]' });
    expect(s.region).toBe("cn-zhangjiakou");
    expect(s.endpoint).toBe("http://127.0.0.1:18080/");
  });

  it("a profile missing from stack config comes from ~/.aliyun/config.json (StsToken mode)", () => {
    const s = resolve({ stackConfig: { ...stackProfiles, "alicloud-privatelink:profile": "cli-sts" }, env: FULL_ENV });
    expect(s.credentials).toMatchObject({ accessKeyId: "STS.AK_CLI", accessKeySecret: "SK_CLI_STS", securityToken: "TOKEN_CLI" });
    expect(s.region).toBe("cn-qingdao");
  });

  it("then from the credentials INI; alicloud:profile and env profile names work too", () => {
    expect(resolve({ stackConfig: { "alicloud:profile": "ini-prof", "alicloud:region": "cn-beijing" } }).credentials.accessKeyId).toBe("AK_INI_PROF");
    expect(resolve({ env: { ALIBABA_CLOUD_PROFILE: "ini-prof", ALICLOUD_REGION: "cn-beijing" } }).credentials.accessKeyId).toBe("AK_INI_PROF");
    expect(resolve({ env: { ALICLOUD_PROFILE: "shared", ALICLOUD_REGION: "cn-beijing" } }).credentials.accessKeyId).toBe("AK_SHARED_FILE");
  });

  it("keys given in the same source as a profile name win over the profile", () => {
    const s = resolve({ env: { ...FULL_ENV, ALIBABA_CLOUD_PROFILE: "ini-prof" } });
    expect(s.credentials.accessKeyId).toBe("AK_ENV_ALIBABA");
  });

  it("an unknown profile is an error naming every place looked", () => {
    const e = (() => {
      try {
        resolve({ explicit: { profile: "nope", region: "cn-hangzhou" }, stackConfig: stackProfiles });
      } catch (err) {
        return err as Error;
      }
    })();
    expect(e).toBeInstanceOf(SettingsError);
    expect(e!.message).toContain('Profile "nope"');
    expect(e!.message).toContain("alicloud-privatelink:profiles");
    expect(e!.message).toContain("~/.aliyun/config.json");
    expect(e!.message).toContain("~/.alibabacloud/credentials");
  });

  it("role profiles resolve to a role on top of the profile's keys, without a network call", () => {
    const cli = resolve({ explicit: { profile: "cli-role", region: "cn-hangzhou" } }).credentials;
    expect(cli).toMatchObject({ kind: "ramRoleArn", role: { roleArn: "acs:ram::1:role/r" }, base: { kind: "accessKey", accessKeyId: "x" } });
    const ini = resolve({ explicit: { profile: "ram", region: "cn-hangzhou" } }).credentials;
    expect(ini).toMatchObject({ kind: "ramRoleArn", role: { roleArn: "acs:ram::123456789012:role/role-name" }, base: { accessKeyId: "foo" } });
    const text = JSON.stringify(ini) + inspect(ini, { depth: 6 });
    expect(text).not.toContain("bar");
    expect(text).toContain("role-name");
  });

  it("modes and types this client cannot use are rejected by name", () => {
    const dir = mkdtempSync(join(tmpdir(), "pl-settings-modes-"));
    mkdirSync(join(dir, ".aliyun"));
    writeFileSync(
      join(dir, ".aliyun", "config.json"),
      JSON.stringify({
        profiles: [
          { name: "sso", mode: "CloudSSO" },
          { name: "half", mode: "RamRoleArn", access_key_id: "a", access_key_secret: "b" },
        ],
      }),
    );
    mkdirSync(join(dir, ".alibabacloud"));
    writeFileSync(join(dir, ".alibabacloud", "credentials"), "[rsa]\ntype = rsa_key_pair\n");
    const r = (profile: string) => () => resolveSettings({ homeDir: dir, env: {}, explicit: { profile, region: "cn-hangzhou" } });
    expect(r("sso")).toThrow(/mode CloudSSO is not supported/);
    expect(r("half")).toThrow(/profile "half".*missing ram_role_arn/);
    expect(r("rsa")).toThrow(/type rsa_key_pair is not supported/);
  });

  it("malformed profiles JSON names the key", () => {
    expect(() => resolve({ stackConfig: { "alicloud-privatelink:profiles": "{nope" } })).toThrow(/alicloud-privatelink:profiles must be JSON/);
  });
});

describe("errors", () => {
  it("missing credentials: ONE error listing every place looked, without values", () => {
    let msg = "";
    try {
      resolveSettings({ homeDir: emptyHome, env: { ALICLOUD_REGION: "cn-beijing" }, stackConfig: { "alicloud-privatelink:region": "cn-hangzhou" } });
    } catch (e) {
      expect(e).toBeInstanceOf(SettingsError);
      msg = (e as Error).message;
    }
    for (const place of [
      "explicit settings: accessKeyId, accessKeySecret",
      "alicloud-privatelink:accessKeyId",
      "alicloud-privatelink:accessKeySecret",
      "alicloud:accessKey",
      "alicloud:secretKey",
      "ALIBABA_CLOUD_ACCESS_KEY_ID",
      "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
      "ALICLOUD_ACCESS_KEY",
      "ALICLOUD_SECRET_KEY",
      "~/.aliyun/config.json current profile (file not found)",
      "~/.alibabacloud/credentials [default] (file not found)",
    ]) {
      expect(msg).toContain(place);
    }
    expect(msg).not.toContain("cn-hangzhou");
  });

  it("half a key pair is an error, not a silent mix of sources", () => {
    expect(() => resolve({ explicit: { region: "cn-hangzhou", accessKeyId: "AK_ONLY" }, env: FULL_ENV })).toThrow(
      /explicit settings: accessKeyId is set but accessKeySecret is not/,
    );
    expect(() => resolve({ env: { ALICLOUD_SECRET_KEY: "x", ALICLOUD_REGION: "cn-beijing" } })).toThrow(
      /ALICLOUD_SECRET_KEY is set but ALICLOUD_ACCESS_KEY is not/,
    );
  });

  it("missing region is a clear error", () => {
    expect(() => resolveSettings({ homeDir: emptyHome, env: {}, explicit: { accessKeyId: "a", accessKeySecret: "b" } })).toThrow(
      /No region configured.*alicloud-privatelink:region.*ALIBABA_CLOUD_REGION_ID/,
    );
    expect(() => resolve({ explicit: { region: "Hangzhou!", accessKeyId: "a", accessKeySecret: "b" } })).toThrow(/explicit settings region is not a region ID/);
  });

  it.each([
    ["alicloud-privatelink:readTimeoutMs", "abc"],
    ["alicloud-privatelink:connectTimeoutMs", "0"],
    ["alicloud-privatelink:maxRetries", "-1"],
    ["alicloud-privatelink:maxConcurrentCalls", "1.5"],
    ["alicloud-privatelink:retryBudgetMs", "ten"],
    ["alicloud-privatelink:signatureVersion", "v2"],
    ["alicloud-privatelink:allowInsecureHttp", "yes"],
  ])("invalid %s=%s names the key", (key, value) => {
    expect(() => resolve({ explicit: { region: "cn-hangzhou", accessKeyId: "a", accessKeySecret: "b" }, stackConfig: { [key]: value } })).toThrow(
      new RegExp(`Pulumi config ${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} must`),
    );
  });

  it("credentials never appear in JSON or inspect output of the settings", () => {
    const s = resolve({ stackConfig: FULL_STACK });
    const text = JSON.stringify(s) + inspect(s, { depth: 5 }) + inspect(s.credentials) + JSON.stringify(s.credentials);
    expect(text).not.toContain("SK_STACK_PL");
    expect(text).not.toContain("TOKEN_STACK_PL");
    expect(text).toContain("AK_STACK_PL");
    expect(s.credentials.accessKeySecret).toBe("SK_STACK_PL");
    expect({ ...s.credentials }.accessKeySecret).toBe("SK_STACK_PL");
  });
});

describe("endpoint", () => {
  const base = { region: "cn-hangzhou", accessKeyId: "a", accessKeySecret: "b" };
  it("defaults to https://privatelink.<region>.aliyuncs.com and accepts https overrides and bare hosts", () => {
    expect(resolve({ explicit: base }).endpoint).toBe("https://privatelink.cn-hangzhou.aliyuncs.com/");
    expect(resolve({ explicit: { ...base, endpoint: "https://pl.example.com:8443" } }).endpoint).toBe("https://pl.example.com:8443/");
    expect(resolve({ explicit: { ...base, endpoint: "privatelink-vpc.cn-hangzhou.aliyuncs.com" } }).endpoint).toBe(
      "https://privatelink-vpc.cn-hangzhou.aliyuncs.com/",
    );
  });

  it.each(["http://127.0.0.1:8080", "http://127.3.4.5", "http://localhost:9000", "http://[::1]:8080"])("plain http to loopback %s is allowed", (ep) => {
    expect(resolve({ explicit: { ...base, endpoint: ep } }).endpoint.startsWith("http://")).toBe(true);
  });

  it.each(["http://privatelink.cn-hangzhou.aliyuncs.com", "http://10.0.0.5:8080", "http://128.0.0.1", "http://localhost.example.com"])(
    "plain http to non-loopback %s is refused unless allowInsecureHttp",
    (ep) => {
      expect(() => resolve({ explicit: { ...base, endpoint: ep } })).toThrow(/plain http to a non-loopback host/);
      expect(resolve({ explicit: { ...base, endpoint: ep, allowInsecureHttp: true } }).endpoint.startsWith("http://")).toBe(true);
      expect(
        resolve({ explicit: { ...base, endpoint: ep }, stackConfig: { "alicloud-privatelink:allowInsecureHttp": "true" } }).endpoint.startsWith("http://"),
      ).toBe(true);
    },
  );

  it("rejects other schemes, paths and user info", () => {
    expect(() => resolve({ explicit: { ...base, endpoint: "ftp://x.example.com" } })).toThrow(/must use https/);
    expect(() => resolve({ explicit: { ...base, endpoint: "https://x.example.com/api" } })).toThrow(/scheme, host and optional port only/);
    expect(() => resolve({ explicit: { ...base, endpoint: "https://u:p@x.example.com" } })).toThrow(/user info/);
  });
});

describe("roles, OIDC, instance roles and credential URIs", () => {
  const keys = { ALIBABA_CLOUD_ACCESS_KEY_ID: "AK_E", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "SK_E", ALIBABA_CLOUD_REGION_ID: "cn-hangzhou" };
  const role = "acs:ram::1234567890123456:role/deployer";

  it("assumeRole (explicit, stack config JSON, alicloud:assumeRole) wraps the credential set found", () => {
    const a = resolve({ explicit: { assumeRole: { roleArn: role, sessionName: "s-1", durationSeconds: 900 } }, env: keys }).credentials;
    expect(a).toMatchObject({ kind: "ramRoleArn", role: { roleArn: role, sessionName: "s-1", durationSeconds: 900 }, base: { accessKeyId: "AK_E" } });
    const b = resolve({
      stackConfig: { "alicloud-privatelink:assumeRole": JSON.stringify({ roleArn: role, externalId: "ext-1", policy: { Version: "1", Statement: [] } }) },
      env: keys,
    }).credentials;
    expect(b).toMatchObject({ role: { roleArn: role, externalId: "ext-1", policy: '{"Version":"1","Statement":[]}' } });
    const c = resolve({ stackConfig: { "alicloud:assumeRole": JSON.stringify({ roleArn: role, sessionExpiration: 1800 }) }, env: keys }).credentials;
    expect(c).toMatchObject({ role: { roleArn: role, durationSeconds: 1800 }, source: "Pulumi config alicloud:assumeRole" });
  });

  it("ALIBABA_CLOUD_ROLE_ARN alone is a role on top of the keys; with the OIDC variables it is the OIDC role", () => {
    expect(resolve({ env: { ...keys, ALIBABA_CLOUD_ROLE_ARN: role } }).credentials).toMatchObject({ kind: "ramRoleArn", base: { accessKeyId: "AK_E" } });
    expect(resolve({ env: { ...keys, ALICLOUD_ASSUME_ROLE_ARN: role, ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION: "3600" } }).credentials).toMatchObject({
      kind: "ramRoleArn",
      role: { durationSeconds: 3600 },
    });
    const file = join(home, "token.jwt");
    writeFileSync(file, "x.y.z");
    const oidc = {
      ALIBABA_CLOUD_ROLE_ARN: role,
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: "acs:ram::1234567890123456:oidc-provider/ci",
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: file,
    };
    // Env keys come first, as in Alibaba's default chain; without them the OIDC role is used.
    expect(resolve({ env: { ...keys, ...oidc } }).credentials).toMatchObject({ kind: "accessKey" });
    expect(resolve({ env: { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou", ...oidc } }).credentials).toMatchObject({
      kind: "oidcRoleArn",
      roleArn: role,
      oidcTokenFile: file,
    });
    expect(() => resolve({ env: { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou", ...oidc, ALIBABA_CLOUD_OIDC_TOKEN_FILE: "/nonexistent/token" } })).toThrow(
      /OIDC token file \/nonexistent\/token does not exist/,
    );
  });

  it("the instance role and a credentials URI come after the profile files, and only when named", () => {
    const env = { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou", ALIBABA_CLOUD_ECS_METADATA: "runner", ALIBABA_CLOUD_CREDENTIALS_URI: "http://127.0.0.1:1/creds" };
    expect(resolve({ env }).credentials).toMatchObject({ kind: "accessKey", accessKeyId: "AK_CLI_CURRENT" });
    const none = "/nonexistent";
    expect(resolveSettings({ homeDir: none, env }).credentials).toMatchObject({ kind: "ecsRamRole", roleName: "runner" });
    expect(resolveSettings({ homeDir: none, env: { ...env, ALIBABA_CLOUD_ECS_METADATA: "" } }).credentials).toMatchObject({ kind: "credentialsUri" });
    expect(() => resolveSettings({ homeDir: none, env: { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou" } })).toThrow(
      /ALIBABA_CLOUD_ECS_METADATA.*\n.*ALIBABA_CLOUD_CREDENTIALS_URI/s,
    );
  });

  it("role settings are checked and the error names the field and the rule", () => {
    const bad = (assumeRole: unknown) => () => resolve({ explicit: { assumeRole: assumeRole as never }, env: keys });
    expect(bad({ roleArn: "arn:aws:iam::1:role/x" })).toThrow(/explicit settings assumeRole.roleArn must be a RAM role ARN/);
    expect(bad({ roleArn: role, durationSeconds: 60 })).toThrow(/durationSeconds must be an integer \(seconds\) between 900 and 43200/);
    expect(bad({ roleArn: role, sessionName: "no spaces allowed" })).toThrow(/sessionName must be 2 to 64/);
    expect(bad({ roleArn: role, policy: "{nope" })).toThrow(/policy must be a policy document/);
    expect(bad({ roleArn: role, rolearn: "typo" })).toThrow(/unknown field\(s\) rolearn/);
    expect(() =>
      resolve({
        stackConfig: { "alicloud-privatelink:profiles": JSON.stringify({ p: { assumeRole: { roleArn: "x" } } }) },
        explicit: { profile: "p" },
        env: keys,
      }),
    ).toThrow(/profiles\["p"\]\.assumeRole\.roleArn must be/);
  });

  it("endpoints for STS and the metadata service, and the proxy setting, are normalised", () => {
    const s = resolve({
      explicit: { assumeRole: { roleArn: role }, stsEndpoint: "sts.cn-hangzhou.aliyuncs.com", proxy: "proxy.corp:3128" },
      env: { ...keys, ALIBABA_CLOUD_ECS_METADATA_ENDPOINT: "http://127.0.0.1:9" },
    });
    expect(s.credentials).toMatchObject({ stsEndpoint: "https://sts.cn-hangzhou.aliyuncs.com/" });
    expect(s.proxy).toBe("http://proxy.corp:3128/");
    expect(() => resolve({ explicit: { stsEndpoint: "http://sts.example.com" }, env: keys })).toThrow(/plain http to a non-loopback host/);
    expect(() => resolve({ explicit: { proxy: "socks5://x:1" }, env: keys })).toThrow(/proxy must be an http:\/\/ or https:\/\/ proxy URL/);
  });
});
