// examples/service-owner under Pulumi's mocks with its real providers against the emulator: a service, two
// backends declared at once and a partner whitelisted. (Approving connections is covered by the
// EndpointConnection tests: a mocked run has no state to come back to.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as api from "../../src/api/privatelink";
import { startEmulator, type Emulator } from "../../src/emulator";
import { clientAs } from "../helpers/emulator-clients";
import { actAs, runExample } from "./run-example";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0 });
});
afterAll(async () => emulator?.stop());

describe("examples/service-owner", () => {
  it("publishes the service with both backends declared at once and whitelists the partner", async () => {
    const partner = emulator.accounts.find((x) => x.name === "consumer")!;
    const { outputs } = await runExample("service-owner", {
      config: {
        "alicloud-privatelink:region": emulator.regionId,
        "alicloud-privatelink:endpoint": emulator.endpoint,
        "mocked:partnerAccounts": JSON.stringify([partner.accountId]),
      },
      env: actAs(emulator.accounts.find((x) => x.name === "owner")!),
    });
    expect(outputs.whitelisted).toEqual([partner.accountId]);
    expect(outputs.backendZones.sort()).toEqual(["cn-hangzhou-h", "cn-hangzhou-i"]);
    const resources = await api.listAllVpcEndpointServiceResources(clientAs(emulator, "owner"), { ServiceId: outputs.serviceId });
    expect(resources.map((r) => r.ResourceId).sort()).toEqual(["lb-hzowner0000000000001", "lb-hzowner0000000000002"]);
  }, 180_000);
});
