// Emulator throughput and latency. Starts the emulator CLI in a child process (so client and server do not
// share one event loop), then drives GetVpcEndpointAttribute with real V3 (ACS3-HMAC-SHA256) signatures over
// keep-alive HTTP on loopback: requests per second at bounded concurrency, and median/p95/p99 of one call.
// Bounded in count and time. Prints figures; asserts nothing.
//
//   npx ts-node --transpile-only bench/emulator-throughput.ts [--concurrency 16] [--requests 20000] [--seconds 15]

import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import OpenApiUtil from "@alicloud/openapi-util";
import * as $tea from "@alicloud/tea-typescript";

interface Account {
  accountId: string;
  accessKeyId: string;
  accessKeySecret: string;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const CONCURRENCY = arg("concurrency", 16);
const MAX_REQUESTS = arg("requests", 20_000);
const MAX_SECONDS = arg("seconds", 15);
const LATENCY_SAMPLES = arg("samples", 2_000);

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function encode(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
}

/** One V3-signed RPC call (signature by Alibaba's official OpenApiUtil.getAuthorization). */
function callV3(endpoint: URL, account: Account, action: string, query: Record<string, string>): Promise<{ status: number; body: any }> {
  const req = new $tea.Request();
  req.method = "POST";
  req.pathname = "/";
  req.query = query;
  const payloadHash = createHash("sha256").update("").digest("hex");
  req.headers = {
    host: endpoint.host,
    "x-acs-action": action,
    "x-acs-version": "2020-04-15",
    "x-acs-date": OpenApiUtil.getTimestamp(),
    "x-acs-signature-nonce": randomUUID(),
    "x-acs-content-sha256": payloadHash,
  };
  req.headers.Authorization = OpenApiUtil.getAuthorization(req, "ACS3-HMAC-SHA256", payloadHash, account.accessKeyId, account.accessKeySecret);
  return new Promise((resolve, reject) => {
    const r = http.request({ host: endpoint.hostname, port: endpoint.port, method: "POST", path: `/?${encode(query)}`, headers: req.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
      res.on("error", reject);
    });
    r.on("error", reject);
    r.end();
  });
}

async function must(endpoint: URL, account: Account, action: string, query: Record<string, string>): Promise<any> {
  const r = await callV3(endpoint, account, action, query);
  if (r.status !== 200) throw new Error(`${action} failed during setup: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

interface EmulatorProcess {
  endpoint: URL;
  adminToken: string;
  accounts: Account[];
  stop: () => Promise<void>;
}

function startEmulatorProcess(): Promise<EmulatorProcess> {
  const root = path.resolve(__dirname, "..");
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(root, "src/emulator/cli.ts"), "--time-scale", "0"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once("line", (line) => {
      const first = JSON.parse(line) as { endpoint: string; adminToken: string; accounts: Account[] };
      child.stdout!.resume();
      resolve({
        endpoint: new URL(first.endpoint),
        adminToken: first.adminToken,
        accounts: first.accounts,
        stop: async () => {
          child.kill("SIGTERM");
          await exited;
        },
      });
    });
    child.on("exit", (code) => reject(new Error(`emulator exited early with ${code}`)));
  });
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

async function adminGet(emu: EmulatorProcess, p: string): Promise<any> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(`/_emulator${p}`, emu.endpoint), { headers: { "x-emulator-admin-token": emu.adminToken } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
      })
      .on("error", reject);
  });
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log("PrivateLink emulator benchmark: GetVpcEndpointAttribute, V3 signatures, keep-alive HTTP on loopback");
  console.log(
    `machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown CPU"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.platform()} ${os.arch()}, node ${process.version}`,
  );
  const emu = await startEmulatorProcess();
  try {
    const [owner, consumer] = emu.accounts as [Account, Account];
    const region = "cn-hangzhou";
    // Setup: a service on one of the owner's load balancers, the consumer whitelisted, one endpoint.
    const inv = await adminGet(emu, "/inventory");
    const lb = inv.loadBalancers.find((l: any) => l.ownerId === owner.accountId && l.regionId === region && l.type === "slb" && l.privateLinkEnabled);
    const vpc = inv.vpcs.find((v: any) => v.ownerId === consumer.accountId && v.regionId === region && !v.ipv6CidrBlock);
    const vsw = inv.vswitches.find((s: any) => s.vpcId === vpc.id && s.status === "Available");
    const sg = inv.securityGroups.find((g: any) => g.vpcId === vpc.id && g.type === "normal");
    const svc = await must(emu.endpoint, owner, "CreateVpcEndpointService", {
      RegionId: region,
      "Resource.1.ResourceId": lb.id,
      "Resource.1.ResourceType": "slb",
      "Resource.1.ZoneId": lb.zoneId,
    });
    await must(emu.endpoint, owner, "AddUserToVpcEndpointService", { RegionId: region, ServiceId: svc.ServiceId, UserId: consumer.accountId });
    const ep = await must(emu.endpoint, consumer, "CreateVpcEndpoint", {
      RegionId: region,
      VpcId: vpc.id,
      ServiceId: svc.ServiceId,
      "SecurityGroupId.1": sg.id,
      "Zone.1.VSwitchId": vsw.id,
      "Zone.1.ZoneId": vsw.zoneId,
    });
    const query = { RegionId: region, EndpointId: ep.EndpointId as string };
    const one = () => callV3(emu.endpoint, consumer, "GetVpcEndpointAttribute", query);

    // Warm-up (JIT, sockets).
    for (let i = 0; i < 300; i++) await one();

    // Latency of one call at a time.
    const samples: number[] = [];
    const latDeadline = Date.now() + MAX_SECONDS * 1000;
    while (samples.length < LATENCY_SAMPLES && Date.now() < latDeadline) {
      const t = process.hrtime.bigint();
      const r = await one();
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (r.status !== 200) throw new Error(`unexpected ${r.status} ${JSON.stringify(r.body)}`);
    }
    samples.sort((a, b) => a - b);

    // Throughput at bounded concurrency.
    let sent = 0;
    let okCount = 0;
    let failed = 0;
    const deadline = Date.now() + MAX_SECONDS * 1000;
    const start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent < MAX_REQUESTS && Date.now() < deadline) {
          sent++;
          const r = await one();
          if (r.status === 200) okCount++;
          else failed++;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;

    console.log(
      `throughput: ${Math.round(okCount / seconds)} requests/s (${okCount} ok, ${failed} failed, in ${seconds.toFixed(2)} s, concurrency ${CONCURRENCY})`,
    );
    console.log(
      `latency of one call (${samples.length} sequential calls): median ${percentile(samples, 50).toFixed(2)} ms, p95 ${percentile(samples, 95).toFixed(2)} ms, p99 ${percentile(samples, 99).toFixed(2)} ms`,
    );
    const counts = await adminGet(emu, "/requests");
    console.log(`server counted ${counts.byAction.GetVpcEndpointAttribute?.byOutcome?.Success ?? 0} successful GetVpcEndpointAttribute calls`);
  } finally {
    agent.destroy();
    await emu.stop();
  }
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
