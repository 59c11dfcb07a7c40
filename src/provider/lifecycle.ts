// The lifecycle shared by every resource: check, diff, create, read, update and delete, driven by the
// resource's declarative schema and a few resource-specific steps (the create call, the read, the updaters,
// the delete). Waiting, init errors, timeouts, adoption, per-parent locks and state-conflict retries live here.
import type * as pulumi from "@pulumi/pulumi";
import { isApiError, isNotFound, isStateConflict, type ResourceFamily } from "../client/errors";
import { GONE, WaitError, formatElapsed, pollDelay, statusIs, waitFor, whenGone, type Acceptor, type WaitOptions } from "../waiter";
import { clientFor, progress, providerConfig, settingsFor } from "./context";
import { withLocks } from "./locks";
import { PreflightPassed, dryRunCaller, type ProviderCaller } from "./preflight";
import { isUnknown, plainObject } from "./sanitize";
import { PREVIEW_KEY, checkInputs, diffFields, parseDuration, sameValue, type CheckFailure, type FieldSpec, type SchemaDiff } from "./schema";

export type State = Record<string, unknown>;

/** Inputs every resource has (beside its own): placement, timeouts and adoption. */
export const COMMON_FIELDS: readonly FieldSpec[] = [
  {
    name: "region",
    type: "string",
    description: "Region of the object; defaults to the configured region, pinned when the object is created.",
    onChange: "replace",
    rules: { pattern: /^[a-z]{2,}-[a-z0-9-]+$/, patternRule: "a region ID such as cn-hangzhou" },
    // State written before the region was pinned: the object lives where its regionId output says.
    pinned: { legacy: (olds) => olds.regionId },
  },
  {
    name: "profile",
    type: "string",
    description: "Named credentials (stack config `alicloud-privatelink:profiles` or profile files) to act with.",
    onChange: "provider",
  },
  {
    name: "timeouts",
    type: "object",
    description: 'How long create, update and delete may wait, as "90s", "10m", "1h30m" or a number of seconds.',
    onChange: "provider",
    rules: { members: (["create", "update", "delete"] as const).map((name) => ({ name, type: "duration" as const })) },
  },
  {
    name: "preflight",
    type: "boolean",
    description: "During a preview, send this resource's create and update calls with DryRun=true (stack config alicloud-privatelink:preflight).",
    onChange: "provider",
  },
  {
    name: "adoptExistingId",
    type: "string",
    description: "Adopt this existing cloud object instead of creating one (checked against the declared inputs).",
    onChange: "provider",
  },
];

export interface OperationTimeouts {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
}

/** How long an operation may wait by default: 10 minutes each (the engine passes no customTimeouts). */
export const DEFAULT_TIMEOUTS_MS: OperationTimeouts = { create: 10 * 60_000, update: 10 * 60_000, delete: 10 * 60_000 };

/** Output set while a create or update was interrupted waiting; the next `pulumi up` resumes it. */
export const INCOMPLETE_KEY = "incompleteOperation";

/** Output listing the inputs the program declared, so that refresh reports only those as inputs (quiet diffs). */
export const DECLARED_KEY = "__declaredInputs";

/** Preflight steps fail fast: a preview does not wait out a state conflict. */
const PREFLIGHT_TIMEOUT_MS = 30_000;

/** Set by check from the program's preview flag: this provider process serves a preview. */
let previewing = false;

export interface OperationContext {
  readonly kind: string;
  readonly client: ProviderCaller;
  readonly regionId: string;
  /** Epoch ms by which the operation must finish. */
  readonly deadline: number;
  progress(line: string): void;
  /** Runs a mutating call, retrying state-conflict answers ("being modified, retry later") until the deadline. */
  mutate<T>(call: () => Promise<T>): Promise<T>;
  /** Waits with the operation's remaining time; progress lines go to the CLI. */
  wait<T>(options: Omit<WaitOptions<T>, "timeoutMs" | "onProgress">): Promise<T | undefined>;
}

