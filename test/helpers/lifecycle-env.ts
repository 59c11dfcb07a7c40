// Runs the resource providers in-process against a real emulator over loopback HTTP, and steps them the way the
// engine does (check → create, or check → diff → update/replace; read for refresh; delete). Settings reach the
// providers exactly as in a deployment: stack config through configure(), with named profiles per account.
import { setProgressSink, resetProviderContext, setStackConfig } from "../../src/provider/context";
import type { LifecycleProvider } from "../../src/provider/lifecycle";
import { lifecycleFor } from "../../src/provider/runtime";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator";

export interface ResourceState {
  id: string;
  inputs: Record<string, any>;
  outputs: Record<string, any>;
}

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
  stop(): Promise<void>;
}

export const PROVIDER_TEXT = "provider-code-v1";

export async function startLifecycleEnv(options: EmulatorOptions = {}): Promise<LifecycleEnv> {
  const emulator = await startEmulator({ timeScale: 0.002, ...options });
  const [ownerAccount, consumerAccount] = emulator.accounts;
  resetProviderContext();
  const profiles = Object.fromEntries(
    [ownerAccount!, consumerAccount!].map((a) => [a.name, { accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret, endpoint: emulator.endpoint }]),
  );
  const config: Record<string, string> = {
    "alicloud-privatelink:region": emulator.regionId,
    "alicloud-privatelink:profile": "owner",
    "alicloud-privatelink:profiles": JSON.stringify(profiles),
  };
  setStackConfig({ get: (k: string) => config[k] });
  const progress: string[] = [];
  setProgressSink((line) => progress.push(line));

  const provider = (kind: string) => lifecycleFor(kind);

  async function up(kind: string, args: Record<string, unknown>, prior?: ResourceState, providerText = PROVIDER_TEXT) {
    const p = provider(kind);
    const news = { ...args, __provider: providerText };
    const checked = await p.check(prior?.inputs ?? {}, news);
    if (checked.failures && checked.failures.length > 0) {
      throw new Error(`check failed: ${checked.failures.map((f) => f.reason).join("; ")}`);
    }
    const inputs = checked.inputs as Record<string, any>;
    if (!prior) {
      const created = await p.create(inputs);
      return { id: created.id, inputs, outputs: { ...created.outs, __provider: providerText } };
    }
    const diff = await p.diff(prior.id, prior.outputs, inputs);
    if (diff.replaces && diff.replaces.length > 0) {
      if (diff.deleteBeforeReplace) await p.delete(prior.id, prior.outputs);
      const created = await p.create(inputs);
      if (!diff.deleteBeforeReplace) await p.delete(prior.id, prior.outputs);
      return { id: created.id, inputs, outputs: { ...created.outs, __provider: providerText }, diff };
    }
    if (diff.changes || prior.outputs.incompleteOperation) {
      const updated = await p.update(prior.id, prior.outputs, inputs);
      return { id: prior.id, inputs, outputs: { ...updated.outs, __provider: providerText }, diff };
    }
    return { ...prior, inputs, diff };
  }

  async function refresh(kind: string, state: ResourceState) {
    const result = await provider(kind).read(state.id, state.outputs);
    if (!result.id) return undefined;
    return { id: result.id, outputs: { ...result.props, __provider: state.outputs.__provider }, inputs: { ...(result.inputs ?? state.inputs), __provider: state.inputs.__provider } };
  }

  return {
    emulator,
    owner: { accountId: ownerAccount!.accountId, profile: "owner" },
    consumer: { accountId: consumerAccount!.accountId, profile: "consumer" },
    progress,
    provider,
    up,
    refresh,
    destroy: (kind, state) => provider(kind).delete(state.id, state.outputs),
    counts() {
      const snapshot = emulator.requestCounts() as unknown as { actions?: Record<string, { total: number }> } & Record<string, any>;
      const actions = snapshot.actions ?? snapshot.byAction ?? snapshot;
      return Object.fromEntries(Object.entries(actions).map(([k, v]: [string, any]) => [k, typeof v === "number" ? v : v.total]));
    },
    async stop() {
      setProgressSink((line) => console.log(line));
      resetProviderContext();
      await emulator.stop();
    },
  };
}
