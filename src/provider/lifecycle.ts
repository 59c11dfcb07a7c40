// The lifecycle shared by every resource: check, diff, create, read, update and delete, driven by the
// resource's declarative schema and a few resource-specific steps (the create call, the read, the updaters,
// the delete). Waiting, init errors, timeouts, adoption, per-parent locks and state-conflict retries live here.
import * as pulumi from "@pulumi/pulumi";
import { debugLog } from "../client/debug";
import { isAlreadyExists, isApiError, isNotFound, isStateConflict, isTransient, lockedObject, type ResourceFamily } from "../client/errors";
import { LOCKED_BUSINESS_STATUS } from "../spec/statuses";
import {
  GONE,
  WaitError,
  formatElapsed,
  pollDelay,
  pollOffsets,
  statusIs,
  waitFor,
  whenError,
  whenGone,
  type Acceptor,
  type Observation,
  type WaitOptions,
  type WaitResult,
} from "../waiter";
import { clientFor, progress, providerConfig, settingsFor, warn } from "./context";
import { CREATE_TOKEN_FIELD, URN_INPUT, clientTokenFor, deriveCreateToken } from "./create-token";
import { withLocks, type HeldLocks } from "./locks";
import { configuredTransitionScale, expectationFor, learnFrom, readFence, scheduleFor, sharedRead } from "./waits";
import type { Transition } from "../spec/transitions";
import { PreflightPassed, dryRunCaller, type ProviderCaller } from "./preflight";
import { isUnknown, plainObject } from "./sanitize";
import { NON_EMPTY, PREVIEW_KEY, checkInputs, diffFields, parseDuration, sameValue, type CheckFailure, type FieldSpec, type SchemaDiff } from "./schema";

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
    rules: NON_EMPTY,
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

/**
 * The resource's URN, as the resource class passes it (hidden input `__urn`, kept in the checked inputs and the
 * outputs so that every operation has it): it puts progress lines and warnings on the resource's row.
 */
export function urnOf(state: State): string | undefined {
  const urn = state[URN_INPUT];
  return typeof urn === "string" && urn.startsWith("urn:pulumi:") ? urn : undefined;
}

/** `values` with the URN of `state` (when known) added. */
function withUrn(values: State, state: State): State {
  const urn = urnOf(state);
  return urn === undefined ? values : { ...values, [URN_INPUT]: urn };
}

/**
 * Where an operation's context receives the locks that `parentFree` may release: create, update and delete hand
 * them over once the operation's last change is sent (until then `parentFree` does nothing).
 */
const LOCK_SLOT = Symbol("lock slot");
type LockingContext = OperationContext & { [LOCK_SLOT](locks: HeldLocks | undefined): void };

/** Set by check from the program's preview flag: this provider process serves a preview. */
let previewing = false;

