// What a credential source is (a plain description, resolved synchronously and without network calls) and the
// two profile files of the Alibaba Cloud tool chain:
//   ~/.aliyun/config.json           (aliyun CLI; modes AK, StsToken, RamRoleArn, EcsRamRole, ChainableRamRoleArn, OIDC)
//   ~/.alibabacloud/credentials     (INI of the credentials SDKs; types access_key, ram_role_arn, ecs_ram_role,
//                                    oidc_role_arn), or ALIBABA_CLOUD_CREDENTIALS_FILE
// Fetching the credentials a description names (STS, the ECS metadata service, a credentials URI) happens later,
// in credential-providers.ts, on Alibaba's @alicloud/credentials providers.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";

/** The three values a request is signed with. */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

/** The role settings of AssumeRole (stack config `assumeRole`, a profile's role, ALIBABA_CLOUD_ROLE_ARN). */
export interface AssumeRoleSettings {
  readonly roleArn: string;
  readonly sessionName?: string;
  readonly externalId?: string;
  /** A policy document (JSON text) that narrows the role's permissions for this session. */
  readonly policy?: string;
  readonly durationSeconds?: number;
}

interface SpecBase {
  /** Where the credentials come from, in words a user recognises; never a secret. */
  readonly source: string;
}

/** A credential source, as plain data. Secrets in it are hidden from JSON.stringify and util.inspect. */
export type CredentialSpec =
  | (SpecBase & { readonly kind: "accessKey"; readonly accessKeyId: string; readonly accessKeySecret: string })
  | (SpecBase & { readonly kind: "stsToken"; readonly accessKeyId: string; readonly accessKeySecret: string; readonly securityToken: string })
  | (SpecBase & {
      readonly kind: "ramRoleArn";
      /** The credentials that call AssumeRole. */
      readonly base: CredentialSpec;
      readonly role: AssumeRoleSettings;
      /** STS endpoint (URL or host); default from the library (sts.aliyuncs.com, or by ALIBABA_CLOUD_STS_REGION). */
      readonly stsEndpoint?: string;
      readonly stsRegion?: string;
    })
  | (SpecBase & {
      readonly kind: "oidcRoleArn";
      readonly roleArn: string;
      readonly oidcProviderArn: string;
      readonly oidcTokenFile: string;
      readonly sessionName?: string;
      readonly policy?: string;
      readonly durationSeconds?: number;
      readonly stsEndpoint?: string;
      readonly stsRegion?: string;
    })
  | (SpecBase & {
      readonly kind: "ecsRamRole";
      /** Discovered from the metadata service when absent. */
      readonly roleName?: string;
      readonly disableImdsV1: boolean;
      readonly metadataEndpoint?: string;
    })
  | (SpecBase & { readonly kind: "credentialsUri"; readonly uri: string });

export type CredentialKind = CredentialSpec["kind"];

const REDACTED = "<redacted>";

/** The spec with secrets and tokens replaced, for JSON, inspect, logs and cache keys shown to people. */
export function redactSpec(spec: CredentialSpec): Record<string, unknown> {
  switch (spec.kind) {
    case "accessKey":
      return { kind: spec.kind, accessKeyId: spec.accessKeyId, accessKeySecret: REDACTED, source: spec.source };
    case "stsToken":
      return { kind: spec.kind, accessKeyId: spec.accessKeyId, accessKeySecret: REDACTED, securityToken: REDACTED, source: spec.source };
    case "ramRoleArn":
      return { ...spec, base: redactSpec(spec.base) };
    default:
      return { ...spec };
  }
}

/** Makes JSON.stringify and util.inspect of a spec show no secret; the fields stay ordinary properties. */
export function hideSecrets<T extends CredentialSpec>(spec: T): T {
  Object.defineProperty(spec, "toJSON", { value: () => redactSpec(spec), enumerable: false });
  Object.defineProperty(spec, inspect.custom, { value: () => `CredentialSpec ${inspect(redactSpec(spec), { depth: 4 })}`, enumerable: false });
  return spec;
}

