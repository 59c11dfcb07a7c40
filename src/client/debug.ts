// The debug switch: ALIBABA_CLOUD_PRIVATELINK_DEBUG=1 (or `stderr`) writes one line per API call, retry decision
// and credential fetch to stderr; any other value is a file path the lines are appended to. Callers pass only
// names, codes, counts and IDs: never a secret, a token, a signature or a URL with a query.

import { appendFileSync } from "node:fs";

export const DEBUG_ENV = "ALIBABA_CLOUD_PRIVATELINK_DEBUG";

type Field = string | number | boolean | undefined;

function destination(): "stderr" | string | undefined {
  const raw = process.env[DEBUG_ENV]?.trim();
  if (!raw || /^(0|false|off|no)$/i.test(raw)) return undefined;
  return /^(1|true|on|yes|stderr)$/i.test(raw) ? "stderr" : raw;
}

export function debugEnabled(): boolean {
  return destination() !== undefined;
}

function format(v: Field): string {
  const s = String(v);
  return /^[\w.:/@+-]*$/.test(s) && s !== "" ? s : JSON.stringify(s);
}

/** Writes `privatelink-debug <time> <event> key=value …` when the switch is on; never throws. */
export function debugLog(event: string, fields: Readonly<Record<string, Field>>): void {
  const to = destination();
  if (!to) return;
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k}=${format(v)}`);
  const line = `privatelink-debug ${new Date().toISOString()} ${event} ${parts.join(" ")}\n`;
  try {
    if (to === "stderr") process.stderr.write(line);
    else appendFileSync(to, line);
  } catch {
    // A debug log that cannot be written must not break the call it describes.
  }
}