export interface OperationContext {
  readonly kind: string;
  /** The engine's operation this context serves. */
  readonly operation: "create" | "update" | "delete" | "read";
  /** The object's ID, when the operation knows it (update, delete, read). */
  readonly id?: string;
  /** "Kind id", or "Kind name" (the resource's name in the program) before the ID is known: for messages and the debug log. */
  readonly subject: string;
  readonly client: ProviderCaller;
  readonly regionId: string;
  /** Epoch ms by which the operation must finish. */
  readonly deadline: number;
  /** A progress line on the resource's row (shown live, not repeated in the summary). */
  progress(line: string): void;
  /** A warning on the resource's row (kept in the summary's Diagnostics). */
  warn(line: string): void;
  /**
   * Runs a mutating call, retrying state-conflict answers ("being modified, retry later") and transient failures
   * (after the client's own retries) until the deadline; a locked object ends it at once. The call must be safe
   * to repeat (an idempotent change, a ClientToken of its own, or a caller that tolerates "already done").
   */
  mutate<T>(call: () => Promise<T>): Promise<T>;
  /**
   * Waits with the operation's remaining time; transient read failures are retried; progress goes to the CLI.
   * `expect` names the phases of the transition waited for (src/spec/transitions.ts): the polls then come near
   * its expected end, counted from this operation's last write (provider/waits.ts); without it the wait polls at
   * once and backs off.
   */
  wait<T>(options: Omit<WaitOptions<T>, "timeoutMs" | "onProgress" | "schedule"> & { readonly expect?: readonly Transition[] }): Promise<T | undefined>;
  /**
   * A read that the concurrent waits of one object share (provider/waits.ts, sharedRead): during a wait, one read
   * issued after the wait began answers every waiter of the same `key` at that moment. Use it for wait polls.
   */
  shared<T>(key: string, read: () => Promise<T>): Promise<T>;
  /**
   * The parents are free: the API would accept their next change now (the part of this change's transition that
   * keeps a parent busy is over), so the operation's locks (`locks()`) are released and the rest of its wait (the
   * object's own readiness or removal) runs beside the next change of the same parent. Honoured only in the
   * operation's last step, after its last change (awaitReady after create or update, and delete); elsewhere, and
   * when called twice, it does nothing. Without it the locks are held until the operation ends.
   */
  parentFree(): void;
  /**
   * Whether this provider process's own create call made that object in this deployment (it was not adopted, nor
   * found again by its create token or natural key): then it carries only what its create declared and what this
   * deployment changed since, and no earlier run can have attached anything to it.
   */
  madeInThisDeployment(kind: string, id: string): boolean;
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
  /**
   * Per-parent serialisation keys for changes (see locks.ts): held from the operation's first call until its
   * parents are free again (ctx.parentFree) or, at the latest, until it ends.
   */
  locks(state: State, id?: string): string[];
  /**
   * Issues the create call(s); returns the new ID. `clientToken` is the idempotency token of the create call
   * (for kinds with `createToken`): a repeated call with it returns the object the first one made.
   */
  create(ctx: OperationContext, inputs: State, clientToken?: string): Promise<string>;
  /**
   * The object has a cloud-generated ID: `check` derives a create token (create-token.ts) and a repeated create
   * (after a crash, a lost reply) returns the object the interrupted one made.
   */
  readonly createToken?: boolean;
  /**
   * With `createToken`: the objects of this account and region that carry the create token's ownership tag and
   * are not being deleted (create-token.ts). A create adopts one before it makes anything.
   */
  findByCreateToken?(ctx: OperationContext, token: string): Promise<string[]>;
  /**
   * For children identified by a natural key: the ID a create gives. A create first reads it and adopts an
   * object that already exists as declared (made by an interrupted run), and refuses one that differs.
   */
  naturalId?(inputs: State): string;
  /**
   * For natural-key children: the object the child is attached to. When this process made that parent in this
   * deployment, no earlier run can have made the child, so the create skips the read of its natural key (a sibling
   * declaring the same key is still caught: the create call's "already exists" answer leads to the same adoption).
   */
  parentOf?(inputs: State): { readonly kind: string; readonly id: string };
  /** Reads the live object; GONE when it no longer exists. Not-found API errors of the family mean GONE too. */
  read(ctx: OperationContext, id: string, state: State): Promise<Live | typeof GONE>;
  /**
   * Whether the object exists, with fewer calls than `read` (e.g. its attributes alone): asked right after a
   * create call returns an ID. `read` is used when absent.
   */
  exists?(ctx: OperationContext, id: string): Promise<boolean>;
  /**
   * Waits until the object is usable (the documented target status) and returns it. A child whose readiness
   * outlasts its parent's busy phase calls ctx.parentFree() once the parent is free (see OperationContext).
   */
  awaitReady(ctx: OperationContext, id: string, state: State): Promise<Live>;
  /** Computed outputs of a live object. */
  outputs(live: Live, id: string, state: State): State;
  /** In-place updaters by update group (see FieldSpec.onChange); `changed` lists the fields the schema found changed. */
  readonly updaters: Readonly<Record<string, (ctx: OperationContext, id: string, news: State, olds: State, changed: readonly string[]) => Promise<void>>>;
  /**
   * Deletes and waits until gone (calling ctx.parentFree() once the parent is free, if the object's own removal
   * may outlast that). A not-found answer is handled by the machinery as success.
   */
  delete(ctx: OperationContext, id: string, state: State): Promise<void>;
  /** Placement and parent keys recoverable from an ID, for `get(name, id)` with no other state. */
  stateFromId?(id: string): State;
}

function allFields(def: ResourceDefinition): readonly FieldSpec[] {
  return def.createToken ? [...def.fields, ...COMMON_FIELDS, CREATE_TOKEN_FIELD] : [...def.fields, ...COMMON_FIELDS];
}

/** The object a create stands for, and whether this create's own call made it. */
interface Obtained {
  readonly id: string;
  readonly made: boolean;
}

/** How many tokens a create tries when the cloud answers with objects deleted since (see clientTokenFor). */
export const MAX_TOKEN_GENERATIONS = 50;

