// Settings and credentials resolution. Sources, first hit wins per value:
//   (a) explicit settings object
//   (b) Pulumi stack config: `alicloud-privatelink:*`, then `alicloud:*`
//   (c) environment: ALIBABA_CLOUD_*, then Terraform-style ALICLOUD_*; then the OIDC role variables
//   (d) profile files: ~/.aliyun/config.json, ~/.alibabacloud/credentials
//   (e) environment: an ECS instance role name, then a credentials URI
// A profile name (first hit among the sources) inserts that profile's values right after the source that
// named it (stack config `profiles` first, then the files). Credentials are taken as a set (keys, a role, an
// OIDC token file, …) from ONE source, never mixed across sources; a role to assume (`assumeRole`) is applied on
// top of that set. Resolution reads files but makes no network call: fetching happens when a request is signed.

import { existsSync } from "node:fs";
import { homedir } from "node:os";
import {
  type AssumeRoleSettings,
  CLI_CONFIG_DISPLAY,
  type CredentialSpec,
  credentialsFileLocation,
  hideSecrets,
  nonEmpty,
  type ProfileEntry,
  readCliConfig,
  readCredentialsFile,
  staticCredentials,
} from "./credentials";
import type { SignatureVersion } from "./signer";
import { elasticsearchEndpoint } from "../spec/elasticsearch";

export interface ClientSettings {
  region?: string;
  endpoint?: string;
  /** Endpoint of the Elasticsearch API (ElasticsearchVpcEndpoint); see resolveSettings for its default. */
  elasticsearchEndpoint?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  profile?: string;
  /** A RAM role to assume with the credentials found (AssumeRole); renewed before it expires. */
  assumeRole?: AssumeRoleSettings;
  /** STS endpoint for role credentials: a URL or host (http only for loopback). */
  stsEndpoint?: string;
  /** ECS metadata service origin for the instance role (default http://100.100.100.200). */
  ecsMetadataEndpoint?: string;
  /** HTTP(S) proxy URL for every host but loopback; HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply when unset. */
  proxy?: string;
  signatureVersion?: SignatureVersion;
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
  maxRetries?: number;
  retryBudgetMs?: number;
  maxConcurrentCalls?: number;
  allowInsecureHttp?: boolean;
}

export interface ResolvedSettings {
  readonly region: string;
  /** Normalised endpoint URL, e.g. `https://privatelink.cn-hangzhou.aliyuncs.com/`. */
  readonly endpoint: string;
  /** Normalised endpoint URL of the Elasticsearch API, e.g. `https://elasticsearch.cn-hangzhou.aliyuncs.com/`. */
  readonly elasticsearchEndpoint: string;
  /** Where the credentials come from; fetched (and renewed) when requests are signed. */
  readonly credentials: CredentialSpec;
  readonly signatureVersion: SignatureVersion;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly maxRetries: number;
  readonly retryBudgetMs: number;
  readonly maxConcurrentCalls: number;
  readonly allowInsecureHttp: boolean;
  /** Normalised proxy URL from the `proxy` setting; undefined = the *_PROXY environment variables decide. */
  readonly proxy?: string;
  /** Where region and endpoint came from (for diagnostics). */
  readonly sources: Readonly<Record<"region" | "endpoint" | "elasticsearchEndpoint", string>>;
}

export const SETTINGS_DEFAULTS = Object.freeze({
  signatureVersion: "v3" as SignatureVersion,
  connectTimeoutMs: 10_000,
  readTimeoutMs: 30_000,
  maxRetries: 8,
  retryBudgetMs: 120_000,
  maxConcurrentCalls: 8,
  allowInsecureHttp: false,
});

export const CONFIG_NAMESPACE = "alicloud-privatelink";
export const ALICLOUD_NAMESPACE = "alicloud";

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}

type Key = keyof ClientSettings;

