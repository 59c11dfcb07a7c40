#!/usr/bin/env node
// privatelink-emulator: runs the PrivateLink emulator on 127.0.0.1. The FIRST line on stdout is one JSON object
// {"endpoint","regionId","adminToken","accounts":[...]} for scripts; a readable summary follows.

import { parseAccountSpec, validateAccounts } from "./accounts";
import { parseFeatureSpec, type AccountFeatures } from "./features";
import { FaultSpecError, parseFaultSpec } from "./faults";
import { ADMIN_TOKEN_HEADER, ADMIN_TOKEN_PATTERN } from "./admin";
import { ELASTICSEARCH_SERVICE_ACCOUNT_ID } from "./inventory";
import { ACTION_NAMES } from "../spec/operations";
import { QUALIFIED_ELASTICSEARCH_ACTIONS } from "../spec/elasticsearch";
import type { EmulatorAccount } from "./types";
import type { EmulatorOptions, Emulator } from "./index";

const USAGE = `Usage: privatelink-emulator [options]

Runs a local emulator of the Alibaba Cloud PrivateLink API (version 2020-04-15) on 127.0.0.1.
The first line printed is a JSON object with the endpoint, the region, the admin API's token and the
accounts' access keys.

Options:
  --port N              TCP port (default 0: any free port)
  --region R            region the emulator plays (default cn-hangzhou)
  --time-scale F        multiply transition delays and STS token lives by F (0 = instant transitions, default 1)
  --state-file P        load state from P at start and save it there after every change
  --faults SPEC         inject faults, e.g. "CreateVpcEndpoint:throttle=0.3,lost=0.1;*:latency=20-80;stuck=endpoint:Creating"
  --seed S              seed of the fault generator (same seed + same requests = same faults)
  --account NAME:ACCOUNT_ID:ACCESS_KEY_ID:SECRET
                        use this account instead of the defaults (repeatable)
  --account-features NAME:FEATURE[,FEATURE]
                        closed (PrivateLink not activated), reverse-endpoints, zone-resource-management
                        (allow-lists) for that account (repeatable)
  --no-verify-signatures  accept requests without checking signatures (callers still named by AccessKeyId)
  --no-check-timestamps   accept any Timestamp / x-acs-date
  --no-check-nonces       accept reused signature nonces
  --admin-token T       token the admin API requires (default: a random one, printed on the first line)
  --headers-timeout MS  time a client has to send its headers (default 10000)
  --body-timeout MS     time a client has to send its body after the headers (default 10000)
  --max-connections N   open connections at most (default 256)
  -h, --help            show this help

Stop with Ctrl-C (SIGINT) or SIGTERM: the state file is flushed and the process exits 0.`;

class UsageError extends Error {}

export interface CliArgs {
  help: boolean;
  options: EmulatorOptions;
}

function number(flag: string, value: string, check: (n: number) => boolean, expect: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || !check(n)) throw new UsageError(`${flag} expects ${expect}, got ${JSON.stringify(value)}`);
  return n;
}

