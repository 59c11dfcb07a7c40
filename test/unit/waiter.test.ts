import { describe, expect, it } from "vitest";
import { readyAcceptors } from "../../src/provider/lifecycle";
import { GONE, WaitError, pollDelay, statusIs, waitFor, whenError, whenGone } from "../../src/waiter";

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
  it("polls at once, then backs off to the cap, and returns on success", async () => {
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
      minDelayMs: 500,
      maxDelayMs: 4_000,
      random: () => 0.5,
      now: clock.now,
      sleep: clock.sleep,
      onProgress: (l) => lines.push(l),
    });
    expect(result.polls).toBe(7);
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    expect(lines[0]).toBe("VpcEndpointService epsrv-1: Creating, 0s");
    expect(lines.at(-1)).toMatch(/: Active, 16s$/);
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
      random: () => 0.5,
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
      random: () => 0.5,
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
      random: () => 0.5,
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

  it("pollDelay grows exponentially, caps, and jitters within ±20%", () => {
    expect(pollDelay(1, 500, 10_000, () => 0.5)).toBe(500);
    expect(pollDelay(5, 500, 10_000, () => 0.5)).toBe(8_000);
    expect(pollDelay(9, 500, 10_000, () => 0.5)).toBe(10_000);
    expect(pollDelay(9, 500, 10_000, () => 0)).toBe(8_000);
    expect(pollDelay(9, 500, 10_000, () => 1)).toBe(12_000);
  });
});
