// Per-parent serialisation inside the provider process: one change at a time per service and per endpoint, and
// one EnableVpcEndpointConnection at a time per account (the API refuses concurrent ones). The engine runs many
// steps in parallel in one provider process, so twenty attachments to one service would otherwise collide.

const tails = new Map<string, Promise<void>>();

/** Runs `work` after every earlier holder of each key has finished; keys are taken in sorted order (no deadlock). */
export async function withLocks<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
  const sorted = [...new Set(keys)].sort();
  const releases: (() => void)[] = [];
  try {
    for (const key of sorted) releases.push(await acquire(key));
    return await work();
  } finally {
    for (const release of releases.reverse()) release();
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
