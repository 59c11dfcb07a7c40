// The declarative field schema of a resource: which inputs exist, their types and validation rules, whether a
// change is applied in place (and by which call) or forces replacement, and where the API reports each value.
// check, diff and read are driven by it; no resource hand-writes them.
import { isUnknown } from "./sanitize";

/**
 * Input the resource classes add while the program runs a preview (`pulumi preview`, the preview of `pulumi up`):
 * check takes it out of the inputs and knows from it that nothing will be changed (preflight runs then).
 */
export const PREVIEW_KEY = "__preview";

export type FieldType =
  | "string"
  | "integer"
  | "boolean"
  | "stringList"
  /** `{ [key]: value }` on the Pulumi side; `Tag.N.Key/Value` on the wire. */
  | "tags"
  /** A JSON document given as text or object; compared semantically. */
  | "json"
  /** A duration as text ("90s", "10m", "1h30m") or a number of seconds (parseDuration). */
  | "duration"
  | "objectList"
  | "object";

export interface FieldRules {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  /** Human wording of the pattern, shown in the failure. */
  readonly patternRule?: string;
  readonly oneOf?: readonly (string | number)[];
  readonly min?: number;
  readonly max?: number;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly forbiddenPrefixes?: readonly string[];
  /** Members of each item of an objectList / keys of an object. */
  readonly members?: readonly FieldSpec[];
  /** Extra rule; returns the failure text or undefined. */
  readonly custom?: (value: unknown, inputs: Record<string, unknown>) => string | undefined;
}

export type ChangeEffect =
  /** The object must be recreated. */
  | "replace"
  /** Applied in place by the resource's updater of this group. */
  | { readonly update: string }
  /** A setting of the provider itself (timeouts, deletion behaviour): stored, no API call. */
  | "provider";

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly description?: string;
  readonly required?: boolean;
  readonly default?: unknown;
  readonly rules?: FieldRules;
  /** For top-level fields: what a change does. Members of objects ignore it. */
  readonly onChange?: ChangeEffect;
  /** Lists compared as sets (order does not matter). */
  readonly unordered?: boolean;
  /**
   * The input is optional and, when absent, the cloud chooses the value (reported in the outputs): an absent
   * input is then not a change.
   */
  readonly cloudDefault?: boolean;
  /**
   * The value as the live object reports it (refresh): lets drift show in the next preview. Fields without it
   * keep their last known value.
   */
  readonly live?: (live: any, state: Record<string, unknown>) => unknown;
  /**
   * Check fills the value in and keeps the stored one (placement): a change of the settings never moves an
   * object. `legacy` gives the value a state stored before the field was pinned implies; when that is unknown
   * too (or the new value is absent: not checked), the field is not a change.
   */
  readonly pinned?: { readonly legacy?: (olds: Record<string, unknown>) => unknown };
  /** API error codes that point at this field: a preflight failure with one of them names the field. */
  readonly errorCodes?: readonly string[];
}

const DURATION_RULE = 'a duration such as "90s", "10m" or "1h30m", or a positive number of seconds';

/** A string that must not be empty or blank (an ID whose format the provider cannot know). */
export const NON_EMPTY: FieldRules = { custom: (value) => (typeof value === "string" && value.trim() === "" ? "must not be empty" : undefined) };

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

const typeNames: Record<FieldType, string> = {
  string: "a string",
  integer: "an integer",
  boolean: "a boolean",
  stringList: "a list of strings",
  tags: "a map of string to string",
  json: "a JSON document (text or object)",
  duration: DURATION_RULE,
  objectList: "a list of objects",
  object: "an object",
};

