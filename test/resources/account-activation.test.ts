// PrivateLinkActivation and getPrivateLinkActivation against the emulator: a fresh account (PrivateLink not
// activated) is opened once; an activated one is taken as it is; refresh notices a closed account.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getPrivateLinkActivation } from "../../src/functions";
import { startLifecycleEnv, type LifecycleEnv } from "../helpers/lifecycle-env";

let env: LifecycleEnv;
const lookupArgs = () => ({ settings: { region: env.emulator.regionId, endpoint: env.emulator.endpoint, ...keysOf("owner") } });
const keysOf = (name: string) => {
  const a = env.emulator.accounts.find((x) => x.name === name)!;
  return { accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret };
};

beforeAll(async () => {
  env = await startLifecycleEnv();
});
afterAll(async () => {
  await env?.stop();
});
beforeEach(() => {
  env.emulator.reset();
  env.emulator.resetRequestCounts();
  env.progress.length = 0;
});

describe("PrivateLinkActivation", () => {
  it("opens PrivateLink for an account that is not activated, once", async () => {
    env.emulator.world.patchObject("account", "owner", { PrivateLinkOpened: false });
    expect(await getPrivateLinkActivation(lookupArgs())).toEqual({ opened: false });

    const s = await env.up("PrivateLinkActivation", {});
    expect(s.id).toBe("privatelink");
    expect(s.outputs.opened).toBe(true);
    expect(env.counts().OpenPrivateLinkService).toBe(1);
    expect(env.progress.some((l) => /activated \(order \d{12}\)/.test(l))).toBe(true);
    expect(await getPrivateLinkActivation(lookupArgs())).toEqual({ opened: true });

    // The account's other calls now work.
    expect((await env.up("VpcEndpointService", { serviceDescription: "after activation" })).outputs.serviceStatus).toBe("Active");
  });

  it("takes an activated account as it is (no OpenPrivateLinkService call), and a second up changes nothing", async () => {
    const s = await env.up("PrivateLinkActivation", {});
    expect(env.counts().OpenPrivateLinkService).toBeUndefined();
    const again = await env.up("PrivateLinkActivation", {}, s);
    expect(again.diff.changes).toBe(false);
  });

  it("refresh drops it when the account is no longer activated; up opens it again; destroy leaves it open", async () => {
    const s = await env.up("PrivateLinkActivation", {});
    env.emulator.world.patchObject("account", "owner", { PrivateLinkOpened: false });
    expect(await env.refresh("PrivateLinkActivation", s)).toBeUndefined();
    const again = await env.up("PrivateLinkActivation", {});
    expect(again.outputs.opened).toBe(true);
    await env.destroy("PrivateLinkActivation", again);
    expect(await getPrivateLinkActivation(lookupArgs())).toEqual({ opened: true });
    expect(env.progress.some((l) => /stays activated/.test(l))).toBe(true);
  });

  it("a closed account's other resources fail with NeedOpenProduct", async () => {
    env.emulator.world.patchObject("account", "owner", { PrivateLinkOpened: false });
    await expect(env.up("VpcEndpointService", {})).rejects.toThrow(/NeedOpenProduct/);
  });
});
