// The stack benchmark's slot model (bench/stack.ts): how long the engine's slots alone make a run, with no
// overhead at all, printed beside each measured run. Hand-computed schedules as data, and the model meeting the critical path
// once every resource has a slot.
import { describe, expect, it } from "vitest";
import { criticalPathMs, slotModelMs, stackModel } from "../../bench/stack";

describe("slot model of the engine", () => {
  it.each([1, 10, 40])("with a slot per resource it is the critical path (%i endpoints)", (endpoints) => {
    const model = stackModel(1, endpoints);
    const slots = 2 + 3 * endpoints;
    expect(slotModelMs(model.up, slots)).toBe(criticalPathMs(1).up);
    expect(slotModelMs(model.destroy, slots)).toBe(criticalPathMs(1).destroy);
  });

  // Schedules worked by hand from the emulator's default delays (s): service 15, endpoint 45, zone 30 and
  // security group 10 on the endpoint's lock (up); group 10, zone 20, endpoint 30, service 10 (destroy).
  const cases: { endpoints: number; slots: number; upS: number; destroyS: number; why: string }[] = [
    {
      endpoints: 2,
      slots: 2,
      // Endpoints 15-60; zone-0 60-90 while sg-0 holds the second slot queued on endpoint-0's lock; sg-0 90-100 and
      // zone-1 90-120; sg-1 takes sg-0's slot at 100 and queues behind zone-1: 120-130.
      upS: 130,
      // Reverse order: sg-1 0-10 while zone-1 holds the second slot queued on endpoint-1's lock; zone-1 10-30 and
      // sg-0 10-20; zone-0 20-40; the endpoints 40-70; service 70-80.
      destroyS: 80,
      why: "two endpoints, two slots",
    },
    {
      endpoints: 2,
      slots: 1,
      // One slot: everything in a row (service, two endpoints, then each child alone).
      upS: 15 + 45 + 45 + 30 + 10 + 30 + 10,
      destroyS: 10 + 20 + 10 + 20 + 30 + 30 + 10,
      why: "one slot",
    },
  ];
  it.each(cases)("$why: up $upS s, destroy $destroyS s", ({ endpoints, slots, upS, destroyS }) => {
    const model = stackModel(1, endpoints);
    expect(slotModelMs(model.up, slots)).toBe(upS * 1000);
    expect(slotModelMs(model.destroy, slots)).toBe(destroyS * 1000);
  });

  it("scales with the time scale", () => {
    const model = stackModel(0.2, 10);
    expect(slotModelMs(model.up, 8)).toBeCloseTo(slotModelMs(stackModel(1, 10).up, 8) * 0.2, 6);
  });
});
