// Credential objects and the two profile files of the Alibaba Cloud tool chain:
//   ~/.aliyun/config.json           (aliyun CLI; modes AK and StsToken are supported here)
//   ~/.alibabacloud/credentials     (INI of the credentials SDKs; type access_key), or ALIBABA_CLOUD_CREDENTIALS_FILE
// Reading is synchronous and has no caching: settings are resolved once per provider configure().

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";

export interface ResolvedCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
  /** Where the credentials came from, e.g. `environment ALIBABA_CLOUD_ACCESS_KEY_ID/...`; never a secret. */
  readonly source: string;
}

const REDACTED = "<redacted>";

/**
 * Builds a credentials object whose JSON and util.inspect forms hide the secret and the token, so that a stray
 * log line or error dump cannot leak them. The fields themselves stay ordinary enumerable properties.
 */
export function makeCredentials(accessKeyId: string, accessKeySecret: string, securityToken: string | undefined, source: string): ResolvedCredentials {
  const creds: ResolvedCredentials = securityToken ? { accessKeyId, accessKeySecret, securityToken, source } : { accessKeyId, accessKeySecret, source };
  const redacted = () => ({
    accessKeyId,
    accessKeySecret: REDACTED,
    ...(securityToken ? { securityToken: REDACTED } : {}),
    source,
  });
  Object.defineProperty(creds, "toJSON", { value: redacted, enumerable: false });
  Object.defineProperty(creds, inspect.custom, { value: () => `Credentials ${inspect(redacted())}`, enumerable: false });
  return creds;
}

/** One named credential set from a profile file or from stack config `profiles`. */
export interface ProfileEntry {
  readonly accessKeyId?: string;
  readonly accessKeySecret?: string;
  readonly securityToken?: string;
  readonly region?: string;
  readonly endpoint?: string;
  /** Human description of the place, e.g. `~/.aliyun/config.json profile "prod"`. */
  readonly source: string;
  /** Set when the profile exists but uses a mode/type this client cannot use. */
  readonly unsupported?: string;
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

function nonEmpty(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

export const CLI_CONFIG_DISPLAY = "~/.aliyun/config.json";
export const CREDENTIALS_FILE_DISPLAY = "~/.alibabacloud/credentials";

export interface CliConfig {
  readonly current?: string;
  readonly profiles: ReadonlyMap<string, ProfileEntry>;
}

/** Parses the aliyun CLI config (`{current, profiles:[{name, mode, access_key_id, …, region_id}]}`). */
export function parseCliConfig(text: string, display = CLI_CONFIG_DISPLAY): CliConfig {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ProfileFileError(`${display} is not valid JSON: ${(e as Error).message}`);
  }
  const root = (typeof doc === "object" && doc !== null ? doc : {}) as Record<string, unknown>;
  const profiles = new Map<string, ProfileEntry>();
  for (const p of Array.isArray(root.profiles) ? root.profiles : []) {
    if (typeof p !== "object" || p === null) continue;
    const r = p as Record<string, unknown>;
    const name = nonEmpty(r.name);
    if (!name) continue;
    const mode = nonEmpty(r.mode) ?? "AK";
    const source = `${display} profile "${name}"`;
    const region = nonEmpty(r.region_id);
    if (mode === "AK" || mode === "StsToken") {
      profiles.set(name, {
        accessKeyId: nonEmpty(r.access_key_id),
        accessKeySecret: nonEmpty(r.access_key_secret),
        securityToken: mode === "StsToken" ? nonEmpty(r.sts_token) : undefined,
        region,
        source,
      });
    } else {
      profiles.set(name, { region, source, unsupported: `mode ${mode} is not supported (use AK or StsToken)` });
    }
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
      section = out[header[1]] ??= {};
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0 || !section) continue;
    section[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

/** Parses `~/.alibabacloud/credentials`: sections of `type = access_key`, `access_key_id`, `access_key_secret`. */
export function parseCredentialsFile(text: string, display: string): ReadonlyMap<string, ProfileEntry> {
  const out = new Map<string, ProfileEntry>();
  for (const [name, kv] of Object.entries(parseIni(text))) {
    const type = nonEmpty(kv.type) ?? "access_key";
    const source = `${display} [${name}]`;
    if (type === "access_key") {
      out.set(name, {
        accessKeyId: nonEmpty(kv.access_key_id),
        accessKeySecret: nonEmpty(kv.access_key_secret),
        region: nonEmpty(kv.region_id),
        source,
      });
    } else {
      out.set(name, { source, unsupported: `type ${type} is not supported (use access_key)` });
    }
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
