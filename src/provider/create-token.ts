// Create tokens: a repeated create (a re-run after a killed CLI, a lost reply, retries exhausted after an applied
// attempt) must repeat the same idempotent call instead of making a second object. The token is derived from
// what identifies the intended object: the resource's URN, the inputs that force a replacement, the token of the
// object it replaces, and the user's `clientToken` seed. `check` computes it and stores it in the checked inputs.
import { createHash, randomBytes } from "node:crypto";
import { CLIENT_TOKEN_MAX_LENGTH, PROVIDER_TAGS } from "../spec/constraints";
import { isUnknown } from "./sanitize";
import { canonicalJson, diffFields, type FieldSpec } from "./schema";

/** Hidden input the resource classes set to the resource's URN (the engine never gives it to the provider). */
export const URN_INPUT = "__urn";

/**
 * The ownership tag every object with a create token carries from its create on: its value is the token, so an
 * object made by an interrupted run is found again (and adopted) beyond the cloud's ClientToken retention.
 */
export const CREATE_TOKEN_TAG_KEY = `${PROVIDER_TAGS.prefix}create-token`;

/** The ownership tag of checked inputs (none without a token). */
export function ownershipTag(inputs: Record<string, unknown>): { Key: string; Value: string } | undefined {
  return typeof inputs.createToken === "string" ? { Key: CREATE_TOKEN_TAG_KEY, Value: inputs.createToken } : undefined;
}

/** The checked input that holds the token; set by `check`, never by the program. */
export const CREATE_TOKEN_FIELD: FieldSpec = {
  name: "createToken",
  type: "string",
  description: "Idempotency token of the create call, derived by the provider (see docs/recovery.md).",
  onChange: "provider",
};

const PREFIX = "plk1-";

/** Canonical text of the inputs that force a replacement: equal texts mean the same intended object. */
export function identityOf(fields: readonly FieldSpec[], inputs: Record<string, unknown>): string | undefined {
  const identity: Record<string, unknown> = {};
  for (const field of fields) {
    if ((field.onChange ?? "replace") !== "replace") continue;
    const value = inputs[field.name];
    if (isUnknown(value)) return undefined;
    if (value === undefined || value === null) continue;
    identity[field.name] = Array.isArray(value) && field.unordered ? value.map((v) => canonicalJson(v)).sort() : value;
  }
  return canonicalJson(identity);
}

function digest(parts: readonly (string | undefined)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part === undefined ? "\u0000" : `\u0001${part}`).update("\u0002");
  return `${PREFIX}${hash.digest("hex").slice(0, 40)}`;
}

export interface TokenInputs {
  /** The resource's URN; without it a random token is used (no crash safety, but never a collision). */
  readonly urn: string | undefined;
  readonly fields: readonly FieldSpec[];
  /** Checked new inputs (the user's `clientToken` seed among them). */
  readonly news: Record<string, unknown>;
  /** Old inputs (`{}` for a new resource, a targeted replace, or a re-run after a crashed create). */
  readonly olds: Record<string, unknown>;
}

/**
 * The create token of the checked inputs: the old one while no replace-forcing input changed (by the diff's own
 * rules); chained from the old one when one did (a replacement is coming, and A → B → A must not replay the
 * first create); hash(URN, identity, seed) for a resource without old inputs. Undefined (unknown) during a
 * preview whose replace-forcing inputs are not known yet.
 */
export function deriveCreateToken({ urn, fields, news, olds }: TokenInputs): string | undefined {
  const identity = identityOf(fields, news);
  if (identity === undefined) return undefined;
  const hasOlds = Object.keys(olds).some((k) => k !== "__provider");
  const oldToken = typeof olds.createToken === "string" ? olds.createToken : undefined;
  if (hasOlds && oldToken !== undefined && diffFields(fields, olds, news).replaces.length === 0) return oldToken;
  if (typeof urn !== "string" || urn === "") return `${PREFIX}${randomBytes(20).toString("hex")}`;
  const seed = typeof news.clientToken === "string" ? news.clientToken : undefined;
  return digest([urn, identity, hasOlds ? oldToken : undefined, seed]);
}

/**
 * The ClientToken of the n-th create attempt of a token (n = 0 is the token itself). A token whose create
 * the cloud answers with an object deleted since (a stack destroyed and created again) moves on to the next.
 */
export function clientTokenFor(token: string, n: number): string {
  const value = n === 0 ? token : digest([token, String(n)]);
  return value.slice(0, CLIENT_TOKEN_MAX_LENGTH);
}
