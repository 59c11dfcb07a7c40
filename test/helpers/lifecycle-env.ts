// Runs the resource providers in-process against a real emulator over loopback HTTP, and steps them the way the
// engine does (check → create, or check → diff → update/replace; read for refresh; delete). Settings reach the
// providers exactly as in a deployment: stack config through configure(), with named profiles per account.
import { setProgressSink, resetProviderContext, setStackConfig } from "../../src/provider/context";
import type { LifecycleProvider } from "../../src/provider/lifecycle";
import { lifecycleFor } from "../../src/provider/runtime";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator";
import { stepDestroy, stepRefresh, stepUp, type ResourceState } from "./engine-steps";

export type { ResourceState };

export interface LifecycleEnv {
  emulator: Emulator;
  owner: { accountId: string; profile: "owner" };
  consumer: { accountId: string; profile: "consumer" };
  progress: string[];
  provider(kind: string): LifecycleProvider;
  /** check + create, or check + diff + update (+ replace), like `pulumi up` for one resource. */
  up(kind: string, args: Record<string, unknown>, prior?: ResourceState, providerText?: string): Promise<ResourceState & { diff?: any }>;
  refresh(kind: string, state: ResourceState): Promise<ResourceState | undefined>;
  destroy(kind: string, state: ResourceState): Promise<void>;
  counts(): Record<string, number>;
  /** Replaces the stack config the providers see by the environment's own plus `extra` (undefined removes a key). */
  setConfig(extra: Record<string, string | undefined>): void;
  stop(): Promise<void>;
}

export const PROVIDER_TEXT = "provider-code-v1";

export async function startLifecycleEnv(options: EmulatorOptions = {}): Promise<LifecycleEnv> {
  const timeScale = options.timeScale ?? 0.002;
  const emulator = await startEmulator({ ...options, timeScale });
  const [ownerAccount, consumerAccount] = emulator.accounts;
  resetProviderContext();
  const profiles = Object.fromEntries(
    [ownerAccount!, consumerAccount!].map((a) => [a.name, { accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret, endpoint: emulator.endpoint }]),
  );
  const config: Record<string, string> = {
    "alicloud-privatelink:region": emulator.regionId,
    "alicloud-privatelink:profile": "owner",
    "alicloud-privatelink:profiles": JSON.stringify(profiles),
    // The waits expect the emulator's pace (docs/configuration.md).
    "alicloud-privatelink:transitionTimeScale": String(timeScale),
  };
  setStackConfig({ get: (k: string) => config[k] });
  const setConfig = (extra: Record<string, string | undefined>) => {
    const next = { ...config, ...extra };
    setStackConfig({ get: (k: string) => next[k] });
  };
  const progress: string[] = [];
  setProgressSink((line) => progress.push(line));

  const provider = (kind: string) => lifecycleFor(kind);

  return {
    emulator,
    owner: { accountId: ownerAccount!.accountId, profile: "owner" },
    consumer: { accountId: consumerAccount!.accountId, profile: "consumer" },
    progress,
    provider,
    up: (kind, args, prior, providerText = PROVIDER_TEXT) => stepUp(provider(kind), args, prior, providerText),
    refresh: (kind, state) => stepRefresh(provider(kind), state),
    destroy: (kind, state) => stepDestroy(provider(kind), state),
    counts: () => Object.fromEntries(Object.entries(emulator.requestCounts().byAction).map(([k, v]) => [k, v.total])),
    setConfig,
    async stop() {
      setProgressSink(undefined);
      resetProviderContext();
      await emulator.stop();
    },
  };
}