/** One source of values, with the name each key has there (for messages), and a credential set if it holds one. */
interface Layer {
  readonly label: string;
  readonly names: Partial<Record<Key, string>>;
  readonly values: Partial<Record<Key, unknown>>;
  /** A complete credential set that is not a plain key pair (a profile's role, OIDC, instance role, URI). */
  readonly credentials?: CredentialSpec;
}

const ENV_ALIBABA: Partial<Record<Key, string>> = {
  accessKeyId: "ALIBABA_CLOUD_ACCESS_KEY_ID",
  accessKeySecret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  securityToken: "ALIBABA_CLOUD_SECURITY_TOKEN",
  region: "ALIBABA_CLOUD_REGION_ID",
  profile: "ALIBABA_CLOUD_PROFILE",
  endpoint: "ALIBABA_CLOUD_ENDPOINT_PRIVATELINK",
  stsEndpoint: "ALIBABA_CLOUD_STS_ENDPOINT",
  ecsMetadataEndpoint: "ALIBABA_CLOUD_ECS_METADATA_ENDPOINT",
  elasticsearchEndpoint: "ALIBABA_CLOUD_ENDPOINT_ELASTICSEARCH",
};

const ENV_ALICLOUD: Partial<Record<Key, string>> = {
  accessKeyId: "ALICLOUD_ACCESS_KEY",
  accessKeySecret: "ALICLOUD_SECRET_KEY",
  securityToken: "ALICLOUD_SECURITY_TOKEN",
  region: "ALICLOUD_REGION",
  profile: "ALICLOUD_PROFILE",
};

/** Keys read from `alicloud-privatelink:<key>` (`profiles` is handled separately). */
const PRIVATELINK_KEYS: readonly Key[] = [
  "region",
  "endpoint",
  "elasticsearchEndpoint",
  "accessKeyId",
  "accessKeySecret",
  "securityToken",
  "profile",
  "assumeRole",
  "stsEndpoint",
  "ecsMetadataEndpoint",
  "proxy",
  "signatureVersion",
  "connectTimeoutMs",
  "readTimeoutMs",
  "maxRetries",
  "retryBudgetMs",
  "maxConcurrentCalls",
  "allowInsecureHttp",
];

const ALICLOUD_KEYS: Partial<Record<Key, string>> = {
  region: "region",
  accessKeyId: "accessKey",
  accessKeySecret: "secretKey",
  securityToken: "securityToken",
  profile: "profile",
  assumeRole: "assumeRole",
};

/** Every namespaced stack-config key the settings read (what a dynamic provider's configure() must forward). */
export const STACK_CONFIG_KEYS: readonly string[] = Object.freeze([
  ...PRIVATELINK_KEYS.map((k) => `alicloud-privatelink:${k}`),
  "alicloud-privatelink:profiles",
  ...Object.values(ALICLOUD_KEYS).map((k) => `alicloud:${k}`),
]);

function present(v: unknown): boolean {
  return v !== undefined && v !== null && !(typeof v === "string" && v.trim() === "");
}

function layerFrom(label: string, names: Partial<Record<Key, string>>, lookup: (name: string) => unknown): Layer {
  const values: Partial<Record<Key, unknown>> = {};
  for (const [key, name] of Object.entries(names) as [Key, string][]) {
    const v = lookup(name);
    if (present(v)) values[key] = typeof v === "string" ? v.trim() : v;
  }
  return { label, names, values };
}

function profileLayer(p: ProfileEntry): Layer {
  return {
    label: p.source,
    names: { region: "region", endpoint: "endpoint", assumeRole: "assumeRole" },
    values: {
      ...(p.region ? { region: p.region } : {}),
      ...(p.endpoint ? { endpoint: p.endpoint } : {}),
      ...(p.assumeRole ? { assumeRole: p.assumeRole } : {}),
    },
    credentials: p.credentials,
  };
}

export interface ResolveSettingsInput {
  explicit?: ClientSettings;
  /** Stack config as the dynamic provider's configure() receives it: namespaced keys to string values. */
  stackConfig?: Readonly<Record<string, string | undefined>>;
  /** Defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where the profile files live; defaults to the user's home directory. */
  homeDir?: string;
}

