// Public entry point of the PrivateLink emulator: startEmulator() runs the World behind the protocol layer on
// 127.0.0.1 and hands back the endpoint, the accounts, the world and admin helpers.

import { World, type WorldOptions } from "./world";
import { startProtocolServer, type ProtocolOptions, type RunningEmulator } from "./server";

export interface EmulatorOptions extends ProtocolOptions {
  /** Multiplies every transition delay; 0 makes transitions finish at the next request. */
  timeScale?: number;
  /** Per-phase transition delays (ms) before scaling. */
  delays?: WorldOptions["delays"];
  /** Clock of the world (tests). */
  now?: () => number;
  /** Seed of generated IDs; defaults to `seed` when one is given (a seeded run repeats its IDs too), else random. */
  idSeed?: string;
  /**
   * Per account (by name or ID): `opened: false` starts it with PrivateLink not activated; `reverseEndpoints`,
   * `zoneResourceManagement` grant allow-lists. Default: activated, no allow-lists.
   */
  accountFeatures?: WorldOptions["accountFeatures"];
}

export type Emulator = RunningEmulator<World>;

/** Starts an emulator; resolves once it listens. Call `stop()` when done (flushes the state file). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startProtocolServer(options, ({ accounts, regionId, isStuck }) => {
    const worldOptions: WorldOptions = { accounts, regionId, isStuck };
    if (options.timeScale !== undefined) worldOptions.timeScale = options.timeScale;
    if (options.delays !== undefined) worldOptions.delays = options.delays;
    if (options.now !== undefined) worldOptions.now = options.now;
    if (options.accountFeatures !== undefined) worldOptions.accountFeatures = options.accountFeatures;
    const idSeed = options.idSeed ?? (options.seed !== undefined ? String(options.seed) : undefined);
    if (idSeed !== undefined) worldOptions.idSeed = idSeed;
    return new World(worldOptions);
  });
}

export { World, DEFAULT_DELAYS, type WorldOptions } from "./world";
export { DEFAULT_ACCOUNTS, type StsCredentials } from "./accounts";
export { DEFAULT_FEATURES, type AccountFeatures, type AccountFeatureOptions } from "./features";
export { parseFaultSpec, formatFaultSpec, FaultSpecError, type FaultConfig } from "./faults";
export { startProtocolServer, type ProtocolOptions, type RunningEmulator, type RequestCountsSnapshot, type WorldLike } from "./server";
export { EmulatorError, type EmulatorAccount, type RequestContext, type OperationHandler, type OperationRegistry } from "./types";
