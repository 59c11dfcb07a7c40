import { describe, expect, it } from "vitest";
import { readyAcceptors } from "../../src/provider/lifecycle";
import {
  GONE,
  TransitionEstimates,
  WaitError,
  pollDelay,
  pollOffsets,
  statusIs,
  transitionSample,
  waitFor,
  whenError,
  whenGone,
  type PollSchedule,
} from "../../src/waiter";

function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
    advance: (ms: number) => (t += ms),
  };
}

describe("waitFor", () => {
  it("without an expectation polls at once, then backs off to the cap, and returns on success", async () => {
    const clock = fakeClock();
    const statuses = ["Creating", "Creating", "Creating", "Creating", "Creating", "Creating", "Active"];
    let i = 0;
    const lines: string[] = [];
    const result = await waitFor<{ s: string }>({
      subject: "VpcEndpointService epsrv-1",
      target: "Active",
      poll: async () => ({ s: statuses[i++]! }),
      acceptors: [statusIs((v) => v.s, ["Active"], "success")],
      describe: (o) => (o.kind === "value" ? o.value.s : o.kind),
      timeoutMs: 600_000,
      now: clock.now,
      sleep: clock.sleep,
      onProgress: (l) => lines.push(l),
    });
    expect(result.polls).toBe(7);
    expect(clock.sleeps).toEqual([250, 375, 563, 845, 1268, 1902]);
    expect(lines[0]).toBe("VpcEndpointService epsrv-1: Creating, 0s");
    expect(lines.at(-1)).toMatch(/: Active, 5s$/);
  });

  it("fails fast on a failure acceptor and names the status and the time waited", async () => {
    const clock = fakeClock();
    const wait = waitFor<{ s: string }>({
      subject: "VpcEndpointService epsrv-1",
      target: "ServiceStatus Active",
      poll: async () => ({ s: "Inactive" }),
      acceptors: [statusIs((v) => v.s, ["Active"], "success"), statusIs((v) => v.s, ["Inactive"], "failure", "service entered Inactive")],
      describe: (o) => (o.kind === "value" ? o.value.s : o.kind),
      timeoutMs: 60_000,
      now: clock.now,
      sleep: clock.sleep,
    });
    await expect(wait).rejects.toThrow(
      /^VpcEndpointService epsrv-1 cannot reach ServiceStatus Active \(status: Inactive\): service entered Inactive \(after 0s, 1 polls\)$/,
    );
  });

  it("stops at the deadline with the last status seen", async () => {
    const clock = fakeClock();
    const error = await waitFor<{ s: string }>({
      subject: "EndpointZone ep-1:z",
      target: "Wait",
      poll: async () => ({ s: "Creating" }),
      acceptors: [statusIs((v) => v.s, ["Wait"], "success")],
      describe: (o) => (o.kind === "value" ? o.value.s : o.kind),
      timeoutMs: 30_000,
      now: clock.now,
      sleep: clock.sleep,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(WaitError);
    expect(error.reason).toBe("timeout");
    expect(error.lastStatus).toBe("Creating");
    expect(error.message).toMatch(/within 30s; last status Creating/);
    expect(clock.now()).toBeLessThanOrEqual(30_000);
  });

  it("treats GONE as its own observation and rethrows unexpected errors", async () => {
    const clock = fakeClock();
    const gone = await waitFor({
      subject: "x",
      target: "deleted",
      poll: async () => GONE,
      acceptors: [whenGone("success")],
      describe: (o) => o.kind,
      timeoutMs: 1000,
      now: clock.now,
      sleep: clock.sleep,
    });
    expect(gone.observation.kind).toBe("gone");
    await expect(
      waitFor({
        subject: "x",
        target: "y",
        poll: async () => {
          throw new Error("boom");
        },
        acceptors: [],
        describe: (o) => o.kind,
        timeoutMs: 1000,
        now: clock.now,
        sleep: clock.sleep,
      }),
    ).rejects.toThrow("boom");
  });

  it("an error a retry acceptor matches is polled again; the wait still ends at its target", async () => {
    const clock = fakeClock();
    const answers: (string | Error)[] = [new Error("ServiceUnavailable"), "Creating", new Error("Throttling"), "Active"];
    let i = 0;
    const result = await waitFor<{ s: string }>({
      subject: "VpcEndpoint ep-1",
      target: "Active",
      poll: async () => {
        const a = answers[i++]!;
        if (a instanceof Error) throw a;
        return { s: a };
      },
      acceptors: [statusIs((v) => v.s, ["Active"], "success"), whenError((e) => /Unavailable|Throttling/.test(String(e)), "retry")],
      describe: (o) => (o.kind === "value" ? o.value.s : o.kind),
      timeoutMs: 60_000,
      now: clock.now,
      sleep: clock.sleep,
    });
    expect(result.polls).toBe(4);
    expect(result.observation).toEqual({ kind: "value", value: { s: "Active" } });
  });

  it("an error no acceptor matches ends the wait at once; retried errors until the deadline are named in the timeout", async () => {
    const clock = fakeClock();
    const base = {
      subject: "x",
      target: "Active",
      describe: (o: { kind: string }) => o.kind,
      timeoutMs: 10_000,
      now: clock.now,
      sleep: clock.sleep,
    };
    let polls = 0;
    await expect(
      waitFor<string>({
        ...base,
        poll: async () => {
          polls++;
          throw new Error("Forbidden.RAM");
        },
        acceptors: [whenError((e) => String(e).includes("Throttling"), "retry")],
      }),
    ).rejects.toThrow("Forbidden.RAM");
    expect(polls).toBe(1);
    const error = await waitFor<string>({
      ...base,
      poll: async () => {
        throw new Error("Throttling.User");
      },
      acceptors: [whenError(() => true, "retry")],
    }).catch((e) => e);
    expect(error).toBeInstanceOf(WaitError);
    expect(error.reason).toBe("timeout");
    expect(error.message).toMatch(/within 10s; last status error after \d+ polls; the last poll failed: Throttling.User$/);
  });

  it.each([
    ["SecurityLocked", /it is locked for a security reason \(SecurityLocked\): .*ask Alibaba Cloud support/],
    ["FinancialLocked", /it is locked for an overdue payment \(FinancialLocked\): settle/],
  ])("a %s business status ends a wait for readiness at the first poll, naming the object, the state and the remedy", async (business, remedy) => {
    const clock = fakeClock();
    const error = await waitFor<{ s: string; b: string }>({
      subject: "VpcEndpoint ep-1",
      target: "EndpointStatus Active",
      poll: async () => ({ s: "Pending", b: business }),
      acceptors: readyAcceptors(
        (v) => v.s,
        ["Active"],
        ["Deleting"],
        (v) => v.b,
      ),
      describe: (o) => (o.kind === "value" ? `${o.value.s}, ${o.value.b}` : o.kind),
      timeoutMs: 600_000,
      now: clock.now,
      sleep: clock.sleep,
    }).catch((e) => e);
    expect(error.reason).toBe("failure");
    expect(error.polls).toBe(1);
    expect(error.message).toMatch(new RegExp(`^VpcEndpoint ep-1 cannot reach EndpointStatus Active \\(status: Pending, ${business}\\): `));
    expect(error.message).toMatch(remedy);
  });

  it("pollDelay (retries of refused changes) grows exponentially, caps, and jitters within ±20%", () => {
    expect(pollDelay(1, 500, 10_000, () => 0.5)).toBe(500);
    expect(pollDelay(5, 500, 10_000, () => 0.5)).toBe(8_000);
    expect(pollDelay(9, 500, 10_000, () => 0.5)).toBe(10_000);
    expect(pollDelay(9, 500, 10_000, () => 0)).toBe(8_000);
    expect(pollDelay(9, 500, 10_000, () => 1)).toBe(12_000);
  });
});

/** A transition that ends `durationMs` after it began, `elapsedMs` before the wait starts; the wait polls its status. */
async function waitForTransition(durationMs: number, schedule: PollSchedule, timeoutMs = 600_000) {
  const clock = fakeClock();
  const began = -(schedule.elapsedMs ?? 0);
  const result = await waitFor<{ s: string }>({
    subject: "VpcEndpoint ep-1",
    target: "Active",
    poll: async () => ({ s: clock.now() - began >= durationMs ? "Active" : "Creating" }),
    acceptors: [statusIs((v) => v.s, ["Active"], "success")],
    describe: (o) => (o.kind === "value" ? o.value.s : o.kind),
    timeoutMs,
    schedule,
    now: clock.now,
    sleep: clock.sleep,
  });
  const endedAt = clock.now() - began;
  return { result, endedAt, overshoot: endedAt - durationMs };
}

describe("poll schedule", () => {
  it("first polls just before the expected end, then follows up after 9% of it, growing by half each time", () => {
    const offsets = pollOffsets({ expectedMs: 45_000 });
    const first = Array.from({ length: 5 }, () => offsets.next().value);
    expect(first).toEqual([42_750, 46_800, 52_875, 61_988, 71_988]);
  });

  it.each([
    ["the service's creation", 15_000],
    ["an endpoint's creation", 45_000],
    ["a security group change (endpoint Pending)", 10_000],
    ["a zone's removal", 20_000],
  ])("at the expected pace, a wait for %s takes 2 reads and ends within a tenth of the transition", async (_what, duration) => {
    const { result, overshoot } = await waitForTransition(duration, { expectedMs: duration });
    expect(result.polls).toBe(2);
    expect(overshoot).toBeGreaterThanOrEqual(0);
    expect(overshoot).toBeLessThanOrEqual(duration * 0.1);
  });

  it.each([0.9, 0.97, 1.03, 1.1, 1.15])("a transition taking %sx the expected time ends the wait within a tenth of it, in at most 3 reads", async (factor) => {
    const expected = 30_000;
    const { result, overshoot } = await waitForTransition(expected * factor, { expectedMs: expected });
    expect(result.polls).toBeLessThanOrEqual(3);
    expect(overshoot).toBeLessThanOrEqual(expected * factor * 0.1);
  });

  it("an unconfirmed expectation also polls early (probes): at most 4 reads at the documented pace", async () => {
    expect(
      Array.from(
        { length: 3 },
        (
          (o) => () =>
            o.next().value
        )(pollOffsets({ expectedMs: 45_000, probe: true })),
      ),
    ).toEqual([4_500, 13_500, 42_750]);
    const { result, overshoot } = await waitForTransition(45_000, { expectedMs: 45_000, probe: true });
    expect(result.polls).toBe(4);
    expect(overshoot).toBeLessThanOrEqual(4_500);
  });

  it("counts from the transition's start: one that began long enough ago is polled at once", async () => {
    const { result } = await waitForTransition(30_000, { expectedMs: 30_000, elapsedMs: 31_000 });
    expect(result.polls).toBe(1);
    expect(result.elapsedMs).toBe(0);
    const later = pollOffsets({ expectedMs: 30_000, elapsedMs: 10_000 });
    expect(later.next().value).toBe(18_500);
  });

  it("a poll that would land past the deadline is moved to it; the wait times out only after polling at the deadline", async () => {
    const clock = fakeClock();
    const polledAt: number[] = [];
    const error = await waitFor<{ s: string }>({
      subject: "VpcEndpoint ep-1",
      target: "Active",
      poll: async () => {
        polledAt.push(clock.now());
        return { s: "Creating" };
      },
      acceptors: [statusIs((v) => v.s, ["Active"], "success")],
      describe: (o) => (o.kind === "value" ? o.value.s : o.kind),
      timeoutMs: 44_000,
      schedule: { expectedMs: 45_000 },
      now: clock.now,
      sleep: clock.sleep,
    }).catch((e) => e);
    expect(polledAt).toEqual([42_750, 44_000]);
    expect(error).toBeInstanceOf(WaitError);
    expect(error.reason).toBe("timeout");
    // A transition ending just before the deadline is seen at the deadline, not lost to a timeout.
    const { result } = await waitForTransition(43_900, { expectedMs: 45_000 }, 44_000);
    expect(result.elapsedMs).toBe(44_000);
  });

  it("reports when the polls saw the transition end, counted from its start", async () => {
    const { result } = await waitForTransition(45_000, { expectedMs: 45_000, elapsedMs: 1_000 });
    expect(result.ended).toEqual({ after: 42_750, by: 46_800 });
    expect(transitionSample(result.ended, 45_000, 41_750)).toBe(44_775);
  });
});

describe("learning transition durations", () => {
  /** Runs `count` waits for a transition of `actualMs` that start from the learned estimate (the documented figure first). */
  async function learn(documentedMs: number, actualMs: number, count: number) {
    const estimates = new TransitionEstimates();
    const runs: { polls: number; overshoot: number; estimate: number }[] = [];
    for (let i = 0; i < count; i++) {
      const learned = estimates.get("cn-hangzhou|endpointCreating");
      const schedule: PollSchedule = { expectedMs: learned ?? documentedMs, probe: learned === undefined };
      const { result, overshoot } = await waitForTransition(actualMs, schedule);
      const sample = transitionSample(result.ended, schedule.expectedMs, pollOffsets(schedule).next().value as number);
      const estimate = sample === undefined ? (learned ?? documentedMs) : estimates.record("cn-hangzhou|endpointCreating", sample, 4 * documentedMs);
      runs.push({ polls: result.polls, overshoot, estimate });
    }
    return runs;
  }

  it("against an emulator at time scale 0.2, the estimate converges after the first transition", async () => {
    const runs = await learn(45_000, 9_000, 4);
    expect(Math.abs(runs[0]!.estimate - 9_000)).toBeLessThanOrEqual(9_000 * 0.05);
    for (const run of runs.slice(1)) {
      expect(run.polls).toBeLessThanOrEqual(2);
      expect(run.overshoot).toBeLessThanOrEqual(9_000 * 0.1);
    }
  });

  it("a cloud slower than documented is learned within a few transitions, and then costs 2-3 reads", async () => {
    const runs = await learn(45_000, 70_000, 6);
    for (const run of runs.slice(2)) {
      expect(run.polls).toBeLessThanOrEqual(3);
      expect(run.overshoot).toBeLessThanOrEqual(70_000 * 0.1);
    }
  });

  it("one transition stuck for long does not push the estimate past its cap; later ones pull it back", () => {
    const estimates = new TransitionEstimates();
    expect(estimates.record("k", 10_000, 40_000)).toBe(10_000);
    expect(estimates.record("k", 600_000, 40_000)).toBe(40_000);
    expect(estimates.record("k", 10_000, 40_000)).toBe(25_000);
  });
});