export interface ResourceDefinition<Live = any> {
  readonly kind: string;
  readonly family: ResourceFamily;
  /** The resource's own fields; COMMON_FIELDS are added by the machinery. */
  readonly fields: readonly FieldSpec[];
  /** Attachments identified by a natural key must be removed before the replacement is added. */
  readonly deleteBeforeReplace: boolean;
  /** Defaults of the `timeouts` input; DEFAULT_TIMEOUTS_MS when absent. */
  readonly defaultTimeoutsMs?: OperationTimeouts;
  /** Cross-field rules (each field's own rules are in the schema); values may be unknown during preview: skip those. */
  validate?(inputs: State): CheckFailure[];
  /**
   * Rules that need the API (read-only calls), run at check only for the fields that changed (`changed`), so
   * that an `up` with nothing to do makes no call. Inputs are all known when it runs.
   */
  checkWithCloud?(ctx: OperationContext, inputs: State, changed: readonly string[]): Promise<CheckFailure[]>;
  /** Per-parent serialisation keys for changes (see locks.ts). */
  locks(state: State, id?: string): string[];
  /** Issues the create call(s); returns the new ID. */
  create(ctx: OperationContext, inputs: State): Promise<string>;
  /** Reads the live object; GONE when it no longer exists. Not-found API errors of the family mean GONE too. */
  read(ctx: OperationContext, id: string, state: State): Promise<Live | typeof GONE>;
  /** Waits until the object is usable (the documented target status) and returns it. */
  awaitReady(ctx: OperationContext, id: string, state: State): Promise<Live>;
  /** Computed outputs of a live object. */
  outputs(live: Live, id: string, state: State): State;
  /** In-place updaters by update group (see FieldSpec.onChange); `changed` lists the fields the schema found changed. */
  readonly updaters: Readonly<Record<string, (ctx: OperationContext, id: string, news: State, olds: State, changed: readonly string[]) => Promise<void>>>;
  /** Deletes and waits until gone. A not-found answer is handled by the machinery as success. */
  delete(ctx: OperationContext, id: string, state: State): Promise<void>;
  /** Placement and parent keys recoverable from an ID, for `get(name, id)` with no other state. */
  stateFromId?(id: string): State;
}

function allFields(def: ResourceDefinition): readonly FieldSpec[] {
  return [...def.fields, ...COMMON_FIELDS];
}

/** Builds the error that makes the engine keep a half-finished object (id, outputs incl. __provider, reasons). */
export function initError(kind: string, id: string, properties: State, provider: unknown, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const error = new Error(`${kind} ${id} was created but is not ready: ${reason}. Run \`pulumi up\` again to resume waiting.`) as Error & {
    id: string;
    properties: State;
    reasons: string[];
  };
  error.id = id;
  error.properties = plainObject({ ...properties, __provider: provider });
  error.reasons = [reason];
  return error;
}

export class LifecycleProvider implements pulumi.dynamic.ResourceProvider {
  constructor(readonly def: ResourceDefinition) {}

  private fields(): readonly FieldSpec[] {
    return allFields(this.def);
  }

  private inputsOf(state: State): State {
    const out: State = {};
    for (const field of this.fields()) if (state[field.name] !== undefined) out[field.name] = state[field.name];
    return out;
  }

