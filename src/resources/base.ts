// What every resource class shares: the type token, the common inputs (placement, timeouts, adoption), and the
// conversion of declared outputs into resolvers the SDK fills in.
import * as pulumi from "@pulumi/pulumi";
import { providers, type ResourceKind } from "../provider/shim";

/** Type tokens are `pulumi-nodejs:dynamic/alicloud-privatelink:<Kind>`. Never change them (URNs depend on them). */
export const TYPE_MODULE = "alicloud-privatelink";

export interface Timeouts {
  /** Duration such as "90s", "10m" or "1h30m". */
  create?: pulumi.Input<string>;
  update?: pulumi.Input<string>;
  delete?: pulumi.Input<string>;
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
   * Take over an existing cloud object with this ID instead of creating one. It must match the declared
   * inputs; it is deleted with the resource (use the `retainOnDelete` option to keep it). Read at create only.
   */
  adoptExistingId?: pulumi.Input<string>;
}

export abstract class PrivateLinkResource extends pulumi.dynamic.Resource {
  /** Set while a create or update was interrupted waiting; the next `pulumi up` resumes it. */
  public readonly incompleteOperation!: pulumi.Output<string | undefined>;

  protected constructor(kind: ResourceKind, name: string, args: object, outputNames: readonly string[], opts?: pulumi.CustomResourceOptions) {
    // Every declared output must be a key of the props, or the SDK creates no resolver for it. A fresh object
    // each time: the SDK adds `__provider` to it.
    const props: Record<string, unknown> = { incompleteOperation: undefined };
    for (const key of outputNames) props[key] = undefined;
    super(providers[kind], name, { ...props, ...args }, opts, TYPE_MODULE, kind);
  }
}

/** `{ env: "prod" }` → `[{ Key: "env", Value: "prod" }]` (the API's Tag.N list). */
export function tagList(tags: unknown): { Key: string; Value: string }[] | undefined {
  if (!tags || typeof tags !== "object") return undefined;
  const list = Object.entries(tags as Record<string, string>).map(([Key, Value]) => ({ Key, Value }));
  return list.length > 0 ? list : undefined;
}

export function splitId(id: string, parts: readonly string[], kind: string): Record<string, string> {
  const pieces = id.split(":");
  if (pieces.length < parts.length - 1 || pieces.length > parts.length || pieces.some((p) => p === "")) {
    throw new Error(`${kind} ID ${JSON.stringify(id)} must look like ${parts.map((p) => `<${p}>`).join(":")}`);
  }
  return Object.fromEntries(pieces.map((value, i) => [parts[i], value]));
}

import type { FieldSpec } from "../provider/schema";
import { CLIENT_TOKEN_MAX_LENGTH, TAGS } from "../spec/constraints";

/** Tags as a map; the API's rules (spec 4.1) are checked at preview. */
export function tagsField(onChange: FieldSpec["onChange"]): FieldSpec {
  return {
    name: "tags",
    type: "tags",
    onChange,
    rules: {
      maxItems: TAGS.maxCount,
      custom: (value) => {
        for (const [key, tagValue] of Object.entries(value as Record<string, string>)) {
          if (key.length === 0 || key.length > TAGS.keyMax) return `key ${JSON.stringify(key)} must be 1-${TAGS.keyMax} characters`;
          if (typeof tagValue === "string" && tagValue.length > TAGS.valueMax)
            return `value of ${JSON.stringify(key)} must be at most ${TAGS.valueMax} characters`;
          for (const text of [key, tagValue]) {
            if (typeof text !== "string") continue;
            const lower = text.toLowerCase();
            const prefix = TAGS.forbiddenPrefixes.find((p) => lower.startsWith(p));
            if (prefix) return `${JSON.stringify(text)} must not start with "${prefix}"`;
            const sub = TAGS.forbiddenSubstrings.find((s) => lower.includes(s));
            if (sub) return `${JSON.stringify(text)} must not contain "${sub}"`;
          }
        }
        return undefined;
      },
    },
  };
}

/** Idempotency token of the create call: a crash-stable value (e.g. from @pulumi/random) makes a re-run return the same object. */
export const clientTokenField: FieldSpec = {
  name: "clientToken",
  type: "string",
  onChange: "provider",
  rules: { minLength: 1, maxLength: CLIENT_TOKEN_MAX_LENGTH, pattern: /^[\x20-\x7e]+$/, patternRule: "printable ASCII" },
};
