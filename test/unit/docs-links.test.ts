// Cross-references between the pages are real links: every relative link of the README and docs/ names a file
// that exists and, with a #fragment, a heading of that file; no page points the reader at a section by its title
// alone ("see 'Waiting' below").
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.join(__dirname, "..", "..");

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? markdownFiles(full) : entry.name.endsWith(".md") ? [full] : [];
  });
}

const PAGES = [path.join(ROOT, "README.md"), path.join(ROOT, "CHANGELOG.md"), ...markdownFiles(path.join(ROOT, "docs"))];

/** Text outside fenced code blocks. */
const prose = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, "");

/** GitHub's anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, title] of prose(markdown).matchAll(/^#{1,6}\s+(.*)$/gm)) {
    const slug = title!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

describe("docs links", () => {
  it("computes GitHub's anchors", () => {
    expect([...anchors("# A page\n## What Pulumi stores, and where credentials should live\n### `Timeouts`\n## ID and `get`\n## Notes\n## Notes")]).toEqual([
      "a-page",
      "what-pulumi-stores-and-where-credentials-should-live",
      "timeouts",
      "id-and-get",
      "notes",
      "notes-1",
    ]);
  });

  it.each(PAGES.map((p) => [path.relative(ROOT, p), p]))("%s: every relative link resolves to a file and a heading", (_name, page) => {
    const text = prose(fs.readFileSync(page, "utf8"));
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target!)) continue;
      const [file, fragment] = target!.split("#") as [string, string | undefined];
      const resolved = file === "" ? page : path.resolve(path.dirname(page), file);
      if (!fs.existsSync(resolved)) {
        broken.push(`${target}: no such file`);
        continue;
      }
      if (fragment !== undefined && resolved.endsWith(".md") && !anchors(fs.readFileSync(resolved, "utf8")).has(fragment)) {
        broken.push(`${target}: no heading #${fragment} in ${path.relative(ROOT, resolved)}`);
      }
    }
    const titled = [...text.matchAll(/\b[Ss]ee\s+"[^"]+"|"[^"]+"\s+(?:below|above)\b/g)].map((m) => `${m[0]}: link the section instead`);
    expect([...broken, ...titled]).toEqual([]);
  });
});
