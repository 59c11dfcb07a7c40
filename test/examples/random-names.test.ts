// examples/random-names uses @pulumi/random, whose plugin cannot be fetched offline: it runs under the SDK's
// mocks for the random resources, while our dynamic resources run for real against the emulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as api from "../../src/api/privatelink";
import { startEmulator, type Emulator } from "../../src/emulator";
import { clientAs } from "../helpers/emulator-clients";
import { actAs, runExample } from "./run-example";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.002 });
});
afterAll(async () => emulator?.stop());

function run(uuid: string, pet: string) {
  return runExample("random-names", {
    config: { "alicloud-privatelink:region": emulator.regionId, "alicloud-privatelink:endpoint": emulator.endpoint },
    env: { ...actAs(emulator.accounts[0]!), MOCK_RANDOM_UUID: uuid, MOCK_PET: pet },
  });
}

describe("examples/random-names", () => {
  it("names the endpoint with the pet and creates the service with the kept token; a re-run with the same token creates nothing new", async () => {
    const first = await run("3f2c8a9e-6f0b-4a53-9d61-0c6a1f3e9b27", "brave-otter");
    expect(first.outputs.endpointName).toBe("inventory-brave-otter");
    expect(first.outputs.createTokenUsed).toBe("3f2c8a9e-6f0b-4a53-9d61-0c6a1f3e9b27");
    expect(first.outputs.serviceId).toMatch(/^epsrv-/);

    // A crashed `up` re-run: the state kept the RandomUuid, so the create call carries the same token.
    const second = await run("3f2c8a9e-6f0b-4a53-9d61-0c6a1f3e9b27", "brave-otter");
    expect(second.outputs.serviceId).toBe(first.outputs.serviceId);
    expect(await api.listAllVpcEndpointServices(clientAs(emulator, "owner"), {})).toHaveLength(1);
  }, 180_000);
});
