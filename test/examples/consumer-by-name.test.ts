// examples/consumer-by-name under Pulumi's mocks with real providers and lookups against the emulator: the
// consumer finds a whitelisted service by name and gets an interface in each zone the service has backends in.
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

function runAsConsumer(serviceName: string) {
  return runExample("consumer-by-name", {
    config: {
      "alicloud-privatelink:region": emulator.regionId,
      "alicloud-privatelink:endpoint": emulator.endpoint,
      "mocked:serviceName": serviceName,
    },
    env: actAs(emulator.accounts.find((x) => x.name === "consumer")!),
  });
}

describe("examples/consumer-by-name", () => {
  it("finds the whitelisted service by name and connects in the service's zones", async () => {
    const owner = clientAs(emulator, "owner");
    const service = await api.createVpcEndpointService(owner, {
      Resource: [
        { ResourceId: "lb-hzowner0000000000001", ResourceType: "slb" },
        { ResourceId: "lb-hzowner0000000000002", ResourceType: "slb" },
      ],
    });
    const consumerId = emulator.accounts.find((x) => x.name === "consumer")!.accountId;
    const got = await api.getVpcEndpointServiceAttribute(owner, { ServiceId: service.ServiceId });

    // Not whitelisted yet: the lookup says why.
    const refused = await runAsConsumer(got.ServiceName!).catch((e) => e);
    expect(String(refused.stderr ?? refused.message)).toMatch(/not whitelisted/);

    await api.addUserToVpcEndpointService(owner, { ServiceId: service.ServiceId, UserId: consumerId });
    const { outputs } = await runAsConsumer(got.ServiceName!);
    expect(outputs.endpointId).toMatch(/^ep-/);
    expect(outputs.connectionStatus).toBe("Disconnected");
    const zones = await api.listAllVpcEndpointZones(clientAs(emulator, "consumer"), { EndpointId: outputs.endpointId });
    expect(zones.map((z) => z.ZoneId).sort()).toEqual(["cn-hangzhou-h", "cn-hangzhou-i"]);
  }, 180_000);
});
