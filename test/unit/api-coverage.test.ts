// The coverage page lists every action of the catalog and is up to date with the catalog and the coverage table.
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { COVERAGE_PAGE, renderCoverage } from "../../scripts/api-coverage";
import { ACTION_NAMES } from "../../src/spec/operations";

describe("docs/api-coverage.md", () => {
  it("has one row per action of the catalog", () => {
    const page = renderCoverage();
    for (const action of ACTION_NAMES) expect(page, action).toMatch(new RegExp(`^\\| ${action} \\|`, "m"));
    expect(page.split("\n").filter((l) => /^\| [A-Z]\w+ \|/.test(l) && !l.startsWith("| Action"))).toHaveLength(ACTION_NAMES.length);
  });

  it("is committed as generated (run npm run docs:coverage after changing the catalog or src/spec/coverage.ts)", () => {
    expect(fs.readFileSync(COVERAGE_PAGE, "utf8")).toBe(renderCoverage());
  });
});