const ROLE_ARN = /^acs:ram::\d+:role\/[\w.@+=,-]+$/i;
const SESSION_NAME = /^[\w.@-]{2,64}$/;

/** Checks role settings from any source (`where` names it); accepts an object or JSON text. */
export function parseAssumeRole(raw: unknown, where: string): AssumeRoleSettings {
  let doc = raw;
  if (typeof raw === "string") {
    try {
      doc = JSON.parse(raw);
    } catch (e) {
      throw new SettingsError(`${where} must be JSON text ({"roleArn": "acs:ram::<account>:role/<name>", …}): ${(e as Error).message}`);
    }
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new SettingsError(`${where} must be an object with roleArn`);
  const r = doc as Record<string, unknown>;
  const known = new Set(["roleArn", "sessionName", "externalId", "policy", "durationSeconds", "sessionExpiration"]);
  const unknown = Object.keys(r).filter((k) => !known.has(k));
  if (unknown.length)
    throw new SettingsError(`${where} has unknown field(s) ${unknown.join(", ")}; allowed: roleArn, sessionName, externalId, policy, durationSeconds`);
  const roleArn = nonEmpty(r.roleArn);
  if (!roleArn || !ROLE_ARN.test(roleArn)) {
    throw new SettingsError(`${where}.roleArn must be a RAM role ARN like acs:ram::1234567890123456:role/deployer, got ${JSON.stringify(r.roleArn ?? null)}`);
  }
  const sessionName = nonEmpty(r.sessionName);
  if (sessionName !== undefined && !SESSION_NAME.test(sessionName)) {
    throw new SettingsError(`${where}.sessionName must be 2 to 64 letters, digits or . @ - _, got ${JSON.stringify(sessionName)}`);
  }
  const externalId = nonEmpty(r.externalId);
  if (externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(externalId)) {
    throw new SettingsError(`${where}.externalId must be 2 to 1224 letters, digits or + = , . @ : / - _`);
  }
  let policy: string | undefined;
  if (r.policy !== undefined && r.policy !== null && r.policy !== "") {
    policy = typeof r.policy === "string" ? r.policy : JSON.stringify(r.policy);
    try {
      JSON.parse(policy);
    } catch {
      throw new SettingsError(`${where}.policy must be a policy document (JSON)`);
    }
  }
  const rawDuration = r.durationSeconds ?? r.sessionExpiration;
  let durationSeconds: number | undefined;
  if (rawDuration !== undefined && rawDuration !== null && rawDuration !== "") {
    durationSeconds = parseInteger(rawDuration, `${where}.durationSeconds`, 900, 43_200, "(seconds)");
  }
  return { roleArn, sessionName, externalId, policy, durationSeconds };
}

/** Parses `alicloud-privatelink:profiles` (JSON object of named credential sets and roles). */
function parseStackProfiles(text: string | undefined): Map<string, ProfileEntry> {
  const out = new Map<string, ProfileEntry>();
  if (!present(text)) return out;
  const key = `${CONFIG_NAMESPACE}:profiles`;
  let doc: unknown;
  try {
    doc = JSON.parse(text!);
  } catch (e) {
    throw new SettingsError(`Pulumi config ${key} must be JSON text ({"<name>": {"accessKeyId": …}}): ${(e as Error).message}`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new SettingsError(`Pulumi config ${key} must be a JSON object of named profiles`);
  }
  for (const [name, raw] of Object.entries(doc as Record<string, unknown>)) {
    if (typeof raw !== "object" || raw === null) throw new SettingsError(`Pulumi config ${key}: profile "${name}" must be an object`);
    const r = raw as Record<string, unknown>;
    const s = (k: string) => nonEmpty(r[k]);
    const source = `Pulumi config ${key}["${name}"]`;
    const id = s("accessKeyId");
    const secret = s("accessKeySecret");
    if ((id === undefined) !== (secret === undefined)) {
      throw new SettingsError(
        `${source}: ${id ? "accessKeyId" : "accessKeySecret"} is set but ${id ? "accessKeySecret" : "accessKeyId"} is not; credentials must come as a pair from one place.`,
      );
    }
    out.set(name, {
      credentials: id && secret ? staticCredentials(id, secret, s("securityToken"), source) : undefined,
      assumeRole: r.assumeRole !== undefined ? parseAssumeRole(r.assumeRole, `${source}.assumeRole`) : undefined,
      region: s("region"),
      endpoint: s("endpoint"),
      source,
    });
  }
  return out;
}

const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return LOOPBACK_V4.test(h) || h === "::1" || h === "localhost" || h.endsWith(".localhost");
}

export function defaultEndpoint(region: string): string {
  return `https://privatelink.${region}.aliyuncs.com/`;
}

/** Parses and checks an endpoint override; a bare host name means https. */
export function normaliseEndpoint(raw: string, allowInsecureHttp: boolean, sourceName = "endpoint"): string {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SettingsError(`${sourceName} is not a valid URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new SettingsError(`${sourceName} must use https (or http for a loopback emulator), got ${url.protocol}`);
  }
  if (url.username || url.password) throw new SettingsError(`${sourceName} must not contain user info`);
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    throw new SettingsError(`${sourceName} must be a scheme, host and optional port only (RPC calls go to "/"), got ${JSON.stringify(raw)}`);
  }
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw new SettingsError(
      `${sourceName} ${url.origin} uses plain http to a non-loopback host; requests and credentials would travel unencrypted. ` +
        "Use https, or set allowInsecureHttp (alicloud-privatelink:allowInsecureHttp) if you really mean it.",
    );
  }
  return `${url.protocol}//${url.host}/`;
}

const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+)+$/;

function parseInteger(raw: unknown, where: string, min: number, max: number, unit: string): number {
  const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new SettingsError(`${where} must be an integer ${unit} between ${min} and ${max}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

function parseBoolean(raw: unknown, where: string): boolean {
  if (typeof raw === "boolean") return raw;
  if (typeof raw === "string" && /^(true|false)$/i.test(raw.trim())) return raw.trim().toLowerCase() === "true";
  throw new SettingsError(`${where} must be true or false, got ${JSON.stringify(raw)}`);
}

type Env = Readonly<Record<string, string | undefined>>;

const OIDC_VARS = ["ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE"] as const;

function envFlag(env: Env, name: string): boolean {
  return (env[name] ?? "").trim().toLowerCase() === "true";
}

/** The OIDC role set from the environment, or undefined; a partial set is an error naming what is missing. */
function oidcFromEnv(env: Env): CredentialSpec | undefined {
  const [roleVar, providerVar, fileVar] = OIDC_VARS;
  const roleArn = nonEmpty(env[roleVar]);
  const provider = nonEmpty(env[providerVar]);
  const file = nonEmpty(env[fileVar]);
  if (!provider && !file) return undefined;
  if (!roleArn || !provider || !file) {
    const missingVars = OIDC_VARS.filter((v) => !nonEmpty(env[v]));
    throw new SettingsError(
      `environment: the OIDC role needs ${OIDC_VARS.join(", ")}; ${missingVars.join(" and ")} ${missingVars.length > 1 ? "are" : "is"} not set.`,
    );
  }
  return {
    kind: "oidcRoleArn",
    roleArn,
    oidcProviderArn: provider,
    oidcTokenFile: file,
    sessionName: nonEmpty(env.ALIBABA_CLOUD_ROLE_SESSION_NAME),
    stsRegion: nonEmpty(env.ALIBABA_CLOUD_STS_REGION),
    source: `environment ${OIDC_VARS.join("/")}`,
  };
}

/** A role to assume from the environment (Terraform's variables); ALIBABA_CLOUD_ROLE_ARN counts only without OIDC. */
function envAssumeRole(env: Env, alibaba: boolean): { value: AssumeRoleSettings; name: string } | undefined {
  if (alibaba) {
    const roleArn = nonEmpty(env.ALIBABA_CLOUD_ROLE_ARN);
    if (!roleArn || nonEmpty(env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN) || nonEmpty(env.ALIBABA_CLOUD_OIDC_TOKEN_FILE)) return undefined;
    const value = parseAssumeRole({ roleArn, sessionName: nonEmpty(env.ALIBABA_CLOUD_ROLE_SESSION_NAME) }, "environment ALIBABA_CLOUD_ROLE_ARN");
    return { value, name: "ALIBABA_CLOUD_ROLE_ARN" };
  }
  const roleArn = nonEmpty(env.ALICLOUD_ASSUME_ROLE_ARN);
  if (!roleArn) return undefined;
  const value = parseAssumeRole(
    { roleArn, sessionName: nonEmpty(env.ALICLOUD_ASSUME_ROLE_SESSION_NAME), durationSeconds: nonEmpty(env.ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION) },
    "environment ALICLOUD_ASSUME_ROLE_ARN",
  );
  return { value, name: "ALICLOUD_ASSUME_ROLE_ARN" };
}

function envLayer(label: string, names: Partial<Record<Key, string>>, env: Env, alibaba: boolean): Layer {
  const layer = layerFrom(label, names, (n) => env[n]);
  const role = envAssumeRole(env, alibaba);
  if (!role) return layer;
  return { ...layer, names: { ...layer.names, assumeRole: role.name }, values: { ...layer.values, assumeRole: role.value } };
}

/** The first of the named variables that is set. */
function firstSet(env: Env, ...names: string[]): string | undefined {
  return names.find((n) => nonEmpty(env[n]) !== undefined);
}

/** An environment layer holding only a credential set (OIDC, instance role, URI). */
function credentialLayer(credentials: CredentialSpec | undefined): Layer {
  return { label: "environment", names: {}, values: {}, credentials };
}

/** The credential set a layer holds: a key pair (with its token) or a profile's set; a half pair is an error. */
function layerCredentials(l: Layer): CredentialSpec | undefined {
  if (l.credentials) return l.credentials;
  const id = l.values.accessKeyId;
  const secret = l.values.accessKeySecret;
  if (present(id) && present(secret)) {
    const token = present(l.values.securityToken) ? String(l.values.securityToken) : undefined;
    const src = `${l.label} ${l.names.accessKeyId}/${l.names.accessKeySecret}${token ? `/${l.names.securityToken}` : ""}`;
    return staticCredentials(String(id), String(secret), token, src);
  }
  if (present(id) !== present(secret)) {
    const [has, lacks] = present(id) ? ["accessKeyId", "accessKeySecret"] : ["accessKeySecret", "accessKeyId"];
    throw new SettingsError(
      `${l.label}: ${l.names[has as Key] ?? has} is set but ${l.names[lacks as Key] ?? lacks} is not; credentials must come as a pair from one place.`,
    );
  }
  return undefined;
}

/** Gives role and instance-role specs the configured endpoints (a profile's own sts_endpoint wins). */
function withEndpoints(spec: CredentialSpec, stsEndpoint: string | undefined, metadataEndpoint: string | undefined): CredentialSpec {
  switch (spec.kind) {
    case "ramRoleArn":
      return hideSecrets({ ...spec, base: withEndpoints(spec.base, stsEndpoint, metadataEndpoint), stsEndpoint: spec.stsEndpoint ?? stsEndpoint });
    case "oidcRoleArn":
      return { ...spec, stsEndpoint: spec.stsEndpoint ?? stsEndpoint };
    case "ecsRamRole":
      return { ...spec, metadataEndpoint: spec.metadataEndpoint ?? metadataEndpoint };
    default:
      return spec;
  }
}

/** What can be checked without a network call: the files a spec reads exist. */
function checkLocal(spec: CredentialSpec): void {
  if (spec.kind === "ramRoleArn") checkLocal(spec.base);
  if (spec.kind === "oidcRoleArn" && !existsSync(spec.oidcTokenFile)) {
    throw new SettingsError(`${spec.source}: the OIDC token file ${spec.oidcTokenFile} does not exist.`);
  }
}

/** Resolves region, endpoint, credentials and client tuning from all sources. Throws SettingsError. */
export function resolveSettings(input: ResolveSettingsInput = {}): ResolvedSettings {
  const env = input.env ?? process.env;
  const stack = input.stackConfig ?? {};
  const homeDir = input.homeDir ?? homedir();
  const explicit = (input.explicit ?? {}) as Record<string, unknown>;

  const explicitNames = Object.fromEntries(PRIVATELINK_KEYS.map((k) => [k, k])) as Partial<Record<Key, string>>;
  const baseLayers: Layer[] = [
    layerFrom("explicit settings", explicitNames, (n) => explicit[n]),
    layerFrom("Pulumi config", Object.fromEntries(PRIVATELINK_KEYS.map((k) => [k, `${CONFIG_NAMESPACE}:${k}`])), (n) => stack[n]),
    layerFrom("Pulumi config", Object.fromEntries(Object.entries(ALICLOUD_KEYS).map(([k, n]) => [k, `${ALICLOUD_NAMESPACE}:${n}`])), (n) => stack[n]),
    envLayer("environment", ENV_ALIBABA, env, true),
    envLayer("environment", ENV_ALICLOUD, env, false),
  ];
  const oidc = oidcFromEnv(env);

  // Profile selection: the first source naming a profile wins; its values slot in right after that source.
  const stackProfiles = parseStackProfiles(stack[`${CONFIG_NAMESPACE}:profiles`]);
  const credFile = credentialsFileLocation(homeDir, env);
  let cliConfig: ReturnType<typeof readCliConfig> | null = null; // null = not read yet
  let credProfiles: ReturnType<typeof readCredentialsFile> | null = null;
  // ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true switches the aliyun CLI config off, as in Alibaba's SDKs.
  const cliDisabled = envFlag(env, "ALIBABA_CLOUD_CLI_PROFILE_DISABLED");
  const cli = () => (cliDisabled ? undefined : cliConfig === null ? (cliConfig = readCliConfig(homeDir)) : cliConfig);
  const ini = () => (credProfiles === null ? (credProfiles = readCredentialsFile(credFile)) : credProfiles);

  const layers: Layer[] = [];
  const looked: string[] = [];
  let profileName: string | undefined;
  let profileNamedBy: string | undefined;
  for (const layer of baseLayers) {
    layers.push(layer);
    looked.push(`${layer.label}: ${[layer.names.accessKeyId, layer.names.accessKeySecret, layer.names.securityToken].filter(Boolean).join(", ")}`);
    if (profileName === undefined && present(layer.values.profile)) {
      profileName = String(layer.values.profile);
      profileNamedBy = `${layer.label} ${layer.names.profile}`;
      const entry = stackProfiles.get(profileName) ?? cli()?.profiles.get(profileName) ?? ini()?.get(profileName);
      if (!entry) {
        throw new SettingsError(
          `Profile "${profileName}" (selected by ${profileNamedBy}) was not found. Looked in: Pulumi config ${CONFIG_NAMESPACE}:profiles, ` +
            `${CLI_CONFIG_DISPLAY}${cli() ? "" : " (file not found)"}, ${credFile.display}${ini() ? "" : " (file not found)"}.`,
        );
      }
      if (entry.unusable) {
        throw new SettingsError(`Profile "${profileName}" (selected by ${profileNamedBy}) in ${entry.source}: ${entry.unusable}.`);
      }
      layers.push(profileLayer(entry));
      looked.push(`${entry.source} (profile selected by ${profileNamedBy})`);
    }
  }
  layers.push(credentialLayer(oidc));
  looked.push(`environment: ${OIDC_VARS.join(", ")}`);
  if (profileName === undefined) {
    const c = cli();
    const current = c?.current ? c.profiles.get(c.current) : undefined;
    if (!c) looked.push(`${CLI_CONFIG_DISPLAY} current profile (file not found)`);
    else if (!c.current) looked.push(`${CLI_CONFIG_DISPLAY} (no "current" profile)`);
    else if (!current) looked.push(`${CLI_CONFIG_DISPLAY} current profile "${c.current}" (not in the file)`);
    else if (current.unusable) looked.push(`${current.source} (${current.unusable})`);
    else {
      layers.push(profileLayer(current));
      looked.push(`${current.source} (the file's current profile)`);
    }
    const i = ini();
    const def = i?.get("default");
    if (!i) looked.push(`${credFile.display} [default] (file not found)`);
    else if (!def) looked.push(`${credFile.display} [default] (no such section)`);
    else if (def.unusable) looked.push(`${def.source} (${def.unusable})`);
    else {
      layers.push(profileLayer(def));
      looked.push(def.source);
    }
  }
  const ecsRole = firstSet(env, "ALIBABA_CLOUD_ECS_METADATA", "ALICLOUD_ECS_ROLE_NAME");
  if (ecsRole) {
    const disableImdsV1 = envFlag(env, "ALIBABA_CLOUD_IMDSV1_DISABLED");
    layers.push(credentialLayer({ kind: "ecsRamRole", roleName: nonEmpty(env[ecsRole]), disableImdsV1, source: `environment ${ecsRole}` }));
  }
  looked.push("environment: ALIBABA_CLOUD_ECS_METADATA, ALICLOUD_ECS_ROLE_NAME (ECS instance role)");
  const uriVar = firstSet(env, "ALIBABA_CLOUD_CREDENTIALS_URI", "ALICLOUD_CREDENTIALS_URI");
  if (uriVar) {
    const uri = nonEmpty(env[uriVar])!;
    if (!/^https?:\/\//i.test(uri)) throw new SettingsError(`environment ${uriVar} must be an http(s) URL`);
    layers.push(credentialLayer({ kind: "credentialsUri", uri, source: `environment ${uriVar}` }));
  }
  looked.push("environment: ALIBABA_CLOUD_CREDENTIALS_URI, ALICLOUD_CREDENTIALS_URI");

  const first = (key: Key): { value: unknown; where: string } | undefined => {
    for (const l of layers) {
      if (present(l.values[key])) return { value: l.values[key], where: `${l.label} ${l.names[key] ?? key}` };
    }
    return undefined;
  };

  // Credentials: the first source holding a complete set; a half pair is a configuration mistake.
  let base: CredentialSpec | undefined;
  for (const l of layers) {
    base = layerCredentials(l);
    if (base) break;
  }
  if (!base) {
    throw new SettingsError(
      "No Alibaba Cloud credentials found. Looked in, in this order:\n" +
        looked.map((l) => `  - ${l}`).join("\n") +
        `\nSet an AccessKey pair or a role source in one of them, or select a profile (${CONFIG_NAMESPACE}:profile, ALIBABA_CLOUD_PROFILE).`,
    );
  }

  const regionHit = first("region");
  if (!regionHit) {
    throw new SettingsError(
      `No region configured. Set one of: explicit settings region, Pulumi config ${CONFIG_NAMESPACE}:region or ${ALICLOUD_NAMESPACE}:region, ` +
        `environment ALIBABA_CLOUD_REGION_ID or ALICLOUD_REGION, or region_id in the selected profile.`,
    );
  }
  const region = String(regionHit.value);
  if (!REGION_PATTERN.test(region)) {
    throw new SettingsError(`${regionHit.where} is not a region ID (e.g. cn-hangzhou): ${JSON.stringify(region)}`);
  }

  const num = (key: Key, def: number, min: number, max: number, unit: string): number => {
    const hit = first(key);
    return hit ? parseInteger(hit.value, hit.where, min, max, unit) : def;
  };
  const connectTimeoutMs = num("connectTimeoutMs", SETTINGS_DEFAULTS.connectTimeoutMs, 1, 600_000, "(milliseconds)");
  const readTimeoutMs = num("readTimeoutMs", SETTINGS_DEFAULTS.readTimeoutMs, 1, 3_600_000, "(milliseconds)");
  const maxRetries = num("maxRetries", SETTINGS_DEFAULTS.maxRetries, 0, 100, "(retries)");
  const retryBudgetMs = num("retryBudgetMs", SETTINGS_DEFAULTS.retryBudgetMs, 0, 86_400_000, "(milliseconds)");
  const maxConcurrentCalls = num("maxConcurrentCalls", SETTINGS_DEFAULTS.maxConcurrentCalls, 1, 1024, "(calls)");

  const insecureHit = first("allowInsecureHttp");
  const allowInsecureHttp = insecureHit ? parseBoolean(insecureHit.value, insecureHit.where) : SETTINGS_DEFAULTS.allowInsecureHttp;

  const sigHit = first("signatureVersion");
  let signatureVersion = SETTINGS_DEFAULTS.signatureVersion;
  if (sigHit) {
    const v = String(sigHit.value).toLowerCase();
    if (v !== "v3" && v !== "v1") throw new SettingsError(`${sigHit.where} must be "v3" or "v1", got ${JSON.stringify(sigHit.value)}`);
    signatureVersion = v;
  }

  const endpointHit = first("endpoint");
  const endpoint = endpointHit ? normaliseEndpoint(String(endpointHit.value), allowInsecureHttp, endpointHit.where) : defaultEndpoint(region);
  // A loopback endpoint is the emulator, which serves the Elasticsearch API too; a real override names one product.
  const esHit = first("elasticsearchEndpoint");
  const esFollows = !esHit && endpointHit !== undefined && isLoopbackHost(new URL(endpoint).hostname);
  const esEndpoint = esHit ? normaliseEndpoint(String(esHit.value), allowInsecureHttp, esHit.where) : esFollows ? endpoint : elasticsearchEndpoint(region);
  const stsHit = first("stsEndpoint");
  const stsEndpoint = stsHit ? normaliseEndpoint(String(stsHit.value), allowInsecureHttp, stsHit.where) : undefined;
  const mdHit = first("ecsMetadataEndpoint");
  const metadataEndpoint = mdHit ? normaliseEndpoint(String(mdHit.value), true, mdHit.where) : undefined;
  const proxyHit = first("proxy");
  const proxy = proxyHit ? normaliseProxy(String(proxyHit.value), proxyHit.where) : undefined;

  const roleHit = first("assumeRole");
  let credentials = withEndpoints(base, stsEndpoint, metadataEndpoint);
  if (roleHit) {
    const role = parseAssumeRole(roleHit.value, roleHit.where);
    credentials = hideSecrets({ kind: "ramRoleArn", base: credentials, role, stsEndpoint, source: roleHit.where });
  }
  checkLocal(credentials);

  return {
    region,
    endpoint,
    elasticsearchEndpoint: esEndpoint,
    credentials,
    signatureVersion,
    connectTimeoutMs,
    readTimeoutMs,
    maxRetries,
    retryBudgetMs,
    maxConcurrentCalls,
    allowInsecureHttp,
    ...(proxy ? { proxy } : {}),
    sources: {
      region: regionHit.where,
      endpoint: endpointHit ? endpointHit.where : "default",
      elasticsearchEndpoint: esHit ? esHit.where : esFollows ? `${endpointHit!.where} (loopback emulator)` : "default",
    },
  };
}

/** A proxy URL: http(s)://[user:password@]host[:port]; a bare host:port means http. */
function normaliseProxy(raw: string, where: string): string {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new SettingsError(`${where} is not a valid proxy URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new SettingsError(`${where} must be an http:// or https:// proxy URL, got ${url.protocol}`);
  return url.toString();
}
