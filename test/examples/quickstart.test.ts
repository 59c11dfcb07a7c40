// The root quick-start program (Pulumi.yaml → examples/quickstart) under the SDK's mocks, with every dynamic
// resource run for real against the emulator in two accounts: the program's wiring (outputs flowing from the
// service to the endpoint to the connection) and the cross-account flow end to end, without the CLI.
import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";

const root = path.resolve(__dirname, "../..");
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
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(__dirname, "run-with-mocks.js"), path.join(root, "examples/quickstart")], {
      cwd: root,
      env: {
        ...process.env,
        ALIBABA_CLOUD_ACCESS_KEY_ID: "",
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: "",
        MOCK_CONFIG: JSON.stringify({
          "alicloud-privatelink:region": emulator.regionId,
          "alicloud-privatelink:profiles": JSON.stringify(profiles),
          "mocked:consumerAccountId": consumer!.accountId,
        }),
      },
      timeout: 120_000,
    });
    const line = stdout.split("\n").find((l) => l.startsWith("@@result "));
    expect(line, stdout).toBeDefined();
    const { outputs, created } = JSON.parse(line!.slice("@@result ".length));
    expect(created.map((c: { type: string }) => c.type.split(":").pop()).sort()).toEqual([
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
    const state = (emulator.world.describeObjects() as { endpoints: { EndpointId: string; OwnerId?: string; ownerId?: string }[] });
    expect(JSON.stringify(state)).toContain(outputs.endpointId);
  }, 180_000);
});