/** Static keys (with an optional STS token) as a spec whose printed forms hide the secret and the token. */
export function staticCredentials(accessKeyId: string, accessKeySecret: string, securityToken: string | undefined, source: string): CredentialSpec {
  return hideSecrets(
    securityToken ? { kind: "stsToken", accessKeyId, accessKeySecret, securityToken, source } : { kind: "accessKey", accessKeyId, accessKeySecret, source },
  );
}

/** A short description of a spec for messages: the source and, for roles, the role ARN. Never a secret. */
export function describeSpec(spec: CredentialSpec): string {
  switch (spec.kind) {
    case "ramRoleArn":
      return `RAM role ${spec.role.roleArn} assumed with the credentials of ${describeSpec(spec.base)}`;
    case "oidcRoleArn":
      return `RAM role ${spec.roleArn} assumed with the OIDC token in ${spec.oidcTokenFile} (${spec.source})`;
    case "ecsRamRole":
      return `ECS instance RAM role ${spec.roleName ?? "(discovered from the metadata service)"} (${spec.source})`;
    case "credentialsUri":
      return `credentials URI ${safeUrl(spec.uri)} (${spec.source})`;
    default:
      return spec.source;
  }
}

/** A URL without user info and query (either may carry a secret). */
export function safeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(unparsable URL)";
  }
}

/** One named profile from a profile file or from stack config `profiles`. */
export interface ProfileEntry {
  /** A complete credential set, when the profile holds one. */
  readonly credentials?: CredentialSpec;
  /** Role to assume on top of the credentials the chain finds (stack config profiles). */
  readonly assumeRole?: AssumeRoleSettings;
  readonly region?: string;
  readonly endpoint?: string;
  /** Human description of the place, e.g. `~/.aliyun/config.json profile "prod"`. */
  readonly source: string;
  /** Set when the profile exists but cannot be used (unsupported mode, missing field); says why. */
  readonly unusable?: string;
}

export class ProfileFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProfileFileError";
  }
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new ProfileFileError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

