// The emulator's Security Token Service (API version 2015-04-01): AssumeRole and AssumeRoleWithOIDC against RAM
// roles with trust policies, OIDC providers checked against a JWKS (given, or the emulator's own issuer), and the
// ECS metadata paths of an instance role. Token lives are the requested DurationSeconds scaled by the time scale,
// so renewal can be tested in seconds. Roles, providers and the instance role live in memory.

import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, randomUUID, sign, verify } from "node:crypto";
import type { AccountDirectory, StsCredentials } from "./accounts";
import { missingParameter } from "./auth";
import { EmulatorError, type EmulatorAccount } from "./types";

export const STS_API_VERSION = "2015-04-01";
export const STS_ACTIONS = ["AssumeRole", "AssumeRoleWithOIDC"] as const;

/** The service principal an ECS instance role must trust. */
export const ECS_SERVICE_PRINCIPAL = "ecs.aliyuncs.com";

type Strings = string | string[];

export interface TrustStatement {
  readonly Effect: "Allow" | "Deny";
  readonly Action: Strings;
  readonly Principal: { readonly RAM?: Strings; readonly Federated?: Strings; readonly Service?: Strings };
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, Strings>>>>;
}

export interface TrustPolicy {
  readonly Version?: string;
  readonly Statement: readonly TrustStatement[];
}

export interface RamRole {
  readonly accountId: string;
  readonly roleName: string;
  readonly roleId: string;
  readonly arn: string;
  readonly trustPolicy: TrustPolicy;
  /** Longest DurationSeconds a caller may ask for (3600..43200). */
  readonly maxSessionDuration: number;
}

export interface OidcProvider {
  readonly accountId: string;
  readonly name: string;
  readonly arn: string;
  readonly issuerUrl: string;
  readonly clientIds: readonly string[];
  /** Public keys tokens are checked against; undefined = the emulator's own issuer key. */
  readonly jwks?: { readonly keys: readonly Record<string, unknown>[] };
}

const ROLE_NAME = /^[A-Za-z0-9.-]{1,64}$/;
const ROLE_ARN = /^acs:ram::(\d+):role\/([A-Za-z0-9.-]{1,64})$/i;
const SESSION_NAME = /^[\w.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

function list(v: Strings | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
}

function invalid(code: string, message: string, status = 400): EmulatorError {
  return new EmulatorError(code, message, status);
}

function fromBase64Url(part: string): Buffer {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw invalid("AuthenticationFail.OIDCToken.Invalid", "Cannot decode base64 encoded response(format invalided).", 401);
  return Buffer.from(part, "base64url");
}

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
  return re.test(value);
}

/** Checks a trust policy document's shape; throws a plain Error naming the problem. */
export function checkTrustPolicy(raw: unknown): TrustPolicy {
  const doc = typeof raw === "string" ? JSON.parse(raw) : raw;
  if (!doc || typeof doc !== "object" || !Array.isArray((doc as TrustPolicy).Statement) || (doc as TrustPolicy).Statement.length === 0) {
    throw new Error('a trust policy needs a non-empty "Statement" list');
  }
  for (const [i, st] of (doc as TrustPolicy).Statement.entries()) {
    if (st.Effect !== "Allow" && st.Effect !== "Deny") throw new Error(`Statement[${i}].Effect must be Allow or Deny`);
    if (list(st.Action).length === 0) throw new Error(`Statement[${i}].Action is required`);
    if (!st.Principal || typeof st.Principal !== "object") throw new Error(`Statement[${i}].Principal must be an object (RAM, Federated or Service)`);
  }
  return doc as TrustPolicy;
}

/** Who is asking, as trust policies name principals. */
interface Requester {
  readonly ram: readonly string[];
  readonly federated: readonly string[];
  readonly service: readonly string[];
  /** Values of condition keys (sts:ExternalId, oidc:iss, oidc:aud, oidc:sub). */
  readonly context: Readonly<Record<string, readonly string[]>>;
}

function conditionHolds(condition: TrustStatement["Condition"], context: Requester["context"]): boolean {
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      const actual = context[key] ?? [];
      const wanted = list(expected);
      const one = (a: string, w: string) => (operator === "StringEquals" ? a === w : operator === "StringLike" ? globMatch(w, a) : false);
      if (!actual.some((a) => wanted.some((w) => one(a, w)))) return false;
    }
  }
  return true;
}

