// The package as a user gets it: `npm pack`, then `npm install <tarball>` into a fresh TypeScript program with the
// oldest @pulumi/pulumi the peer range allows, type-checked strictly, then preview, up, a no-op up and destroy with
// the real CLI against the emulator. A package that is broken as published (missing files, types that do not
// compile, a second copy of the SDK, a runtime that the provider process cannot load by name) fails here.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PACKAGE_NAME, REPO_ROOT, changesOf } from "../../scripts/pulumi";
import { e2eConfig, nonEmptyKinds, useE2eEnvironment } from "./environment";

const env = useE2eEnvironment();
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
/** The lowest @pulumi/pulumi of the declared peer range (the tests elsewhere run the newest, from devDependencies). */
const OLDEST_SDK = /^>=\s*([0-9.]+)/.exec(manifest.peerDependencies["@pulumi/pulumi"])![1]!;

let packDir: string;
let tarball: string;

beforeAll(() => {
  packDir = fs.mkdtempSync(path.join(os.tmpdir(), "plk-pack-"));
  const pack = spawnSync("npm", ["pack", "--json", "--pack-destination", packDir], { cwd: REPO_ROOT, encoding: "utf8", timeout: 5 * 60_000 });
  expect(pack.status, pack.stderr).toBe(0);
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(packDir, info!.filename);
});
afterAll(() => fs.rmSync(packDir, { recursive: true, force: true }));

describe("the packed package installed into a fresh program", () => {
  test("holds what a user needs and nothing of the repository's tests", () => {
    const list = spawnSync("tar", ["-tzf", tarball], { encoding: "utf8" }).stdout.split("\n");
    for (const needed of [
      "package/dist/index.js",
      "package/dist/index.d.ts",
      "package/dist/provider/runtime.js",
      "package/dist/emulator/cli.js",
      "package/LICENSE",
      "package/CHANGELOG.md",
      "package/README.md",
    ]) {
      expect(list, needed).toContain(needed);
    }
    expect(list.filter((f) => /^package\/(test|src|scripts|examples)\//.test(f) || f.endsWith(".map"))).toEqual([]);
  });

  test("type-checks, previews, creates, changes nothing on a second up, and destroys", async () => {
    const consumer = env.emulator.consumer.accountId;
    const ws = await env.workspace("installed", e2eConfig({ whitelistUser: consumer }), {
      install: {
        tarball,
        dependencies: { "@pulumi/pulumi": OLDEST_SDK },
        devDependencies: { typescript: manifest.devDependencies.typescript, "@types/node": manifest.devDependencies["@types/node"] },
      },
    });
    // One SDK in the program: the package takes the program's @pulumi/pulumi as a peer.
    const sdkCopies = spawnSync("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"], { cwd: ws.programDir, encoding: "utf8" })
      .stdout.split("\n")
      .filter((l) => l.trim() !== "");
    expect(sdkCopies.map((p) => path.relative(ws.programDir, p))).toEqual([path.join("node_modules", "@pulumi", "pulumi")]);
    expect(fs.realpathSync(path.join(ws.programDir, "node_modules", PACKAGE_NAME))).not.toContain(REPO_ROOT);

    const tsc = spawnSync(process.execPath, [path.join(ws.programDir, "node_modules", "typescript", "bin", "tsc"), "-p", "."], {
      cwd: ws.programDir,
      encoding: "utf8",
    });
    expect(tsc.status, `${tsc.stdout}${tsc.stderr}`).toBe(0);

    const preview = await ws.preview();
    expect(changesOf(preview.events)).toMatchObject({ create: 3 });
    expect(nonEmptyKinds(await env.emulator.state())).toEqual([]);

    await ws.up();
    const outputs = await ws.outputs();
    expect(outputs.serviceId).toMatch(/^epsrv-/);
    expect(outputs.serviceName).toBe(`com.aliyuncs.privatelink.${env.emulator.info.regionId}.${outputs.serviceId}`);

    await env.emulator.clearRequests();
    const again = await ws.up();
    expect(changesOf(again.events)).not.toHaveProperty("update");
    expect((await env.emulator.requests()).total, "a no-op up calls the API").toBe(0);

    await ws.destroy();
    expect(nonEmptyKinds(await env.emulator.state())).toEqual([]);
  });
});
