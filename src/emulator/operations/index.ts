// The registry of every action of the catalog. Every handler runs the same frame: settle due transitions, refuse
// an account whose PrivateLink is not activated, check the parameters against the catalog and the region
// against the inventory, run, then report changes.

import type { OperationHandler, OperationRegistry, RequestContext } from "../types";
import { ACTION_NAMES } from "../../spec/operations";
import { Params, illegalParam } from "../validate";
import { accountFeatures, apiError, type Handler, type WorldCore } from "./common";
import { ACTIVATION_ACTIONS, activationOperations } from "./activation";
import { regionOperations } from "./regions";
import { serviceOperations } from "./services";
import { whitelistOperations } from "./whitelist";
import { resourceOperations } from "./resources";
import { endpointOperations } from "./endpoints";
import { connectionOperations } from "./connections";
import { zoneOperations } from "./zones";
import { securityGroupOperations } from "./security-groups";
import { tagOperations } from "./tags";
import { elasticsearchOperations } from "./elasticsearch";
import { ELASTICSEARCH_OPERATIONS, ELASTICSEARCH_PRODUCT } from "../../spec/elasticsearch";
import type { ParamSpec } from "../../spec/operations";

export const HANDLERS: Readonly<Record<string, Handler>> = {
  ...activationOperations,
  ...regionOperations,
  ...serviceOperations,
  ...whitelistOperations,
  ...resourceOperations,
  ...endpointOperations,
  ...connectionOperations,
  ...zoneOperations,
  ...securityGroupOperations,
  ...tagOperations,
};

export interface HandlerFrame {
  /** Before the handler: apply due transitions. */
  before(): void;
  /** After the handler, success or not: notify listeners of changes and re-arm the timer. */
  after(): void;
}

export function buildRegistry(core: WorldCore, frame: HandlerFrame): OperationRegistry {
  const registry: Record<string, OperationHandler> = {};
  for (const action of ACTION_NAMES) {
    const handler = HANDLERS[action];
    if (!handler) throw new Error(`No handler for ${action}`);
    registry[action] = (ctx: RequestContext) => {
      frame.before();
      try {
        if (!ACTIVATION_ACTIONS.includes(action) && !accountFeatures(core, ctx.accountId).opened) throw apiError("NeedOpenProduct");
        const p = new Params(action, ctx.params);
        const region = p.str("RegionId");
        if (region !== undefined && !core.inventory.region(region)) throw illegalParam("RegionId", `Unknown region '${region}'.`);
        return handler(p, ctx, core);
      } finally {
        frame.after();
      }
    };
  }
  return Object.freeze(registry);
}

/** The Elasticsearch operations, in the same frame; parameters are checked against the Elasticsearch catalog. */
export function buildElasticsearchRegistry(core: WorldCore, frame: HandlerFrame): OperationRegistry {
  const registry: Record<string, OperationHandler> = {};
  for (const op of ELASTICSEARCH_OPERATIONS) {
    const handler = elasticsearchOperations[op.action];
    if (!handler) throw new Error(`No Elasticsearch handler for ${op.action}`);
    const spec: ParamSpec[] = op.request.map((r) => ({ name: r.name, wireName: r.name, type: r.type, required: r.required }));
    registry[op.action] = (ctx: RequestContext) => {
      frame.before();
      try {
        return handler(new Params(`${ELASTICSEARCH_PRODUCT}.${op.action}`, ctx.params, spec), ctx, core);
      } finally {
        frame.after();
      }
    };
  }
  return Object.freeze(registry);
}
