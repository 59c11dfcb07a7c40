// The public types catch mistakes: test/types/fixture.ts compiles as it is, and each line marked with
// `@ts-expect-error <fragment>` fails on its own, with an error that contains the fragment (so a line that fails
// for another reason, a typo say, does not count).
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT, createProgram } from "../helpers/docs-vs-types";

const FIXTURE = path.join(ROOT, "test", "types", "fixture.ts");
const DIRECTIVE = /^(\s*)\/\/ @ts-expect-error (.+)$/;

/** Diagnostics of the fixture file when compiled with the given text (line numbers from 1). */
function compile(text: string, oldProgram?: ts.Program): { diagnostics: { line: number; message: string }[]; program: ts.Program } {
  const program = createProgram({ [FIXTURE]: text }, [FIXTURE], oldProgram);
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || path.resolve(d.file.fileName) === FIXTURE)
    .map((d) => ({
      line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
      message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    }));
  return { diagnostics, program };
}

describe("public types", () => {
  const source = fs.readFileSync(FIXTURE, "utf8");
  const lines = source.split("\n");
  const expected = lines.flatMap((line, i) => {
    const match = DIRECTIVE.exec(line);
    return match ? [{ line: i + 2, fragment: match[2]! }] : [];
  });

  it("compile the fixture, every marked mistake included (each one fails as marked)", { timeout: 120_000 }, () => {
    expect(expected.length).toBeGreaterThan(10);
    const original = compile(source);
    expect(original.diagnostics, JSON.stringify(original.diagnostics, null, 2)).toEqual([]);

    // Without the directives, exactly the marked lines fail, each with its own error.
    const stripped = lines.map((line) => (DIRECTIVE.test(line) ? "" : line)).join("\n");
    const { diagnostics } = compile(stripped, original.program);
    const failing = [...new Set(diagnostics.map((d) => d.line))].sort((a, b) => a - b);
    expect(failing, JSON.stringify(diagnostics, null, 2)).toEqual(expected.map((e) => e.line));
    for (const { line, fragment } of expected) {
      const messages = diagnostics.filter((d) => d.line === line).map((d) => d.message);
      expect(messages.join("\n"), `line ${line}: ${lines[line - 1]!.trim()}`).toContain(fragment);
    }
  });
});
