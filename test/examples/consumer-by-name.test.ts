// examples/consumer-by-name under Pulumi's mocks with real providers and lookups against the emulator: the
// consumer finds a whitelisted service by name and gets an interface in each zone the service has backends in.
import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as api from "../../src/api/privatelink";
import { PrivateLinkClient } from "../../src/client/client";
import { resolveSettings } from "../../src/client/settings";
import { startEmulator, type Emulator } from "../../src/emulator";

const root = path.resolve(__dirname, "../..");
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0 });
});
afterAll(async () => emulator?.stop());

function clientAs(name: string) {
  const a = emulator.accounts.find((x) => x.name === name)!;
  return new PrivateLinkClient(
    resolveSettings({ explicit: { region: emulator.regionId, endpoint: emulator.endpoint, accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret }, env: {}, homeDir: "/nonexistent" }),
  );
}

async function runAsConsumer(serviceName: string) {
  const consumer = emulator.accounts.find((x) => x.name === "consumer")!;
  return promisify(execFile)(process.execPath, [path.join(__dirname, "run-with-mocks.js"), path.join(root, "examples/consumer-by-name")], {
    cwd: root,
    env: {
      ...process.env,
      ALIBABA_CLOUD_ACCESS_KEY_ID: consumer.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: consumer.accessKeySecret,
      MOCK_CONFIG: JSON.stringify({
        "alicloud-privatelink:region": emulator.regionId,
        "alicloud-privatelink:endpoint": emulator.endpoint,
        "mocked:serviceName": serviceName,
      }),
    },
    timeout: 120_000,
  });
}

describe("examples/consumer-by-name", () => {
  it("finds the whitelisted service by name and connects in the service's zones", async () => {
    const owner = clientAs("owner");
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
    expect(String(refused.stderr ?? refused.message)).toMatch(/not whitelisted|has not whitelisted/);

    await api.addUserToVpcEndpointService(owner, { ServiceId: service.ServiceId, UserId: consumerId });
    const { stdout } = await runAsConsumer(got.ServiceName!);
    const line = stdout.split("\n").find((l) => l.startsWith("@@result "))!;
    const { outputs } = JSON.parse(line.slice("@@result ".length));
    expect(outputs.endpointId).toMatch(/^ep-/);
    expect(outputs.connectionStatus).toBe("Disconnected");
    const zones = await api.listAllVpcEndpointZones(clientAs("consumer"), { EndpointId: outputs.endpointId });
    expect(zones.map((z) => z.ZoneId).sort()).toEqual(["cn-hangzhou-h", "cn-hangzhou-i"]);
  }, 180_000);
});
