// Shared setup of the endpoint-side resource tests: an emulator over loopback HTTP (timeScale 0.01), provider
// settings from the environment (the consumer's keys, region and the emulator endpoint, as a user would export
// them), the seeded inventory IDs, and steps that drive a provider the way the engine does.
import * as pulumi from "@pulumi/pulumi";
import * as api from "../../src/api/privatelink";
import type { PrivateLinkClient } from "../../src/client/client";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator";
import { accountTags, seedId } from "../../src/emulator/inventory";
import type { EmulatorAccount } from "../../src/emulator/types";
import { resetProviderContext, setProgressSink, setStackConfig } from "../../src/provider/context";
import type { LifecycleProvider } from "../../src/provider/lifecycle";
import { lifecycleFor } from "../../src/provider/runtime";
import { clientAs as clientAsAccount } from "../helpers/emulator-clients";
import { stepDestroy, stepRefresh, stepUp, type ResourceState } from "../helpers/engine-steps";

export type State = ResourceState;

export const PROVIDER_TEXT = "endpoint-tests-provider-v1";

/** Environment variables the tests set (and restore): the consumer's settings. */
const ENV_KEYS = [
  "ALIBABA_CLOUD_PRIVATELINK_TRANSITION_TIME_SCALE",
  "ALIBABA_CLOUD_ACCESS_KEY_ID",
  "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  "ALIBABA_CLOUD_SECURITY_TOKEN",
  "ALIBABA_CLOUD_REGION_ID",
  "ALIBABA_CLOUD_ENDPOINT_PRIVATELINK",
  "ALIBABA_CLOUD_PROFILE",
  "ALICLOUD_ACCESS_KEY",
  "ALICLOUD_SECRET_KEY",
  "ALICLOUD_SECURITY_TOKEN",
  "ALICLOUD_REGION",
  "ALICLOUD_PROFILE",
  "ALIBABA_CLOUD_CREDENTIALS_FILE",
] as const;

export interface Seeds {
  vpc: string;
  vswH: string;
  vswI: string;
  vswJ: string;
  sg1: string;
  sg2: string;
  sgEnterprise: string;
  lbH: string;
  lbI: string;
}

export interface EndpointEnv {
  emulator: Emulator;
  owner: EmulatorAccount;
  consumer: EmulatorAccount;
  /** The consumer's seeded VPC, vSwitches and groups, and the owner's load balancers (cn-hangzhou). */
  seeds: Seeds;
  progress: string[];
  provider(kind: string): LifecycleProvider;
  clientAs(account: "owner" | "consumer"): PrivateLinkClient;
  /** check → create, or check → diff → update / replace, like `pulumi up` for one resource. */
  up(
    kind: string,
    args: Record<string, unknown>,
    prior?: State,
  ): Promise<State & { diff?: { changes?: boolean; replaces?: string[]; deleteBeforeReplace?: boolean } }>;
  /** read, like `pulumi refresh`; undefined when the object is gone. */
  refresh(kind: string, state: State): Promise<State | undefined>;
  destroy(kind: string, state: State): Promise<void>;
  /** Calls per action since the last reset. */
  counts(): Record<string, number>;
  /** Write calls (anything but Get/List/Describe) since the last reset. */
  writes(): string[];
  /** The owner's Active service backed by lb-h and lb-i, whitelisting the consumer (made through the API). */
  makeService(options?: { autoAccept?: boolean; whitelistConsumer?: boolean }): Promise<{ serviceId: string; serviceName: string }>;
  /** Sets the consumer's settings in the environment and forgets cached clients. */
  useEnvironmentSettings(): void;
  /**
   * No credentials in the environment: the region and the named profiles `owner` and `consumer` come from stack
   * config only, as the provider process gets it (configure) and as the program process sees it (lookups).
   */
  useStackProfiles(): Record<string, string>;
  stop(): Promise<void>;
}