function typeMatches(type: FieldType, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "stringList":
      return Array.isArray(value) && value.every((v) => typeof v === "string" || isUnknown(v));
    case "tags":
      return isPlainObject(value) && Object.values(value).every((v) => typeof v === "string" || isUnknown(v));
    case "json":
      return typeof value === "string" || isPlainObject(value);
    case "duration":
      return parseDuration(value) !== undefined;
    case "objectList":
      return Array.isArray(value) && value.every((v) => isPlainObject(v) || isUnknown(v));
    case "object":
      return isPlainObject(value);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Validates one value against its spec; returns failures with the property path and the rule broken. */
export function validateField(spec: FieldSpec, value: unknown, path: string, inputs: Record<string, unknown>): CheckFailure[] {
  if (isUnknown(value)) return [];
  if (value === undefined || value === null) {
    return spec.required ? [{ property: path, reason: `${path} is required` }] : [];
  }
  if (!typeMatches(spec.type, value)) {
    return [{ property: path, reason: `${path} must be ${typeNames[spec.type]}, got ${describeValue(value)}` }];
  }
  if (spec.type === "json" && typeof value === "string") {
    try {
      JSON.parse(value);
    } catch {
      return [{ property: path, reason: `${path} must be valid JSON` }];
    }
  }
  const r = spec.rules;
  if (!r) return [];
  const failures: CheckFailure[] = [];
  const fail = (reason: string) => failures.push({ property: path, reason: `${path} ${reason}` });

  if (typeof value === "string") {
    const length = [...value].length;
    if (r.minLength !== undefined && length < r.minLength) fail(`must be at least ${r.minLength} characters long (got ${length})`);
    if (r.maxLength !== undefined && length > r.maxLength) fail(`must be at most ${r.maxLength} characters long (got ${length})`);
    if (r.pattern && !r.pattern.test(value)) fail(`must match the rule: ${r.patternRule ?? r.pattern.source} (got ${JSON.stringify(value)})`);
    for (const prefix of r.forbiddenPrefixes ?? []) {
      if (value.toLowerCase().startsWith(prefix)) fail(`must not start with "${prefix}"`);
    }
  }
  if (r.oneOf && (typeof value === "string" || typeof value === "number") && !r.oneOf.includes(value)) {
    fail(`must be one of ${r.oneOf.map((v) => JSON.stringify(v)).join(", ")} (got ${JSON.stringify(value)})`);
  }
  if (typeof value === "number") {
    if (r.min !== undefined && value < r.min) fail(`must be at least ${r.min} (got ${value})`);
    if (r.max !== undefined && value > r.max) fail(`must be at most ${r.max} (got ${value})`);
  }
  if (Array.isArray(value) || (spec.type === "tags" && isPlainObject(value))) {
    const count = Array.isArray(value) ? value.length : Object.keys(value).length;
    if (r.maxItems !== undefined && count > r.maxItems) fail(`may hold at most ${r.maxItems} items (got ${count})`);
    if (r.minItems !== undefined && count < r.minItems) fail(`must hold at least ${r.minItems} items (got ${count})`);
  }
  if (r.members && spec.type === "objectList" && Array.isArray(value)) {
    value.forEach((item, i) => {
      failures.push(...validateMembers(r.members!, item, `${path}[${i}]`, inputs));
    });
  }
  if (r.members && spec.type === "object" && isPlainObject(value)) {
    failures.push(...validateMembers(r.members, value, path, inputs));
  }
  if (r.custom) {
    const reason = r.custom(value, inputs);
    if (reason) fail(reason);
  }
  return failures;
}

function validateMembers(members: readonly FieldSpec[], item: unknown, path: string, inputs: Record<string, unknown>): CheckFailure[] {
  if (isUnknown(item) || !isPlainObject(item)) return [];
  const failures: CheckFailure[] = [];
  const known = new Set(members.map((m) => m.name));
  for (const key of Object.keys(item)) {
    if (!known.has(key))
      failures.push({ property: `${path}.${key}`, reason: `${path}.${key} is not a known field (expected one of ${[...known].join(", ")})` });
  }
  for (const member of members) failures.push(...validateField(member, item[member.name], `${path}.${member.name}`, inputs));
  return failures;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

/** Fills defaults, then validates every field and rejects inputs the schema does not know (typos). */
export function checkInputs(fields: readonly FieldSpec[], news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const inputs: Record<string, unknown> = { ...news };
  const failures: CheckFailure[] = [];
  const known = new Set(fields.map((f) => f.name));
  for (const key of Object.keys(news)) {
    if (key === "__provider" || key === PREVIEW_KEY || known.has(key)) continue;
    if (news[key] === undefined) continue;
    failures.push({ property: key, reason: `${key} is not an input of this resource` });
  }
  for (const field of fields) {
    if (inputs[field.name] === undefined && field.default !== undefined) inputs[field.name] = field.default;
    failures.push(...validateField(field, inputs[field.name], field.name, inputs));
  }
  return { inputs, failures };
}

/** Semantic equality of two values of a field (sets, JSON documents, tag maps, nested lists). */
export function sameValue(field: FieldSpec, a: unknown, b: unknown): boolean {
  if (field.type === "json") return canonicalJson(parseJson(a)) === canonicalJson(parseJson(b));
  // The API reports an unset text as "": the same as absent.
  if (field.type === "string") return (a ?? "") === (b ?? "");
  if (field.type === "tags") return canonicalJson(a ?? {}) === canonicalJson(b ?? {});
  if (Array.isArray(a) && Array.isArray(b) && field.unordered) {
    const norm = (list: unknown[]) => list.map((v) => canonicalJson(v)).sort();
    return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
  }
  if ((a === undefined || a === null) && Array.isArray(b) && b.length === 0) return true;
  if ((b === undefined || b === null) && Array.isArray(a) && a.length === 0) return true;
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

export function parseJson(value: unknown): unknown {
  if (typeof value !== "string") return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** JSON text with object keys sorted, so that key order never counts as a difference. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value as object)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface SchemaDiff {
  /** Fields whose value changes (or is unknown during preview). */
  readonly changed: string[];
  /** The subset that forces replacement. */
  readonly replaces: string[];
  /** Update groups that must run, in schema order. */
  readonly updateGroups: string[];
}

/** Compares the stored outputs (olds) with the checked new inputs, field by field, as the schema says. */
export function diffFields(fields: readonly FieldSpec[], olds: Record<string, unknown>, news: Record<string, unknown>): SchemaDiff {
  const changed: string[] = [];
  const replaces: string[] = [];
  const updateGroups: string[] = [];
  for (const field of fields) {
    const next = news[field.name];
    const prev = olds[field.name] ?? field.pinned?.legacy?.(olds);
    let differs: boolean;
    if (isUnknown(next)) differs = true;
    else if (next === undefined && field.cloudDefault) differs = false;
    else if (field.pinned && (prev === undefined || next === undefined)) differs = false;
    else differs = !sameValue(field, prev, next ?? field.default);
    if (!differs) continue;
    changed.push(field.name);
    const effect = field.onChange ?? "replace";
    if (effect === "replace") replaces.push(field.name);
    else if (effect !== "provider" && !updateGroups.includes(effect.update)) updateGroups.push(effect.update);
  }
  return { changed, replaces, updateGroups };
}

/**
 * Milliseconds of a timeout given as a duration string ("90s", "10m", "1h30m") or a number of seconds; undefined
 * for anything else, and for zero or less (a wait that cannot start is a mistake, not a setting).
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value > 0 ? value * 1000 : undefined;
  if (typeof value !== "string") return undefined;
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value.trim());
  if (!match) return undefined;
  const [, h, m, s] = match;
  const ms = ((Number(h ?? 0) * 60 + Number(m ?? 0)) * 60 + Number(s ?? 0)) * 1000;
  return ms > 0 ? ms : undefined;
}
