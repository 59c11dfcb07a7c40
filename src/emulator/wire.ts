// Request decoding shared by the protocol layer: form/query components and strict UTF-8 (the API's documented
// encoding; anything else is refused rather than stored with replacement characters).

import { EmulatorError } from "./types";

/** Decodes an `application/x-www-form-urlencoded` string ('+' is a space; last duplicate wins). */
export function parseFormEncoded(text: string): Record<string, string> {
  const entries: [string, string][] = [];
  if (text === "") return {};
  for (const part of text.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? "" : part.slice(eq + 1);
    const key = decodeComponent(rawKey);
    if (key === undefined) throw notUtf8(rawKey);
    if (key === "") continue;
    const value = decodeComponent(rawValue);
    if (value === undefined) throw notUtf8(key);
    entries.push([key, value]);
  }
  return Object.fromEntries(entries);
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Strict UTF-8 decoding of bytes; undefined when they are not UTF-8 (the API's documented encoding). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

export function notUtf8(name: string): EmulatorError {
  return new EmulatorError(`IllegalParamFormat.${name}`, `The parameter ${name} is not valid UTF-8 text.`, 400);
}

/**
 * Percent-decodes one form component ('+' is a space) whose characters stand for bytes (a latin1 view of the
 * wire), then decodes the bytes as UTF-8. Malformed escapes stay literal, like most gateways; bytes that are
 * not UTF-8 give undefined.
 */
function decodeComponent(s: string): string | undefined {
  if (!/[%+\x80-\xff]/.test(s)) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2b) bytes.push(0x20);
    else if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c & 0xff);
  }
  return decodeUtf8(Uint8Array.from(bytes));
}
