// What the user reads when something goes wrong, with the real CLI against the emulator: a lookup that fails
// (no credentials) is reported once, as the program's error, with no Node warning about late promise handlers.
import { describe, expect, test } from "vitest";
import { useE2eEnvironment } from "./environment";

const env = useE2eEnvironment();

function occurrences(text: string, what: string): number {
  return text.split(what).length - 1;
}

describe("diagnostics, real CLI", () => {
  test("a lookup without credentials: its error once, no PromiseRejectionHandledWarning", async () => {
    const ws = await env.workspace("lookup");
    // No credentials anywhere: no profiles in config, none in the (empty) environment and home directory.
    await ws.run(["config", "rm", "alicloud-privatelink:profiles"]);
    await ws.run(["config", "rm", "alicloud-privatelink:profile"]);

    const preview = await ws.preview([], { allowFailure: true });
    expect(preview.code).not.toBe(0);
    const output = preview.stdout + preview.stderr;
    expect(occurrences(output, "No Alibaba Cloud credentials found"), output).toBe(1);
    expect(output).not.toContain("PromiseRejectionHandledWarning");
    expect(output).not.toMatch(/promise: Promise|\[Circular/);
    // Nothing was called: the lookup failed before any request.
    expect(Object.keys((await env.emulator.requests()).byAction ?? {})).toEqual([]);
  });
});
