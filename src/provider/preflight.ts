// Preflight: during a preview, a resource's create and update steps run against a client that sends every write
// with DryRun=true. The API then checks the call (references included) and answers DryRunOperation instead of
// acting; the step stops at its first write, since nothing after it would have happened.
import type { ApiCaller, ApiParams, CallOptions } from "../api/privatelink";
import { isApiError } from "../client/errors";
import { operationSpec } from "../spec/operations";

/** The first write of a step passed its dry run: the step is stopped here, as planned. */
export class PreflightPassed extends Error {
  constructor(readonly action: string) {
    super(`${action} passed its dry run`);
    this.name = "PreflightPassed";
  }
}

const READ_ONLY = /^(Get|List|Describe|Check)/;

/** A client that passes reads through and turns the first write into a dry run (see the module comment). */
export function dryRunCaller(inner: ApiCaller): ApiCaller {
  return {
    regionId: inner.regionId,
    async call<T>(action: string, params: ApiParams, options?: CallOptions): Promise<T> {
      if (READ_ONLY.test(action)) return inner.call<T>(action, params, options);
      // A write the API cannot dry-run (e.g. ChangeResourceGroup) is not sent at all.
      if (!operationSpec(action)?.request.some((p) => p.name === "DryRun")) throw new PreflightPassed(action);
      const inBody = options?.bodyParams !== undefined;
      try {
        await inner.call(
          action,
          inBody ? params : { ...params, DryRun: true },
          inBody ? { ...options, bodyParams: { ...options!.bodyParams, DryRun: true } } : options,
        );
      } catch (error) {
        if (isApiError(error) && error.code === "DryRunOperation") throw new PreflightPassed(action);
        throw error;
      }
      throw new Error(`${action} with DryRun=true was carried out instead of answering DryRunOperation; stopping the preview`);
    },
  };
}
