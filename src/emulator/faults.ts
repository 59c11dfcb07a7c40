// Seeded fault injection: throttling, 5xx answers, connection resets, latency, lost replies and transitions
// that never finish. One small deterministic PRNG drives every decision, so a run with the same seed and the
// same request order repeats exactly.
//
// Compact SPEC (clauses separated by ";"):
//   ACTIONS:KEY=VALUE,KEY=VALUE     ACTIONS = an action name, several joined by ",", or "*" (every action)
//   stuck=KIND:STATUS,KIND:STATUS   KIND = service|endpoint|connection|zone, STATUS = a status or "*"
//   seed=S                          reseed the PRNG
// KEYs: throttle, 5xx (half 503 half 500), unavailable (503), internal (500), reset, lost = probabilities 0..1;
// latency = MS or MIN-MAX (ms); retryAfter = MS (throttled answers carry x-acs-retry-after).
// Example: CreateVpcEndpoint:throttle=0.3,lost=0.1;*:latency=20-80;stuck=endpoint:Creating
// The same as JSON: {"rules":{"CreateVpcEndpoint":{"throttle":0.3,"lost":0.1},"*":{"latency":[20,80]}},
//                    "stuck":["endpoint:Creating"],"seed":7}

export const STUCK_KINDS = ["service", "endpoint", "connection", "zone"] as const;
export type StuckKind = (typeof STUCK_KINDS)[number];

export interface FaultRule {
  throttle?: number;
  unavailable?: number;
  internal?: number;
  reset?: number;
  lost?: number;
  /** [min, max] in milliseconds. */
  latency?: readonly [number, number];
  retryAfterMs?: number;
}

export interface StuckRule {
  readonly kind: StuckKind;
  /** A status value, or "*" for every transitional status of that kind. */
  readonly status: string;
}

export interface FaultConfig {
  readonly rules: Readonly<Record<string, FaultRule>>;
  readonly stuck: readonly StuckRule[];
  /** Present when the spec names a seed. */
  readonly seed?: string;
}

export type PreFault = "throttle" | "unavailable" | "internal" | "reset";

export interface FaultDecision {
  readonly latencyMs: number;
  readonly pre: PreFault | undefined;
  readonly lost: boolean;
  readonly retryAfterMs: number | undefined;
}

export const NO_FAULTS: FaultConfig = Object.freeze({ rules: Object.freeze({}), stuck: Object.freeze([]) });
export const DEFAULT_SEED = "privatelink-emulator";

/** Thrown for an invalid spec; the admin API answers 400 and the CLI exits 2 with the message. */
export class FaultSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FaultSpecError";
  }
}

const PROBABILITY_KEYS = ["throttle", "unavailable", "internal", "reset", "lost"] as const;

/** xmur3 string hash feeding mulberry32: tiny, fast, good enough for test scheduling. */
export function seededRandom(seed: string | number): () => number {
  const s = String(seed);
  let h = 1779033703 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  let a = (h ^= h >>> 16) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function probability(key: string, raw: unknown): number {
  const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
  if (typeof n !== "number" || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new FaultSpecError(`${key} must be a probability from 0 to 1, got ${JSON.stringify(raw)}`);
  }
  return n;
}

function milliseconds(key: string, raw: unknown): number {
  const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 600_000) {
    throw new FaultSpecError(`${key} must be a whole number of milliseconds (0..600000), got ${JSON.stringify(raw)}`);
  }
  return n;
}

function latencyRange(raw: unknown): [number, number] {
  let min: unknown;
  let max: unknown;
  if (Array.isArray(raw) && raw.length === 2) [min, max] = raw;
  else if (raw && typeof raw === "object" && "min" in raw && "max" in raw) ({ min, max } = raw as { min: unknown; max: unknown });
  else if (typeof raw === "string" && /^\s*\d+\s*-\s*\d+\s*$/.test(raw)) [min, max] = raw.split("-");
  else min = max = raw;
  const lo = milliseconds("latency", min);
  const hi = milliseconds("latency", max);
  if (hi < lo) throw new FaultSpecError(`latency range ${lo}-${hi} is reversed`);
  return [lo, hi];
}

function ruleFrom(entries: [string, unknown][], where: string): FaultRule {
  const rule: FaultRule = {};
  for (const [rawKey, value] of entries) {
    const key = rawKey.trim();
    if (key === "5xx") {
      const p = probability(key, value);
      rule.unavailable = (rule.unavailable ?? 0) + p / 2;
      rule.internal = (rule.internal ?? 0) + p / 2;
    } else if ((PROBABILITY_KEYS as readonly string[]).includes(key)) {
      rule[key as (typeof PROBABILITY_KEYS)[number]] = probability(key, value);
    } else if (key === "latency") {
      rule.latency = latencyRange(value);
    } else if (key === "retryAfter" || key === "retryAfterMs") {
      const ms = milliseconds("retryAfter", value);
      if (ms <= 0) throw new FaultSpecError("retryAfter must be positive");
      rule.retryAfterMs = ms;
    } else {
      throw new FaultSpecError(
        `unknown fault key ${JSON.stringify(key)} in ${where}; use throttle, 5xx, unavailable, internal, reset, lost, latency or retryAfter`,
      );
    }
  }
  const pre = (rule.throttle ?? 0) + (rule.unavailable ?? 0) + (rule.internal ?? 0) + (rule.reset ?? 0);
  if (pre > 1 + 1e-9) throw new FaultSpecError(`in ${where}, throttle + 5xx + unavailable + internal + reset add up to more than 1`);
  return rule;
}

