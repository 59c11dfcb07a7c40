// Everything returned to the Pulumi engine must be plain JSON: the SDK's Struct encoder throws on `undefined`,
// functions and BigInt *after* the cloud call succeeded (orphaning the object), and turns a Date into `{}`.
import * as pulumi from "@pulumi/pulumi";

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Deep copy that keeps only JSON values: drops undefined keys and array holes, Dates become ISO strings. */
export function toPlainJson(value: unknown): Json | undefined {
  if (value === null) return null;
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return undefined;
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (const item of value) {
      const plain = toPlainJson(item);
      if (plain !== undefined) out.push(plain);
    }
    return out;
  }
  const out: { [key: string]: Json } = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const plain = toPlainJson(item);
    if (plain !== undefined) out[key] = plain;
  }
  return out;
}

export function plainObject(value: Record<string, unknown>): Record<string, Json> {
  return (toPlainJson(value) ?? {}) as Record<string, Json>;
}

/** The sentinel the engine sends for values not known during preview, whatever the declared type. */
export function isUnknown(value: unknown): boolean {
  if (value === pulumi.runtime.unknownValue) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(isUnknown);
  return false;
}