export function nonEmpty(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

function positiveInt(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : undefined;
  return n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

export const CLI_CONFIG_DISPLAY = "~/.aliyun/config.json";
export const CREDENTIALS_FILE_DISPLAY = "~/.alibabacloud/credentials";

export interface CliConfig {
  readonly current?: string;
  readonly profiles: ReadonlyMap<string, ProfileEntry>;
}

type Fields = Record<string, unknown>;

/** Fields a mode needs; a missing one makes the profile unusable with a message naming it. */
function missing(r: Fields, names: readonly string[]): string | undefined {
  const absent = names.filter((n) => nonEmpty(r[n]) === undefined);
  return absent.length ? `missing ${absent.join(", ")}` : undefined;
}

/** The credential set of one CLI profile (recursive for ChainableRamRoleArn's source_profile). */
function cliProfileCredentials(
  r: Fields,
  byName: ReadonlyMap<string, Fields>,
  source: string,
  display: string,
  seen: readonly string[],
): CredentialSpec | string {
  const mode = nonEmpty(r.mode) ?? "AK";
  const sts = { stsEndpoint: nonEmpty(r.sts_endpoint), stsRegion: nonEmpty(r.sts_region) };
  const role = (): AssumeRoleSettings => ({
    roleArn: nonEmpty(r.ram_role_arn)!,
    sessionName: nonEmpty(r.ram_session_name),
    durationSeconds: positiveInt(r.expired_seconds) ?? positiveInt(r.duration_seconds),
    policy: nonEmpty(r.policy),
    externalId: nonEmpty(r.external_id),
  });
  switch (mode) {
    case "AK":
      return (
        missing(r, ["access_key_id", "access_key_secret"]) ?? staticCredentials(nonEmpty(r.access_key_id)!, nonEmpty(r.access_key_secret)!, undefined, source)
      );
    case "StsToken":
      return (
        missing(r, ["access_key_id", "access_key_secret", "sts_token"]) ??
        staticCredentials(nonEmpty(r.access_key_id)!, nonEmpty(r.access_key_secret)!, nonEmpty(r.sts_token), source)
      );
    case "RamRoleArn": {
      const gap = missing(r, ["access_key_id", "access_key_secret", "ram_role_arn"]);
      if (gap) return gap;
      const base = staticCredentials(nonEmpty(r.access_key_id)!, nonEmpty(r.access_key_secret)!, undefined, `${source} access_key_id/access_key_secret`);
      return hideSecrets({ kind: "ramRoleArn", base, role: role(), ...sts, source });
    }
    case "ChainableRamRoleArn": {
      const gap = missing(r, ["source_profile", "ram_role_arn"]);
      if (gap) return gap;
      const sourceName = nonEmpty(r.source_profile)!;
      if (seen.includes(sourceName)) return `source_profile chain loops through "${sourceName}"`;
      const parent = byName.get(sourceName);
      if (!parent) return `source_profile "${sourceName}" is not in ${display}`;
      const base = cliProfileCredentials(parent, byName, `${display} profile "${sourceName}"`, display, [...seen, sourceName]);
      if (typeof base === "string") return `source_profile "${sourceName}": ${base}`;
      return hideSecrets({ kind: "ramRoleArn", base, role: role(), ...sts, source });
    }
    case "EcsRamRole":
      return { kind: "ecsRamRole", roleName: nonEmpty(r.ram_role_name), disableImdsV1: false, source };
    case "OIDC":
      return (
        missing(r, ["ram_role_arn", "oidc_provider_arn", "oidc_token_file"]) ?? {
          kind: "oidcRoleArn",
          roleArn: nonEmpty(r.ram_role_arn)!,
          oidcProviderArn: nonEmpty(r.oidc_provider_arn)!,
          oidcTokenFile: nonEmpty(r.oidc_token_file)!,
          sessionName: nonEmpty(r.ram_session_name),
          durationSeconds: positiveInt(r.duration_seconds) ?? positiveInt(r.expired_seconds),
          ...sts,
          source,
        }
      );
    default:
      return `mode ${mode} is not supported (use AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole or OIDC)`;
  }
}

/** Parses the aliyun CLI config (`{current, profiles:[{name, mode, access_key_id, …, region_id}]}`). */
export function parseCliConfig(text: string, display = CLI_CONFIG_DISPLAY): CliConfig {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ProfileFileError(`${display} is not valid JSON: ${(e as Error).message}`);
  }
  const root = (typeof doc === "object" && doc !== null ? doc : {}) as Fields;
  const byName = new Map<string, Fields>();
  for (const p of Array.isArray(root.profiles) ? root.profiles : []) {
    if (typeof p !== "object" || p === null) continue;
    const name = nonEmpty((p as Fields).name);
    if (name) byName.set(name, p as Fields);
  }
  const profiles = new Map<string, ProfileEntry>();
  for (const [name, r] of byName) {
    const source = `${display} profile "${name}"`;
    const creds = cliProfileCredentials(r, byName, source, display, [name]);
    const region = nonEmpty(r.region_id);
    profiles.set(name, typeof creds === "string" ? { region, source, unusable: creds } : { credentials: creds, region, source });
  }
  return { current: nonEmpty(root.current), profiles };
}

export function readCliConfig(homeDir: string): CliConfig | undefined {
  const text = readIfExists(join(homeDir, ".aliyun", "config.json"));
  return text === undefined ? undefined : parseCliConfig(text);
}

/** Minimal INI parser: `[section]`, `key = value`, `#`/`;` comments. */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section: Record<string, string> | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      section = out[header[1]!] ??= {};
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0 || !section) continue;
    section[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

function iniCredentials(kv: Fields, source: string): CredentialSpec | string {
  const type = nonEmpty(kv.type) ?? "access_key";
  switch (type) {
    case "access_key":
      return (
        missing(kv, ["access_key_id", "access_key_secret"]) ??
        staticCredentials(nonEmpty(kv.access_key_id)!, nonEmpty(kv.access_key_secret)!, undefined, source)
      );
    case "ram_role_arn": {
      const gap = missing(kv, ["access_key_id", "access_key_secret", "role_arn"]);
      if (gap) return gap;
      const base = staticCredentials(nonEmpty(kv.access_key_id)!, nonEmpty(kv.access_key_secret)!, undefined, `${source} access_key_id/access_key_secret`);
      const role: AssumeRoleSettings = {
        roleArn: nonEmpty(kv.role_arn)!,
        sessionName: nonEmpty(kv.role_session_name),
        policy: nonEmpty(kv.policy),
        externalId: nonEmpty(kv.external_id),
        durationSeconds: positiveInt(kv.duration_seconds),
      };
      return hideSecrets({ kind: "ramRoleArn", base, role, stsEndpoint: nonEmpty(kv.sts_endpoint), stsRegion: nonEmpty(kv.sts_region), source });
    }
    case "ecs_ram_role":
      return { kind: "ecsRamRole", roleName: nonEmpty(kv.role_name), disableImdsV1: false, source };
    case "oidc_role_arn": {
      const tokenFile = nonEmpty(kv.oidc_token_file_path) ?? nonEmpty(kv.oidc_token_file);
      const gap = missing({ ...kv, oidc_token_file_path: tokenFile }, ["role_arn", "oidc_provider_arn", "oidc_token_file_path"]);
      if (gap) return gap;
      return {
        kind: "oidcRoleArn",
        roleArn: nonEmpty(kv.role_arn)!,
        oidcProviderArn: nonEmpty(kv.oidc_provider_arn)!,
        oidcTokenFile: tokenFile!,
        sessionName: nonEmpty(kv.role_session_name),
        policy: nonEmpty(kv.policy),
        durationSeconds: positiveInt(kv.duration_seconds),
        stsEndpoint: nonEmpty(kv.sts_endpoint),
        stsRegion: nonEmpty(kv.sts_region),
        source,
      };
    }
    default:
      return `type ${type} is not supported (use access_key, ram_role_arn, ecs_ram_role or oidc_role_arn)`;
  }
}

/** Parses `~/.alibabacloud/credentials`: one section per profile, its `type` and the fields of that type. */
export function parseCredentialsFile(text: string, display: string): ReadonlyMap<string, ProfileEntry> {
  const out = new Map<string, ProfileEntry>();
  for (const [name, kv] of Object.entries(parseIni(text))) {
    const source = `${display} [${name}]`;
    const creds = iniCredentials(kv, source);
    const region = nonEmpty(kv.region_id);
    out.set(name, typeof creds === "string" ? { region, source, unusable: creds } : { credentials: creds, region, source });
  }
  return out;
}

export interface CredentialsFileLocation {
  readonly path: string;
  readonly display: string;
}

/** `ALIBABA_CLOUD_CREDENTIALS_FILE` when set, else `~/.alibabacloud/credentials`. */
export function credentialsFileLocation(homeDir: string, env: Readonly<Record<string, string | undefined>>): CredentialsFileLocation {
  const override = nonEmpty(env.ALIBABA_CLOUD_CREDENTIALS_FILE);
  if (override) return { path: override, display: `ALIBABA_CLOUD_CREDENTIALS_FILE (${override})` };
  return { path: join(homeDir, ".alibabacloud", "credentials"), display: CREDENTIALS_FILE_DISPLAY };
}

export function readCredentialsFile(loc: CredentialsFileLocation): ReadonlyMap<string, ProfileEntry> | undefined {
  const text = readIfExists(loc.path);
  return text === undefined ? undefined : parseCredentialsFile(text, loc.display);
}