/** Parses argv (without node and the script). Throws UsageError with a readable message. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const options: EmulatorOptions = {};
  const accounts: EmulatorAccount[] = [];
  const features: Record<string, Partial<AccountFeatures>> = {};
  let help = false;
  const withValue = new Set([
    "--port",
    "--region",
    "--time-scale",
    "--state-file",
    "--faults",
    "--seed",
    "--account",
    "--account-features",
    "--admin-token",
    "--headers-timeout",
    "--body-timeout",
    "--max-connections",
  ]);
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let value: string | undefined;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (withValue.has(arg)) {
      if (value === undefined) {
        value = argv[++i];
        if (value === undefined) throw new UsageError(`${arg} needs a value`);
      }
    } else if (value !== undefined) {
      throw new UsageError(`${arg} takes no value`);
    }
    switch (arg) {
      case "-h":
      case "--help":
        help = true;
        break;
      case "--port":
        options.port = number(arg, value!, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, "a port number 0..65535");
        break;
      case "--region":
        if (!/^[a-z]{2,}(-[a-z0-9]+)+$/.test(value!)) throw new UsageError(`--region expects a region ID such as cn-hangzhou, got ${JSON.stringify(value)}`);
        options.regionId = value!;
        break;
      case "--time-scale":
        options.timeScale = number(arg, value!, (n) => n >= 0, "a number >= 0");
        break;
      case "--state-file":
        if (value === "") throw new UsageError("--state-file needs a path");
        options.stateFile = value!;
        break;
      case "--faults":
        try {
          parseFaultSpec(value!, [...ACTION_NAMES, ...QUALIFIED_ELASTICSEARCH_ACTIONS]);
        } catch (e) {
          if (e instanceof FaultSpecError) throw new UsageError(`--faults: ${e.message}`);
          throw e;
        }
        options.faults = value!;
        break;
      case "--seed":
        options.seed = value!;
        break;
      case "--account":
        try {
          accounts.push(parseAccountSpec(value!));
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        break;
      case "--account-features":
        try {
          const [name, parsed] = parseFeatureSpec(value!);
          features[name] = { ...features[name], ...parsed };
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        break;
      case "--no-verify-signatures":
        options.verifySignatures = false;
        break;
      case "--no-check-timestamps":
        options.checkTimestamps = false;
        break;
      case "--no-check-nonces":
        options.checkNonces = false;
        break;
      case "--admin-token":
        if (!ADMIN_TOKEN_PATTERN.test(value!)) throw new UsageError("--admin-token expects 16 to 256 characters of A-Z a-z 0-9 . _ ~ + / = -");
        options.adminToken = value!;
        break;
      case "--headers-timeout":
        options.headersTimeoutMs = number(arg, value!, (n) => Number.isInteger(n) && n > 0, "a number of milliseconds > 0");
        break;
      case "--body-timeout":
        options.bodyTimeoutMs = number(arg, value!, (n) => Number.isInteger(n) && n > 0, "a number of milliseconds > 0");
        break;
      case "--max-connections":
        options.maxConnections = number(arg, value!, (n) => Number.isInteger(n) && n > 0, "a whole number > 0");
        break;
      default:
        throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    }
  }
  if (accounts.length > 0) {
    try {
      options.accounts = validateAccounts(accounts);
    } catch (e) {
      throw new UsageError(`--account: ${(e as Error).message}`);
    }
  }
  if (Object.keys(features).length > 0) options.accountFeatures = features;
  return { help, options };
}

function countOf(value: unknown): number {
  return Array.isArray(value) ? value.length : value && typeof value === "object" ? Object.keys(value).length : 0;
}

export function summary(emu: Emulator, options: EmulatorOptions): string {
  const lines: string[] = [];
  lines.push(`PrivateLink emulator (API 2020-04-15) listening on ${emu.endpoint}, region ${emu.regionId}`);
  lines.push("Accounts:");
  for (const a of emu.accounts) lines.push(`  ${a.name.padEnd(10)} account ${a.accountId}  AccessKeyId ${a.accessKeyId}  AccessKeySecret ${a.accessKeySecret}`);
  let inventory: Record<string, unknown> = {};
  try {
    inventory = emu.world.inventory() as Record<string, unknown>;
  } catch {
    inventory = {};
  }
  const counts = Object.entries(inventory).map(([k, v]) => `${k} ${countOf(v)}`);
  lines.push(`Inventory: ${counts.length ? counts.join(", ") : "(none)"}`);
  lines.push(
    `Admin API: ${emu.adminUrl}/health (also /inventory, /state, /requests, /objects, /reset, /faults, /sts, /accounts, /roles, /oidc-providers, /oidc/tokens, /instance-role)`,
  );
  lines.push(`  with the header ${ADMIN_TOKEN_HEADER}: ${emu.adminToken}`);
  lines.push(`STS (AssumeRole, AssumeRoleWithOIDC) and ECS metadata (/latest/...) on ${emu.endpoint}`);
  lines.push(
    `Elasticsearch API (2017-06-13) on the same address; its service account ${ELASTICSEARCH_SERVICE_ACCOUNT_ID} owns instance endpoints (whitelist it on the service).`,
  );
  lines.push(`Faults: ${emu.faultSpec() || "none"} (seed ${emu.seed})`);
  lines.push(`Time scale: ${options.timeScale ?? 1}`);
  lines.push(`State file: ${options.stateFile ?? "none (memory only)"}`);
  const off = [
    options.verifySignatures === false ? "signatures" : "",
    options.checkTimestamps === false ? "timestamps" : "",
    options.checkNonces === false ? "nonces" : "",
  ].filter(Boolean);
  if (off.length) lines.push(`Checks switched off: ${off.join(", ")}`);
  lines.push("Stop with Ctrl-C.");
  return lines.join("\n");
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`privatelink-emulator: ${e.message}\nRun privatelink-emulator --help for the options.\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  // Loaded here so that --help and flag errors answer without building the world.
  const { startEmulator } = await import("./index");
  let emu: Emulator;
  try {
    emu = await startEmulator(args.options);
  } catch (e) {
    process.stderr.write(`privatelink-emulator: cannot start: ${(e as Error).message}\n`);
    return 1;
  }
  // Signal handlers first: a supervisor may stop us as soon as it has read the first line.
  const stopped = new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        process.stderr.write(`privatelink-emulator: ${signal} again, exiting without waiting\n`);
        process.exit(1);
      }
      stopping = true;
      emu.stop().then(
        () => {
          process.stdout.write(`privatelink-emulator: stopped (${signal})\n`);
          resolve(0);
        },
        (e: Error) => {
          process.stderr.write(`privatelink-emulator: error while stopping: ${e.message}\n`);
          resolve(1);
        },
      );
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  const first = {
    endpoint: emu.endpoint,
    regionId: emu.regionId,
    adminToken: emu.adminToken,
    accounts: emu.accounts.map((a) => ({ name: a.name, accountId: a.accountId, accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret })),
  };
  process.stdout.write(JSON.stringify(first) + "\n");
  process.stdout.write(summary(emu, args.options) + "\n");
  return stopped;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // Let stdout drain, then leave even if a keep-alive socket lingers.
      setTimeout(() => process.exit(code), 50).unref();
    },
    (e: Error) => {
      process.stderr.write(`privatelink-emulator: ${e.stack ?? e.message}\n`);
      process.exit(1);
    },
  );
}