/**
 * Objects this provider process created or adopted, by kind and ID. One process serves a whole deployment, in
 * which the engine never deletes an object a create returned, except when that create returned the very object
 * being replaced (`pulumi up --replace` repeats the original create token; a renamed natural-key child adopts
 * its old self): deleting it would delete the live object the state now points at.
 */
const obtainedInThisDeployment = new Set<string>();

/**
 * The part of obtainedInThisDeployment that a create call of this process made (not adopted, not found again):
 * nothing of an earlier run is attached to these (see OperationContext.madeInThisDeployment).
 */
const madeInThisDeployment = new Set<string>();

const objectKey = (kind: string, id: string) => `${kind}\u0000${id}`;

/** Forgets what this process created (tests that step several deployments in one process). */
export function forgetObtainedObjects(): void {
  obtainedInThisDeployment.clear();
  madeInThisDeployment.clear();
}

/** What to do about a locked business status, for errors. */
export function lockedRemedy(status: string): string {
  if (status === "FinancialLocked") {
    return "it is locked for an overdue payment (FinancialLocked): settle the account's overdue payment in the Alibaba Cloud console, then run `pulumi up` again";
  }
  if (status === "SecurityLocked") {
    return "it is locked for a security reason (SecurityLocked): see the notices in the Alibaba Cloud console or ask Alibaba Cloud support to unlock it, then run `pulumi up` again";
  }
  return `it is locked (${status}): unlock it in the Alibaba Cloud console, then run \`pulumi up\` again`;
}

/**
 * Builds the error that makes the engine keep a half-finished object (id, outputs incl. __provider, reasons). The
 * engine shows the reasons, so the one reason says it all: the object exists, why it is not ready, and what the
 * next `pulumi up` does with it.
 */
