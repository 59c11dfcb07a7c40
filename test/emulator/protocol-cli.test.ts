// The privatelink-emulator binary: first stdout line is JSON, --help, bad flags exit 2, SIGTERM/SIGINT stop
// cleanly (state file flushed, exit 0). Runs the compiled dist/emulator/cli.js, built once here.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { DEFAULT_ACCOUNTS } from "../../src/emulator/accounts";
import { parseCliArgs } from "../../src/emulator/cli";
import * as net from "node:net";
import { admin, rawRequest, v1Request, v3Request } from "./protocol-helpers";

const root = path.resolve(__dirname, "../..");
const cli = path.join(root, "dist/emulator/cli.js");

interface Running {
  child: ChildProcessWithoutNullStreams;
  first: any;
  lines: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function run(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  const lines: string[] = [];
  const rl = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    rl.on("line", (line) => {
      lines.push(line);
      if (lines.length === 1) {
        try {
          resolve({ child, first: JSON.parse(line), lines, exit });
        } catch (_e) {
          reject(new Error(`first line is not JSON: ${line}`));
        }
      }
    });
    void exit.then((r) => reject(new Error(`exited before printing: ${r.code} ${r.stderr}`)));
  });
}

function runToEnd(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const dirs: string[] = [];

beforeAll(() => {
  // tsc emits even when some other module of the tree has a type error; what matters here is a fresh cli.js.
  const started = Date.now();
  try {
    execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "."], { cwd: root, stdio: "pipe" });
  } catch {
    /* type errors elsewhere; checked below that the emulator was emitted */
  }
  for (const f of ["cli.js", "index.js", "server.js", "auth.js"]) {
    expect(statSync(path.join(root, "dist/emulator", f)).mtimeMs, f).toBeGreaterThanOrEqual(started - 1000);
  }
}, 120_000);
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("privatelink-emulator CLI", () => {
  it("prints one JSON object first, then a summary, serves requests, and stops on SIGTERM with exit 0", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pl-emu-cli-"));
    dirs.push(dir);
    const stateFile = path.join(dir, "state.json");
    const r = await run(["--port", "0", "--time-scale", "0", "--state-file", stateFile, "--faults", "DescribeRegions:throttle=1", "--seed", "5"]);
    expect(Object.keys(r.first)).toEqual(["endpoint", "regionId", "adminToken", "accounts"]);
    expect(r.first.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(r.first.regionId).toBe("cn-hangzhou");
    expect(r.first.accounts.map((a: any) => [a.accountId, a.accessKeyId, a.accessKeySecret])).toEqual(
      DEFAULT_ACCOUNTS.map((a) => [a.accountId, a.accessKeyId, a.accessKeySecret]),
    );
    const owner = r.first.accounts[0];
    const ok = await v3Request(r.first.endpoint, { action: "DescribeZones", params: { RegionId: "cn-hangzhou" }, account: owner });
    expect(ok.status).toBe(200);
    const throttled = await v1Request(r.first.endpoint, { action: "DescribeRegions", account: owner });
    expect(throttled.json.Code).toBe("Throttling.User");
    const created = await v1Request(r.first.endpoint, {
      action: "AddUserToVpcEndpointService",
      params: { RegionId: "cn-hangzhou", ServiceId: "epsrv-none", UserId: "1" },
      account: owner,
    });
    expect(created.status).toBe(400);
    const health = await admin(r.first, "GET", "/health");
    expect(health.json.status).toBe("ok");
    await new Promise((res) => setTimeout(res, 100));
    const summary = r.lines.slice(1).join("\n");
    expect(summary).toContain("owner");
    expect(summary).toContain("consumer");
    expect(summary).toContain("/_emulator");
    expect(summary).toContain("DescribeRegions:throttle=1");
    expect(summary).toMatch(/Time scale: 0/);
    expect(summary).toMatch(/Inventory: .*vpcs \d+.*elasticsearchInstances \d+/);
    expect(summary).toContain("service account 1390000000009200");

    r.child.kill("SIGTERM");
    const exit = await r.exit;
    expect(exit.code).toBe(0);
    const doc = JSON.parse(readFileSync(stateFile, "utf8"));
    expect(doc.format).toBe("privatelink-emulator-state");
  });

  it("prints the admin token on the first line; the admin API refuses callers without it; --admin-token fixes it", async () => {
    const r = await run([]);
    try {
      expect(r.first.adminToken).toMatch(/^[0-9a-f]{48}$/);
      expect((await rawRequest(r.first.endpoint, { path: "/_emulator/health" })).status).toBe(401);
      expect((await admin(r.first, "GET", "/health")).status).toBe(200);
    } finally {
      r.child.kill("SIGTERM");
      await r.exit;
    }
    const fixed = await run(["--admin-token", "ci-token-0123456789"]);
    try {
      expect(fixed.first.adminToken).toBe("ci-token-0123456789");
      expect((await admin(fixed.first, "GET", "/health")).status).toBe(200);
    } finally {
      fixed.child.kill("SIGTERM");
      await fixed.exit;
    }
  });

  it("stays quiet when clients go away mid-request (no stack trace on stderr) and keeps serving", async () => {
    const r = await run([]);
    const port = Number(new URL(r.first.endpoint).port);
    for (const path of ["/?Action=ListVpcEndpoints&Version=2020-04-15", "/_emulator/reset"]) {
      const socket = net.connect(port, "127.0.0.1");
      await new Promise((res) => socket.once("connect", res));
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\npartial`);
      await new Promise((res) => setTimeout(res, 100));
      socket.destroy();
    }
    await new Promise((res) => setTimeout(res, 300));
    expect((await admin(r.first, "GET", "/health")).status).toBe(200);
    r.child.kill("SIGTERM");
    const exit = await r.exit;
    expect(exit.code).toBe(0);
    expect(exit.stderr).toBe("");
  });

  it("stops on SIGINT with exit 0", async () => {
    const r = await run([]);
    r.child.kill("SIGINT");
    expect((await r.exit).code).toBe(0);
  });

  it("--help prints usage and exits 0; bad flags exit 2 with a clear message", async () => {
    const help = await runToEnd(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: privatelink-emulator");
    for (const [args, re] of [
      [["--bogus"], /unknown option "--bogus"/],
      [["--port", "abc"], /--port expects a port number/],
      [["--port"], /--port needs a value/],
      [["--time-scale", "-1"], /--time-scale expects a number >= 0/],
      [["--faults", "Nope:throttle=1"], /--faults: unknown action/],
      [["--account", "x:12:AK"], /NAME:ACCOUNT_ID:ACCESS_KEY_ID:SECRET/],
      [["--admin-token", "short"], /--admin-token expects 16 to 256 characters/],
      [["--body-timeout", "0"], /--body-timeout expects a number of milliseconds > 0/],
      [["--headers-timeout", "1.5"], /--headers-timeout expects a number of milliseconds > 0/],
      [["--max-connections", "none"], /--max-connections expects a whole number > 0/],
    ] as [string[], RegExp][]) {
      const out = await runToEnd(args);
      expect(out.code, args.join(" ")).toBe(2);
      expect(out.stderr).toMatch(re);
      expect(out.stdout).toBe("");
    }
  });

  it("parses flags in both --flag value and --flag=value forms", () => {
    const { options } = parseCliArgs([
      "--port=8080",
      "--region",
      "cn-shanghai",
      "--time-scale=0.5",
      "--seed",
      "s",
      "--account",
      "team:5555000011112222:LTAI-TEAM:se:cret",
      "--no-check-nonces",
      "--admin-token=ci-token-0123456789",
      "--headers-timeout",
      "2000",
      "--body-timeout=3000",
      "--max-connections",
      "64",
    ]);
    expect(options).toEqual({
      port: 8080,
      regionId: "cn-shanghai",
      timeScale: 0.5,
      seed: "s",
      accounts: [{ name: "team", accountId: "5555000011112222", accessKeyId: "LTAI-TEAM", accessKeySecret: "se:cret" }],
      checkNonces: false,
      adminToken: "ci-token-0123456789",
      headersTimeoutMs: 2000,
      bodyTimeoutMs: 3000,
      maxConnections: 64,
    });
  });
});