  private context(state: State, operation: "create" | "update" | "delete" | "read", options: { preflight?: boolean } = {}): OperationContext {
    const region = state.region ?? state.regionId;
    const placement = {
      region: typeof region === "string" ? region : undefined,
      profile: typeof state.profile === "string" ? state.profile : undefined,
    };
    const client = options.preflight ? dryRunCaller(clientFor(placement)) : clientFor(placement);
    const timeouts = (state.timeouts ?? {}) as Record<string, unknown>;
    const defaults = this.def.defaultTimeoutsMs ?? DEFAULT_TIMEOUTS_MS;
    const timeoutMs = options.preflight
      ? PREFLIGHT_TIMEOUT_MS
      : operation === "read"
        ? defaults.update
        : (parseDuration(timeouts[operation]) ?? defaults[operation]);
    const deadline = Date.now() + timeoutMs;
    const kind = this.def.kind;
    return {
      kind,
      client,
      regionId: client.regionId,
      deadline,
      progress,
      async mutate<T>(call: () => Promise<T>): Promise<T> {
        for (let attempt = 1; ; attempt++) {
          try {
            return await call();
          } catch (error) {
            if (!isStateConflict(error)) throw error;
            const delay = pollDelay(attempt, 1000, 10_000, Math.random);
            if (Date.now() + delay > deadline) throw error;
            if (attempt === 1 || attempt % 5 === 0) {
              progress(`${kind}: ${(error as { code?: string }).code ?? "conflict"}, retrying in ${formatElapsed(delay)}`);
            }
            await new Promise((resolve) => setTimeout(resolve, delay));
          }
        }
      },
      async wait<T>(options: Omit<WaitOptions<T>, "timeoutMs" | "onProgress">): Promise<T | undefined> {
        const result = await waitFor({ ...options, timeoutMs: Math.max(0, deadline - Date.now()), onProgress: progress });
        return result.observation.kind === "value" ? result.observation.value : undefined;
      },
    };
  }

  /**
   * Validates and completes the inputs: default tags merged in, the region pinned (the given one, else the stored
   * one, else the settings' default), the settings and credentials resolved (no API call), the schema's and the
   * resource's rules, rules that need the API for changed fields, and during a preview with `preflight` the
   * create call sent with DryRun=true.
   */
  async check(olds: State, news: State): Promise<pulumi.dynamic.CheckResult> {
    previewing = news[PREVIEW_KEY] === true;
    const { [PREVIEW_KEY]: _flag, ...given } = news;
    const failures: CheckFailure[] = [];
    const merged = this.withDefaultTags(given, failures);
    const region = this.pinRegion(olds, merged, failures);
    if (region !== undefined) merged.region = region;
    const checked = checkInputs(this.fields(), merged);
    const inputs = checked.inputs;
    failures.push(...checked.failures);
    if (failures.length === 0 && this.def.validate) failures.push(...this.def.validate(inputs));
    if (failures.length > 0 || isUnknown(inputs)) return { inputs, failures };

    const creating = Object.keys(olds).length === 0;
    const changed = this.fields()
      .filter((f) => creating || !sameValue(f, olds[f.name], inputs[f.name]))
      .map((f) => f.name);
    if (this.def.checkWithCloud && changed.length > 0) {
      failures.push(...(await this.def.checkWithCloud(this.context(inputs, "read"), inputs, changed)));
    }
    if (failures.length === 0 && creating && previewing && this.preflightWanted(inputs, failures) && inputs.adoptExistingId === undefined) {
      failures.push(...(await this.preflightCreate(inputs)));
    }
    return { inputs, failures };
  }

  /** `defaultTags` of the stack config under the resource's own tags (which win), for resources with tags. */
  private withDefaultTags(news: State, failures: CheckFailure[]): State {
    const raw = providerConfig("defaultTags");
    if (raw === undefined || !this.fields().some((f) => f.type === "tags") || isUnknown(news.tags)) return { ...news };
    let defaults: unknown;
    try {
      defaults = JSON.parse(raw);
    } catch {
      defaults = undefined;
    }
    if (!defaults || typeof defaults !== "object" || Array.isArray(defaults) || Object.values(defaults).some((v) => typeof v !== "string")) {
      failures.push({ property: "tags", reason: "stack config alicloud-privatelink:defaultTags must be a JSON object of string values" });
      return { ...news };
    }
    return { ...news, tags: { ...(defaults as Record<string, string>), ...((news.tags as Record<string, string> | undefined) ?? {}) } };
  }

