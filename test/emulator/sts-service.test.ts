// The emulator's STS on the wire: AssumeRoleWithOIDC token checks (signature against a given JWKS or the emulator's
// issuer, issuer, audience, expiry), AssumeRole parameter checks and trust evaluation (external ID, role chains,
// Deny), token lives scaled by the time scale, the admin API's validation, and the ECS metadata paths.
import { generateKeyPairSync, sign } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialSourceFor } from "../../src/client/credential-providers";
import { staticCredentials } from "../../src/client/credentials";
import { type Emulator, startEmulator } from "../../src/emulator";
import { trustAllows } from "../../src/emulator/sts";

const OWNER = "1380000000000001";
let emu: Emulator;
const options = { connectTimeoutMs: 2000, readTimeoutMs: 2000, maxRetries: 0, retryBudgetMs: 0 };

async function admin(path: string, method: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${emu.adminUrl}/${path}`, {
    method,
    headers: { "x-emulator-admin-token": emu.adminToken },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function oidc(params: Record<string, string>): Promise<{ status: number; json: any }> {
  const body = new URLSearchParams({ Action: "AssumeRoleWithOIDC", Version: "2015-04-01", Format: "JSON", RoleSessionName: "s1", ...params });
  const res = await fetch(`${emu.endpoint}/`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
  return { status: res.status, json: await res.json() };
}

/** A JWT signed by a key of our own (an external identity provider). */
function externalToken(claims: Record<string, unknown>, key = externalKey): string {
  const header = Buffer.from(JSON.stringify({ alg: "RS256", kid: "ext-1" })).toString("base64url");
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${header}.${payload}.${sign("sha256", Buffer.from(`${header}.${payload}`), key.privateKey).toString("base64url")}`;
}
const externalKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 });

function assume(role: string, base = emu.accounts[1]!, extra: Record<string, unknown> = {}) {
  const spec = staticCredentials(base.accessKeyId, base.accessKeySecret, undefined, "test keys");
  return credentialSourceFor({ kind: "ramRoleArn", base: spec, role: { roleArn: role, ...extra }, stsEndpoint: emu.endpoint, source: "test" }, options).get();
}