/** Deny wins; otherwise one Allow statement for sts:AssumeRole naming the requester, with its conditions met. */
export function trustAllows(policy: TrustPolicy, who: Requester): boolean {
  const matches = (st: TrustStatement) => {
    const action = list(st.Action).some((a) => a === "sts:AssumeRole" || a === "sts:*" || a === "*");
    const lower = (xs: readonly string[]) => xs.map((x) => x.toLowerCase());
    const named =
      lower(list(st.Principal.RAM)).some((p) => p === "*" || lower(who.ram).includes(p)) ||
      lower(list(st.Principal.Federated)).some((p) => lower(who.federated).includes(p)) ||
      lower(list(st.Principal.Service)).some((p) => lower(who.service).includes(p));
    return action && named && conditionHolds(st.Condition, who.context);
  };
  if (policy.Statement.some((st) => st.Effect === "Deny" && matches(st))) return false;
  return policy.Statement.some((st) => st.Effect === "Allow" && matches(st));
}

export interface StsOptions {
  /** Multiplies token lives (as --time-scale multiplies transitions); 0 keeps real lives. */
  readonly timeScale?: number;
  readonly now?: () => number;
}

export class StsService {
  private readonly roles = new Map<string, RamRole>();
  private readonly providers = new Map<string, OidcProvider>();
  private issuerKey: { privateKey: KeyObject; jwk: Record<string, unknown> } | undefined;
  private instanceRoleArn: string | undefined;
  private instanceCredentials: { creds: StsCredentials; mintedAt: number; expiresAt: number } | undefined;
  private readonly metadataTokens = new Map<string, number>();

