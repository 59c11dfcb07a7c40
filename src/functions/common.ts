// What every lookup shares: placement and settings arguments, the client (built in the program process from
// explicit settings, the stack config when running inside a Pulumi program, the environment and profile files),
// and the `...Output` variant built with pulumi.output.
import * as pulumi from "@pulumi/pulumi";
import type { PrivateLinkClient } from "../client/client";
import { STACK_CONFIG_KEYS, type ClientSettings } from "../client/settings";
import { standaloneClient } from "../provider/context";

/** Arguments every lookup accepts. */
export interface LookupArgs {
  /** Region to look in; defaults to the configured region. */
  region?: string;
  /** Named credentials: a key of stack config `alicloud-privatelink:profiles`, or a profile of the CLI/credentials files. */
  profile?: string;
  /**
   * Explicit client settings (credentials, endpoint, timeouts); they win over every other source. Prefer the
   * stack config, the environment or profiles for credentials.
   */
  settings?: ClientSettings;
}

/** `pulumi.Input` for every property of a lookup's arguments (settings stay plain). */
export type LookupInputs<T> = { [K in keyof T]: K extends "settings" ? T[K] : pulumi.Input<T[K]> };

/**
 * The stack config the program process sees (the same `alicloud-privatelink:*` / `alicloud:*` keys the providers
 * read); empty outside a Pulumi program.
 */
function programStackConfig(): Record<string, string | undefined> {
  const config: Record<string, string | undefined> = {};
  for (const key of STACK_CONFIG_KEYS) {
    try {
      const value = pulumi.runtime.getConfig(key);
      if (value !== undefined) config[key] = value;
    } catch {
      // not inside a Pulumi program
    }
  }
  return config;
}

/** Runs `work` with a client for the lookup's placement; the client is closed afterwards. */
export async function withLookupClient<T>(args: LookupArgs, work: (client: PrivateLinkClient) => Promise<T>): Promise<T> {
  const settings: ClientSettings = { ...(args.settings ?? {}) };
  if (args.region !== undefined) settings.region = args.region;
  if (args.profile !== undefined) settings.profile = args.profile;
  const client = standaloneClient(settings, programStackConfig());
  try {
    return await work(client);
  } finally {
    client.close();
  }
}

/** Who the lookup ran as, for error messages: the profile, or where the credentials came from. */
export function callerDescription(args: LookupArgs): string {
  if (args.profile) return `profile "${args.profile}"`;
  if (args.settings?.profile) return `profile "${args.settings.profile}"`;
  if (args.settings?.accessKeyId) return `AccessKey ${maskKeyId(args.settings.accessKeyId)}`;
  const envKey = process.env.ALIBABA_CLOUD_ACCESS_KEY_ID ?? process.env.ALICLOUD_ACCESS_KEY;
  if (envKey) return `AccessKey ${maskKeyId(envKey)}`;
  return "the configured credentials";
}

function maskKeyId(id: string): string {
  return id.length <= 8 ? `${id.slice(0, 2)}…` : `${id.slice(0, 4)}…${id.slice(-4)}`;
}

/**
 * The `...Output` variant of a lookup: resolves Input arguments, then calls it. A failure is the program's error,
 * reported once (see lookupFailure).
 */
export function outputVariant<A extends object, R>(fn: (args: A) => Promise<R>): (args: LookupInputs<A>, opts?: pulumi.InvokeOptions) => pulumi.Output<R> {
  return (args) => {
    const resolved = pulumi.output(args as unknown) as pulumi.Output<unknown>;
    return resolved.apply((plain) => fn(plain as A).catch(lookupFailure)) as pulumi.Output<R>;
  };
}

/** Errors of failed lookups (see lookupFailure). */
const lookupErrors = new WeakSet<object>();
let watchingLateHandlers = false;

/**
 * Rethrows a lookup's error so that the user reads it once. Every Output derived from the failed one (lifted
 * properties, applies, the inputs of resources that use it) holds promises that reject with the same error. A
 * lookup that fails without a network call (no credentials) rejects them before the Pulumi runtime has attached
 * its handlers (it serialises the stack's outputs after loading the program and some file reads): the runtime
 * reports the error as the program's unhandled exception (once: it skips an error it has reported), and Node then
 * warns for each handler attached late (PromiseRejectionHandledWarning). Those late handlers are expected here,
 * so a `rejectionHandled` listener takes them for this error; for any other rejection it gives Node's warning.
 */
function lookupFailure(error: unknown): never {
  if (error && typeof error === "object") {
    lookupErrors.add(error);
    // The SDK stores the rejected promise on the error (err.promise), which its report would print, circular
    // reference and all: hidden from the report by making the property non-enumerable beforehand.
    if (!Object.hasOwn(error, "promise")) Object.defineProperty(error, "promise", { value: undefined, writable: true, enumerable: false });
  }
  if (!watchingLateHandlers) {
    watchingLateHandlers = true;
    process.on("rejectionHandled", (promise: Promise<unknown>) => {
      promise.catch((reason: unknown) => {
        if (reason && typeof reason === "object" && lookupErrors.has(reason)) return;
        process.emitWarning("Promise rejection was handled asynchronously", "PromiseRejectionHandledWarning");
      });
    });
  }
  throw error;
}

/** Keeps the items whose name matches the pattern (client-side, like the Terraform data sources' name_regex). */
export function matchesRegex(value: string | undefined, pattern: string | undefined): boolean {
  if (pattern === undefined) return true;
  return new RegExp(pattern).test(value ?? "");
}

/** Drops undefined members (results travel through Outputs and may be serialised). */
export function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
