// The root quick-start program (Pulumi.yaml → examples/quickstart) under the SDK's mocks, with every dynamic
// resource run for real against the emulator in two accounts: the program's wiring (outputs flowing from the
// service to the endpoint to the connection) and the cross-account flow end to end, without the CLI.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { runExample } from "./run-example";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.002 });
});
afterAll(async () => emulator?.stop());

describe("the quick start", () => {
  it("creates both sides in two accounts and the connection ends up Connected", async () => {
    const [owner, consumer] = emulator.accounts;
    const profiles = Object.fromEntries(
      [owner!, consumer!].map((a) => [a.name, { accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret, endpoint: emulator.endpoint }]),
    );
    const { outputs, created } = await runExample("quickstart", {
      config: {
        "alicloud-privatelink:region": emulator.regionId,
        "alicloud-privatelink:profiles": JSON.stringify(profiles),
        "mocked:consumerAccountId": consumer!.accountId,
      },
    });
    expect(created.map((c) => c.type.split(":").pop()).sort()).toEqual([
      "EndpointConnection",
      "EndpointZone",
      "SecurityGroupAttachment",
      "ServiceResourceAttachment",
      "VpcEndpoint",
      "VpcEndpointService",
      "WhitelistUser",
    ]);
    expect(outputs.connectionStatus).toBe("Connected");
    expect(outputs.connectionBandwidth).toBe(1024);
    // Outputs are what the service had when created; the second backend (zone I) was attached afterwards.
    expect(outputs.serviceZones).toEqual(["cn-hangzhou-h"]);
    expect(outputs.endpointDomain).toMatch(new RegExp(`^${outputs.endpointId}\\.${outputs.serviceId}\\.`));
    expect(["Connected", "Connecting"]).toContain(outputs.extraZoneStatus);
    expect(JSON.stringify(emulator.world.describeObjects())).toContain(outputs.endpointId);
  }, 180_000);
});
