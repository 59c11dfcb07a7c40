import { afterEach, describe, expect, it } from "vitest";
import { resetProviderContext, setStackConfig } from "../../src/provider/context";
import {
  SHARED_READ_FRESH_MS,
  TRANSITION_TIME_SCALE_ENV,
  configuredTransitionScale,
  expectationFor,
  readFence,
  resetTransitionEstimates,
  scheduleFor,
  sharedRead,
} from "../../src/provider/waits";
import { DEFAULT_DELAYS } from "../../src/emulator/lifecycle";
import { TRANSITION_DURATIONS_MS } from "../../src/spec/transitions";

/** A read whose answer the test releases; counts how many reads were issued. */
function controlledReads() {
  const pending: ((value: string) => void)[] = [];
  let issued = 0;
  return {
    read: () =>
      new Promise<string>((resolve) => {
        issued++;
        pending.push(resolve);
      }),
    answer: (value: string) => pending.shift()!(value),
    issued: () => issued,
  };
}

describe("shared reads", () => {
  it("one in-flight read answers every waiter of the same object whose wait began before it", async () => {
    const caller = {};
    const reads = controlledReads();
    const fence = readFence();
    const a = sharedRead(caller, "GetVpcEndpointAttribute:ep-1", fence, reads.read);
    const b = sharedRead(caller, "GetVpcEndpointAttribute:ep-1", fence, reads.read);
    const other = sharedRead(caller, "GetVpcEndpointAttribute:ep-2", fence, reads.read);
    expect(reads.issued()).toBe(2);
    reads.answer("ep-1 Active");
    reads.answer("ep-2 Pending");
    expect(await a).toBe("ep-1 Active");
    expect(await b).toBe("ep-1 Active");
    expect(await other).toBe("ep-2 Pending");
  });

  it("a wait never uses a read issued before it began (before its own change); other callers do not share", async () => {
    const caller = {};
    const reads = controlledReads();
    const early = sharedRead(caller, "k", readFence(), reads.read);
    const laterFence = readFence();
    const late = sharedRead(caller, "k", laterFence, reads.read);
    sharedRead({}, "k", laterFence, reads.read);
    expect(reads.issued()).toBe(3);
    reads.answer("before the change");
    reads.answer("after the change");
    reads.answer("another account");
    expect(await early).toBe("before the change");
    expect(await late).toBe("after the change");
  });

  it("a finished read answers for a moment only", async () => {
    let t = 0;
    const now = () => t;
    const caller = {};
    const reads = controlledReads();
    const fence = readFence();
    const first = sharedRead(caller, "k", fence, reads.read, now);
    reads.answer("Pending");
    await first;
    t += SHARED_READ_FRESH_MS;
    expect(await sharedRead(caller, "k", fence, reads.read, now)).toBe("Pending");
    t += 1;
    const next = sharedRead(caller, "k", fence, reads.read, now);
    expect(reads.issued()).toBe(2);
    reads.answer("Active");
    expect(await next).toBe("Active");
  });
});

describe("expected transition durations", () => {
  afterEach(() => {
    resetProviderContext();
    resetTransitionEstimates();
  });

  it("the emulator's default delays are the documented table", () => {
    expect(DEFAULT_DELAYS).toBe(TRANSITION_DURATIONS_MS);
  });

  it("the documented figure, scaled by the stack config (which wins over the environment), confirmed when configured", () => {
    const env = { [TRANSITION_TIME_SCALE_ENV]: "0.5" };
    const original = process.env[TRANSITION_TIME_SCALE_ENV];
    delete process.env[TRANSITION_TIME_SCALE_ENV];
    try {
      expect(expectationFor("cn-hangzhou", ["endpointCreating"])).toMatchObject({ expectedMs: 45_000, confirmed: false });
      expect(configuredTransitionScale(env)).toBe(0.5);
      setStackConfig({ get: (k) => (k === "alicloud-privatelink:transitionTimeScale" ? "0.2" : undefined) });
      expect(configuredTransitionScale(env)).toBe(0.2);
      expect(expectationFor("cn-hangzhou", ["zoneDisconnecting", "zoneDeleting"])).toMatchObject({ expectedMs: 7_000, confirmed: true });
    } finally {
      if (original !== undefined) process.env[TRANSITION_TIME_SCALE_ENV] = original;
    }
  });

  it("a bad scale is refused with the setting's name and rule", () => {
    expect(() => configuredTransitionScale({ [TRANSITION_TIME_SCALE_ENV]: "fast" })).toThrow(
      `${TRANSITION_TIME_SCALE_ENV} must be a number >= 0 (a multiplier of the documented transition durations, e.g. 0.2), got "fast"`,
    );
  });

  it("a wait with no change of its own behind it polls at once; probes only for an unconfirmed figure", () => {
    const documented = { key: "k", expectedMs: 10_000, confirmed: false, capMs: 40_000 };
    expect(scheduleFor(documented, undefined)).toEqual({ expectedMs: 10_000, elapsedMs: 10_000, probe: false });
    expect(scheduleFor(documented, 200)).toEqual({ expectedMs: 10_000, elapsedMs: 200, probe: true });
    expect(scheduleFor({ ...documented, confirmed: true }, 200).probe).toBe(false);
  });
});
