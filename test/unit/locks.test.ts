import { describe, expect, it } from "vitest";
import { acquireLocks, withLocks } from "../../src/provider/locks";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("withLocks", () => {
  it("serialises work on one key and runs other keys in parallel", async () => {
    const events: string[] = [];
    let inFlight = 0;
    let maxInFlightSameKey = 0;
    const job = (key: string, name: string) =>
      withLocks([key], "test", async () => {
        if (key === "service:a") maxInFlightSameKey = Math.max(maxInFlightSameKey, ++inFlight);
        events.push(`start ${name}`);
        await tick(5);
        events.push(`end ${name}`);
        if (key === "service:a") inFlight--;
      });
    const started = Date.now();
    await Promise.all([...Array.from({ length: 20 }, (_, i) => job("service:a", `a${i}`)), job("service:b", "b")]);
    expect(maxInFlightSameKey).toBe(1);
    // b ran beside the a-chain, not after it
    expect(events.indexOf("end b")).toBeLessThan(events.indexOf("end a5"));
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it("releases the lock when the work throws", async () => {
    await expect(
      withLocks(["k"], "test", async () => {
        throw new Error("x");
      }),
    ).rejects.toThrow("x");
    await expect(withLocks(["k"], "test", async () => "ok")).resolves.toBe("ok");
  });

  it("takes several keys in sorted order without deadlock", async () => {
    const order: string[] = [];
    await Promise.all([
      withLocks(["b", "a"], "test", async () => {
        order.push("1");
        await tick(5);
      }),
      withLocks(["a", "b"], "test", async () => {
        order.push("2");
        await tick(5);
      }),
    ]);
    expect(order).toEqual(["1", "2"]);
  });

  it("a holder that releases early lets the next one start while it still runs; a second release does nothing", async () => {
    const events: string[] = [];
    const first = withLocks(["endpoint:e"], "test", async (held) => {
      events.push("first call");
      await tick(5);
      held.release();
      expect(held.released).toBe(true);
      await tick(30);
      held.release();
      events.push("first done");
    });
    const second = withLocks(["endpoint:e"], "test", async () => {
      events.push("second call");
      await tick(5);
    });
    const third = withLocks(["endpoint:e"], "test", async () => {
      events.push("third call");
    });
    await Promise.all([first, second, third]);
    // The second starts before the first ends; the third still waits for the second (one holder at a time).
    expect(events).toEqual(["first call", "second call", "third call", "first done"]);
  });

  it("acquireLocks hands out each key to one holder at a time", async () => {
    const a = await acquireLocks(["k1", "k2"]);
    let got = false;
    const b = acquireLocks(["k2"]).then((held) => {
      got = true;
      return held;
    });
    await tick(5);
    expect(got).toBe(false);
    a.release();
    (await b).release();
    expect(got).toBe(true);
  });
});
