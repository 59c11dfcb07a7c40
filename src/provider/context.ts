// What a provider method works with: a signed client for the resource's account and region, a deadline, and a
// progress sink. Clients are built at run time inside the provider process from stack config (configure()),
// the resource's own `region` / `profile` inputs, the environment and profile files; never captured.
import { PrivateLinkClient } from "../client/client";
import { STACK_CONFIG_KEYS, resolveSettings, type ClientSettings, type ResolvedSettings } from "../client/settings";

/** Stack config keys of the provider's own behaviour (beside the client settings). */
export const PROVIDER_CONFIG_KEYS = {
  /** JSON object of tags merged into every taggable resource's tags (the resource's own win). */
  defaultTags: "alicloud-privatelink:defaultTags",
  /** "true": during a preview, send create and update calls with DryRun=true. */
  preflight: "alicloud-privatelink:preflight",
  /** Multiplier of the documented transition durations the waits expect (e.g. 0.2 against a time-scaled emulator). */
  transitionTimeScale: "alicloud-privatelink:transitionTimeScale",
} as const;

/** Stack config as configure() received it: namespaced keys ("alicloud-privatelink:region") to text values. */
let stackConfig: Record<string, string> = {};
const clients = new Map<string, PrivateLinkClient>();

export function setStackConfig(config: { get(key: string): string | undefined }): void {
  const next: Record<string, string> = {};
  for (const key of [...STACK_CONFIG_KEYS, ...Object.values(PROVIDER_CONFIG_KEYS)]) {
    const value = config.get(key);
    if (value !== undefined) next[key] = value;
  }
  stackConfig = next;
  clients.clear();
}

/** A provider setting of the stack config (see PROVIDER_CONFIG_KEYS), as text. */
export function providerConfig(name: keyof typeof PROVIDER_CONFIG_KEYS): string | undefined {
  return stackConfig[PROVIDER_CONFIG_KEYS[name]];
}

export interface Placement {
  /** Region of the object; default from settings. */
  readonly region?: string;
  /** Named credentials (stack config `profiles` or profile files). */
  readonly profile?: string;
}

/**
 * The settings of a placement, synchronously and without a network call: it reads config, the environment and the
 * profile files, and throws SettingsError when no credential source exists (naming every place looked), a named
 * profile is unknown or a source is incomplete. Role, OIDC and instance-role credentials are fetched later.
 */
export function settingsFor(placement: Placement): ResolvedSettings {
  return resolveSettings({
    explicit: { region: placement.region, profile: placement.profile },
    stackConfig,
    env: process.env,
  });
}

export function clientFor(placement: Placement): PrivateLinkClient {
  const key = `${placement.region ?? ""}\u0000${placement.profile ?? ""}`;
  let client = clients.get(key);
  if (!client) {
    client = new PrivateLinkClient(settingsFor(placement));
    clients.set(key, client);
  }
  return client;
}

/**
 * A client for code in the program process (lookups), where configure() never runs: explicit settings first,
 * then the given stack config, the environment and profile files. Not cached; close it when done.
 */
export function standaloneClient(settings: ClientSettings, config: Readonly<Record<string, string | undefined>> = {}): PrivateLinkClient {
  return new PrivateLinkClient(resolveSettings({ explicit: settings, stackConfig: config, env: process.env }));
}

/** Where progress lines go; the CLI shows the provider's stdout as diagnostics. Tests may redirect it. */
let progressSink: (line: string) => void = (line) => console.log(line);

export function setProgressSink(sink: (line: string) => void): void {
  progressSink = sink;
}

export function progress(line: string): void {
  progressSink(line);
}

/** Forget cached clients and config (tests). */
export function resetProviderContext(): void {
  stackConfig = {};
  clients.clear();
}
