// Polls an asynchronous API object until an acceptor says success or failure, in the shape of Smithy waiters:
// each observation is matched against a list of acceptors (success, failure, retry); the first match decides.
// A thrown error no acceptor matches ends the wait (as in Smithy), so callers add a retry acceptor for the
// errors they know to be transient. Polling starts quickly (a short transition is noticed within about a
// second) and backs off to a cap (a long one costs few calls).

/** What one poll saw: the object (or GONE when the API says it does not exist) or a thrown error. */
export type Observation<T> = { kind: "value"; value: T } | { kind: "gone" } | { kind: "error"; error: unknown };

export const GONE = Symbol("gone");

export interface Acceptor<T> {
  readonly state: "success" | "failure" | "retry";
  readonly matches: (observation: Observation<T>) => boolean;
  /** Explains a failure to a person: why the target cannot be reached and what they can do about it. */
  readonly reason?: string;
}

export interface WaitOptions<T> {
  /** What is being waited for, e.g. "VpcEndpointService epsrv-…" (used in progress lines and errors). */
  readonly subject: string;
  /** The target, e.g. "ServiceStatus Active" (used in errors). */
  readonly target: string;
  readonly poll: () => Promise<T | typeof GONE>;
  readonly acceptors: readonly Acceptor<T>[];
  /** Short status text of an observation for progress lines and errors. */
  readonly describe: (observation: Observation<T>) => string;
  readonly timeoutMs: number;
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Called after each poll; the default prints a line at most every progressEveryMs or on a status change. */
  readonly onProgress?: (line: string) => void;
  readonly progressEveryMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export interface WaitResult<T> {
  readonly observation: Observation<T>;
  readonly polls: number;
  readonly elapsedMs: number;
}

/** Raised when the wait ends without success: a failure acceptor matched, or the deadline passed. */
export class WaitError extends Error {
  constructor(
    message: string,
    readonly reason: "failure" | "timeout" | "error",
    readonly lastStatus: string,
    readonly elapsedMs: number,
    readonly polls: number,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = "WaitError";
  }
}

export const DEFAULT_MIN_DELAY_MS = 500;
export const DEFAULT_MAX_DELAY_MS = 10_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The delay before poll number `attempt` (1-based, after the first immediate poll): min · 2^(attempt-1) capped
 * at max, with ±20% jitter so that many waiters started together do not poll in lockstep.
 */
export function pollDelay(attempt: number, minMs: number, maxMs: number, random: () => number): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export async function waitFor<T>(options: WaitOptions<T>): Promise<WaitResult<T>> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const minDelay = options.minDelayMs ?? DEFAULT_MIN_DELAY_MS;
  const maxDelay = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const progressEvery = options.progressEveryMs ?? 10_000;
  const started = now();
  const deadline = started + options.timeoutMs;
  let polls = 0;
  let lastStatus = "unknown";
  let lastReported = { status: "", at: started };

  for (;;) {
    let observation: Observation<T>;
    try {
      const value = await options.poll();
      observation = value === GONE ? { kind: "gone" } : { kind: "value", value: value as T };
    } catch (error) {
      observation = { kind: "error", error };
    }
    polls++;
    const elapsed = now() - started;
    lastStatus = options.describe(observation);
    if (options.onProgress && (lastStatus !== lastReported.status || now() - lastReported.at >= progressEvery)) {
      options.onProgress(`${options.subject}: ${lastStatus}, ${formatElapsed(elapsed)}`);
      lastReported = { status: lastStatus, at: now() };
    }

    const acceptor = options.acceptors.find((a) => a.matches(observation));
    if (acceptor?.state === "success") return { observation, polls, elapsedMs: elapsed };
    if (acceptor?.state === "failure") {
      const why = acceptor.reason ? `: ${acceptor.reason}` : "";
      throw new WaitError(
        `${options.subject} cannot reach ${options.target} (status: ${lastStatus})${why} (after ${formatElapsed(elapsed)}, ${polls} polls)`,
        "failure",
        lastStatus,
        elapsed,
        polls,
        observation.kind === "error" ? observation.error : undefined,
      );
    }
    if (!acceptor && observation.kind === "error") {
      // An error no acceptor expects ends the wait: it is not a transient state of the object.
      throw observation.error;
    }

    const delay = pollDelay(polls, minDelay, maxDelay, random);
    if (now() + delay > deadline) {
      const lastError = observation.kind === "error" ? `; the last poll failed: ${errorText(observation.error)}` : "";
      throw new WaitError(
        `${options.subject} did not reach ${options.target} within ${formatElapsed(options.timeoutMs)}; ` +
          `last status ${lastStatus} after ${polls} polls${lastError}`,
        "timeout",
        lastStatus,
        elapsed,
        polls,
        observation.kind === "error" ? observation.error : undefined,
      );
    }
    await sleep(delay);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function formatElapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
}

// Acceptor builders for the common shapes.

export function statusIs<T>(statusOf: (v: T) => string | undefined, values: readonly string[], state: Acceptor<T>["state"], reason?: string): Acceptor<T> {
  return {
    state,
    reason,
    matches: (o) => o.kind === "value" && values.includes(statusOf(o.value) ?? ""),
  };
}

export function whenGone<T>(state: Acceptor<T>["state"], reason?: string): Acceptor<T> {
  return { state, reason, matches: (o) => o.kind === "gone" };
}

/** Matches a poll that threw an error of the given kind (e.g. a transient API failure: "retry"). */
export function whenError<T>(matches: (error: unknown) => boolean, state: Acceptor<T>["state"], reason?: string): Acceptor<T> {
  return { state, reason, matches: (o) => o.kind === "error" && matches(o.error) };
}
