// Per-parent serialisation inside the provider process: one change at a time per service and per endpoint, and
// one EnableVpcEndpointConnection at a time per account (the API refuses concurrent ones). The engine runs many
// steps in parallel in one provider process, so twenty attachments to one service would otherwise collide.
//
// A lock guards the parent, not the whole operation: it is held while the parent must not change (the call and
// the part of the transition that keeps the parent busy) and released as soon as the API would accept the
// parent's next change (`HeldLocks.release`), so that the next child's call is not queued behind this child's own
// remaining wait. The API stays the arbiter: a change it refuses as a state conflict is retried (ctx.mutate).

import { debugLog } from "../client/debug";

const tails = new Map<string, Promise<void>>();

/** Locks taken by one operation; `release` frees them all (once; later calls do nothing). */
export interface HeldLocks {
  release(): void;
  /** Whether `release` has run. */
  readonly released: boolean;
}

/** Takes every key, after every earlier holder of each has released it; keys are taken in sorted order (no deadlock). */
export async function acquireLocks(keys: readonly string[]): Promise<HeldLocks> {
  const sorted = [...new Set(keys)].sort();
  const releases: (() => void)[] = [];
  for (const key of sorted) releases.push(await acquire(key));
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      for (const release of releases.reverse()) release();
    },
    get released() {
      return released;
    },
  };
}

/**
 * Runs `work` holding the keys; they are released when it ends, or earlier when it calls `held.release()` (the
 * parent is free for its next change while the work still waits for its own object). Time spent queued behind
 * another holder goes to the debug log (`lock` event, naming `subject`).
 */
export async function withLocks<T>(keys: readonly string[], subject: string, work: (held: HeldLocks) => Promise<T>): Promise<T> {
  const asked = Date.now();
  const held = await acquireLocks(keys);
  const queuedMs = Date.now() - asked;
  if (queuedMs > 0) debugLog("lock", { subject, keys: [...new Set(keys)].sort().join(","), queuedMs });
  try {
    return await work(held);
  } finally {
    held.release();
  }
}

async function acquire(key: string): Promise<() => void> {
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const current = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => current);
  tails.set(key, tail);
  await previous;
  return () => {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  };
}

export const lockKey = {
  service: (serviceId: string) => `service:${serviceId}`,
  endpoint: (endpointId: string) => `endpoint:${endpointId}`,
  connectionEnable: (accountKey: string) => `enable-connection:${accountKey}`,
};