beforeAll(async () => {
  emu = await startEmulator({ timeScale: 0.01 });
  const jwk = { ...externalKey.publicKey.export({ format: "jwk" }), kid: "ext-1", alg: "RS256" };
  expect(
    (await admin("oidc-providers", "POST", { account: "owner", name: "ext", issuerUrl: "https://idp.example", clientIds: ["aud-1"], jwks: { keys: [jwk] } }))
      .status,
  ).toBe(201);
  await admin("roles", "POST", {
    account: "owner",
    roleName: "fed",
    trustPolicy: { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Federated: [`acs:ram::${OWNER}:oidc-provider/ext`] } }] },
  });
  await admin("roles", "POST", {
    account: "owner",
    roleName: "first",
    trustPolicy: { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: ["1380000000000002"] } }] },
  });
  await admin("roles", "POST", {
    account: "owner",
    roleName: "second",
    maxSessionDuration: 7200,
    trustPolicy: {
      Statement: [
        { Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${OWNER}:role/first`] } },
        { Effect: "Deny", Action: "sts:*", Principal: { RAM: ["acs:ram::1380000000000002:root"] } },
      ],
    },
  });
});

afterAll(async () => {
  await emu?.stop();
});

describe("AssumeRoleWithOIDC", () => {
  const now = () => Math.floor(Date.now() / 1000);
  const base = { OIDCProviderArn: `acs:ram::${OWNER}:oidc-provider/ext`, RoleArn: `acs:ram::${OWNER}:role/fed` };

  it("accepts a token signed by a key of the provider's JWKS, with a life scaled by the time scale", async () => {
    const r = await oidc({
      ...base,
      OIDCToken: externalToken({ iss: "https://idp.example", aud: "aud-1", sub: "me", exp: now() + 600, iat: now() }),
      DurationSeconds: "900",
    });
    expect(r.status).toBe(200);
    expect(r.json.Credentials.AccessKeyId).toMatch(/^STS\./);
    expect(r.json.OIDCTokenInfo).toMatchObject({ Issuer: "https://idp.example", Subject: "me", ClientIds: "aud-1" });
    expect(r.json.AssumedRoleUser.Arn).toBe(`acs:ram::${OWNER}:assumed-role/fed/s1`);
    // 900 s × 0.01 = 9 s (to the second).
    const life = Date.parse(r.json.Credentials.Expiration) - Date.now();
    expect(life).toBeGreaterThan(7_000);
    expect(life).toBeLessThanOrEqual(9_000);
  });

  it.each([
    [
      "another key's signature",
      () => externalToken({ iss: "https://idp.example", aud: "aud-1", exp: now() + 600 }, otherKey),
      "AuthenticationFail.OIDCToken.InvalidSignature",
    ],
    ["another issuer", () => externalToken({ iss: "https://evil.example", aud: "aud-1", exp: now() + 600 }), "AuthenticationFail.OIDCToken.Invalid"],
    ["another audience", () => externalToken({ iss: "https://idp.example", aud: "aud-2", exp: now() + 600 }), "AuthenticationFail.OIDCToken.AudienceNotMatch"],
    ["an expired token", () => externalToken({ iss: "https://idp.example", aud: "aud-1", exp: now() - 5 }), "AuthenticationFail.OIDCToken.Expired"],
    ["two parts", () => "abc.def", "AuthenticationFail.OIDCToken.Invalid"],
  ])("refuses %s with %s (401)", async (_name, token, code) => {
    const r = await oidc({ ...base, OIDCToken: token() });
    expect(r.status).toBe(401);
    expect(r.json.Code).toBe(code);
  });

  it("refuses an unknown provider and a missing token as documented", async () => {
    const r = await oidc({ ...base, OIDCProviderArn: `acs:ram::${OWNER}:oidc-provider/none`, OIDCToken: "x.y.z" });
    expect(r).toMatchObject({ status: 401, json: { Code: "AuthenticationFail.NoPermission", Message: "No such OIDC Provider registered." } });
    expect((await oidc({ ...base })).json.Code).toBe("MissingParameter");
  });
});

describe("AssumeRole", () => {
  it("role chains: credentials of one role assume another the trust policy names", async () => {
    const first = await assume(`acs:ram::${OWNER}:role/first`);
    const chained = credentialSourceFor(
      {
        kind: "ramRoleArn",
        base: staticCredentials(first.accessKeyId, first.accessKeySecret, first.securityToken, "first role"),
        role: { roleArn: `acs:ram::${OWNER}:role/second`, durationSeconds: 7200 },
        stsEndpoint: emu.endpoint,
        source: "chain",
      },
      options,
    );
    expect((await chained.get()).accessKeyId).toMatch(/^STS\./);
  });

  it("Deny wins; parameters are checked with the documented codes", async () => {
    await expect(assume(`acs:ram::${OWNER}:role/second`)).rejects.toThrow(/NoPermission \(HTTP 403\)/);
    await expect(assume(`acs:ram::${OWNER}:role/first`, undefined, { durationSeconds: 7200 })).rejects.toThrow(/InvalidParameter\.DurationSeconds/);
    await expect(assume(`acs:ram::${OWNER}:role/first`, undefined, { sessionName: "bad name!" })).rejects.toThrow(/InvalidParameter\.RoleSessionName/);
    await expect(assume(`acs:ram::${OWNER}:role/first`, undefined, { policy: "{}" })).rejects.toThrow(/InvalidParameter\.PolicyGrammar/);
    await expect(assume(`acs:ram::${OWNER}:role/missing`)).rejects.toThrow(/EntityNotExist\.Role \(HTTP 404\)/);
    const wrongSecret = { ...emu.accounts[1]!, accessKeySecret: "wrong" };
    await expect(assume(`acs:ram::${OWNER}:role/first`, wrongSecret)).rejects.toThrow(/SignatureDoesNotMatch/);
  });

  it("trust evaluation: principals, conditions and Deny", () => {
    const policy = {
      Statement: [
        {
          Effect: "Allow" as const,
          Action: "sts:AssumeRole",
          Principal: { RAM: ["acs:ram::1:root"] },
          Condition: { StringLike: { "sts:ExternalId": "team-*" } },
        },
      ],
    };
    const who = (externalId?: string) => ({
      ram: ["acs:ram::1:root"],
      federated: [],
      service: [],
      context: externalId ? { "sts:ExternalId": [externalId] } : {},
    });
    expect(trustAllows(policy, who("team-a"))).toBe(true);
    expect(trustAllows(policy, who("other"))).toBe(false);
    expect(trustAllows(policy, who())).toBe(false);
    expect(trustAllows({ Statement: [...policy.Statement, { Effect: "Deny", Action: "*", Principal: { RAM: ["*"] } }] }, who("team-a"))).toBe(false);
  });
});

describe("admin API and the metadata service", () => {
  it("rejects malformed roles and providers with 400 and the reason", async () => {
    expect(await admin("roles", "POST", { account: "owner", roleName: "x", trustPolicy: { Statement: [] } })).toMatchObject({
      status: 400,
      json: { error: { code: "InvalidParameter.PolicyDocument" } },
    });
    expect((await admin("roles", "POST", { account: "nobody", roleName: "x", trustPolicy: {} })).status).toBe(404);
    expect((await admin("oidc-providers", "POST", { account: "owner", name: "p", issuerUrl: "ftp://x", clientIds: ["a"] })).status).toBe(400);
    expect(
      (await admin("oidc-providers", "POST", { account: "owner", name: "p", issuerUrl: "https://x", clientIds: ["a"], jwks: { keys: [{ kty: "nope" }] } }))
        .status,
    ).toBe(400);
    expect((await admin("roles", "GET")).json.roles.map((r: { Arn: string }) => r.Arn)).toContain(`acs:ram::${OWNER}:role/first`);
  });

  it("the instance role needs a trust policy naming ecs.aliyuncs.com; IMDSv2 tokens are checked", async () => {
    expect((await admin("instance-role", "PUT", { roleArn: `acs:ram::${OWNER}:role/first` })).status).toBe(403);
    await admin("roles", "POST", {
      account: "owner",
      roleName: "runner",
      trustPolicy: { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: ["ecs.aliyuncs.com"] } }] },
    });
    expect((await admin("instance-role", "PUT", { roleArn: `acs:ram::${OWNER}:role/runner` })).status).toBe(200);
    const token = await (
      await fetch(`${emu.endpoint}/latest/api/token`, { method: "PUT", headers: { "x-aliyun-ecs-metadata-token-ttl-seconds": "60" } })
    ).text();
    const path = `${emu.endpoint}/latest/meta-data/ram/security-credentials/`;
    expect(await (await fetch(path, { headers: { "x-aliyun-ecs-metadata-token": token } })).text()).toBe("runner");
    const creds = await (await fetch(`${path}runner`, { headers: { "x-aliyun-ecs-metadata-token": token } })).json();
    expect(creds).toMatchObject({ Code: "Success", AccessKeyId: expect.stringMatching(/^STS\./) });
    expect((await fetch(`${path}runner`, { headers: { "x-aliyun-ecs-metadata-token": "forged" } })).status).toBe(401);
  });
});
