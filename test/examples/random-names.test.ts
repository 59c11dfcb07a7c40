// examples/random-names uses @pulumi/random, whose plugin cannot be fetched offline: it runs under the SDK's
// mocks for the random resources, while our dynamic resources run for real against the emulator.
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
  emulator = await startEmulator({ timeScale: 0.002 });
});
afterAll(async () => emulator?.stop());

async function runExample(uuid: string, pet: string) {
  const owner = emulator.accounts[0]!;
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(__dirname, "run-with-mocks.js"), path.join(root, "examples/random-names")], {
    cwd: root,
    env: {
      ...process.env,
      ALIBABA_CLOUD_ACCESS_KEY_ID: owner.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: owner.accessKeySecret,
      MOCK_CONFIG: JSON.stringify({ "alicloud-privatelink:region": emulator.regionId, "alicloud-privatelink:endpoint": emulator.endpoint }),
      MOCK_RANDOM_UUID: uuid,
      MOCK_PET: pet,
    },
    timeout: 120_000,
  });
  const line = stdout.split("\n").find((l) => l.startsWith("@@result "));
  if (!line) throw new Error(`the program printed no result:\n${stdout}`);
  return JSON.parse(line.slice("@@result ".length)) as { outputs: Record<string, any>; created: { type: string; id: string }[] };
}

describe("examples/random-names", () => {
  it("names the endpoint with the pet and creates the service with the kept token; a re-run with the same token creates nothing new", async () => {
    const first = await runExample("3f2c8a9e-6f0b-4a53-9d61-0c6a1f3e9b27", "brave-otter");
    expect(first.outputs.endpointName).toBe("inventory-brave-otter");
    expect(first.outputs.createTokenUsed).toBe("3f2c8a9e-6f0b-4a53-9d61-0c6a1f3e9b27");
    expect(first.outputs.serviceId).toMatch(/^epsrv-/);

    // A crashed `up` re-run: the state kept the RandomUuid, so the create call carries the same token.
    const second = await runExample("3f2c8a9e-6f0b-4a53-9d61-0c6a1f3e9b27", "brave-otter");
    expect(second.outputs.serviceId).toBe(first.outputs.serviceId);

    const owner = emulator.accounts[0]!;
    const client = new PrivateLinkClient(
      resolveSettings({ explicit: { region: emulator.regionId, endpoint: emulator.endpoint, accessKeyId: owner.accessKeyId, accessKeySecret: owner.accessKeySecret }, env: {}, homeDir: "/nonexistent" }),
    );
    expect(await api.listAllVpcEndpointServices(client, {})).toHaveLength(1);
  }, 180_000);
});