function stuckFrom(item: unknown): StuckRule {
  if (typeof item !== "string") throw new FaultSpecError(`a stuck rule must be "kind:Status", got ${JSON.stringify(item)}`);
  const [kind, status, ...rest] = item.trim().split(":");
  if (!kind || !status || rest.length > 0 || !(STUCK_KINDS as readonly string[]).includes(kind)) {
    throw new FaultSpecError(`a stuck rule must be KIND:STATUS with KIND one of ${STUCK_KINDS.join(", ")}; got ${JSON.stringify(item)}`);
  }
  return { kind: kind as StuckKind, status };
}

function checkActionName(name: string, knownActions: readonly string[] | undefined): void {
  if (name === "*") return;
  // `Product.Action` names the operations of a ROA API served beside PrivateLink's.
  if (!/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)?$/.test(name)) throw new FaultSpecError(`${JSON.stringify(name)} is not an action name or "*"`);
  if (knownActions && !knownActions.includes(name)) throw new FaultSpecError(`unknown action ${JSON.stringify(name)} in fault spec`);
}

function mergeRule(into: Record<string, FaultRule>, name: string, rule: FaultRule): void {
  into[name] = { ...(into[name] ?? {}), ...rule };
}

/** Parses the compact SPEC string, a JSON string, or an already-parsed object. Empty → no faults. */
export function parseFaultSpec(spec: string | object | undefined | null, knownActions?: readonly string[]): FaultConfig {
  if (spec === undefined || spec === null) return NO_FAULTS;
  if (typeof spec === "string") {
    const text = spec.trim();
    if (text === "") return NO_FAULTS;
    if (text.startsWith("{")) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw new FaultSpecError(`fault spec looks like JSON but does not parse: ${(e as Error).message}`);
      }
      return parseFaultSpec(parsed as object, knownActions);
    }
    return parseCompact(text, knownActions);
  }
  if (typeof spec !== "object" || Array.isArray(spec)) throw new FaultSpecError("fault spec must be a string or a JSON object");
  const obj = spec as Record<string, unknown>;
  const rules: Record<string, FaultRule> = {};
  let stuck: StuckRule[] = [];
  let seed: string | undefined;
  const ruleSource: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === "rules") {
      if (!v || typeof v !== "object" || Array.isArray(v)) throw new FaultSpecError('"rules" must be an object of action → rule');
      Object.assign(ruleSource, v);
    } else if (k === "stuck") {
      const items = typeof v === "string" ? v.split(",").filter((s) => s.trim() !== "") : v;
      if (!Array.isArray(items)) throw new FaultSpecError('"stuck" must be a list of "kind:Status"');
      stuck = items.map(stuckFrom);
    } else if (k === "seed") {
      if (typeof v !== "string" && typeof v !== "number") throw new FaultSpecError('"seed" must be a string or a number');
      seed = String(v);
    } else if (k === "spec" && typeof v === "string") {
      const inner = parseCompact(v, knownActions);
      for (const [name, rule] of Object.entries(inner.rules)) mergeRule(rules, name, rule);
      stuck.push(...inner.stuck);
      seed = inner.seed ?? seed;
    } else {
      ruleSource[k] = v;
    }
  }
  for (const [name, value] of Object.entries(ruleSource)) {
    checkActionName(name, knownActions);
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new FaultSpecError(`the rule for ${name} must be an object`);
    mergeRule(rules, name, ruleFrom(Object.entries(value), name));
  }
  return freezeConfig({ rules, stuck, seed });
}

