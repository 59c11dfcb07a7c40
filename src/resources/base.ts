// What every resource class shares: the type token, the common inputs (placement, timeouts, adoption), and the
// conversion of declared outputs into resolvers the SDK fills in.
import * as pulumi from "@pulumi/pulumi";
import type { ApiCaller } from "../api/privatelink";
import { CREATE_TOKEN_TAG_KEY, URN_INPUT, ownershipTag } from "../provider/create-token";
import { PREVIEW_KEY } from "../provider/schema";
import { providers, type ResourceKind } from "../provider/shim";

/** Type tokens are `pulumi-nodejs:dynamic/alicloud-privatelink:<Kind>`. Never change them (URNs depend on them). */
export const TYPE_MODULE = "alicloud-privatelink";

/**
 * A timeout: a number of seconds, or hours, minutes and seconds as text (`"90s"`, `"10m"`, `"1h30m"`). Checked
 * again at preview (whole numbers in the text, more than zero); a string from config needs `as Duration`.
 */
export type Duration =
  | number
  | `${number}${"h" | "m" | "s"}`
  | `${number}h${number}m`
  | `${number}h${number}s`
  | `${number}m${number}s`
  | `${number}h${number}m${number}s`;

/** How long each operation may wait for the API; 10 minutes each by default. */
export interface Timeouts {
  create?: pulumi.Input<Duration>;
  update?: pulumi.Input<Duration>;
  delete?: pulumi.Input<Duration>;
}

/** Inputs every resource accepts. */
export interface CommonArgs {
  /** Region of the object; defaults to the configured region (`alicloud-privatelink:region`, env, profile). */
  region?: pulumi.Input<string>;
  /** Named credentials to act with: a key of stack config `alicloud-privatelink:profiles`, or a profile of the CLI/credentials files. */
  profile?: pulumi.Input<string>;
  /** How long create, update and delete may wait for the API (defaults: see docs/resources/README.md). */
  timeouts?: pulumi.Input<Timeouts>;
  /**
   * During a preview, send this resource's create and update calls with DryRun=true, so that a missing reference
   * fails the preview. Default: stack config `alicloud-privatelink:preflight`.
   */
  preflight?: pulumi.Input<boolean>;
  /**
   * Take over an existing cloud object with this ID instead of creating one. It must match the declared
   * inputs; it is deleted with the resource (use the `retainOnDelete` option to keep it). Read at create only.
   */
  adoptExistingId?: pulumi.Input<string>;
}

/**
 * Outputs that never change without a replacement, derived (in order) from what a preview knows: the ID, the
 * pinned `region`, inputs and the outputs derived before. Each returns undefined when it cannot tell.
 */
export type StableOutputs = Readonly<Record<string, (known: Readonly<Record<string, unknown>>) => unknown>>;

/** A known text value, or undefined. */
export const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

export abstract class PrivateLinkResource extends pulumi.dynamic.Resource {
  /** Set while a create or update was interrupted waiting; the next `pulumi up` resumes it. */
  public readonly incompleteOperation!: pulumi.Output<string | undefined>;
  /** Region the object lives in: the given one, else the configured default, pinned when the object is created. */
  public readonly region!: pulumi.Output<string>;

  protected constructor(
    kind: ResourceKind,
    name: string,
    args: object,
    outputNames: readonly string[],
    opts?: pulumi.CustomResourceOptions,
    stable: StableOutputs = {},
  ) {
    // Every declared output must be a key of the props, or the SDK creates no resolver for it. A fresh object
    // each time: the SDK adds `__provider` to it.
    const props: Record<string, unknown> = { incompleteOperation: undefined, region: undefined };
    for (const key of outputNames) props[key] = undefined;
    const previewing = pulumi.runtime.isDryRun() && opts?.id === undefined;
    // The engine never gives the URN to a dynamic provider: pass it as a hidden input, from which `check`
    // derives the create token that makes a repeated create return the object an interrupted one made, and
    // with which every operation puts its progress lines and warnings on this resource's row.
    const urn = pulumi.createUrn(name, `pulumi-nodejs:dynamic/${TYPE_MODULE}:${kind}`, opts?.parent);
    const hidden = { [URN_INPUT]: urn, ...(previewing ? { [PREVIEW_KEY]: true } : {}) };
    super(providers[kind], name, { ...props, ...args, ...hidden }, opts, TYPE_MODULE, kind);
    if (previewing) this.deriveStableOutputs(stable, ["id", "region", ...outputNames]);
  }

