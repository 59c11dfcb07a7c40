// Settings and credentials resolution. Sources, first hit wins per value:
//   (a) explicit settings object
//   (b) Pulumi stack config: `alicloud-privatelink:*`, then `alicloud:*`
//   (c) environment: ALIBABA_CLOUD_*, then Terraform-style ALICLOUD_*
//   (d) profile files: ~/.aliyun/config.json, ~/.alibabacloud/credentials
// A profile name (first hit among the sources) inserts that profile's values right after the source that
// named it (stack config `profiles` first, then the files). Credentials are taken as a set (id + secret +
// token) from ONE source, never mixed across sources.

import { homedir } from "node:os";
import {
  CLI_CONFIG_DISPLAY,
  credentialsFileLocation,
  makeCredentials,
  readCliConfig,
  readCredentialsFile,
  type ProfileEntry,
  type ResolvedCredentials,
} from "./credentials";
import type { SignatureVersion } from "./signer";

export interface ClientSettings {
  region?: string;
  endpoint?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  profile?: string;
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
  readonly credentials: ResolvedCredentials;
  readonly signatureVersion: SignatureVersion;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly maxRetries: number;
  readonly retryBudgetMs: number;
  readonly maxConcurrentCalls: number;
  readonly allowInsecureHttp: boolean;
  /** Where region and endpoint came from (for diagnostics). */
  readonly sources: Readonly<Record<"region" | "endpoint", string>>;
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

/** One source of values, with the name each key has there (for messages). */
interface Layer {
  readonly label: string;
  readonly names: Partial<Record<Key, string>>;
  readonly values: Partial<Record<Key, unknown>>;
}

const ENV_ALIBABA: Partial<Record<Key, string>> = {
  accessKeyId: "ALIBABA_CLOUD_ACCESS_KEY_ID",
  accessKeySecret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  securityToken: "ALIBABA_CLOUD_SECURITY_TOKEN",
  region: "ALIBABA_CLOUD_REGION_ID",
  profile: "ALIBABA_CLOUD_PROFILE",
  endpoint: "ALIBABA_CLOUD_ENDPOINT_PRIVATELINK",
};

const ENV_ALICLOUD: Partial<Record<Key, string>> = {
  accessKeyId: "ALICLOUD_ACCESS_KEY",
  accessKeySecret: "ALICLOUD_SECRET_KEY",
  securityToken: "ALICLOUD_SECURITY_TOKEN",
  region: "ALICLOUD_REGION",
  profile: "ALICLOUD_PROFILE",
};

/** Keys read from `alicloud-privatelink:<key>` (all settings; `profiles` is handled separately). */
const PRIVATELINK_KEYS: readonly Key[] = [
  "region",
  "endpoint",
  "accessKeyId",
  "accessKeySecret",
  "securityToken",
  "profile",
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
    names: { accessKeyId: "access key id", accessKeySecret: "access key secret", region: "region", endpoint: "endpoint" },
    values: {
      ...(p.accessKeyId ? { accessKeyId: p.accessKeyId } : {}),
      ...(p.accessKeySecret ? { accessKeySecret: p.accessKeySecret } : {}),
      ...(p.securityToken ? { securityToken: p.securityToken } : {}),
      ...(p.region ? { region: p.region } : {}),
      ...(p.endpoint ? { endpoint: p.endpoint } : {}),
    },
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

/** Parses `alicloud-privatelink:profiles` (JSON object of named credential sets). */
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
    const s = (k: string) => (typeof r[k] === "string" && (r[k] as string).trim() !== "" ? (r[k] as string).trim() : undefined);
    out.set(name, {
      accessKeyId: s("accessKeyId"),
      accessKeySecret: s("accessKeySecret"),
      securityToken: s("securityToken"),
      region: s("region"),
      endpoint: s("endpoint"),
      source: `Pulumi config ${key}["${name}"]`,
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
    layerFrom("environment", ENV_ALIBABA, (n) => env[n]),
    layerFrom("environment", ENV_ALICLOUD, (n) => env[n]),
  ];

  // Profile selection: the first source naming a profile wins; its values slot in right after that source.
  const stackProfiles = parseStackProfiles(stack[`${CONFIG_NAMESPACE}:profiles`]);
  const credFile = credentialsFileLocation(homeDir, env);
  let cliConfig: ReturnType<typeof readCliConfig> | null = null; // null = not read yet
  let credProfiles: ReturnType<typeof readCredentialsFile> | null = null;
  const cli = () => (cliConfig === null ? (cliConfig = readCliConfig(homeDir)) : cliConfig);
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
      if (entry.unsupported) {
        throw new SettingsError(`Profile "${profileName}" (selected by ${profileNamedBy}) in ${entry.source}: ${entry.unsupported}.`);
      }
      layers.push(profileLayer(entry));
      looked.push(`${entry.source} (profile selected by ${profileNamedBy})`);
    }
  }
  if (profileName === undefined) {
    const c = cli();
    const current = c?.current ? c.profiles.get(c.current) : undefined;
    if (!c) looked.push(`${CLI_CONFIG_DISPLAY} current profile (file not found)`);
    else if (!c.current) looked.push(`${CLI_CONFIG_DISPLAY} (no "current" profile)`);
    else if (!current) looked.push(`${CLI_CONFIG_DISPLAY} current profile "${c.current}" (not in the file)`);
    else if (current.unsupported) looked.push(`${current.source} (${current.unsupported})`);
    else {
      layers.push(profileLayer(current));
      looked.push(`${current.source} (the file's current profile)`);
    }
    const i = ini();
    const def = i?.get("default");
    if (!i) looked.push(`${credFile.display} [default] (file not found)`);
    else if (!def) looked.push(`${credFile.display} [default] (no such section)`);
    else if (def.unsupported) looked.push(`${def.source} (${def.unsupported})`);
    else {
      layers.push(profileLayer(def));
      looked.push(def.source);
    }
  }