  constructor(
    private readonly accounts: AccountDirectory,
    private readonly options: StsOptions = {},
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Real life of a token asked for `seconds`: scaled, at least one second. */
  lifeMs(seconds: number): number {
    const scale = this.options.timeScale && this.options.timeScale > 0 ? this.options.timeScale : 1;
    return Math.max(1000, Math.round(seconds * 1000 * scale));
  }

  private account(ref: unknown): EmulatorAccount {
    if (typeof ref !== "string" || ref === "") throw invalid("InvalidParameter", '"account" must be an account name or numeric ID.');
    const a = this.accounts.find(ref);
    if (!a) throw invalid("AccountNotFound", `No account named or numbered ${JSON.stringify(ref)}.`, 404);
    return a;
  }

  addRole(input: { account?: unknown; roleName?: unknown; trustPolicy?: unknown; maxSessionDuration?: unknown }): RamRole {
    const account = this.account(input.account);
    if (typeof input.roleName !== "string" || !ROLE_NAME.test(input.roleName)) {
      throw invalid("InvalidParameter.RoleName", "roleName must be 1 to 64 letters, digits, '.' or '-'.");
    }
    let trustPolicy: TrustPolicy;
    try {
      trustPolicy = checkTrustPolicy(input.trustPolicy);
    } catch (e) {
      throw invalid("InvalidParameter.PolicyDocument", `trustPolicy: ${(e as Error).message}`);
    }
    const max = input.maxSessionDuration ?? 3600;
    if (typeof max !== "number" || !Number.isInteger(max) || max < 3600 || max > 43200) {
      throw invalid("InvalidParameter.MaxSessionDuration", "maxSessionDuration must be an integer from 3600 to 43200.");
    }
    const arn = `acs:ram::${account.accountId}:role/${input.roleName.toLowerCase()}`;
    const role: RamRole = {
      accountId: account.accountId,
      roleName: input.roleName,
      roleId: String(3e17 + Math.floor(Math.random() * 6e17)),
      arn,
      trustPolicy,
      maxSessionDuration: max,
    };
    this.roles.set(arn, role);
    return role;
  }

  listRoles(): RamRole[] {
    return [...this.roles.values()];
  }

  addOidcProvider(input: { account?: unknown; name?: unknown; issuerUrl?: unknown; clientIds?: unknown; jwks?: unknown }): OidcProvider {
    const account = this.account(input.account);
    if (typeof input.name !== "string" || !ROLE_NAME.test(input.name))
      throw invalid("InvalidParameter.OIDCProviderName", "name must be 1 to 64 letters, digits, '.' or '-'.");
    if (typeof input.issuerUrl !== "string" || !/^https?:\/\/\S+$/.test(input.issuerUrl))
      throw invalid("InvalidParameter.IssuerUrl", "issuerUrl must be an http(s) URL.");
    const clientIds = Array.isArray(input.clientIds) ? input.clientIds.filter((c): c is string => typeof c === "string" && c !== "") : [];
    if (clientIds.length === 0) throw invalid("InvalidParameter.ClientIds", "clientIds must list at least one audience.");
    let jwks: OidcProvider["jwks"];
    if (input.jwks !== undefined) {
      const keys = (input.jwks as { keys?: unknown })?.keys;
      if (!Array.isArray(keys) || keys.length === 0) throw invalid("InvalidParameter.Jwks", 'jwks must be a JWKS document ({"keys": [...]}).');
      for (const k of keys) {
        try {
          createPublicKey({ key: k as never, format: "jwk" });
        } catch (e) {
          throw invalid("InvalidParameter.Jwks", `jwks holds a key that cannot be read: ${(e as Error).message}`);
        }
      }
      jwks = { keys: keys as Record<string, unknown>[] };
    }
    const provider: OidcProvider = {
      accountId: account.accountId,
      name: input.name,
      arn: `acs:ram::${account.accountId}:oidc-provider/${input.name}`,
      issuerUrl: input.issuerUrl,
      clientIds,
      jwks,
    };
    this.providers.set(provider.arn.toLowerCase(), provider);
    return provider;
  }

  listOidcProviders(): OidcProvider[] {
    return [...this.providers.values()];
  }

  private issuer(): { privateKey: KeyObject; jwk: Record<string, unknown> } {
    if (!this.issuerKey) {
      const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const jwk = { ...publicKey.export({ format: "jwk" }), kid: `emulator-${randomBytes(4).toString("hex")}`, alg: "RS256", use: "sig" };
      this.issuerKey = { privateKey, jwk };
    }
    return this.issuerKey;
  }

  /** The public keys of the emulator's own OIDC issuer. */
  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [this.issuer().jwk] };
  }

  /** Signs an OIDC token with the emulator's issuer key, for a registered provider (its issuer and first audience). */
  issueOidcToken(input: { provider?: unknown; subject?: unknown; audience?: unknown; lifetimeSeconds?: unknown; issuedAt?: unknown }): {
    token: string;
    expiresAt: string;
  } {
    const ref = typeof input.provider === "string" ? input.provider.toLowerCase() : "";
    const provider = this.providers.get(ref) ?? [...this.providers.values()].find((p) => p.name.toLowerCase() === ref);
    if (!provider) throw invalid("EntityNotExist.OIDCProvider", `No OIDC provider ${JSON.stringify(input.provider ?? null)}.`, 404);
    const subject = typeof input.subject === "string" && input.subject !== "" ? input.subject : "system:serviceaccount:default:deployer";
    const audience = typeof input.audience === "string" && input.audience !== "" ? input.audience : provider.clientIds[0]!;
    const life = typeof input.lifetimeSeconds === "number" ? input.lifetimeSeconds : 3600;
    const iat = typeof input.issuedAt === "number" ? input.issuedAt : Math.floor(Date.now() / 1000);
    const { privateKey, jwk } = this.issuer();
    const header = Buffer.from(JSON.stringify({ alg: "RS256", typ: "JWT", kid: jwk.kid })).toString("base64url");
    const payload = Buffer.from(
      JSON.stringify({ iss: provider.issuerUrl, sub: subject, aud: audience, iat, nbf: iat, exp: iat + life, jti: randomUUID() }),
    ).toString("base64url");
    const signature = sign("sha256", Buffer.from(`${header}.${payload}`), privateKey).toString("base64url");
    return { token: `${header}.${payload}.${signature}`, expiresAt: new Date((iat + life) * 1000).toISOString() };
  }

  /** Designates the role the ECS metadata paths hand out credentials for (it must trust ecs.aliyuncs.com). */
  setInstanceRole(roleArn: unknown): RamRole | undefined {
    if (roleArn === null || roleArn === undefined || roleArn === "") {
      this.instanceRoleArn = undefined;
      this.instanceCredentials = undefined;
      return undefined;
    }
    const role = typeof roleArn === "string" ? this.roles.get(roleArn.toLowerCase()) : undefined;
    if (!role) throw invalid("EntityNotExist.Role", `The role not exists: ${String(roleArn)}.`, 404);
    if (!trustAllows(role.trustPolicy, { ram: [], federated: [], service: [ECS_SERVICE_PRINCIPAL], context: {} })) {
      throw invalid("NoPermission", `The trust policy of ${role.arn} does not allow the service ${ECS_SERVICE_PRINCIPAL}.`, 403);
    }
    this.instanceRoleArn = role.arn;
    this.instanceCredentials = undefined;
    return role;
  }

  // --- STS actions ------------------------------------------------------------------------------------------

  /** AssumeRole for an authenticated caller. */
  assumeRole(caller: { account: EmulatorAccount; accessKeyId: string }, params: Readonly<Record<string, string>>): Record<string, unknown> {
    const { role, sessionName, durationSeconds } = this.roleRequest(params);
    const externalId = params.ExternalId;
    if (externalId !== undefined && externalId !== "" && !EXTERNAL_ID.test(externalId)) {
      throw invalid("InvalidParameter.ExternalId", "The parameter ExternalId is wrongly formed.");
    }
    const callerRole = this.accounts.lookup(caller.accessKeyId)?.sts?.roleArn;
    const ram = [`acs:ram::${caller.account.accountId}:root`, caller.account.accountId, ...(callerRole ? [callerRole] : [])];
    const context: Record<string, string[]> = externalId ? { "sts:ExternalId": [externalId] } : {};
    if (!trustAllows(role.trustPolicy, { ram, federated: [], service: [], context })) {
      throw invalid("NoPermission", "No permission perform sts:AssumeRole on this Role. Maybe you should check the trust policy of the role.", 403);
    }
    return this.grant(role, sessionName, durationSeconds);
  }

  /** AssumeRoleWithOIDC: no signature; the OIDC token is the proof. */
  assumeRoleWithOidc(params: Readonly<Record<string, string>>): Record<string, unknown> {
    for (const name of ["OIDCProviderArn", "RoleArn", "OIDCToken"]) if (!params[name]) throw missingParameter(name);
    const provider = this.providers.get(params.OIDCProviderArn!.toLowerCase());
    if (!provider) throw invalid("AuthenticationFail.NoPermission", "No such OIDC Provider registered.", 401);
    const claims = this.verifyToken(provider, params.OIDCToken!);
    const { role, sessionName, durationSeconds } = this.roleRequest(params);
    const context = { "oidc:iss": [String(claims.iss)], "oidc:aud": list(claims.aud as Strings), "oidc:sub": [String(claims.sub ?? "")] };
    if (!trustAllows(role.trustPolicy, { ram: [], federated: [provider.arn], service: [], context })) {
      throw invalid("NoPermission", "No permission perform sts:AssumeRole on this Role. Maybe you should check the trust policy of the role.", 403);
    }
    return {
      ...this.grant(role, sessionName, durationSeconds),
      OIDCTokenInfo: {
        Issuer: claims.iss,
        Subject: claims.sub,
        ClientIds: list(claims.aud as Strings).join(","),
        ExpirationTime: new Date(Number(claims.exp) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
        IssuanceTime: claims.iat !== undefined ? new Date(Number(claims.iat) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z") : undefined,
      },
    };
  }

  private roleRequest(params: Readonly<Record<string, string>>): { role: RamRole; sessionName: string; durationSeconds: number } {
    const roleArn = params.RoleArn;
    if (!roleArn) throw missingParameter("RoleArn");
    if (!ROLE_ARN.test(roleArn)) throw invalid("InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed.");
    const sessionName = params.RoleSessionName;
    if (!sessionName) throw missingParameter("RoleSessionName");
    if (!SESSION_NAME.test(sessionName)) throw invalid("InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed.");
    const role = this.roles.get(roleArn.toLowerCase());
    if (!role) throw invalid("EntityNotExist.Role", `The role not exists: ${roleArn}.`, 404);
    const durationSeconds = params.DurationSeconds === undefined || params.DurationSeconds === "" ? 3600 : Number(params.DurationSeconds);
    if (!Number.isInteger(durationSeconds) || durationSeconds < 900 || durationSeconds > role.maxSessionDuration) {
      throw invalid("InvalidParameter.DurationSeconds", `The Min/Max value of DurationSeconds is 15min/${role.maxSessionDuration / 3600}hr.`);
    }
    if (params.Policy !== undefined && params.Policy !== "") {
      try {
        const p = JSON.parse(params.Policy);
        if (!p || typeof p !== "object" || !Array.isArray(p.Statement)) throw new Error("no Statement");
      } catch {
        throw invalid("InvalidParameter.PolicyGrammar", "The parameter Policy has not passed grammar check.");
      }
    }
    return { role, sessionName, durationSeconds };
  }

  private grant(role: RamRole, sessionName: string, durationSeconds: number): Record<string, unknown> {
    const creds = this.accounts.mintSts(role.accountId, durationSeconds, { lifeMs: this.lifeMs(durationSeconds), roleArn: role.arn });
    return {
      AssumedRoleUser: {
        Arn: `acs:ram::${role.accountId}:assumed-role/${role.roleName.toLowerCase()}/${sessionName}`,
        AssumedRoleId: `${role.roleId}:${sessionName}`,
      },
      Credentials: { AccessKeyId: creds.AccessKeyId, AccessKeySecret: creds.AccessKeySecret, SecurityToken: creds.SecurityToken, Expiration: creds.Expiration },
    };
  }

  private verifyToken(provider: OidcProvider, token: string): Record<string, unknown> {
    const parts = token.split(".");
    if (parts.length !== 3) throw invalid("AuthenticationFail.OIDCToken.Invalid", "The number of Jwt field should be divided into 3 parts with '.' .", 401);
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(fromBase64Url(parts[0]!).toString("utf8"));
      claims = JSON.parse(fromBase64Url(parts[1]!).toString("utf8"));
    } catch (e) {
      if (e instanceof EmulatorError) throw e;
      throw invalid("AuthenticationFail.OIDCToken.Invalid", "The Jwt content is invalid that cannot be recognized.", 401);
    }
    if (header.alg !== "RS256") {
      throw invalid("AuthenticationFail.OIDCToken.Invalid", `The algorithm ${String(header.alg)} that be specified in Jwt header is unknown.`, 401);
    }
    const keys = (provider.jwks ?? this.jwks()).keys;
    const candidates = header.kid === undefined ? keys : keys.filter((k) => k.kid === header.kid);
    const signature = fromBase64Url(parts[2]!);
    const data = Buffer.from(`${parts[0]}.${parts[1]}`);
    const good = candidates.some((k) => {
      try {
        return verify("sha256", data, createPublicKey({ key: k as never, format: "jwk" }), signature);
      } catch {
        return false;
      }
    });
    if (!good) throw invalid("AuthenticationFail.OIDCToken.InvalidSignature", "OIDC token validate failed: invalid signature.", 401);
    if (claims.iss !== provider.issuerUrl) {
      throw invalid(
        "AuthenticationFail.OIDCToken.Invalid",
        `The issuer ${JSON.stringify(claims.iss ?? null)} of the token is not the issuer of ${provider.arn}.`,
        401,
      );
    }
    if (!list(claims.aud as Strings).some((a) => provider.clientIds.includes(a))) {
      throw invalid("AuthenticationFail.OIDCToken.AudienceNotMatch", "Invalid audience.", 401);
    }
    const nowSeconds = Date.now() / 1000;
    if (typeof claims.exp !== "number" || claims.exp <= nowSeconds) {
      throw invalid("AuthenticationFail.OIDCToken.Expired", "This JsonWebToken is expired.", 401);
    }
    if (typeof claims.nbf === "number" && claims.nbf > nowSeconds + 60) {
      throw invalid("AuthenticationFail.OIDCToken.Invalid", "The Jwt content is invalid that cannot be recognized.", 401);
    }
    return claims;
  }

  // --- ECS metadata -----------------------------------------------------------------------------------------

  /** Answers the instance-role paths of the ECS metadata service (http://100.100.100.200/latest/...). */
  metadata(method: string, path: string, headers: Readonly<Record<string, string | undefined>>): { status: number; body: string; contentType: string } {
    const text = (status: number, body: string) => ({ status, body, contentType: "text/plain" });
    const now = this.now();
    if (path === "/latest/api/token") {
      if (method !== "PUT") return text(405, "Method Not Allowed");
      const ttl = Number(headers["x-aliyun-ecs-metadata-token-ttl-seconds"]);
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21600) return text(400, "x-aliyun-ecs-metadata-token-ttl-seconds must be 1..21600");
      const token = randomBytes(24).toString("base64url");
      this.metadataTokens.set(token, now + ttl * 1000);
      return text(200, token);
    }
    const prefix = "/latest/meta-data/ram/security-credentials/";
    if (!path.startsWith(prefix) || method !== "GET") return text(404, "Not Found");
    const token = headers["x-aliyun-ecs-metadata-token"];
    if (token !== undefined && !((this.metadataTokens.get(token) ?? 0) > now)) return text(401, "Unauthorized");
    const role = this.instanceRoleArn ? this.roles.get(this.instanceRoleArn) : undefined;
    if (!role) return text(404, "Not Found");
    const name = decodeURIComponent(path.slice(prefix.length));
    if (name === "") return text(200, role.roleName);
    if (name !== role.roleName) return text(404, "Not Found");
    let cur = this.instanceCredentials;
    if (!cur || now > cur.mintedAt + (cur.expiresAt - cur.mintedAt) / 2) {
      const creds = this.accounts.mintSts(role.accountId, 21600, { lifeMs: this.lifeMs(21600), roleArn: role.arn });
      cur = this.instanceCredentials = { creds, mintedAt: now, expiresAt: Date.parse(creds.Expiration) };
    }
    const body = {
      AccessKeyId: cur.creds.AccessKeyId,
      AccessKeySecret: cur.creds.AccessKeySecret,
      SecurityToken: cur.creds.SecurityToken,
      Expiration: cur.creds.Expiration,
      LastUpdated: new Date(cur.mintedAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
      Code: "Success",
    };
    return { status: 200, body: JSON.stringify(body), contentType: "application/json" };
  }

  // --- admin ------------------------------------------------------------------------------------------------

  /** The admin paths of STS: roles, oidc-providers, oidc/jwks, oidc/tokens, instance-role. Undefined = not ours. */
  admin(method: string, segments: readonly string[], body: () => Record<string, unknown>): { status: number; body: unknown } | undefined {
    const [head, ...rest] = segments;
    const only = (allowed: string) => {
      if (method !== allowed) throw invalid("MethodNotAllowed", `Use ${allowed} on this path.`, 405);
    };
    const describeRole = (r: RamRole) => ({
      Arn: r.arn,
      RoleName: r.roleName,
      RoleId: r.roleId,
      AccountId: r.accountId,
      MaxSessionDuration: r.maxSessionDuration,
      TrustPolicy: r.trustPolicy,
    });
    if (head === "roles" && rest.length === 0) {
      if (method === "GET") return { status: 200, body: { roles: this.listRoles().map(describeRole) } };
      only("POST");
      return { status: 201, body: describeRole(this.addRole(body())) };
    }
    if (head === "oidc-providers" && rest.length === 0) {
      const describe = (p: OidcProvider) => ({
        Arn: p.arn,
        Name: p.name,
        IssuerUrl: p.issuerUrl,
        ClientIds: p.clientIds,
        AccountId: p.accountId,
        OwnJwks: p.jwks !== undefined,
      });
      if (method === "GET") return { status: 200, body: { providers: this.listOidcProviders().map(describe) } };
      only("POST");
      return { status: 201, body: describe(this.addOidcProvider(body())) };
    }
    if (head === "oidc" && rest.length === 1 && rest[0] === "jwks") {
      only("GET");
      return { status: 200, body: this.jwks() };
    }
    if (head === "oidc" && rest.length === 1 && rest[0] === "tokens") {
      only("POST");
      return { status: 201, body: this.issueOidcToken(body()) };
    }
    if (head === "instance-role" && rest.length === 0) {
      if (method === "GET") return { status: 200, body: { roleArn: this.instanceRoleArn ?? null } };
      only("PUT");
      const role = this.setInstanceRole(body().roleArn);
      return { status: 200, body: { roleArn: role?.arn ?? null, roleName: role?.roleName ?? null } };
    }
    return undefined;
  }
}