  /**
   * During a preview of an update the engine returns the checked inputs as a dynamic resource's outputs, so every
   * other output is unknown and whatever consumes it looks replaced. The ID and the pinned region are known, so
   * the stable outputs take their derived value; an output the engine knows keeps the engine's value.
   */
  private deriveStableOutputs(stable: StableOutputs, sources: readonly string[]): void {
    const self = this as unknown as Record<string, EngineOutput>;
    const originals = new Map(sources.map((name) => [name, self[name]!] as const));
    const known = Promise.all([...originals].map(async ([name, output]) => [name, (await output.isKnown) ? await output.promise() : undefined] as const)).then(
      (entries) => {
        const values: Record<string, unknown> = Object.fromEntries(entries.filter(([, v]) => v !== undefined));
        for (const [name, derive] of Object.entries(stable)) values[name] ??= derive(values);
        return values;
      },
    );
    for (const name of Object.keys(stable)) {
      const engine = originals.get(name);
      if (!engine) continue;
      const value = known.then((values) => values[name]);
      // pulumi.Output's constructor takes explicit resources, value, known and secret promises.
      self[name] = new (pulumi.Output as unknown as OutputConstructor)(
        engine.resources(),
        value,
        value.then((v) => v !== undefined),
        engine.isSecret,
        engine.allResources(),
      );
    }
  }
}

/** The parts of the SDK's Output implementation the derivation reads. */
interface EngineOutput {
  readonly isKnown: Promise<boolean>;
  readonly isSecret: Promise<boolean>;
  promise(): Promise<unknown>;
  resources(): Set<pulumi.Resource>;
  allResources(): Promise<Set<pulumi.Resource>>;
}
type OutputConstructor = new (
  resources: Set<pulumi.Resource>,
  promise: Promise<unknown>,
  isKnown: Promise<boolean>,
  isSecret: Promise<boolean>,
  allResources: Promise<Set<pulumi.Resource>>,
) => EngineOutput;

/** `{ env: "prod" }` → `[{ Key: "env", Value: "prod" }]` (the API's Tag.N list). */
export function tagList(tags: unknown): { Key: string; Value: string }[] | undefined {
  if (!tags || typeof tags !== "object") return undefined;
  const list = Object.entries(tags as Record<string, string>).map(([Key, Value]) => ({ Key, Value }));
  return list.length > 0 ? list : undefined;
}

/** The tags of a create call: the declared ones and the ownership tag that carries the create token. */
export function tagsAtCreate(inputs: Record<string, unknown>): { Key: string; Value: string }[] | undefined {
  const own = ownershipTag(inputs);
  const declared = tagList(inputs.tags) ?? [];
  const all = own ? [...declared, own] : declared;
  return all.length > 0 ? all : undefined;
}

/** The objects a list call finds by a create token's ownership tag, leaving out those being deleted. */
export async function findByOwnershipTag<T>(
  list: (client: ApiCaller, filter: { Tag: { Key: string; Value: string }[] }) => Promise<T[]>,
  client: ApiCaller,
  token: string,
  idOf: (item: T) => string,
  statusOf: (item: T) => string | undefined,
): Promise<string[]> {
  const found = await list(client, { Tag: [{ Key: CREATE_TOKEN_TAG_KEY, Value: token }] });
  return found.filter((item) => statusOf(item) !== "Deleting").map(idOf);
}

