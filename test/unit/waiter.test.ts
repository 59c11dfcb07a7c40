import { describe, expect, it } from "vitest";
import { GONE, WaitError, pollDelay, statusIs, waitFor, whenGone } from "../../src/waiter";

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
    await expect(wait).rejects.toThrow(/did not reach ServiceStatus Active: service entered Inactive/);
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

  it("pollDelay grows exponentially, caps, and jitters within ±20%", () => {
    expect(pollDelay(1, 500, 10_000, () => 0.5)).toBe(500);
    expect(pollDelay(5, 500, 10_000, () => 0.5)).toBe(8_000);
    expect(pollDelay(9, 500, 10_000, () => 0.5)).toBe(10_000);
    expect(pollDelay(9, 500, 10_000, () => 0)).toBe(8_000);
    expect(pollDelay(9, 500, 10_000, () => 1)).toBe(12_000);
  });
});