  /**
   * The region the object lives in: the given one, else the stored one, else the default of the settings, which
   * are resolved here so that missing credentials or a bad setting fail the preview, not the update.
   */
  private pinRegion(olds: State, news: State, failures: CheckFailure[]): unknown {
    if (isUnknown(news.region) || isUnknown(news.profile)) return news.region;
    const stored = typeof olds.region === "string" && !isUnknown(olds.region) ? olds.region : undefined;
    const given = typeof news.region === "string" ? news.region : undefined;
    try {
      const settings = settingsFor({ region: given ?? stored, profile: typeof news.profile === "string" ? news.profile : undefined });
      return given ?? stored ?? settings.region;
    } catch (error) {
      // Not a field's problem unless a profile was named: the engine then reports it for the resource.
      failures.push({ property: news.profile !== undefined ? "profile" : "", reason: (error as Error).message });
      return news.region;
    }
  }

  /** The per-resource `preflight` input, else the stack config (default off). */
  private preflightWanted(inputs: State, failures: CheckFailure[]): boolean {
    if (typeof inputs.preflight === "boolean") return inputs.preflight;
    const raw = providerConfig("preflight");
    if (raw === undefined) return false;
    if (raw === "true" || raw === "false") return raw === "true";
    failures.push({ property: "preflight", reason: `stack config alicloud-privatelink:preflight must be true or false, got ${JSON.stringify(raw)}` });
    return false;
  }

  /**
   * State written before regions were pinned records where the object lives only in `regionId`. If this run
   * would place it elsewhere (the default region changed, or a region was set), nothing tells a moved default
   * from a wish to move: refuse, rather than replace the object or send its calls to the wrong region.
   */
  private refuseLegacyMove(id: string, olds: State, news: State): void {
    const lives = olds.regionId;
    if (olds.region !== undefined || typeof lives !== "string" || typeof news.region !== "string" || news.region === lives) return;
    throw new Error(
      `${this.def.kind} ${id} lives in region ${lives}, but its state comes from a release that did not record the region, and this run ` +
        `would place it in ${news.region} (the configured default region changed, or region was set). Set region: "${lives}" on the ` +
        `resource for one \`pulumi up\` to record where it lives; to move it to another region afterwards, change region then (that replaces it).`,
    );
  }

  /** Runs the create steps with DryRun=true writes; a failure names the field its error code points at. */
  private async preflightCreate(inputs: State): Promise<CheckFailure[]> {
    try {
      await this.def.create(this.context(inputs, "create", { preflight: true }), inputs);
    } catch (error) {
      if (!(error instanceof PreflightPassed)) return [this.preflightFailure(error, "the create call", inputs)];
    }
    return [];
  }

