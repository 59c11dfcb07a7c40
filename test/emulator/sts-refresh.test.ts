// Renewal: with the emulator's token lives scaled down (900 s × 0.002 ≈ 2 s), a wait that lasts more than three token
// lives succeeds on credentials renewed before they expire; a renewal refused mid-wait is an error naming the role.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrivateLinkClient } from "../../src/client/client";
import { credentialSourceFor } from "../../src/client/credential-providers";
import { resolveSettings } from "../../src/client/settings";
import { type Emulator, startEmulator } from "../../src/emulator";
import { statusIs, waitFor } from "../../src/waiter";

const TIME_SCALE = 0.002;
const ROLE = "acs:ram::1380000000000001:role/deployer";
let emu: Emulator;

function trust(principal: string) {
  return { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [principal] } }] };
}

async function putRole(principal: string): Promise<void> {
  const res = await fetch(`${emu.adminUrl}/roles`, {
    method: "POST",
    headers: { "x-emulator-admin-token": emu.adminToken },
    body: JSON.stringify({ account: "owner", roleName: "deployer", trustPolicy: trust(principal) }),
  });
  expect(res.status).toBe(201);
}

function roleClient(): PrivateLinkClient {
  const consumer = emu.accounts.find((a) => a.name === "consumer")!;
  return new PrivateLinkClient(
    resolveSettings({
      explicit: {
        region: emu.regionId,
        endpoint: emu.endpoint,
        stsEndpoint: emu.endpoint,
        accessKeyId: consumer.accessKeyId,
        accessKeySecret: consumer.accessKeySecret,
        // A session name per client, so each test starts a session of its own.
        assumeRole: { roleArn: ROLE, durationSeconds: 900, sessionName: `refresh-${Math.random().toString(36).slice(2, 10)}` },
      },
      env: {},
      homeDir: "/nonexistent",
    }),
  );
}

beforeAll(async () => {
  // Creating a service takes 3,000 s × 0.002 = 6 s: more than three token lives of 1.8 s.
  emu = await startEmulator({ timeScale: TIME_SCALE, delays: { serviceCreating: 3_000_000 } });
});

afterAll(async () => {
  await emu?.stop();
});

describe("credentials renewed inside a long wait", () => {
  it("a wait that outlives three token lives succeeds, each attempt signed with a live token", async () => {
    await putRole("acs:ram::1380000000000002:root");
    const client = roleClient();
    const first = await client.credentials.get();
    const assumedBefore = emu.requestCounts().byAction.AssumeRole?.total ?? 0;
    const started = Date.now();
    const { ServiceId } = await client.call<{ ServiceId: string }>("CreateVpcEndpointService", { ServiceDescription: "slow" });
    const result = await waitFor<{ ServiceStatus: string }>({
      subject: `VpcEndpointService ${ServiceId}`,
      target: "ServiceStatus Active",
      poll: () => client.call("GetVpcEndpointServiceAttribute", { ServiceId }),
      acceptors: [statusIs((v) => v.ServiceStatus, ["Active"], "success")],
      describe: (o) => (o.kind === "value" ? o.value.ServiceStatus : o.kind),
      timeoutMs: 30_000,
      minDelayMs: 150,
      maxDelayMs: 300,
      onProgress: () => {},
    });
    const elapsed = Date.now() - started;
    const tokenLifeMs = 900 * 1000 * TIME_SCALE;
    expect(result.observation.kind).toBe("value");
    expect(elapsed).toBeGreaterThan(3 * tokenLifeMs);
    // Renewed at least three times during the wait, and no call was refused for an expired token.
    expect((emu.requestCounts().byAction.AssumeRole?.total ?? 0) - assumedBefore).toBeGreaterThanOrEqual(3);
    const outcomes = emu.requestCounts().byAction.GetVpcEndpointServiceAttribute?.byOutcome ?? {};
    expect(Object.keys(outcomes).filter((o) => o.startsWith("InvalidSecurityToken"))).toEqual([]);
    expect(outcomes.Success).toBe(result.polls);
    // The token the wait started with really expired on the way.
    const stale = new PrivateLinkClient(
      resolveSettings({ explicit: { region: emu.regionId, endpoint: emu.endpoint, accessKeyId: "x", accessKeySecret: "y" }, env: {}, homeDir: "/x" }),
      {
        credentials: { kind: "stsToken", description: "the first token", identity: "first", get: async () => first, invalidate: () => false },
      },
    );
    await expect(stale.call("GetVpcEndpointServiceAttribute", { ServiceId })).rejects.toThrow(/InvalidSecurityToken\.Expired/);
  });

  it("a renewal refused mid-wait ends it with an error naming the role and the reason", async () => {
    await putRole("acs:ram::1380000000000002:root");
    const client = roleClient();
    await client.call("ListVpcEndpointServices", {});
    // The role's trust policy changes: the consumer may no longer assume it.
    await putRole("acs:ram::1380000000000099:root");
    const deadline = Date.now() + 10_000;
    let error: Error | undefined;
    while (!error && Date.now() < deadline) {
      error = await client.call("ListVpcEndpointServices", {}).then(
        () => undefined,
        (e: Error) => e,
      );
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(error?.name).toBe("CredentialsError");
    expect(error?.message).toContain(ROLE);
    expect(error?.message).toMatch(/AssumeRole failed: NoPermission \(HTTP 403\): No permission perform sts:AssumeRole on this Role/);
  });

  it("sources are shared: two clients of one role assume it once", async () => {
    await putRole("acs:ram::1380000000000002:root");
    const a = roleClient();
    const spec = (a as unknown as { settings: { credentials: Parameters<typeof credentialSourceFor>[0] } }).settings.credentials;
    const options = { connectTimeoutMs: 1000, readTimeoutMs: 1000, maxRetries: 1, retryBudgetMs: 1000 };
    expect(credentialSourceFor(spec, options)).toBe(credentialSourceFor(spec, options));
  });
});