export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `options` go to the emulator (default time scale 0.01). */
export async function startEndpointEnv(options: EmulatorOptions = {}): Promise<EndpointEnv> {
  const emulator = await startEmulator({ timeScale: 0.01, ...options });
  const owner = emulator.accounts.find((a) => a.name === "owner")!;
  const consumer = emulator.accounts.find((a) => a.name === "consumer")!;
  const tags = accountTags(emulator.accounts);
  const consumerTag = tags[emulator.accounts.indexOf(consumer)]!;
  const ownerTag = tags[emulator.accounts.indexOf(owner)]!;
  const region = emulator.regionId;
  const seeds: Seeds = {
    vpc: seedId("vpc-", region, consumerTag, 1),
    vswH: seedId("vsw-", region, consumerTag, 1),
    vswI: seedId("vsw-", region, consumerTag, 2),
    vswJ: seedId("vsw-", region, consumerTag, 3),
    sg1: seedId("sg-", region, consumerTag, 1),
    sg2: seedId("sg-", region, consumerTag, 2),
    sgEnterprise: seedId("sg-", region, consumerTag, 3),
    lbH: seedId("lb-", region, ownerTag, 1),
    lbI: seedId("lb-", region, ownerTag, 2),
  };

  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  const useEnvironmentSettings = () => {
    for (const k of ENV_KEYS) delete process.env[k];
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = consumer.accessKeyId;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = consumer.accessKeySecret;
    process.env.ALIBABA_CLOUD_REGION_ID = region;
    process.env.ALIBABA_CLOUD_ENDPOINT_PRIVATELINK = emulator.endpoint;
    // The waits expect the emulator's pace (docs/configuration.md).
    process.env.ALIBABA_CLOUD_PRIVATELINK_TRANSITION_TIME_SCALE = "0.01";
    // No profile files of the machine: the credentials file location points nowhere.
    process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = "/nonexistent/credentials";
    resetProviderContext();
    pulumi.runtime.setAllConfig({});
  };
  useEnvironmentSettings();

  const useStackProfiles = () => {
    for (const k of ENV_KEYS) delete process.env[k];
    process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = "/nonexistent/credentials";
    const profiles = Object.fromEntries(
      [owner, consumer].map((a) => [a.name, { accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret, endpoint: emulator.endpoint }]),
    );
    const config: Record<string, string> = {
      "alicloud-privatelink:region": region,
      "alicloud-privatelink:profiles": JSON.stringify(profiles),
    };
    resetProviderContext();
    setStackConfig({ get: (k: string) => config[k] });
    pulumi.runtime.setAllConfig(config);
    return config;
  };

  const progress: string[] = [];
  setProgressSink((line) => progress.push(line));
  const provider = (kind: string) => lifecycleFor(kind);

  const clientAs = (account: "owner" | "consumer") => clientAsAccount(emulator, account);

  const counts = () => Object.fromEntries(Object.entries(emulator.requestCounts().byAction).map(([k, v]) => [k, v.total]));

  async function makeService(options: { autoAccept?: boolean; whitelistConsumer?: boolean } = {}) {
    const c = clientAs("owner");
    const created = await api.createVpcEndpointService(c, {
      AutoAcceptEnabled: options.autoAccept ?? false,
      Resource: [
        { ResourceId: seeds.lbH, ResourceType: "slb" },
        { ResourceId: seeds.lbI, ResourceType: "slb" },
      ],
    });
    await until("service Active", async () => {
      const s = await api.getVpcEndpointServiceAttribute(c, { ServiceId: created.ServiceId });
      return s.ServiceStatus === "Active" ? s : undefined;
    });
    if (options.whitelistConsumer ?? true) {
      await api.addUserToVpcEndpointService(c, { ServiceId: created.ServiceId, UserId: consumer.accountId });
    }
    const s = await api.getVpcEndpointServiceAttribute(c, { ServiceId: created.ServiceId });
    c.close();
    return { serviceId: created.ServiceId, serviceName: s.ServiceName! };
  }

  return {
    emulator,
    owner,
    consumer,
    seeds,
    progress,
    provider,
    clientAs,
    up: (kind, args, prior) => stepUp(provider(kind), args, prior, PROVIDER_TEXT),
    refresh: (kind, state) => stepRefresh(provider(kind), state),
    destroy: (kind, state) => stepDestroy(provider(kind), state),
    counts,
    writes: () => Object.keys(counts()).filter((a) => counts()[a]! > 0 && !/^(Get|List|Describe)/.test(a)),
    makeService,
    useEnvironmentSettings,
    useStackProfiles,
    async stop() {
      pulumi.runtime.setAllConfig({});
      setProgressSink(undefined);
      resetProviderContext();
      for (const k of ENV_KEYS) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      await emulator.stop();
    },
  };
}
