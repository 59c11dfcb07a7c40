// What the provider's waits know beyond one wait: how long each transition is expected to take (the documented
// figures of src/spec/transitions.ts, scaled by configuration, then learned from the transitions this provider
// process has seen, per region), and reads shared by the concurrent waits of one object.
import { typicalDurationMs, type Transition } from "../spec/transitions";
import { TransitionEstimates, transitionSample, type PollSchedule, type WaitResult } from "../waiter";
import { providerConfig } from "./context";

/** Environment variable of the transition time scale (the stack config key alicloud-privatelink:transitionTimeScale wins). */
export const TRANSITION_TIME_SCALE_ENV = "ALIBABA_CLOUD_PRIVATELINK_TRANSITION_TIME_SCALE";

/** A learned estimate never exceeds this many times the documented figure (one stuck transition must not slow every wait). */
const LEARNED_CAP_FACTOR = 4;

const estimates = new TransitionEstimates();

/**
 * The configured multiplier of the documented transition durations (e.g. 0.2 against an emulator started with
 * `--time-scale 0.2`), or undefined when none is set. Throws a message naming the setting when it is not a number >= 0.
 */
export function configuredTransitionScale(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const fromConfig = providerConfig("transitionTimeScale");
  const [raw, source] =
    fromConfig !== undefined
      ? [fromConfig, "stack config alicloud-privatelink:transitionTimeScale"]
      : [env[TRANSITION_TIME_SCALE_ENV], TRANSITION_TIME_SCALE_ENV];
  if (raw === undefined || raw.trim() === "") return undefined;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale < 0) {
    throw new Error(`${source} must be a number >= 0 (a multiplier of the documented transition durations, e.g. 0.2), got ${JSON.stringify(raw)}`);
  }
  return scale;
}

/** What a wait for the given phases, in a region, expects: the learned figure, else the configured or documented one. */
export interface Expectation {
  readonly key: string;
  readonly expectedMs: number;
  /** Learned or configured (not the documented figure alone). */
  readonly confirmed: boolean;
  readonly capMs: number;
}

export function expectationFor(regionId: string, phases: readonly Transition[]): Expectation {
  const key = `${regionId}|${phases.join("+")}`;
  const documented = typicalDurationMs(phases);
  const learned = estimates.get(key);
  const scale = configuredTransitionScale();
  const capMs = LEARNED_CAP_FACTOR * documented;
  if (learned !== undefined) return { key, expectedMs: learned, confirmed: true, capMs };
  return { key, expectedMs: documented * (scale ?? 1), confirmed: scale !== undefined, capMs };
}

/** The schedule of a wait for `expectation` whose transition began `elapsedMs` ago (unknown: it may be over). */
export function scheduleFor(expectation: Expectation, elapsedMs: number | undefined): PollSchedule {
  return {
    expectedMs: expectation.expectedMs,
    // With no write in this operation the transition may be long over: the first poll comes at once.
    elapsedMs: elapsedMs ?? expectation.expectedMs,
    probe: !expectation.confirmed && elapsedMs !== undefined,
  };
}

/** Learns from a successful wait (nothing when its first poll came at once and saw the target). */
export function learnFrom(expectation: Expectation, schedule: PollSchedule, result: WaitResult<unknown>, firstPollMs: number): void {
  const sample = transitionSample(result.ended, schedule.expectedMs, firstPollMs);
  if (sample !== undefined) estimates.record(expectation.key, sample, expectation.capMs);
}

/** Forget what was learned (tests). */
export function resetTransitionEstimates(): void {
  estimates.clear();
}

// ---------------------------------------------------------------------------------------------------------
// Shared reads

/** A finished read answers another waiter for this long (the same moment, not a cache). */
export const SHARED_READ_FRESH_MS = 200;

interface SharedEntry {
  readonly seq: number;
  readonly promise: Promise<unknown>;
  settledAt?: number;
}

/** Per caller (an account's client in a region): read key → the latest read. */
const sharedReads = new WeakMap<object, Map<string, SharedEntry>>();
let readSeq = 0;

/** The fence of a wait that starts now: it may use only reads issued after this point (after its own write). */
export function readFence(): number {
  return readSeq;
}

/**
 * One read of an object for every waiter that needs it at the same moment: a read of the same key by the same
 * caller that was issued after the waiter's fence (so it sees the waiter's own write) and is in flight or finished
 * within SHARED_READ_FRESH_MS answers it; otherwise a new read is issued. A failed read is not shared afterwards.
 */
export function sharedRead<T>(caller: object, key: string, fence: number, read: () => Promise<T>, now: () => number = Date.now): Promise<T> {
  let reads = sharedReads.get(caller);
  if (!reads) {
    reads = new Map();
    sharedReads.set(caller, reads);
  }
  const entry = reads.get(key);
  if (entry && entry.seq > fence && (entry.settledAt === undefined || now() - entry.settledAt <= SHARED_READ_FRESH_MS)) {
    return entry.promise as Promise<T>;
  }
  const fresh: SharedEntry = {
    seq: ++readSeq,
    promise: read().then(
      (value) => {
        fresh.settledAt = now();
        return value;
      },
      (error: unknown) => {
        if (reads!.get(key) === fresh) reads!.delete(key);
        throw error;
      },
    ),
  };
  reads.set(key, fresh);
  return fresh.promise as Promise<T>;
}
