// Shared set-up of the world tests: three accounts, an injected clock and short-hands for calling handlers.

import { World, type WorldOptions } from "../../src/emulator/world";
import { EmulatorError, type EmulatorAccount } from "../../src/emulator/types";

export const OWNER: EmulatorAccount = { accountId: "1000000000000001", accessKeyId: "AKOWNER", accessKeySecret: "owner-secret", name: "owner" };
export const CONSUMER: EmulatorAccount = { accountId: "2000000000000002", accessKeyId: "AKCONSUMER", accessKeySecret: "consumer-secret", name: "consumer" };
export const THIRD: EmulatorAccount = { accountId: "3000000000000003", accessKeyId: "AKTHIRD", accessKeySecret: "third-secret", name: "third" };

/** Seeded inventory IDs (see notes/readme-emulator-world.md). */
export const INV = {
  owner: {
    vpc: "vpc-hzowner0000000000001",
    vswH: "vsw-hzowner0000000000001",
    slbH: "lb-hzowner0000000000001",
    slbI: "lb-hzowner0000000000002",
    slbNoPrivateLink: "lb-hzowner0000000000003",
    albJ: "alb-hzowner0000000000001",
    nlbDualStack: "nlb-hzowner0000000000001",
    nlbJ: "nlb-hzowner0000000000002",
    gwlb: "gwlb-hzowner0000000000001",
    shSlb: "lb-showner0000000000001",
  },
  consumer: {
    vpc: "vpc-hzconsumer0000000001",
    vpcDualStack: "vpc-hzconsumer0000000002",
    vswH: "vsw-hzconsumer0000000001",
    vswI: "vsw-hzconsumer0000000002",
    vswJ: "vsw-hzconsumer0000000003",
    vswDualH: "vsw-hzconsumer0000000004",
    vswPendingJ: "vsw-hzconsumer0000000006",
    sg1: "sg-hzconsumer0000000001",
    sg2: "sg-hzconsumer0000000002",
    sgEnterprise: "sg-hzconsumer0000000003",
    sgDual: "sg-hzconsumer0000000004",
  },
} as const;

export type Params = Record<string, string | undefined>;

export interface Harness {
  world: World;
  now(): number;
  advance(ms: number): void;
  call(who: EmulatorAccount, action: string, params?: Params, dryRun?: boolean): Record<string, any>;
  fail(who: EmulatorAccount, action: string, params?: Params, dryRun?: boolean): EmulatorError;
  /** An Active service of OWNER over the slb resources in zones h and i. */
  activeService(extra?: Params): string;
  /** An endpoint of CONSUMER (whitelisted first) in zone h; Active unless `wait` is false. */
  endpoint(serviceId: string, extra?: Params, wait?: boolean): string;
}

export const START = Date.UTC(2024, 0, 2, 3, 4, 5);

export function harness(options: Partial<WorldOptions> = {}): Harness {
  let clock = START;
  const world = new World({ accounts: [OWNER, CONSUMER, THIRD], now: () => clock, timeScale: 1, idSeed: "world-tests", ...options });
  const call = (who: EmulatorAccount, action: string, params: Params = {}, dryRun = false): Record<string, any> => {
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries({ RegionId: "cn-hangzhou", ...params })) if (v !== undefined) merged[k] = v;
    const handler = world.operations[action];
    if (!handler) throw new Error(`no handler ${action}`);
    return handler({ action, accountId: who.accountId, accessKeyId: who.accessKeyId, viaSts: false, requestId: "REQ", params: merged, dryRun });
  };
  const fail = (who: EmulatorAccount, action: string, params: Params = {}, dryRun = false): EmulatorError => {
    try {
      call(who, action, params, dryRun);
    } catch (e) {
      if (e instanceof EmulatorError) return e;
      throw e;
    }
    throw new Error(`${action} succeeded but should have failed`);
  };
  const advance = (ms: number): void => {
    clock += ms;
    world.settle();
  };
  const h: Harness = {
    world,
    now: () => clock,
    advance,
    call,
    fail,
    activeService(extra = {}) {
      const r = call(OWNER, "CreateVpcEndpointService", {
        "Resource.1.ResourceId": INV.owner.slbH,
        "Resource.1.ResourceType": "slb",
        "Resource.2.ResourceId": INV.owner.slbI,
        "Resource.2.ResourceType": "slb",
        ...extra,
      });
      advance(60_000);
      return r["ServiceId"] as string;
    },
    endpoint(serviceId, extra = {}, wait = true) {
      call(OWNER, "AddUserToVpcEndpointService", { ServiceId: serviceId, UserId: CONSUMER.accountId });
      const r = call(CONSUMER, "CreateVpcEndpoint", {
        VpcId: INV.consumer.vpc,
        ServiceId: serviceId,
        "SecurityGroupId.1": INV.consumer.sg1,
        "Zone.1.VSwitchId": INV.consumer.vswH,
        "Zone.1.ZoneId": "cn-hangzhou-h",
        ...extra,
      });
      if (wait) advance(60_000);
      return r["EndpointId"] as string;
    },
  };
  return h;
}
