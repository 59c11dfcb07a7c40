import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**", "dist/**"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The tests run the emulator at time scales of 0.002-0.01: the waits expect that pace (docs/configuration.md);
    // helpers that know their emulator's scale set it in the stack config, which wins.
    env: { ALIBABA_CLOUD_PRIVATELINK_TRANSITION_TIME_SCALE: "0.002" },
  },
});