/**
 * The parser of a colon-joined ID such as `<serviceId>:<resourceId>[:<zoneId>]`. Each part is named after the input
 * it stands for and checked with that input's own rules, so a malformed ID (given to `adoptExistingId` or `get`)
 * fails naming the part and the rule. `optionalLast`: the last part may be left out; left empty (`svc:res:`, what
 * the alicloud provider writes for a backend attached without a zone) it counts as left out.
 */
export function idParser(kind: string, parts: readonly string[], fields: readonly FieldSpec[], optionalLast = false): (id: string) => Record<string, string> {
  const shape = parts.map((p, i) => (optionalLast && i === parts.length - 1 ? `[:<${p}>]` : `${i > 0 ? ":" : ""}<${p}>`)).join("");
  return (id) => {
    const fail = (why: string): never => {
      throw new Error(`${kind} ID ${JSON.stringify(id)} must look like ${shape}: ${why}`);
    };
    if (typeof id !== "string") fail("it is not a string");
    const pieces = id.split(":");
    if (optionalLast && pieces.length === parts.length && pieces[pieces.length - 1] === "") pieces.pop();
    const least = optionalLast ? parts.length - 1 : parts.length;
    if (pieces.length < least || pieces.length > parts.length) fail(`it has ${pieces.length} part${pieces.length === 1 ? "" : "s"}`);
    const named: Record<string, string> = {};
    pieces.forEach((value, i) => {
      const name = parts[i]!;
      if (value === "") fail(`${name} is empty`);
      const spec = fields.find((f) => f.name === name);
      const broken = spec ? validateField({ ...spec, required: false }, value, name, {}) : [];
      if (broken.length > 0) fail(broken.map((f) => f.reason).join("; "));
      named[name] = value;
    });
    return named;
  };
}

import { validateField, type CheckFailure, type FieldRules, type FieldSpec } from "../provider/schema";
import { isUnknown } from "../provider/sanitize";
import { CLIENT_TOKEN_MAX_LENGTH, ID_FORMATS, type IdKind } from "../spec/constraints";

/** The rule of an ID input (checked at preview): its format, so an empty or malformed ID fails before any call. */
export function idRules(kind: IdKind): FieldRules {
  return { pattern: ID_FORMATS[kind].pattern, patternRule: ID_FORMATS[kind].rule };
}

/** The rule of a list of IDs: every item has the format. */
export function idListRules(kind: IdKind, rules: FieldRules = {}): FieldRules {
  return {
    ...rules,
    custom: (value) => {
      const bad = (value as unknown[]).find((v) => typeof v === "string" && !ID_FORMATS[kind].pattern.test(v));
      return bad === undefined ? undefined : `items must match the rule: ${ID_FORMATS[kind].rule} (got ${JSON.stringify(bad)})`;
    },
  };
}
export { NON_EMPTY } from "../provider/schema";

/** Seed of the create token (create-token.ts): a new value makes the next create of this resource a new object. */
export const clientTokenField: FieldSpec = {
  name: "clientToken",
  type: "string",
  onChange: "provider",
  rules: { minLength: 1, maxLength: CLIENT_TOKEN_MAX_LENGTH, pattern: /^[\x20-\x7e]+$/, patternRule: "printable ASCII" },
};

/**
 * The entries of a per-zone list input that are known at preview, with their index; a zone listed twice adds a
 * failure (`why` says what one entry per zone stands for).
 */
export function zoneEntries(list: unknown, property: string, failures: CheckFailure[], why = ""): [Record<string, unknown>, number][] {
  if (!Array.isArray(list)) return [];
  const seen = new Set<string>();
  const entries: [Record<string, unknown>, number][] = [];
  list.forEach((entry, i) => {
    if (!entry || typeof entry !== "object" || isUnknown(entry)) return;
    const zone = entry as Record<string, unknown>;
    if (typeof zone.zoneId === "string") {
      if (seen.has(zone.zoneId))
        failures.push({ property: `${property}[${i}].zoneId`, reason: `${property}[${i}].zoneId ${zone.zoneId} is listed twice${why}` });
      seen.add(zone.zoneId);
    }
    entries.push([zone, i]);
  });
  return entries;
}
