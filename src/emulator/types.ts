// The contract between the emulator's protocol layer (server, auth, faults, idempotency, admin, persistence)
// and its world (store, lifecycle, inventory, operations). Handlers validate and translate; the store owns
// the rules and the state machines.

import type { RoaOperationSpec } from "../spec/elasticsearch";

/** A documented API error: the server answers `{RequestId, HostId, Code, Message, Recommend}` with httpStatus. */
export class EmulatorError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number = 400,
  ) {
    super(message);
    this.name = "EmulatorError";
  }
}

/** One authenticated call, as the protocol layer hands it to an operation handler. */
export interface RequestContext {
  readonly action: string;
  /** Numeric account ID (decimal string) of the caller, resolved from the access key. */
  readonly accountId: string;
  readonly accessKeyId: string;
  /** True when the call was signed with an STS security token. */
  readonly viaSts: boolean;
  readonly requestId: string;
  /**
   * Business parameters exactly as received (flattened wire keys such as `Zone.1.VSwitchId`), without the
   * signature and common parameters (Action, Version, Format, AccessKeyId, Signature*, Timestamp, SecurityToken).
   */
  readonly params: Readonly<Record<string, string>>;
  /** DryRun=true: validate everything, then throw EmulatorError("DryRunOperation", ..., 400) instead of acting. */
  readonly dryRun: boolean;
}

/** Returns the response body without RequestId; the protocol layer adds RequestId and renders JSON or XML. */
export type OperationHandler = (ctx: RequestContext) => Record<string, unknown>;

export type OperationRegistry = Readonly<Record<string, OperationHandler>>;

export interface EmulatorAccount {
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** Display name used in the summary, e.g. "owner" or "consumer". */
  readonly name: string;
}

/**
 * A ROA (RESTful) API the world serves beside the RPC one, on the same address: the routes of its operations
 * (method and path template, from the catalog) and their handlers, which get path, query and body parameters
 * flattened into `params` by name.
 */
export interface RoaApi {
  /** Product name; counters and fault rules name its operations `<product>.<Action>`. */
  readonly product: string;
  readonly version: string;
  /** Product code of its host names (`<code>.<region>.aliyuncs.com`), for the HostId of error answers. */
  readonly productCode: string;
  readonly operations: readonly RoaOperationSpec[];
  readonly handlers: OperationRegistry;
}
