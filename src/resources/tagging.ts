// Tags and resource groups of endpoints and endpoint services, changed in place: read with ListTagResources,
// changed with TagResources / UntagResources against the live tags, moved with ChangeResourceGroup. Tags of the
// provider itself (PROVIDER_TAGS) are never read into `tags`, never removed and count against the limit.
import * as api from "../api/privatelink";
import type { OperationContext, State } from "../provider/lifecycle";
import type { FieldSpec } from "../provider/schema";
import { PROVIDER_TAGS, RESOURCE_GROUP_ID, TAGGABLE_RESOURCE_TYPES, TAGS, type TaggableKind } from "../spec/constraints";

export type TagMap = Record<string, string>;

const isUserTag = (key: string) => !key.startsWith(PROVIDER_TAGS.prefix);
const tagResourceType = (kind: TaggableKind) => TAGGABLE_RESOURCE_TYPES[kind].toLowerCase();

/** Tags as list responses report them, as a map, the provider's own left out. */
export function tagMap(tags: readonly { Key: string; Value?: string }[]): TagMap {
  return Object.fromEntries(tags.filter((t) => isUserTag(t.Key)).map((t) => [t.Key, t.Value ?? ""]));
}

/** A map as the Tag.N filter of the List calls: every tag must match. */
export function tagFilter(tags: TagMap | undefined): api.TagInput[] | undefined {
  return tags ? Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) : undefined;
}

/** The object's own tags (the provider's left out). */
export async function readTags(ctx: OperationContext, kind: TaggableKind, id: string): Promise<TagMap> {
  const pairs = await api.listAllTagResources(ctx.client, { ResourceType: tagResourceType(kind), ResourceId: [id] });
  return Object.fromEntries(pairs.filter((p) => p.ResourceId === id && isUserTag(p.TagKey)).map((p) => [p.TagKey, p.TagValue ?? ""]));
}

/** Makes the object's own tags exactly the declared ones: untags the others, tags the new and changed ones. */
export async function applyTags(ctx: OperationContext, kind: TaggableKind, id: string, wanted: TagMap): Promise<void> {
  const live = await readTags(ctx, kind, id);
  const removed = Object.keys(live).filter((k) => !(k in wanted));
  const set = Object.entries(wanted).filter(([k, v]) => live[k] !== v);
  if (removed.length > 0) await api.untagResources(ctx.client, { ResourceType: tagResourceType(kind), ResourceId: [id], TagKey: removed });
  if (set.length > 0) {
    await api.tagResources(ctx.client, { ResourceType: tagResourceType(kind), ResourceId: [id], Tag: set.map(([Key, Value]) => ({ Key, Value })) });
  }
}

export async function changeResourceGroup(ctx: OperationContext, kind: TaggableKind, id: string, resourceGroupId: string): Promise<void> {
  await api.changeResourceGroup(ctx.client, { ResourceType: TAGGABLE_RESOURCE_TYPES[kind], ResourceId: id, ResourceGroupId: resourceGroupId });
}

/** The updaters of the `tags` and `resourceGroup` groups of a taggable resource. */
export function tagUpdaters(kind: TaggableKind) {
  return {
    async tags(ctx: OperationContext, id: string, news: State) {
      await applyTags(ctx, kind, id, (news.tags as TagMap | undefined) ?? {});
    },
    async resourceGroup(ctx: OperationContext, id: string, news: State) {
      if (typeof news.resourceGroupId === "string") await changeResourceGroup(ctx, kind, id, news.resourceGroupId);
    },
  };
}

const MAX_OWN_TAGS = TAGS.maxCount - PROVIDER_TAGS.slots;
const TAG_CODES = ["InvalidTagKey", "InvalidTagValue", "Forbidden.TagKeys", "Forbidden.TagKey.Duplicated", "QuotaExceeded.TagNum", "SizeLimitExceeded.TagNum"];

/**
 * `tags`: a map, updated in place; the object's tags are exactly these (tags added outside the program are drift
 * that the next update removes). The API's rules (spec 4.1) and the provider's reserved prefix are checked at
 * preview; `stack config defaultTags` is merged in before the check.
 */
export function tagsField(): FieldSpec {
  return {
    name: "tags",
    type: "tags",
    onChange: { update: "tags" },
    errorCodes: [...TAG_CODES, "IllegalParamFormat.Tag.N"],
    live: (l: { tags?: TagMap }) => l.tags,
    rules: {
      custom: (value) => {
        const entries = Object.entries(value as Record<string, string>);
        if (entries.length > MAX_OWN_TAGS) {
          return `may hold at most ${MAX_OWN_TAGS} tags (got ${entries.length}): an object holds ${TAGS.maxCount}, and the provider keeps ${PROVIDER_TAGS.slots} for its own mark`;
        }
        for (const [key, tagValue] of entries) {
          if (key.length === 0 || key.length > TAGS.keyMax) return `key ${JSON.stringify(key)} must be 1-${TAGS.keyMax} characters`;
          if (key.startsWith(PROVIDER_TAGS.prefix)) return `key ${JSON.stringify(key)} must not start with "${PROVIDER_TAGS.prefix}" (the provider's own tags)`;
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

/** `resourceGroupId`: moved in place with ChangeResourceGroup; the account's default group when absent. */
export function resourceGroupField<Live>(groupOf: (live: Live) => string | undefined): FieldSpec {
  return {
    name: "resourceGroupId",
    type: "string",
    cloudDefault: true,
    onChange: { update: "resourceGroup" },
    rules: { pattern: RESOURCE_GROUP_ID.pattern, patternRule: RESOURCE_GROUP_ID.rule },
    errorCodes: ["IllegalParamFormat.ResourceGroupId"],
    live: (l: Live) => groupOf(l) || undefined,
  };
}