  /** Runs each changed update group (or the replacement's create) with DryRun=true writes; throws what fails. */
  private async preflightChange(id: string, olds: State, news: State, d: SchemaDiff): Promise<void> {
    const failures: CheckFailure[] = [];
    if (d.replaces.length > 0) failures.push(...(await this.preflightCreate(news)));
    else {
      const ctx = this.context(news, "update", { preflight: true });
      for (const group of d.updateGroups) {
        try {
          await this.def.updaters[group]?.(ctx, id, news, olds, d.changed);
        } catch (error) {
          if (!(error instanceof PreflightPassed)) failures.push(this.preflightFailure(error, `the update of ${d.changed.join(", ")}`, news));
        }
      }
    }
    if (failures.length > 0) throw new Error(`${this.def.kind} ${id}: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
  }

  /** The failure of a preflight step, on the field its error code points at (a declared one first). */
  private preflightFailure(error: unknown, what: string, inputs: State): CheckFailure {
    const code = isApiError(error) ? error.code : undefined;
    const pointed = code === undefined ? [] : this.fields().filter((f) => f.errorCodes?.includes(code));
    const field = pointed.find((f) => inputs[f.name] !== undefined) ?? pointed[0];
    return { property: field?.name ?? "preflight", reason: `preflight (${what}, sent with DryRun=true) failed: ${(error as Error).message}` };
  }

  async diff(id: string, olds: State, news: State): Promise<pulumi.dynamic.DiffResult> {
    this.refuseLegacyMove(id, olds, news);
    const d = diffFields(this.fields(), olds, news);
    const codeChanged = olds.__provider !== news.__provider;
    const replacing = d.replaces.length > 0;
    if (previewing && (replacing || d.updateGroups.length > 0) && !isUnknown(news) && this.preflightWanted(news, [])) {
      await this.preflightChange(id, olds, news, d);
    }
    return {
      changes: d.changed.length > 0 || codeChanged || Boolean(olds[INCOMPLETE_KEY]),
      replaces: d.replaces,
      deleteBeforeReplace: replacing && this.def.deleteBeforeReplace,
    };
  }

  async create(inputs: State): Promise<pulumi.dynamic.CreateResult> {
    const ctx = this.context(inputs, "create");
    const own = this.inputsOf(inputs);
    return withLocks(this.def.locks(inputs), async () => {
      const id = typeof inputs.adoptExistingId === "string" ? await this.adopt(ctx, inputs.adoptExistingId, inputs) : await this.def.create(ctx, inputs);
      try {
        const live = await this.def.awaitReady(ctx, id, inputs);
        return { id, outs: plainObject({ ...own, ...this.def.outputs(live, id, inputs), [DECLARED_KEY]: Object.keys(own) }) };
      } catch (error) {
        throw initError(this.def.kind, id, { ...own, [INCOMPLETE_KEY]: "create" }, inputs.__provider, error);
      }
    });
  }

  /** Checks that an existing object matches the declared inputs and returns its ID; never changes it. */
  private async adopt(ctx: OperationContext, id: string, inputs: State): Promise<string> {
    const live = await this.def.read(ctx, id, { ...inputs, ...(this.def.stateFromId?.(id) ?? {}) });
    if (live === GONE) {
      throw new Error(`adoptExistingId: ${this.def.kind} ${id} does not exist in region ${ctx.regionId} for these credentials`);
    }
    const mismatches: string[] = [];
    for (const field of this.def.fields) {
      if (!field.live || inputs[field.name] === undefined) continue;
      const actual = field.live(live, inputs);
      if (actual === undefined) continue;
      if (!sameValue(field, actual, inputs[field.name])) {
        mismatches.push(`${field.name}: declared ${JSON.stringify(inputs[field.name])}, the cloud has ${JSON.stringify(actual)}`);
      }
    }
    if (mismatches.length > 0) {
      throw new Error(
        `adoptExistingId: ${this.def.kind} ${id} does not match the declared inputs (${mismatches.join("; ")}); change the program or the object first`,
      );
    }
    ctx.progress(`${this.def.kind} ${id}: adopted existing object`);
    return id;
  }

  async read(id: string, props: State): Promise<pulumi.dynamic.ReadResult> {
    const state = { ...(this.def.stateFromId?.(id) ?? {}), ...props };
    const ctx = this.context(state, "read");
    let live: unknown;
    try {
      live = await this.def.read(ctx, id, state);
    } catch (error) {
      if (isNotFound(error, this.def.family)) live = GONE;
      else throw error;
    }
    if (live === GONE) return {};
    // A live value equal to the stored one keeps the stored form (a policy object, the declared list order).
    const fromCloud: State = {};
    for (const field of this.def.fields) {
      if (!field.live) continue;
      const value = field.live(live, state);
      if (value === undefined) continue;
      fromCloud[field.name] = state[field.name] !== undefined && sameValue(field, value, state[field.name]) ? state[field.name] : value;
    }
    const base = this.inputsOf(state);
    const { [INCOMPLETE_KEY]: _resolved, ...rest } = { ...base, ...this.def.outputs(live, id, state), ...fromCloud };
    const outs = plainObject(rest);
    return { id, props: outs, inputs: plainObject(this.readInputs(outs, props[DECLARED_KEY])) };
  }

  /**
   * The inputs refresh reports: those the program declared (so the next diff lists only real changes), plus an
   * undeclared field whose live value the next update would change (drift it corrects, e.g. tags added by hand).
   * State from before the declared list was kept reports every input field.
   */
  private readInputs(outs: State, declared: unknown): State {
    if (!Array.isArray(declared)) return this.inputsOf(outs);
    const inputs: State = {};
    for (const field of this.fields()) {
      const value = outs[field.name];
      if (value === undefined) continue;
      if (declared.includes(field.name) || diffFields([field], outs, {}).changed.length > 0) inputs[field.name] = value;
    }
    return inputs;
  }

  async update(id: string, olds: State, news: State): Promise<pulumi.dynamic.UpdateResult> {
    // The object stays where it lives: state from before the region was pinned says so in regionId.
    news = { ...news, region: olds.region ?? olds.regionId ?? news.region };
    const d = diffFields(this.fields(), olds, news);
    const resume = Boolean(olds[INCOMPLETE_KEY]);
    const own = this.inputsOf(news);
    if (d.updateGroups.length === 0 && !resume) {
      // Only provider settings or the provider code changed: no API call at all.
      const { __provider: _p, ...kept } = olds;
      return { outs: plainObject({ ...kept, ...own, [DECLARED_KEY]: Object.keys(own) }) };
    }
    const ctx = this.context(news, "update");
    return withLocks(this.def.locks(news, id), async () => {
      let changesSent = false;
      try {
        if (resume) await this.def.awaitReady(ctx, id, news);
        for (const group of d.updateGroups) {
          const updater = this.def.updaters[group];
          if (!updater) throw new Error(`internal: ${this.def.kind} has no updater for group ${group}`);
          await ctx.mutate(() => updater(ctx, id, news, olds, d.changed));
          changesSent = true;
        }
        const live = await this.def.awaitReady(ctx, id, news);
        return { outs: plainObject({ ...own, ...this.def.outputs(live, id, news), [DECLARED_KEY]: Object.keys(own) }) };
      } catch (error) {
        if (isNotFound(error, this.def.family)) {
          throw new Error(
            `${this.def.kind} ${id} no longer exists (${(error as Error).message}); run \`pulumi refresh\` to drop it from the state, then \`pulumi up\` to create it again`,
          );
        }
        if ((changesSent || resume) && (error instanceof WaitError || !isApiError(error))) {
          throw initError(this.def.kind, id, { ...olds, ...own, [INCOMPLETE_KEY]: "update" }, news.__provider, error);
        }
        throw error;
      }
    });
  }

  async delete(id: string, props: State): Promise<void> {
    const state = { ...(this.def.stateFromId?.(id) ?? {}), ...props };
    const ctx = this.context(state, "delete");
    await withLocks(this.def.locks(state, id), async () => {
      try {
        await this.def.delete(ctx, id, state);
      } catch (error) {
        if (isNotFound(error, this.def.family)) return;
        throw error;
      }
    });
  }
}

/** Standard acceptors for "wait until status S": success on S, failure on given statuses or on gone. */
export function readyAcceptors<Live>(
  statusOf: (live: Live) => string | undefined,
  ready: readonly string[],
  failures: readonly string[] = [],
): Acceptor<Live>[] {
  return [
    statusIs(statusOf, ready, "success"),
    statusIs(statusOf, failures, "failure", "entered a failure status"),
    whenGone("failure", "the object disappeared"),
  ];
}

export function goneAcceptors<Live>(): Acceptor<Live>[] {
  return [whenGone("success")];
}
