// Tags and resource groups of endpoints and endpoint services: TagResources, UntagResources, ListTagResources,
// ChangeResourceGroup, and the Tag.N / ResourceGroupId filters of the List calls. The PrivateLink pages list no
// error codes for the tag operations; these are the codes of Alibaba's shared tag service, as its VPC tag APIs
// document them.

import { EmulatorError, type RequestContext } from "../types";
import type { EndpointRecord, ServiceRecord, Tag } from "../store";
import { illegalParam, missingParam, paginate, type Params } from "../validate";
import { RESOURCE_GROUP_ID, TAGGABLE_RESOURCE_TYPES, TAGS, type TaggableKind } from "../../spec/constraints";
import { MESSAGES, apiError, commitOrDryRun, readTags, regionOf, tagTextProblem, type Handler, type TagErrors, type WorldCore } from "./common";

type Tagged = ServiceRecord | EndpointRecord;

/** ResourceType, in any of its spellings (`vpcendpoint`, `VpcEndpoint`, ...). */
function resourceKind(p: Params): TaggableKind {
  const raw = p.requireStr("ResourceType");
  const kind = (Object.keys(TAGGABLE_RESOURCE_TYPES) as TaggableKind[]).find((k) => TAGGABLE_RESOURCE_TYPES[k].toLowerCase() === raw.toLowerCase());
  if (!kind) throw apiError("InvalidInstanceType.NotFound");
  return kind;
}

function resourceIds(p: Params, required: boolean): string[] {
  const ids = [...new Set(p.list("ResourceId", TAGS.maxResourceIds, () => apiError("SizeLimitExceeded.ResourceId")))];
  if (required && ids.length === 0) throw missingParam("ResourceId.N");
  return ids;
}

function recordOf(w: WorldCore, kind: TaggableKind, id: string): Tagged | undefined {
  return kind === "service" ? w.store.services.get(id) : w.store.endpoints.get(id);
}

/** The caller's objects of this kind in this region (another account's object does not exist for the caller). */
function ownTagged(w: WorldCore, ctx: RequestContext, region: string, kind: TaggableKind, ids: readonly string[]): Tagged[] {
  return ids.map((id) => {
    const r = recordOf(w, kind, id);
    if (!r || r.ownerId !== ctx.accountId || r.regionId !== region) throw apiError("InvalidInstanceIds.NotFound");
    return r;
  });
}

const TAG_OPERATION_ERRORS: TagErrors = {
  overflow: () => apiError("SizeLimitExceeded.TagNum"),
  missingKey: () => apiError("InvalidTagKey"),
  invalid: (_i, part, problem) => (part === "key" ? apiError(problem.reserved ? "Forbidden.TagKeys" : "InvalidTagKey") : apiError("InvalidTagValue")),
  duplicate: () => apiError("Forbidden.TagKey.Duplicated"),
};

/** Tag.N filters: every given tag must be on the object; a key without a value matches any value. */
function tagFilter(p: Params): { given: number; matches(tags: readonly Tag[]): boolean } {
  const groups = p.groups("Tag", ["Key", "Value"], TAGS.maxCount, () => apiError("SizeLimitExceeded.TagNum"));
  const wanted = groups.map((g) => {
    const key = g.values["Key"];
    // "If you specify only Tag.N.Value, an error message is returned."
    if (key === undefined) throw apiError("InvalidTagKey");
    return { key, value: g.values["Value"] };
  });
  return {
    given: wanted.length,
    matches: (tags) => wanted.every((t) => tags.some((have) => have.Key === t.key && (t.value === undefined || have.Value === t.value))),
  };
}

/** The Tag.N and ResourceGroupId filters of the List calls. */
export function taggedFilter(p: Params): (r: Tagged) => boolean {
  const tags = tagFilter(p);
  const group = p.str("ResourceGroupId");
  return (r) => tags.matches(r.tags) && (group === undefined || r.resourceGroupId === group);
}

