// Retry policy (capped exponential backoff with full jitter, server retry-after, total time budget) and a
// per-account limit on calls in flight. Clock, sleep and random are injectable so tests run instantly.

import { ApiError } from "./errors";

export interface RetryPolicy {
  /** Retries after the first attempt (so at most maxRetries + 1 attempts). */
  readonly maxRetries: number;
  /** Total time for one logical call, first attempt to last; no sleep is started that would cross it. */
  readonly budgetMs: number;
  /** Backoff ceiling of the first retry; doubles per retry. */
  readonly baseDelayMs: number;
  /** Cap of the backoff ceiling. */
  readonly maxDelayMs: number;
}

export const DEFAULT_BASE_DELAY_MS = 200;
export const DEFAULT_MAX_DELAY_MS = 20_000;

export interface RetryDeps {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Uniform in [0, 1). */
  random(): number;
}

export const realRetryDeps: RetryDeps = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** Upper bound of the delay before retry number `retryIndex` (0-based): min(max, base * 2^retryIndex). */
export function backoffCeiling(retryIndex: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retryIndex, 30));
}

/** Full jitter: a uniform delay between 0 and the backoff ceiling. */
export function fullJitterDelay(retryIndex: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">, random: () => number): number {
  return Math.floor(random() * backoffCeiling(retryIndex, policy));
}

export interface RetryDecision {
  retryable: boolean;
  /** Server-requested delay (x-acs-retry-after), used instead of the jittered backoff. */
  retryAfterMs?: number;
}

/** How the client classifies a failure; ApiError carries its own decision. */
export function classifyFailure(err: unknown): RetryDecision {
  if (err instanceof ApiError) return { retryable: err.retryable, retryAfterMs: err.retryAfterMs };
  return { retryable: false };
}

export interface RetryOutcomeObserver {
  /** Called before each sleep; useful for logging/progress. `reason` says where the delay came from. */
  onRetry?(info: { attempt: number; delayMs: number; error: unknown; reason: string }): void;
  /** Called when the loop stops on a failure; `reason` says why it does not try again. */
  onGiveUp?(info: { attempt: number; error: unknown; reason: string }): void;
}

/**
 * Runs `attempt(n)` (n = 1, 2, …) until it succeeds, fails with a non-retryable error, the retry count is used
 * up, or the next sleep would cross the time budget. The last error is rethrown with `attempts` set.
 */
export async function runWithRetry<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy,
  deps: RetryDeps = realRetryDeps,
  observer: RetryOutcomeObserver = {},
  classify: (err: unknown) => RetryDecision = classifyFailure,
): Promise<T> {
  const start = deps.now();
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      const decision = classify(err);
      const retriesUsed = n - 1;
      let giveUp: string | undefined;
      let delay = 0;
      if (!decision.retryable) giveUp = "not retryable";
      else if (retriesUsed >= policy.maxRetries) giveUp = `maxRetries (${policy.maxRetries}) used`;
      else {
        delay = decision.retryAfterMs ?? fullJitterDelay(retriesUsed, policy, deps.random);
        const remaining = policy.budgetMs - (deps.now() - start);
        if (delay > remaining) {
          giveUp = `the next delay (${delay} ms) would end after the retry budget (${Math.max(0, remaining)} ms left of ${policy.budgetMs} ms)`;
          if (decision.retryAfterMs !== undefined && err instanceof ApiError) {
            err.withHint(
              `The server asked to retry after ${delay} ms, longer than the ${Math.max(0, remaining)} ms left of the retry budget (retryBudgetMs ${policy.budgetMs}); raise retryBudgetMs or try again later.`,
            );
          }
        }
      }
      if (giveUp !== undefined) {
        if (err instanceof ApiError) {
          err.attempts = n;
          err.refreshMessage();
        }
        observer.onGiveUp?.({ attempt: n, error: err, reason: giveUp });
        throw err;
      }
      observer.onRetry?.({ attempt: n, delayMs: delay, error: err, reason: decision.retryAfterMs !== undefined ? "server retry-after" : "backoff" });
      await deps.sleep(delay);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Calls in flight per account

/** A counting semaphore with FIFO waiters. */
export class Semaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(public max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`Semaphore size must be a positive integer, got ${max}`);
  }

  get inFlight(): number {
    return this.active;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Resolves with a release function once a slot is free. */
  async acquire(): Promise<() => void> {
    if (this.active >= this.max) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    } else {
      this.active++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next)
        next(); // hand the slot over without decrementing
      else this.active--;
    };
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

// Created on first use at run time, so nothing live exists when a provider object is serialised.
let accountLimiters: Map<string, Semaphore> | undefined;

/** The shared limiter of one access key id; its size follows the latest settings. */
export function accountLimiter(accessKeyId: string, maxConcurrentCalls: number): Semaphore {
  accountLimiters ??= new Map();
  let s = accountLimiters.get(accessKeyId);
  if (!s) {
    s = new Semaphore(maxConcurrentCalls);
    accountLimiters.set(accessKeyId, s);
  } else if (s.max !== maxConcurrentCalls) {
    s.max = maxConcurrentCalls;
  }
  return s;
}
