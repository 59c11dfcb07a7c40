// What a provider method works with: a signed client for the resource's account and region, a deadline, and
// where progress lines and warnings go. Clients are built at run time inside the provider process from stack
// config (configure()), the resource's own `region` / `profile` inputs, the environment and profile files; never
// captured.
import { PrivateLinkClient } from "../client/client";
import { STACK_CONFIG_KEYS, resolveSettings, type ClientSettings, type ResolvedSettings } from "../client/settings";
import { processEngineLog } from "./engine-log";

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

/**
 * Where progress lines and warnings go. Inside Pulumi's dynamic-provider host, with the resource's URN, they go to
 * the engine's log on the resource's row: progress lines ephemeral (shown live, not repeated in the summary),
 * warnings kept (shown in the summary's Diagnostics). Anywhere else, or without a URN, or when the engine cannot
 * be reached, they are printed to stdout (which the CLI shows as the stack's diagnostics). Tests may redirect all
 * of it with setProgressSink (warnings arrive with their "warning: " prefix).
 */
let progressSink: ((line: string) => void) | undefined;

export function setProgressSink(sink: ((line: string) => void) | undefined): void {
  progressSink = sink;
}

/** Messages to the engine not yet acknowledged (awaited by flushMessages before an operation returns). */
const pending = new Set<Promise<unknown>>();

function report(severity: "info" | "warning", line: string, urn: string | undefined): void {
  const text = severity === "warning" ? `warning: ${line}` : line;
  if (progressSink) {
    progressSink(text);
    return;
  }
  const engine = urn ? processEngineLog() : undefined;
  if (!engine || !urn) {
    console.log(text);
    return;
  }
  const sent = engine.send(severity, line, urn, severity === "info").then((delivered) => {
    if (!delivered) console.log(text);
  });
  pending.add(sent);
  void sent.finally(() => pending.delete(sent));
}

/** A progress line about the resource `urn` (undefined: no resource known). */
export function progress(line: string, urn?: string): void {
  report("info", line, urn);
}

/** A warning about the resource `urn`: something the user should act on or know after the run. */
export function warn(line: string, urn?: string): void {
  report("warning", line, urn);
}

/**
 * Waits until the engine has every message sent so far (at most `boundMs`), so that an operation's messages are
 * shown before the engine moves on from its result.
 */
export async function flushMessages(boundMs = 2_000): Promise<void> {
  if (pending.size === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, boundMs);
  });
  await Promise.race([Promise.all([...pending]), bound]);
  clearTimeout(timer);
}

/** Forget cached clients and config (tests). */
export function resetProviderContext(): void {
  stackConfig = {};
  clients.clear();
}