export const tagOperations: Record<string, Handler> = {
  TagResources: (p, ctx, w) => {
    const region = regionOf(p, w);
    const kind = resourceKind(p);
    const ids = resourceIds(p, true);
    const tags = readTags(p, TAG_OPERATION_ERRORS);
    if (tags.length === 0) throw missingParam("Tag.N.Key");
    const records = ownTagged(w, ctx, region, kind, ids);
    // "Before you add tags to a resource, Alibaba Cloud checks the number of existing tags of the resource."
    for (const r of records) {
      const keys = new Set([...r.tags.map((t) => t.Key), ...tags.map((t) => t.Key)]);
      if (keys.size > TAGS.maxCount) throw apiError("QuotaExceeded.TagNum");
    }
    commitOrDryRun(p, ctx, w);
    for (const r of records) {
      for (const t of tags) {
        const existing = r.tags.find((have) => have.Key === t.Key);
        if (existing) existing.Value = t.Value;
        else r.tags.push({ ...t });
      }
    }
    return {};
  },

  UntagResources: (p, ctx, w) => {
    const region = regionOf(p, w);
    const kind = resourceKind(p);
    const ids = resourceIds(p, true);
    const keys = [...new Set(p.list("TagKey", TAGS.maxCount, () => apiError("SizeLimitExceeded.TagNum")))];
    for (const key of keys) {
      const problem = tagTextProblem(key, "key");
      if (problem) throw apiError(problem.reserved ? "Forbidden.TagKeys" : "InvalidTagKey");
    }
    // "If you specify both the All and TagKey.N parameters, the All parameter does not take effect."
    const all = keys.length === 0 && p.bool("All") === true;
    const records = ownTagged(w, ctx, region, kind, ids);
    commitOrDryRun(p, ctx, w);
    for (const r of records) r.tags = all ? [] : r.tags.filter((t) => !keys.includes(t.Key));
    return {};
  },

  ListTagResources: (p, ctx, w) => {
    const region = regionOf(p, w);
    const kind = resourceKind(p);
    const ids = resourceIds(p, false);
    const tags = tagFilter(p);
    if (ids.length === 0 && tags.given === 0) {
      throw new EmulatorError("BothEmpty.TagsAndResources", MESSAGES["BothEmpty.TagsAndResources"]!, 403);
    }
    const records = [...(kind === "service" ? w.store.services.values() : w.store.endpoints.values())].filter(
      (r: Tagged) => r.ownerId === ctx.accountId && r.regionId === region && (ids.length === 0 || ids.includes(idOf(r))) && tags.matches(r.tags),
    );
    // One item per (object, tag); the cursor orders them by the object's creation, then the tag's position.
    const items = records.flatMap((r: Tagged) => r.tags.map((t, i) => ({ seq: r.seq * (TAGS.maxCount + 1) + i + 1, r, t })));
    const page = paginate(items, p, w.tokens, `${p.action}:${ctx.accountId}:${region}:${kind}`);
    return {
      NextToken: page.nextToken,
      TagResources: page.items.map(({ r, t }) => ({
        ResourceId: idOf(r),
        ResourceType: TAGGABLE_RESOURCE_TYPES[kind].toLowerCase(),
        TagKey: t.Key,
        TagValue: t.Value,
      })),
    };
  },

  // No RegionId: the object is found in whichever region it lives.
  ChangeResourceGroup: (p, ctx, w) => {
    const kind = resourceKind(p);
    const id = p.requireStr("ResourceId");
    const group = p.requireStr("ResourceGroupId");
    if (!RESOURCE_GROUP_ID.pattern.test(group)) throw illegalParam("ResourceGroupId", `It must match ${RESOURCE_GROUP_ID.pattern}.`);
    const r = recordOf(w, kind, id);
    if (!r || r.ownerId !== ctx.accountId) throw apiError(kind === "service" ? "EndpointServiceNotFound" : "EndpointNotFound");
    commitOrDryRun(p, ctx, w);
    r.resourceGroupId = group;
    return {};
  },
};

function idOf(r: Tagged): string {
  return "endpointId" in r ? r.endpointId : r.serviceId;
}
