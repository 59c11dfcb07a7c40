// examples/service-owner under Pulumi's mocks with its real providers against the emulator: a service, two
// backends declared at once and a partner whitelisted. (Approving connections is covered by the
// EndpointConnection tests: a mocked run has no state to come back to.)
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

describe("examples/service-owner", () => {
  it("publishes the service with both backends declared at once and whitelists the partner", async () => {
    const owner = emulator.accounts.find((x) => x.name === "owner")!;
    const partner = emulator.accounts.find((x) => x.name === "consumer")!;
    const run = (config: Record<string, string>) =>
      promisify(execFile)(process.execPath, [path.join(__dirname, "run-with-mocks.js"), path.join(root, "examples/service-owner")], {
        cwd: root,
        env: {
          ...process.env,
          ALIBABA_CLOUD_ACCESS_KEY_ID: owner.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: owner.accessKeySecret,
          MOCK_CONFIG: JSON.stringify({
            "alicloud-privatelink:region": emulator.regionId,
            "alicloud-privatelink:endpoint": emulator.endpoint,
            "mocked:partnerAccounts": JSON.stringify([partner.accountId]),
            ...config,
          }),
        },
        timeout: 120_000,
      });
    const { stdout } = await run({});
    const { outputs } = JSON.parse(stdout.split("\n").find((l) => l.startsWith("@@result "))!.slice("@@result ".length));
    expect(outputs.whitelisted).toEqual([partner.accountId]);
    expect(outputs.backendZones.sort()).toEqual(["cn-hangzhou-h", "cn-hangzhou-i"]);
    const resources = await api.listAllVpcEndpointServiceResources(clientAs("owner"), { ServiceId: outputs.serviceId });
    expect(resources.map((r) => r.ResourceId).sort()).toEqual(["lb-hzowner0000000000001", "lb-hzowner0000000000002"]);

  }, 180_000);
});