function parseCompact(text: string, knownActions: readonly string[] | undefined): FaultConfig {
  const rules: Record<string, FaultRule> = {};
  const stuck: StuckRule[] = [];
  let seed: string | undefined;
  for (const rawClause of text.split(";")) {
    const clause = rawClause.trim();
    if (clause === "") continue;
    if (clause.startsWith("stuck=")) {
      stuck.push(
        ...clause
          .slice("stuck=".length)
          .split(",")
          .filter((s) => s.trim() !== "")
          .map(stuckFrom),
      );
      continue;
    }
    if (clause.startsWith("seed=")) {
      seed = clause.slice("seed=".length).trim();
      if (seed === "") throw new FaultSpecError("seed= needs a value");
      continue;
    }
    const colon = clause.indexOf(":");
    if (colon <= 0) throw new FaultSpecError(`fault clause ${JSON.stringify(clause)} must look like ACTION:key=value,... or stuck=kind:Status`);
    const names = clause
      .slice(0, colon)
      .split(",")
      .map((s) => s.trim());
    const pairs: [string, unknown][] = [];
    for (const pair of clause.slice(colon + 1).split(",")) {
      if (pair.trim() === "") continue;
      const eq = pair.indexOf("=");
      if (eq <= 0) throw new FaultSpecError(`expected key=value in ${JSON.stringify(clause)}, got ${JSON.stringify(pair)}`);
      pairs.push([pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()]);
    }
    if (pairs.length === 0) throw new FaultSpecError(`fault clause ${JSON.stringify(clause)} has no key=value`);
    for (const name of names) {
      checkActionName(name, knownActions);
      mergeRule(rules, name, ruleFrom(pairs, name));
    }
  }
  return freezeConfig({ rules, stuck, seed });
}

function freezeConfig(c: { rules: Record<string, FaultRule>; stuck: StuckRule[]; seed: string | undefined }): FaultConfig {
  const out: { rules: Record<string, FaultRule>; stuck: StuckRule[]; seed?: string } = { rules: c.rules, stuck: c.stuck };
  if (c.seed !== undefined) out.seed = c.seed;
  return out;
}

function fmtNumber(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}

/** The compact form of a config (round-trips through parseFaultSpec). */
export function formatFaultSpec(config: FaultConfig): string {
  const clauses: string[] = [];
  for (const [name, r] of Object.entries(config.rules)) {
    const parts: string[] = [];
    for (const k of PROBABILITY_KEYS) if (r[k] !== undefined) parts.push(`${k}=${fmtNumber(r[k]!)}`);
    if (r.latency) parts.push(r.latency[0] === r.latency[1] ? `latency=${r.latency[0]}` : `latency=${r.latency[0]}-${r.latency[1]}`);
    if (r.retryAfterMs !== undefined) parts.push(`retryAfter=${r.retryAfterMs}`);
    if (parts.length) clauses.push(`${name}:${parts.join(",")}`);
  }
  if (config.stuck.length) clauses.push(`stuck=${config.stuck.map((s) => `${s.kind}:${s.status}`).join(",")}`);
  if (config.seed !== undefined) clauses.push(`seed=${config.seed}`);
  return clauses.join(";");
}

/** Holds the active faults and the PRNG; the server asks it once per authenticated request. */
export class FaultInjector {
  private config: FaultConfig = NO_FAULTS;
  private random: () => number;
  private seedValue: string;

  constructor(config: FaultConfig = NO_FAULTS, seed: string | number = DEFAULT_SEED) {
    this.seedValue = String(config.seed ?? seed);
    this.random = seededRandom(this.seedValue);
    this.config = config;
  }

  get seed(): string {
    return this.seedValue;
  }

  get current(): FaultConfig {
    return this.config;
  }

  get active(): boolean {
    return Object.keys(this.config.rules).length > 0 || this.config.stuck.length > 0;
  }

  /** Replaces the faults and restarts the PRNG (from the spec's seed, else the current one): a run repeats. */
  set(config: FaultConfig): void {
    this.config = config;
    if (config.seed !== undefined) this.seedValue = config.seed;
    this.random = seededRandom(this.seedValue);
  }

  clear(): void {
    this.set(NO_FAULTS);
  }

  /** Effective rule for an action: the `*` rule overlaid key by key with the action's own rule. */
  ruleFor(action: string): FaultRule {
    return { ...(this.config.rules["*"] ?? {}), ...(this.config.rules[action] ?? {}) };
  }

  /** Three draws per request, always, so the decision sequence depends only on the seed and the request order. */
  decide(action: string): FaultDecision {
    const r1 = this.random();
    const r2 = this.random();
    const r3 = this.random();
    const rule = this.ruleFor(action);
    let latencyMs = 0;
    if (rule.latency) latencyMs = rule.latency[0] + Math.floor(r1 * (rule.latency[1] - rule.latency[0] + 1));
    let pre: PreFault | undefined;
    let edge = 0;
    for (const kind of ["reset", "throttle", "unavailable", "internal"] as const) {
      edge += rule[kind] ?? 0;
      if (r2 < edge) {
        pre = kind;
        break;
      }
    }
    return { latencyMs, pre, lost: r3 < (rule.lost ?? 0), retryAfterMs: rule.retryAfterMs };
  }

  /** The World's isStuck hook. */
  isStuck(kind: string, fromStatus: string): boolean {
    return this.config.stuck.some((s) => s.kind === kind && (s.status === "*" || s.status === fromStatus));
  }

  describe(): { spec: string; seed: string; rules: FaultConfig["rules"]; stuck: FaultConfig["stuck"] } {
    return { spec: formatFaultSpec(this.config), seed: this.seedValue, rules: this.config.rules, stuck: this.config.stuck };
  }
}
