// A signed client acting as one of the emulator's accounts, with nothing taken from the environment or the
// machine's profile files.
import { PrivateLinkClient } from "../../src/client/client";
import { resolveSettings } from "../../src/client/settings";
import type { Emulator } from "../../src/emulator";

export function clientAs(emulator: Emulator, accountName: string): PrivateLinkClient {
  const account = emulator.accounts.find((a) => a.name === accountName);
  if (!account) throw new Error(`the emulator has no account named ${accountName}`);
  return new PrivateLinkClient(
    resolveSettings({
      explicit: { region: emulator.regionId, endpoint: emulator.endpoint, accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret },
      env: {},
      homeDir: "/nonexistent",
    }),
  );
}
