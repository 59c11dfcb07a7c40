// Preflight: during a preview, a resource's create and update steps run against a client that sends every write
// with DryRun=true. The API then checks the call (references included) and answers DryRunOperation instead of
// acting; the step stops at its first write, since nothing after it would have happened.
import type { ElasticsearchCaller } from "../api/elasticsearch";
import type { ApiCaller, ApiParams, CallOptions } from "../api/privatelink";
import type { ElasticsearchCallOptions } from "../client/client";
import { isApiError } from "../client/errors";
import { elasticsearchOperation, type ElasticsearchAction } from "../spec/elasticsearch";
import { operationSpec } from "../spec/operations";

/** The first write of a step passed its dry run: the step is stopped here, as planned. */
export class PreflightPassed extends Error {
  constructor(readonly action: string) {
    super(`${action} passed its dry run`);
    this.name = "PreflightPassed";
  }
}

const READ_ONLY = /^(Get|List|Describe|Check)/;

/** Every API a provider calls: PrivateLink (RPC) and Elasticsearch (ROA). */
export type ProviderCaller = ApiCaller & ElasticsearchCaller;

/** Sends a write as a dry run: DryRunOperation means it would pass (the step stops here), anything else is thrown. */
async function dryRun(action: string, send: () => Promise<unknown>): Promise<never> {
  try {
    await send();
  } catch (error) {
    if (isApiError(error) && error.code === "DryRunOperation") throw new PreflightPassed(action);
    throw error;
  }
  throw new Error(`${action} with DryRun=true was carried out instead of answering DryRunOperation; stopping the preview`);
}

/** A client that passes reads through and turns the first write into a dry run (see the module comment). */
export function dryRunCaller(inner: ProviderCaller): ProviderCaller {
  return {
    regionId: inner.regionId,
    async call<T>(action: string, params: ApiParams, options?: CallOptions): Promise<T> {
      if (READ_ONLY.test(action)) return inner.call<T>(action, params, options);
      // A write the API cannot dry-run (e.g. ChangeResourceGroup) is not sent at all.
      if (!operationSpec(action)?.request.some((p) => p.name === "DryRun")) throw new PreflightPassed(action);
      const inBody = options?.bodyParams !== undefined;
      return dryRun(action, () =>
        inner.call(
          action,
          inBody ? params : { ...params, DryRun: true },
          inBody ? { ...options, bodyParams: { ...options!.bodyParams, DryRun: true } } : options,
        ),
      );
    },
    async elasticsearch<T>(action: ElasticsearchAction, params: ApiParams, options?: ElasticsearchCallOptions): Promise<T> {
      if (READ_ONLY.test(action)) return inner.elasticsearch<T>(action, params, options);
      if (!elasticsearchOperation(action)?.request.some((p) => p.name === "dryRun")) throw new PreflightPassed(action);
      return dryRun(action, () => inner.elasticsearch(action, { ...params, dryRun: true }, options));
    },
  };
}
