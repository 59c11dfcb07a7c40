// scripts/install-pulumi-cli.sh: concurrent runs wait for each other instead of deleting each other's build.
// Runs the real script against a temporary cache that already holds a (stub) build, with no pulumi on PATH.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, test } from "vitest";

const SCRIPT = path.join(__dirname, "..", "..", "scripts", "install-pulumi-cli.sh");
const VERSION = "v0.0.0-test";
const hasFlock = spawnSync("sh", ["-c", "command -v flock"]).status === 0;
let cache: string;

afterEach(() => fs.rmSync(cache, { recursive: true, force: true }));

function cachedBuild(): string {
  cache = fs.mkdtempSync(path.join(os.tmpdir(), "plk-cli-cache-"));
  const bin = path.join(cache, VERSION, "bin");
  fs.mkdirSync(bin, { recursive: true });
  for (const name of ["pulumi", "pulumi-language-nodejs"]) fs.writeFileSync(path.join(bin, name), "#!/bin/sh\necho stub\n", { mode: 0o755 });
  return bin;
}

function runScript(): Promise<{ code: number; stdout: string; stderr: string; endedAt: number }> {
  const child = spawn("bash", [SCRIPT], {
    env: { PATH: "/usr/bin:/bin", HOME: cache, PULUMI_CLI_CACHE: cache, PULUMI_CLI_VERSION: VERSION },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr, endedAt: Date.now() })));
}

describe.skipIf(!hasFlock)("install-pulumi-cli.sh", () => {
  test("reuses a cached build and prints its directory", async () => {
    const bin = cachedBuild();
    const result = await runScript();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split("\n").at(-1)).toBe(bin);
  });

  test("waits while another install of the same version holds the lock", async () => {
    const bin = cachedBuild();
    const holdMs = 1500;
    // Another install in progress: it holds the version's lock for holdMs.
    const holder = spawn("flock", [path.join(cache, `${VERSION}.lock`), "sleep", String(holdMs / 1000)], { stdio: "ignore" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const released = new Promise<number>((resolve) => holder.on("close", () => resolve(Date.now())));
    const result = await runScript();
    const releasedAt = await released;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("waiting for it");
    expect(result.endedAt).toBeGreaterThanOrEqual(releasedAt);
    expect(result.stdout.trim().split("\n").at(-1)).toBe(bin);
  });
});