  const first = (key: Key): { value: unknown; where: string } | undefined => {
    for (const l of layers) {
      if (present(l.values[key])) return { value: l.values[key], where: `${l.label} ${l.names[key] ?? key}` };
    }
    return undefined;
  };

  // Credentials: the first source holding a complete pair; a half pair is a configuration mistake.
  let credentials: ResolvedCredentials | undefined;
  for (const l of layers) {
    const id = l.values.accessKeyId;
    const secret = l.values.accessKeySecret;
    if (present(id) && present(secret)) {
      const token = present(l.values.securityToken) ? String(l.values.securityToken) : undefined;
      const src =
        l.names.accessKeyId && l.names.accessKeyId !== "access key id"
          ? `${l.label} ${l.names.accessKeyId}/${l.names.accessKeySecret}${token ? `/${l.names.securityToken}` : ""}`
          : l.label;
      credentials = makeCredentials(String(id), String(secret), token, src);
      break;
    }
    if (present(id) !== present(secret)) {
      const [has, lacks] = present(id) ? ["accessKeyId", "accessKeySecret"] : ["accessKeySecret", "accessKeyId"];
      throw new SettingsError(
        `${l.label}: ${l.names[has as Key] ?? has} is set but ${l.names[lacks as Key] ?? lacks} is not; credentials must come as a pair from one place.`,
      );
    }
  }
  if (!credentials) {
    throw new SettingsError(
      "No Alibaba Cloud credentials found. Looked in, in this order:\n" +
        looked.map((l) => `  - ${l}`).join("\n") +
        `\nSet an AccessKey pair in one of them, or select a profile (${CONFIG_NAMESPACE}:profile, ALIBABA_CLOUD_PROFILE).`,
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

  return {
    region,
    endpoint,
    credentials,
    signatureVersion,
    connectTimeoutMs,
    readTimeoutMs,
    maxRetries,
    retryBudgetMs,
    maxConcurrentCalls,
    allowInsecureHttp,
    sources: { region: regionHit.where, endpoint: endpointHit ? endpointHit.where : "default" },
  };
}