export function initError(kind: string, id: string, properties: State, provider: unknown, cause: unknown, operation: "create" | "update" = "create"): Error {
  const reason = (cause instanceof Error ? cause.message : String(cause)).replace(/\.$/, "");
  const subject = `${kind} ${id}`;
  // "VpcEndpointService epsrv-… did not reach …" → "VpcEndpointService epsrv-… exists but did not reach …".
  const what = reason.startsWith(`${subject} `) ? reason.slice(subject.length + 1) : `is not ready: ${reason}`;
  const state = operation === "create" ? "exists" : "was changed";
  const next =
    cause instanceof WaitError && cause.reason === "failure"
      ? `It stays in the stack's state: the next \`pulumi up\` checks it again${operation === "create" ? " (it will not create another)" : ""}.`
      : `The next \`pulumi up\` resumes waiting on it${operation === "create" ? " (it will not create another)" : ""}.`;
  const message = `${subject} ${state} but ${what}. ${next}`;
  const error = new Error(message) as Error & { id: string; properties: State; reasons: string[] };
  error.id = id;
  error.properties = plainObject({ ...properties, __provider: provider });
  error.reasons = [message];
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

  private context(state: State, operation: "create" | "update" | "delete" | "read", options: { preflight?: boolean; id?: string } = {}): LockingContext {
    const id = options.id;
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
    const urn = urnOf(state);
    // The resource's name (last URN segment) until its ID is known.
    const subject = id ? `${kind} ${id}` : urn ? `${kind} ${urn.slice(urn.lastIndexOf("::") + 2)}` : kind;
    // When this operation last sent a change (the transition a wait waits for began then), and the read fence of
    // the current wait (reads issued after it see that change).
    let lastWriteAt: number | undefined;
    let fence: number | undefined;
    const say = (line: string) => progress(line, urn);
    let held: HeldLocks | undefined;
    return {
      kind,
      operation,
      id,
      subject,
      client,
      regionId: client.regionId,
      deadline,
      progress: say,
      warn: (line) => warn(line, urn),
      parentFree: () => held?.release(),
      madeInThisDeployment: (objectKind, objectId) => madeInThisDeployment.has(objectKey(objectKind, objectId)),
      [LOCK_SLOT]: (locks: HeldLocks | undefined) => {
        held = locks;
      },
      async mutate<T>(call: () => Promise<T>): Promise<T> {
        for (let attempt = 1; ; attempt++) {
          try {
            lastWriteAt = Date.now();
            return await call();
          } catch (error) {
            const locked = lockedObject(error);
            if (locked) throw lockedError(subject, locked, error as Error);
            if (!isStateConflict(error) && !isTransient(error)) throw error;
            const delay = pollDelay(attempt, 1000, 10_000, Math.random);
            const code = (error as { code?: string }).code ?? "Error";
            const reason = isStateConflict(error) ? "state conflict" : "transient failure";
            if (Date.now() + delay > deadline) {
              debugLog("retry", { subject, attempt, code, decision: "give-up", reason: `${reason}, operation deadline` });
              throw error;
            }
            debugLog("retry", { subject, attempt, code, decision: "retry", delayMs: delay, reason });
            if (attempt === 1 || attempt % 5 === 0) {
              say(`${subject}: ${(error as { code?: string }).code ?? "conflict"}, retrying in ${formatElapsed(delay)}`);
            }
            await new Promise((resolve) => setTimeout(resolve, delay));
          }
        }
      },
      async wait<T>(
        options: Omit<WaitOptions<T>, "timeoutMs" | "onProgress" | "schedule"> & { readonly expect?: readonly Transition[] },
      ): Promise<T | undefined> {
        // A read that fails for a passing reason (throttling, 5xx, a lost reply) is polled again within the deadline.
        const acceptors = [...options.acceptors, whenError<T>(isTransient, "retry")];
        const describe = (o: Observation<T>) =>
          o.kind === "error" && isApiError(o.error) ? `read failed (${o.error.code}), polling again` : options.describe(o);
        const started = Date.now();
        const expectation = options.expect ? expectationFor(client.regionId, options.expect) : undefined;
        const schedule = expectation ? scheduleFor(expectation, lastWriteAt === undefined ? undefined : started - lastWriteAt) : undefined;
        const { expect: _expect, ...rest } = options;
        fence = readFence();
        const began = lastWriteAt;
        let result: WaitResult<T> | undefined;
        try {
          result = await waitFor({ ...rest, acceptors, describe, schedule, timeoutMs: Math.max(0, deadline - started), onProgress: say });
        } finally {
          fence = undefined;
          // The transition the last change began has been waited for: a later wait with no new change polls at once.
          lastWriteAt = undefined;
          // Where the time went: the wait's length, what it expected and how many reads it took (the reads it
          // shared with other waiters count here too).
          debugLog("wait", {
            subject: options.subject,
            target: options.target,
            outcome: result ? result.observation.kind : "failed",
            expectedMs: schedule === undefined ? undefined : Math.round(schedule.expectedMs),
            sinceChangeMs: began === undefined ? undefined : Date.now() - began,
            ms: Date.now() - started,
            polls: result?.polls,
          });
        }
        if (expectation && schedule) learnFrom(expectation, schedule, result, pollOffsets(schedule).next().value as number);
        return result.observation.kind === "value" ? result.observation.value : undefined;
      },
      shared<T>(key: string, read: () => Promise<T>): Promise<T> {
        // Outside a wait nothing is shared: the read must see whatever this operation changed.
        return fence === undefined ? read() : sharedRead(client, `${client.regionId}|${key}`, fence, read);
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
    const { [PREVIEW_KEY]: _flag, [URN_INPUT]: urn, createToken: _given, ...given } = news;
    const failures: CheckFailure[] = [];
    const merged = this.withDefaultTags(given, failures);
    const region = this.pinRegion(olds, merged, failures);
    if (region !== undefined) merged.region = region;
    const checked = checkInputs(this.fields(), merged);
    const inputs = checked.inputs;
    // Kept (it is no field, so it never makes a diff): create, update, read and delete report on the resource's row.
    if (typeof urn === "string") inputs[URN_INPUT] = urn;
    failures.push(...checked.failures);
    if (failures.length === 0 && this.def.validate) failures.push(...this.def.validate(inputs));
    failures.push(...this.checkAdoptedId(inputs));
    try {
      configuredTransitionScale();
    } catch (error) {
      failures.push({ property: "", reason: (error as Error).message });
    }
    if (this.def.createToken) {
      const token = deriveCreateToken({ urn: typeof urn === "string" ? urn : undefined, fields: this.fields(), news: inputs, olds: olds ?? {} });
      inputs.createToken = token ?? pulumi.runtime.unknownValue;
    }
    if (failures.length > 0 || isUnknown(inputs)) return { inputs, failures };

    const creating = Object.keys(olds).length === 0;
    const changed = this.fields()
      .filter((f) => f !== CREATE_TOKEN_FIELD && (creating || !sameValue(f, olds[f.name], inputs[f.name])))
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
    const ctx = this.context(inputs, "create", { preflight: true });
    try {
      // An object the create would adopt (an interrupted run made it) is not created again: nothing to dry-run.
      if (await this.wouldAdopt(ctx, inputs)) return [];
      await this.def.create(ctx, inputs);
    } catch (error) {
      if (!(error instanceof PreflightPassed)) return [this.preflightFailure(error, "the create call", inputs)];
    }
    return [];
  }

  /** Whether a create would find its object already there (natural key, or the create token's tag). */
  private async wouldAdopt(ctx: OperationContext, inputs: State): Promise<boolean> {
    if (this.def.naturalId) return (await this.readPatiently(ctx, this.def.naturalId(inputs), inputs)) !== GONE;
    const token = inputs.createToken;
    if (this.def.findByCreateToken && typeof token === "string") return (await this.def.findByCreateToken(ctx, token)).length > 0;
    return false;
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

  /**
   * A colon-joined `adoptExistingId` (attachments, connections: their own format, which is also the alicloud
   * provider's) must parse, and each part must name what the inputs declare. A part may be missing from the
   * inputs only where the cloud chooses the value (a backend's zone); an optional part of the ID may be left out.
   */
  private checkAdoptedId(inputs: State): CheckFailure[] {
    const adopt = inputs.adoptExistingId;
    if (typeof adopt !== "string" || adopt.trim() === "" || !this.def.stateFromId) return [];
    let named: State;
    try {
      named = this.def.stateFromId(adopt);
    } catch (error) {
      return [{ property: "adoptExistingId", reason: `adoptExistingId is malformed: ${(error as Error).message}` }];
    }
    const failures: CheckFailure[] = [];
    for (const [name, value] of Object.entries(named)) {
      const field = this.def.fields.find((f) => f.name === name);
      const declared = inputs[name];
      if (!field || isUnknown(declared) || declared === value || (declared === undefined && field.cloudDefault)) continue;
      const what = declared === undefined ? `the inputs do not declare ${name}` : `the inputs declare ${name} ${JSON.stringify(declared)}`;
      failures.push({
        property: "adoptExistingId",
        reason: `adoptExistingId ${JSON.stringify(adopt)} names ${name} ${JSON.stringify(value)}, but ${what}: it must name the ${this.def.kind} the inputs declare`,
      });
    }
    return failures;
  }

  async diff(id: string, olds: State, news: State): Promise<pulumi.dynamic.DiffResult> {
    this.refuseLegacyMove(id, olds, news);
    // The create token only matters to a create: it never makes a change of its own.
    const d = diffFields(
      this.fields().filter((f) => f !== CREATE_TOKEN_FIELD),
      olds,
      news,
    );
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
    return withLocks(this.def.locks(inputs), ctx.subject, async (held) => {
      const { id, made } = await this.obtain(ctx, inputs);
      obtainedInThisDeployment.add(objectKey(this.def.kind, id));
      if (made) madeInThisDeployment.add(objectKey(this.def.kind, id));
      // Every change is sent: awaitReady may release the parents once they are free (ctx.parentFree).
      ctx[LOCK_SLOT](held);
      try {
        const live = await this.def.awaitReady(ctx, id, inputs);
        return { id, outs: plainObject(withUrn({ ...own, ...this.def.outputs(live, id, inputs), [DECLARED_KEY]: Object.keys(own) }, inputs)) };
      } catch (error) {
        throw initError(this.def.kind, id, withUrn({ ...own, [INCOMPLETE_KEY]: "create" }, inputs), inputs.__provider, error, "create");
      }
    });
  }

  /**
   * The ID of the object this create stands for: adopted, found again after an interruption, or new (`made`: this
   * create's own call made it).
   */
  private async obtain(ctx: OperationContext, inputs: State): Promise<Obtained> {
    if (typeof inputs.adoptExistingId === "string") return { id: await this.adopt(ctx, inputs.adoptExistingId, inputs), made: false };
    if (this.def.naturalId) return this.createOrAdoptNaturalKey(ctx, inputs, this.def.naturalId(inputs));
    if (this.def.createToken && typeof inputs.createToken === "string") return this.createWithToken(ctx, inputs, inputs.createToken);
    return { id: await this.def.create(ctx, inputs), made: true };
  }

  /**
   * A create with a create token: first the object an interrupted run made, found by its ownership tag; else the
   * create call with the token's ClientToken (a repeated call returns the object the first one made).
   */
  private async createWithToken(ctx: OperationContext, inputs: State, token: string): Promise<Obtained> {
    const owned = await this.findOwned(ctx, token);
    if (owned !== undefined) return this.adoptOwned(ctx, owned, inputs);
    return { id: await this.createWithChain(ctx, inputs, token), made: true };
  }

  /**
   * A token whose object was deleted since (the stack was destroyed and is created again) moves on to the next
   * ClientToken of its chain; a transient failure repeats the same call until the deadline.
   */
  private async createWithChain(ctx: OperationContext, inputs: State, token: string): Promise<string> {
    for (let n = 0; n < MAX_TOKEN_GENERATIONS; n++) {
      const id = await ctx.mutate(() => this.def.create(ctx, inputs, clientTokenFor(token, n)));
      if (await this.existsPatiently(ctx, id, inputs)) return id;
      ctx.progress(`${this.def.kind}: the create token was used before for ${id}, which no longer exists; creating with the next token`);
    }
    throw new Error(
      `${this.def.kind}: the ${MAX_TOKEN_GENERATIONS} create tokens derived for this resource all name objects deleted since; ` +
        `set clientToken to a new value to start a new chain`,
    );
  }

  /** The object an interrupted create made, found by its ownership tag (retrying transient failures). */
  private async findOwned(ctx: OperationContext, token: string): Promise<string | undefined> {
    const find = this.def.findByCreateToken;
    if (!find) return undefined;
    const found = await ctx.mutate(() => find(ctx, token));
    if (found.length > 1) {
      ctx.warn(
        `${this.def.kind}: ${found.length} objects carry this resource's create token (${found.join(", ")}); adopting ${found[0]}. ` +
          `The others were made outside this provider's create path: delete them if they are not in use.`,
      );
    }
    return found[0];
  }

  /**
   * Adopts the object an interrupted run made: its replace-forcing inputs match by construction (they are part
   * of the token); fields changed in the program since are applied in place, as an update would.
   */
  private async adoptOwned(ctx: OperationContext, id: string, inputs: State): Promise<Obtained> {
    const live = await this.readPatiently(ctx, id, inputs);
    if (live === GONE) return { id: await this.createWithChain(ctx, inputs, inputs.createToken as string), made: true };
    const olds = { ...inputs, ...this.reportedInputs(live, inputs) };
    const d = diffFields(this.def.fields, olds, inputs);
    if (d.replaces.length > 0) {
      throw new Error(
        `${this.def.kind} ${id} carries this resource's create token but differs in ${d.replaces.join(", ")}, which cannot change ` +
          `in place (changed out of band?): delete it, or declare what it has, then run \`pulumi up\` again.`,
      );
    }
    ctx.progress(`${this.def.kind} ${id}: found by its create token (made by an interrupted run); adopted`);
    for (const group of d.updateGroups) {
      const updater = this.def.updaters[group];
      if (updater) await ctx.mutate(() => updater(ctx, id, inputs, olds, d.changed));
    }
    return { id, made: false };
  }

  /**
   * A natural-key child: adopt it when it already exists as declared, create it otherwise. The key is read first
   * unless the parent was made in this deployment by this process (parentOf): no earlier run can have made it then.
   */
  private async createOrAdoptNaturalKey(ctx: OperationContext, inputs: State, id: string): Promise<Obtained> {
    const parent = this.def.parentOf?.(inputs);
    const parentIsNew = parent !== undefined && madeInThisDeployment.has(objectKey(parent.kind, parent.id));
    if (!parentIsNew) {
      const existing = await this.readPatiently(ctx, id, inputs);
      if (existing !== GONE) return { id: this.adoptMatching(ctx, id, inputs, existing), made: false };
    }
    try {
      return { id: await this.def.create(ctx, inputs), made: true };
    } catch (error) {
      // Made since the read (a retried call whose first attempt was applied), or by a sibling declaring the same
      // key: the same question again.
      if (!isAlreadyExists(error, this.def.family)) throw error;
      const live = await this.readPatiently(ctx, id, inputs);
      if (live === GONE) throw error;
      return { id: this.adoptMatching(ctx, id, inputs, live), made: false };
    }
  }

  private adoptMatching(ctx: OperationContext, id: string, inputs: State, live: unknown): string {
    const mismatches = this.mismatches(live, inputs);
    if (mismatches.length > 0) {
      throw new Error(
        `${this.def.kind} ${id} already exists and differs from the declaration (${mismatches.join("; ")}). It was made by ` +
          `another resource or out of band: change the program to match it, or remove it from the cloud, then run \`pulumi up\` again.`,
      );
    }
    ctx.progress(`${this.def.kind} ${id}: already exists as declared; adopted (no change made)`);
    return id;
  }

  /** Whether the object exists (the definition's cheaper check when it has one), retrying transient failures. */
  private async existsPatiently(ctx: OperationContext, id: string, inputs: State): Promise<boolean> {
    const exists = this.def.exists;
    if (!exists) return (await this.readPatiently(ctx, id, inputs)) !== GONE;
    return (await this.readPatiently(ctx, id, inputs, async () => ((await exists(ctx, id)) ? true : GONE))) !== GONE;
  }

  /** Reads the object, retrying transient failures within the deadline; GONE when it does not exist. */
  private async readPatiently(ctx: OperationContext, id: string, inputs: State, read?: () => Promise<unknown>): Promise<unknown> {
    const state = { ...inputs, ...(this.def.stateFromId?.(id) ?? {}) };
    const result = await waitFor<unknown>({
      subject: `${this.def.kind} ${id}`,
      target: "an answer",
      poll: async () => {
        try {
          return await (read ? read() : this.def.read(ctx, id, state));
        } catch (error) {
          if (isNotFound(error, this.def.family)) return GONE;
          throw error;
        }
      },
      acceptors: [{ state: "success", matches: (o) => o.kind !== "error" }, whenError(isTransient, "retry")],
      describe: (o) => o.kind,
      timeoutMs: Math.max(0, ctx.deadline - Date.now()),
    });
    return result.observation.kind === "value" ? result.observation.value : GONE;
  }

  /** The inputs as the live object reports them (fields the API reports). */
  private reportedInputs(live: unknown, state: State): State {
    const reported: State = {};
    for (const field of this.def.fields) {
      const value = field.live?.(live, state);
      if (value !== undefined) reported[field.name] = value;
    }
    return reported;
  }

  /** Declared inputs that differ from what the live object reports (fields the API reports). */
  private mismatches(live: unknown, inputs: State): string[] {
    const reported = this.reportedInputs(live, inputs);
    return this.def.fields
      .filter((f) => inputs[f.name] !== undefined && reported[f.name] !== undefined && !sameValue(f, reported[f.name], inputs[f.name]))
      .map((f) => `${f.name}: declared ${JSON.stringify(inputs[f.name])}, the cloud has ${JSON.stringify(reported[f.name])}`);
  }

  /** Checks that an existing object matches the declared inputs and returns its ID; never changes it. */
  private async adopt(ctx: OperationContext, given: string, inputs: State): Promise<string> {
    // A natural-key child gets the ID its inputs give (check made sure the given one names it): another format of
    // the same object (the alicloud provider's) is normalised to this resource's own.
    const id = this.def.naturalId ? this.def.naturalId(inputs) : given;
    const live = await this.readPatiently(ctx, id, inputs);
    if (live === GONE) {
      throw new Error(`adoptExistingId: ${this.def.kind} ${id} does not exist in region ${ctx.regionId} for these credentials`);
    }
    const mismatches = this.mismatches(live, inputs);
    if (mismatches.length > 0) {
      throw new Error(
        `adoptExistingId: ${this.def.kind} ${id} does not match the declared inputs (${mismatches.join("; ")}); change the program or the object first`,
      );
    }
    ctx.progress(`${this.def.kind} ${id}: adopted existing object${id === given ? "" : ` (given as ${given})`}`);
    return id;
  }

  async read(id: string, props: State): Promise<pulumi.dynamic.ReadResult> {
    const state = { ...(this.def.stateFromId?.(id) ?? {}), ...props };
    const ctx = this.context(state, "read", { id });
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
    const outs = plainObject(withUrn(rest, state));
    return { id, props: outs, inputs: plainObject(withUrn(this.readInputs(outs, props[DECLARED_KEY]), state)) };
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
    if (urnOf(news) === undefined && urnOf(olds) !== undefined) news = { ...news, [URN_INPUT]: olds[URN_INPUT] };
    const d = diffFields(this.fields(), olds, news);
    const resume = Boolean(olds[INCOMPLETE_KEY]);
    const own = this.inputsOf(news);
    if (d.updateGroups.length === 0 && !resume) {
      // Only provider settings or the provider code changed: no API call at all.
      const { __provider: _p, ...kept } = olds;
      return { outs: plainObject(withUrn({ ...kept, ...own, [DECLARED_KEY]: Object.keys(own) }, news)) };
    }
    const ctx = this.context(news, "update", { id });
    return withLocks(this.def.locks(news, id), ctx.subject, async (held) => {
      let changesSent = false;
      try {
        if (resume) await this.def.awaitReady(ctx, id, news);
        for (const group of d.updateGroups) {
          const updater = this.def.updaters[group];
          if (!updater) throw new Error(`internal: ${this.def.kind} has no updater for group ${group}`);
          await ctx.mutate(() => updater(ctx, id, news, olds, d.changed));
          changesSent = true;
        }
        // Every change is sent: the last wait may release the parents once they are free (ctx.parentFree).
        ctx[LOCK_SLOT](held);
        const live = await this.def.awaitReady(ctx, id, news);
        return { outs: plainObject(withUrn({ ...own, ...this.def.outputs(live, id, news), [DECLARED_KEY]: Object.keys(own) }, news)) };
      } catch (error) {
        if (isNotFound(error, this.def.family)) {
          throw new Error(
            `${this.def.kind} ${id} no longer exists (${(error as Error).message}); run \`pulumi refresh\` to drop it from the state, then \`pulumi up\` to create it again`,
          );
        }
        if ((changesSent || resume) && (error instanceof WaitError || !isApiError(error))) {
          throw initError(this.def.kind, id, withUrn({ ...olds, ...own, [INCOMPLETE_KEY]: "update" }, news), news.__provider, error, "update");
        }
        throw error;
      }
    });
  }

  async delete(id: string, props: State): Promise<void> {
    const state = { ...(this.def.stateFromId?.(id) ?? {}), ...props };
    const ctx = this.context(state, "delete", { id });
    if (obtainedInThisDeployment.has(objectKey(this.def.kind, id))) {
      ctx.warn(
        `${this.def.kind} ${id} was not deleted: a create in this same deployment returned this very object (it found ` +
          `it again through its create token or natural key), so deleting the old one would delete the new one too. ` +
          `The state keeps ${id}. To get a new object instead (e.g. with \`pulumi up --replace\`), set \`clientToken\` to a ` +
          `new value in the program and run the replacement again.`,
      );
      return;
    }
    await withLocks(this.def.locks(state, id), ctx.subject, async (held) => {
      // delete sends its change first, then may release the parents once they are free (ctx.parentFree).
      ctx[LOCK_SLOT](held);
      try {
        await this.def.delete(ctx, id, state);
      } catch (error) {
        if (isNotFound(error, this.def.family)) return;
        throw error;
      }
    });
  }
}

/**
 * Standard acceptors for "wait until status S": success on S; failure at once on statuses from which S cannot
 * be reached, on a locked business status, and on gone.
 */
export function readyAcceptors<Live>(
  statusOf: (live: Live) => string | undefined,
  ready: readonly string[],
  failures: readonly string[] = [],
  businessStatusOf?: (live: Live) => string | undefined,
): Acceptor<Live>[] {
  return [statusIs(statusOf, ready, "success"), ...terminalAcceptors(statusOf, failures, businessStatusOf)];
}

/** The failures of a wait for readiness: a status the target cannot follow, a locked business status, gone. */
export function terminalAcceptors<Live>(
  statusOf: (live: Live) => string | undefined,
  cannotReach: readonly string[],
  businessStatusOf?: (live: Live) => string | undefined,
): Acceptor<Live>[] {
  return [
    statusIs(
      statusOf,
      cannotReach,
      "failure",
      "the target cannot follow this status; run `pulumi refresh` to see the object, then fix it in the console or replace it",
    ),
    ...(businessStatusOf ? lockedAcceptors(businessStatusOf) : []),
    whenGone("failure", "the object disappeared (deleted out of band, or its create failed); run `pulumi refresh`, then `pulumi up` to create it again"),
  ];
}

/** Failure at once on a locked business status (no change completes until the owner acts). */
export function lockedAcceptors<Live>(businessStatusOf: (live: Live) => string | undefined): Acceptor<Live>[] {
  return LOCKED_BUSINESS_STATUS.map((status) => statusIs(businessStatusOf, [status], "failure", lockedRemedy(status)));
}

/** The error of a call refused because the object is locked: names it, says why, and what to do. */
function lockedError(subject: string, locked: string, cause: Error): Error {
  return new Error(
    `${subject}: the ${locked} is locked by its business status (FinancialLocked: an overdue payment; SecurityLocked: a security lock), ` +
      `so no retry can help. Settle the payment or have the lock lifted in the Alibaba Cloud console, then run \`pulumi up\` again. (${cause.message})`,
  );
}

export function goneAcceptors<Live>(): Acceptor<Live>[] {
  return [whenGone("success")];
}
