import { afterEach, describe, expect, it } from "vitest";
import { CONSUMER, OWNER, harness, type Harness } from "./world-harness";
import { ACTION_NAMES } from "../../src/spec/operations";

let h: Harness;
afterEach(() => h?.world.close());

describe("activation (CheckProductOpen, OpenPrivateLinkService)", () => {
  it("an account starts activated unless its options say otherwise", () => {
    h = harness({ accountFeatures: { consumer: { opened: false } } });
    expect(h.call(OWNER, "CheckProductOpen", {})).toEqual({ Success: true });
    expect(h.call(CONSUMER, "CheckProductOpen", {})).toEqual({ Success: false });
  });

  it("a closed account gets NeedOpenProduct from every action but the two activation calls", () => {
    h = harness({ accountFeatures: { [CONSUMER.accountId]: { opened: false } } });
    const allowed = new Set(["CheckProductOpen", "OpenPrivateLinkService"]);
    for (const action of ACTION_NAMES.filter((a) => !allowed.has(a))) {
      const e = h.fail(CONSUMER, action, {});
      expect([action, e.code, e.httpStatus]).toEqual([action, "NeedOpenProduct", 400]);
    }
    // The owner's calls are unaffected.
    expect(h.call(OWNER, "ListVpcEndpointServices", {})["Services"]).toEqual([]);
  });

  it("OpenPrivateLinkService activates once (an order number), then answers OrderOpend; calls work afterwards", () => {
    h = harness({ accountFeatures: { consumer: { opened: false } } });
    const first = h.call(CONSUMER, "OpenPrivateLinkService", {});
    expect(first["OrderId"]).toMatch(/^\d{12}$/);
    expect(h.call(CONSUMER, "CheckProductOpen", {})).toEqual({ Success: true });
    expect(h.fail(CONSUMER, "OpenPrivateLinkService", {}).code).toBe("OrderOpend");
    expect(h.call(CONSUMER, "ListVpcEndpoints", {})["Endpoints"]).toEqual([]);
  });

  it("activation survives snapshot/restore; reset returns to the configured features; admin patches switch them", () => {
    h = harness({ accountFeatures: { consumer: { opened: false } } });
    h.call(CONSUMER, "OpenPrivateLinkService", {});
    const snap = h.world.snapshot();
    h.world.reset();
    expect(h.call(CONSUMER, "CheckProductOpen", {})).toEqual({ Success: false });
    h.world.restore(snap);
    expect(h.call(CONSUMER, "CheckProductOpen", {})).toEqual({ Success: true });

    const view = h.world.patchObject("account", "consumer", { PrivateLinkOpened: false, ReverseEndpointAllowed: true });
    expect(view).toEqual({
      AccountId: CONSUMER.accountId,
      Name: "consumer",
      PrivateLinkOpened: false,
      ReverseEndpointAllowed: true,
      ZoneResourceManagementAllowed: false,
    });
    expect(h.fail(CONSUMER, "DescribeRegions", {}).code).toBe("NeedOpenProduct");
    expect(() => h.world.patchObject("account", "nobody", { PrivateLinkOpened: true })).toThrow(/No account with id 'nobody'/);
    expect(() => h.world.patchObject("account", "owner", { Opened: true })).toThrow(/patchable: PrivateLinkOpened/);
  });

  it("refuses feature options for unknown accounts or features", () => {
    expect(() => harness({ accountFeatures: { stranger: { opened: false } } })).toThrow(/no account named or numbered 'stranger'/);
    expect(() => harness({ accountFeatures: { owner: { wings: true } as never } })).toThrow(/unknown feature 'wings'/);
  });
});
