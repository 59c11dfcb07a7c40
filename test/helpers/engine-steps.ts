// Steps one resource's provider the way the Pulumi engine does (see the engine notes: check → create, or
// check → diff → replace / update; an init error forces an update; refresh is read). Shared by the in-process
// resource tests; the real engine runs in test/e2e and the real provider host in test/engine.
import { forgetObtainedObjects, type LifecycleProvider } from "../../src/provider/lifecycle";

export interface ResourceState {
  id: string;
  inputs: Record<string, any>;
  outputs: Record<string, any>;
}

/** Each step stands for a deployment of its own (a provider process of its own). */
export async function stepUp(p: LifecycleProvider, args: Record<string, unknown>, prior: ResourceState | undefined, providerText: string) {
  forgetObtainedObjects();
  const news = { ...args, __provider: providerText };
  const checked = await p.check(prior?.inputs ?? {}, news);
  if (checked.failures && checked.failures.length > 0) {
    throw new Error(`check failed: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
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

export async function stepDestroy(p: LifecycleProvider, state: ResourceState): Promise<void> {
  forgetObtainedObjects();
  await p.delete(state.id, state.outputs);
}

export async function stepRefresh(p: LifecycleProvider, state: ResourceState): Promise<ResourceState | undefined> {
  const result = await p.read(state.id, state.outputs);
  if (!result.id) return undefined;
  return {
    id: result.id,
    outputs: { ...result.props, __provider: state.outputs.__provider },
    inputs: { ...(result.inputs ?? state.inputs), __provider: state.inputs.__provider },
  };
}
