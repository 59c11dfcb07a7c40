// Polls an asynchronous API object until an acceptor says success or failure, in the shape of Smithy waiters:
// each observation is matched against a list of acceptors (success, failure, retry); the first match decides.
// A thrown error no acceptor matches ends the wait (as in Smithy), so callers add a retry acceptor for the
// errors they know to be transient.
//
// When it polls comes from what the wait expects (pollOffsets): the first poll lands just before the transition
// is expected to end, short follow-ups come after it and grow modestly, and a poll that would land past the
// deadline is moved to the deadline. A wait that expects nothing polls at once and then backs off. The expected
// durations come from the caller (src/spec/transitions.ts, scaled by configuration, learned with
// TransitionEstimates from the transitions seen before); everything here is a pure function of the clock it is given.

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
  /** When to poll; without one the wait polls at once and backs off (it expects nothing). */
  readonly schedule?: PollSchedule;
  /** Called after each poll; the default prints a line at most every progressEveryMs or on a status change. */
  readonly onProgress?: (line: string) => void;
  readonly progressEveryMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface WaitResult<T> {
  readonly observation: Observation<T>;
  readonly polls: number;
  readonly elapsedMs: number;
  /**
   * When the polls saw the transition end, in ms since the transition began (see PollSchedule.elapsedMs): it
   * ended after `after` (the last poll that still saw it in progress; undefined when none did) and by `by` (the
   * poll that saw the target). For learning (transitionSample).
   */
  readonly ended: { readonly after?: number; readonly by: number };
}

/**
 * What a wait expects of the transition it waits for. Times count from the moment the transition began (the
 * write that started it), which may be before the wait starts.
 */
export interface PollSchedule {
  /** How long the transition is expected to take; 0 when nothing is known. */
  readonly expectedMs: number;
  /** How long ago the transition began when the wait starts (0: it begins now). */
  readonly elapsedMs?: number;
  /**
   * The expectation is the documented figure alone, not yet confirmed by configuration or by a transition seen in
   * this process: also poll early (PROBES), so that a much faster cloud is noticed and learned at once.
   */
  readonly probe?: boolean;
}

/** The shape of every schedule (fractions of the expected duration). */
export const SCHEDULE = Object.freeze({
  /** The first poll lands this fraction before the expected end. */
  margin: 0.05,
  /** The first follow-up comes this fraction of the expected duration after the first poll... */
  step: 0.09,
  /** ...but never sooner than this (and a wait that expects nothing starts with it)... */
  minStepMs: 250,
  /** ...and each next one is this much longer... */
  growth: 1.5,
  /** ...up to this. */
  maxStepMs: 10_000,
  /** Early polls of an unconfirmed expectation, as fractions of it. */
  probes: [0.1, 0.3] as readonly number[],
});

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

/** The first follow-up's delay for a transition expected to take `expectedMs`. */
export function firstStepMs(expectedMs: number): number {
  return Math.min(SCHEDULE.maxStepMs, Math.max(SCHEDULE.minStepMs, Math.round(expectedMs * SCHEDULE.step)));
}

/**
 * The poll times of a wait, in ms after the wait starts, in increasing order (an endless sequence: the caller
 * stops at success, failure or the deadline). Counted from the transition's start: probes (unconfirmed
 * expectations only), the expected end less the margin, then follow-ups growing by SCHEDULE.growth. Times
 * already past when the wait starts collapse into one poll at once.
 */
export function* pollOffsets(schedule: PollSchedule = { expectedMs: 0 }): Generator<number> {
  const expected = Math.max(0, schedule.expectedMs);
  const elapsed = Math.max(0, schedule.elapsedMs ?? 0);
  const main = Math.round(expected * (1 - SCHEDULE.margin));
  const probes = schedule.probe ? SCHEDULE.probes.map((f) => Math.round(expected * f)).filter((t) => t > 0 && t < main) : [];
  let step = firstStepMs(expected);
  let previous = -1;
  const emit = function* (t: number): Generator<number> {
    const offset = Math.max(0, t - elapsed);
    if (offset > previous) {
      previous = offset;
      yield offset;
    }
  };
  for (const t of probes) yield* emit(t);
  let t = main;
  yield* emit(t);
  for (;;) {
    t += step;
    step = Math.min(SCHEDULE.maxStepMs, Math.round(step * SCHEDULE.growth));
    yield* emit(t);
  }
}

/**
 * How long a transition took, from what a successful wait saw (WaitResult.ended, in ms since it began): the
 * middle of the interval between the last poll that saw it in progress and the poll that saw it over; with no
 * such poll, a little before the first poll (by half the first follow-up), so that an expectation longer than
 * the transition shrinks. Undefined when the first poll came at once and saw it over (it tells nothing).
 */
export function transitionSample(ended: WaitResult<unknown>["ended"], expectedMs: number, firstPollMs: number): number | undefined {
  if (ended.after !== undefined) return Math.round((ended.after + ended.by) / 2);
  if (firstPollMs <= 0) return undefined;
  return Math.max(0, Math.round(ended.by - firstStepMs(expectedMs) / 2));
}

/**
 * Typical durations learned from the transitions seen in this process, by key (e.g. region and transition): the
 * first observation replaces the documented figure, later ones move the estimate halfway (a running estimate
 * that follows a cloud whose pace changes). Capped, so that one transition stuck for a long time does not make
 * every later wait start late.
 */
export class TransitionEstimates {
  private readonly learned = new Map<string, number>();

  constructor(private readonly weight = 0.5) {}

  get(key: string): number | undefined {
    return this.learned.get(key);
  }

  record(key: string, sampleMs: number, capMs = Number.POSITIVE_INFINITY): number {
    const previous = this.learned.get(key);
    const next = Math.min(capMs, previous === undefined ? sampleMs : previous + this.weight * (sampleMs - previous));
    this.learned.set(key, next);
    return next;
  }

  clear(): void {
    this.learned.clear();
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The delay before retry number `attempt` (1-based) of a refused change: min · 2^(attempt-1) capped at max, with
 * ±20% jitter so that many callers refused together do not retry in lockstep.
 */
export function pollDelay(attempt: number, minMs: number, maxMs: number, random: () => number): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export async function waitFor<T>(options: WaitOptions<T>): Promise<WaitResult<T>> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const progressEvery = options.progressEveryMs ?? 10_000;
  const started = now();
  const since = Math.max(0, options.schedule?.elapsedMs ?? 0);
  const offsets = pollOffsets(options.schedule);
  let polls = 0;
  let lastStatus = "unknown";
  let lastReported = { status: "", at: started };
  let inProgressAt: number | undefined;

  for (;;) {
    // The next poll time; one past the deadline is moved to it, and after a poll at the deadline the wait is over.
    const next = Math.min(offsets.next().value as number, options.timeoutMs);
    const wait = started + next - now();
    if (wait > 0) await sleep(wait);
    const polledAt = now() - started;
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
    if (acceptor?.state === "success") return { observation, polls, elapsedMs: elapsed, ended: { after: inProgressAt, by: since + polledAt } };
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
    if (observation.kind !== "error") inProgressAt = since + polledAt;

    if (next >= options.timeoutMs || now() - started >= options.timeoutMs) {
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
