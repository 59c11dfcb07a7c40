// The emulator's world: state, rules, state machines, seeded inventory and the operation handlers. The
// protocol layer (HTTP, signatures, rendering, idempotency, faults, admin API, persistence) drives it through this
// class only.

import { EmulatorError, type EmulatorAccount, type OperationRegistry, type RoaApi } from "./types";
import { Store, resourceRecordKey, sgKey, whitelistRecordKey, zoneKey, type StoreSnapshot } from "./store";
import { DEFAULT_DELAYS, Lifecycle, type LifecycleSnapshot, type TransitionDelays, type TransitionKind } from "./lifecycle";
import { Inventory, seedInventory, withElasticsearchSeed, type InventoryKind, type InventorySnapshot } from "./inventory";
import { IdGenerator, newSalt, formatTime, type IdGeneratorState } from "./ids";
import { PageTokens } from "./validate";
import { resolveFeatures, type AccountFeatureOptions } from "./features";
import { buildElasticsearchRegistry, buildRegistry } from "./operations";
import { renderConnection, renderEndpoint, renderService, renderTags, renderZone, type WorldCore } from "./operations/common";
import { BUSINESS_STATUS, CONNECTION_STATUS, ENDPOINT_STATUS, SERVICE_STATUS, SERVING_ZONE_STATUS, ZONE_STATUS } from "../spec/statuses";
import { ELASTICSEARCH_API_VERSION, ELASTICSEARCH_OPERATIONS, ELASTICSEARCH_PRODUCT, ELASTICSEARCH_PRODUCT_CODE } from "../spec/elasticsearch";

export { DEFAULT_DELAYS };
export type { TransitionDelays, TransitionKind };
export type { InventorySnapshot };

export interface WorldOptions {
  accounts: EmulatorAccount[];
  /** Default region, "cn-hangzhou". */
  regionId?: string;
  /** Multiplies every delay; 0.01 for tests; 0 = instant. */
  timeScale?: number;
  delays?: Partial<TransitionDelays>;
  /** Injectable clock (ms). */
  now?: () => number;
  /** Fault hook: a transition that never finishes while this answers true. */
  isStuck?: (kind: TransitionKind, fromStatus: string) => boolean;
  /** Fixed seed for generated IDs (tests, reproducible demos); random by default. */
  idSeed?: string;
  /** Activation and allow-lists per account (by name or ID); default: activated, no allow-lists. */
  accountFeatures?: AccountFeatureOptions;
}

const SNAPSHOT_VERSION = 1;

interface WorldSnapshot {
  version: number;
  ids: IdGeneratorState;
  store: StoreSnapshot;
  lifecycle: LifecycleSnapshot;
  inventory: InventorySnapshot;
}

export type ObjectKind = "service" | "endpoint" | "connection" | "zone" | "serviceResource" | "whitelist" | "securityGroupAttachment" | "account";
const OBJECT_KINDS: readonly ObjectKind[] = ["service", "endpoint", "connection", "zone", "serviceResource", "whitelist", "securityGroupAttachment", "account"];

const MAX_TIMER_MS = 2_147_483_647;

export class World {
  readonly operations: OperationRegistry;
  /** Elasticsearch's private-connection operations (ROA), served on the same address. */
  readonly roaApis: readonly RoaApi[];

  private readonly accounts: EmulatorAccount[];
  private readonly defaultRegion: string;
  private readonly clock: () => number;
  private readonly store = new Store();
  private readonly lifecycle: Lifecycle;
  private inv: Inventory;
  private ids: IdGenerator;
  private tokens: PageTokens;
  private readonly listeners: (() => void)[] = [];
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private timerDue: number | undefined;
  private closed = false;
  private readonly idSeed: string | undefined;
  private readonly initialFeatures: ReturnType<typeof resolveFeatures>;

  constructor(options: WorldOptions) {
    if (!options || !Array.isArray(options.accounts)) throw new EmulatorError("InvalidWorldOptions", "World options need an accounts array.", 400);
    const timeScale = options.timeScale ?? 1;
    if (!Number.isFinite(timeScale) || timeScale < 0) throw new EmulatorError("InvalidWorldOptions", "timeScale must be a finite number >= 0.", 400);
    const delays: TransitionDelays = { ...DEFAULT_DELAYS };
    for (const [k, v] of Object.entries(options.delays ?? {})) {
      if (!(k in DEFAULT_DELAYS)) throw new EmulatorError("InvalidWorldOptions", `Unknown delay '${k}'.`, 400);
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new EmulatorError("InvalidWorldOptions", `Delay '${k}' must be a number >= 0.`, 400);
      delays[k as keyof TransitionDelays] = v;
    }
    this.accounts = options.accounts.map((a) => ({ ...a }));
    this.defaultRegion = options.regionId ?? "cn-hangzhou";
    this.clock = options.now ?? Date.now;
    this.idSeed = options.idSeed;
    this.initialFeatures = resolveFeatures(this.accounts, options.accountFeatures);
    this.seedAccounts();
    this.inv = new Inventory(seedInventory(this.accounts));
    if (!this.inv.region(this.defaultRegion)) throw new EmulatorError("InvalidWorldOptions", `Unknown default region '${this.defaultRegion}'.`, 400);
    this.ids = new IdGenerator(this.idSeed ?? newSalt());
    this.tokens = new PageTokens(this.ids.salt);
    this.lifecycle = new Lifecycle({
      store: this.store,
      delays,
      timeScale,
      now: this.clock,
      ...(options.isStuck ? { isStuck: options.isStuck } : {}),
      onMutate: () => {
        this.dirty = true;
      },
      newEniId: () => this.ids.next("eni"),
    });

    const world = this;
    const core: WorldCore = {
      get store() {
        return world.store;
      },
      get inventory() {
        return world.inv;
      },
      get lifecycle() {
        return world.lifecycle;
      },
      get ids() {
        return world.ids;
      },
      get tokens() {
        return world.tokens;
      },
      defaultRegion: this.defaultRegion,
      now: () => this.clock(),
      settle: () => {
        this.lifecycle.settle();
      },
      markChanged: () => {
        this.dirty = true;
      },
    };
    const frame = {
      before: () => {
        this.lifecycle.settle();
      },
      after: () => {
        this.flush();
      },
    };
    this.operations = buildRegistry(core, frame);
    this.roaApis = [
      {
        product: ELASTICSEARCH_PRODUCT,
        version: ELASTICSEARCH_API_VERSION,
        productCode: ELASTICSEARCH_PRODUCT_CODE,
        operations: ELASTICSEARCH_OPERATIONS,
        handlers: buildElasticsearchRegistry(core, frame),
      },
    ];
  }

  // -------------------------------------------------------------------------------------------------------------
  // Time

  /** Applies every transition due by now() (handlers call it first too). */
  settle(): void {
    this.lifecycle.settle();
    this.flush();
  }

  private flush(): void {
    if (this.dirty) {
      this.dirty = false;
      for (const l of this.listeners) {
        try {
          l();
        } catch {
          // A failing listener must not break the world or the other listeners.
        }
      }
    }
    this.rearm();
  }

  /** One unref'd timer to the next due time, so timed transitions are persisted without traffic. */
  private rearm(): void {
    if (this.closed) return;
    const next = this.lifecycle.nextDue();
    if (next === undefined) {
      this.clearTimer();
      return;
    }
    if (this.timer && this.timerDue === next) return;
    this.clearTimer();
    const wait = Math.min(MAX_TIMER_MS, Math.max(1, next - this.clock()));
    this.timerDue = next;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDue = undefined;
      this.settle();
    }, wait);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = undefined;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  close(): void {
    this.closed = true;
    this.clearTimer();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Whole-state operations

  snapshot(): unknown {
    const snap: WorldSnapshot = {
      version: SNAPSHOT_VERSION,
      ids: this.ids.snapshot(),
      store: this.store.snapshot(),
      lifecycle: this.lifecycle.snapshot(),
      inventory: this.inv.snapshot(),
    };
    return JSON.parse(JSON.stringify(snap)) as unknown;
  }

  /** Replaces the state; pending transitions resume from their recorded due times. */
  restore(snapshot: unknown): void {
    const s = snapshot as Partial<WorldSnapshot> | null;
    if (!s || typeof s !== "object" || s.version !== SNAPSHOT_VERSION || !s.ids || !s.store || !s.lifecycle || !s.inventory)
      throw new EmulatorError("InvalidSnapshot", `Not a world snapshot of version ${SNAPSHOT_VERSION}.`, 400);
    const ids = new IdGenerator();
    ids.restore(s.ids);
    this.ids = ids;
    this.tokens = new PageTokens(ids.salt);
    this.inv = new Inventory(withElasticsearchSeed(s.inventory, this.accounts));
    this.store.restore(s.store);
    this.seedAccounts(true);
    this.lifecycle.restore(s.lifecycle);
    this.settle();
  }

  /** Back to the seeded state: no PrivateLink objects, the seeded inventory. */
  reset(): void {
    this.store.clear();
    this.seedAccounts();
    this.lifecycle.clear();
    this.inv = new Inventory(seedInventory(this.accounts));
    this.ids = new IdGenerator(this.idSeed ?? newSalt());
    this.tokens = new PageTokens(this.ids.salt);
    this.dirty = true;
    this.flush();
  }

  /** The accounts' features as the options set them; `missingOnly` keeps what a restored snapshot holds. */
  private seedAccounts(missingOnly = false): void {
    for (const [accountId, features] of this.initialFeatures) {
      if (missingOnly && this.store.accounts.has(accountId)) continue;
      this.store.accounts.set(accountId, { accountId, ...features });
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Inventory

  inventory(): InventorySnapshot {
    return this.inv.snapshot();
  }

  addInventory(kind: InventoryKind, item: object): object {
    const stored = this.inv.add(kind, item, (vSwitchId) => this.store.eniIps(vSwitchId));
    this.dirty = true;
    this.flush();
    return stored;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Admin views and out-of-band changes (drift)

  describeObjects(): object {
    this.settle();
    const core = this.coreView();
    const s = this.store;
    return {
      services: [...s.services.values()].map((svc) => ({
        ...renderService(core, svc),
        OwnerId: Number(svc.ownerId),
        SupportedRegionList: [...svc.supportedRegions],
        Tags: renderTags(svc.tags),
      })),
      endpoints: [...s.endpoints.values()].map((e) => ({
        ...renderEndpoint(core, e),
        OwnerId: Number(e.ownerId),
        PolicyDocument: e.policyDocument,
        ProtectedEnabled: e.protectedEnabled,
        ZonePrivateIpAddressCount: e.zonePrivateIpAddressCount,
        Tags: renderTags(e.tags),
        SecurityGroupIds: s
          .securityGroupsOf(e.endpointId)
          .filter((a) => a.status !== "Detaching")
          .map((a) => a.securityGroupId),
        ...(e.elasticsearchInstanceId ? { ElasticsearchInstanceId: e.elasticsearchInstanceId } : {}),
      })),
      connections: [...s.endpoints.values()].map((e) => ({ Id: `${e.serviceId}:${e.endpointId}`, ...renderConnection(core, e) })),
      zones: [...s.zones.values()].map((z) => ({
        Id: zoneKey(z.endpointId, z.zoneId),
        EndpointId: z.endpointId,
        ...renderZone(s.endpoints.get(z.endpointId)!, z),
        ResourceId: z.resourceId,
      })),
      serviceResources: [...s.serviceResources.values()].map((r) => ({
        Id: resourceRecordKey(r),
        ServiceId: r.serviceId,
        ResourceId: r.resourceId,
        ResourceType: r.resourceType,
        RegionId: r.regionId,
        VpcId: r.vpcId,
        VSwitchId: r.vSwitchId,
        ZoneId: r.zoneId,
        Ip: r.ip,
        AutoAllocatedEnabled: r.autoAllocated,
      })),
      whitelist: [...s.whitelist.values()].map((w) => ({
        Id: whitelistRecordKey(w),
        ServiceId: w.serviceId,
        ...(w.userId ? { UserId: Number(w.userId) } : { UserARN: w.userArn }),
      })),
      securityGroupAttachments: [...s.securityGroupAttachments.values()].map((a) => ({
        Id: sgKey(a.endpointId, a.securityGroupId),
        EndpointId: a.endpointId,
        SecurityGroupId: a.securityGroupId,
        SecurityGroupStatus: a.status,
      })),
      pendingTransitions: this.lifecycle.list().map((t) => ({ ...t, dueTime: formatTime(t.due) })),
    };
  }

  /**
   * Changes an object behind the API's back (drift). Patch keys are the API's field names, e.g.
   * `{ServiceBusinessStatus: "FinancialLocked"}` or `{EndpointDescription: "changed"}`. Setting a status cancels the
   * object's pending transition. Returns the object as the admin dump shows it.
   */
  patchObject(kind: string, id: string, patch: Record<string, unknown>): object {
    this.settle();
    if (!patch || typeof patch !== "object" || Array.isArray(patch)) throw new EmulatorError("InvalidPatch", "The patch must be a JSON object.", 400);
    const k = this.kindOf(kind);
    const fields = PATCHABLE[k];
    for (const key of Object.keys(patch)) {
      if (!(key in fields)) {
        const allowed = Object.keys(fields);
        throw new EmulatorError("InvalidPatch", `Field '${key}' cannot be patched on a ${k}; patchable: ${allowed.length ? allowed.join(", ") : "none"}.`, 400);
      }
    }
    const value = (key: string): unknown => coerce(k, key, fields[key]!, patch[key]);
    const s = this.store;
    switch (k) {
      case "service": {
        const svc = s.services.get(id) ?? this.notFound(k, id);
        for (const key of Object.keys(patch)) {
          const v = value(key);
          if (key === "ServiceDescription") svc.description = v as string;
          else if (key === "AutoAcceptEnabled") svc.autoAcceptEnabled = v as boolean;
          else if (key === "ConnectBandwidth") svc.connectBandwidth = v as number;
          else if (key === "ZoneAffinityEnabled") svc.zoneAffinityEnabled = v as boolean;
          else if (key === "ServiceBusinessStatus") svc.businessStatus = v as typeof svc.businessStatus;
          else if (key === "ServiceStatus") {
            this.lifecycle.cancel("service", id);
            svc.status = v as typeof svc.status;
          }
        }
        break;
      }
      case "endpoint": {
        const e = s.endpoints.get(id) ?? this.notFound(k, id);
        for (const key of Object.keys(patch)) {
          const v = value(key);
          if (key === "EndpointName") e.name = v as string;
          else if (key === "EndpointDescription") e.description = v as string;
          else if (key === "PolicyDocument") e.policyDocument = v as string;
          else if (key === "Bandwidth") e.bandwidth = v as number;
          else if (key === "EndpointBusinessStatus") e.businessStatus = v as typeof e.businessStatus;
          else if (key === "EndpointStatus") {
            this.lifecycle.cancel("endpoint", id);
            e.status = v as typeof e.status;
          } else if (key === "ConnectionStatus") this.setConnectionStatus(e.endpointId, v as string);
        }
        break;
      }
      case "connection": {
        const e = this.connectionById(id);
        for (const key of Object.keys(patch)) {
          const v = value(key);
          if (key === "Bandwidth") e.bandwidth = v as number;
          else if (key === "ConnectionStatus") this.setConnectionStatus(e.endpointId, v as string);
        }
        break;
      }
      case "zone": {
        const z = s.zones.get(id) ?? this.notFound(k, id);
        for (const key of Object.keys(patch)) {
          const v = value(key);
          if (key === "ZoneStatus") {
            this.lifecycle.cancel("zone", id);
            z.status = v as typeof z.status;
            if (!SERVING_ZONE_STATUS.includes(z.status)) this.lifecycle.releaseZone(z);
          }
        }
        break;
      }
      case "serviceResource": {
        const r = s.serviceResources.get(id) ?? this.notFound(k, id);
        for (const key of Object.keys(patch)) {
          const v = value(key);
          if (key === "Ip") r.ip = v as string;
          else if (key === "AutoAllocatedEnabled") r.autoAllocated = v as boolean;
        }
        break;
      }
      case "account": {
        const a = this.accountByRef(id);
        for (const key of Object.keys(patch)) {
          const v = value(key) as boolean;
          if (key === "PrivateLinkOpened") a.opened = v;
          else if (key === "ReverseEndpointAllowed") a.reverseEndpoints = v;
          else if (key === "ZoneResourceManagementAllowed") a.zoneResourceManagement = v;
        }
        break;
      }
      default:
        // whitelist and securityGroupAttachment have no fields to patch; the key check above has refused any.
        this.findObject(k, id);
    }
    this.dirty = true;
    this.flush();
    return this.findObject(k, id);
  }

  /** Removes an object behind the API's back, with its dependents as the cloud would. */
  deleteObject(kind: string, id: string): void {
    this.settle();
    const k = this.kindOf(kind);
    const s = this.store;
    switch (k) {
      case "service":
        // Its resources and whitelist go; its endpoints stay with ConnectionStatus ServiceDeleted.
        this.lifecycle.removeService(s.services.get(id) ?? this.notFound(k, id));
        break;
      case "endpoint":
        this.lifecycle.removeEndpoint(s.endpoints.get(id) ?? this.notFound(k, id));
        break;
      case "connection": {
        // A connection cannot exist without its endpoint; removing it means the service side dropped it.
        const e = this.connectionById(id);
        this.setConnectionStatus(e.endpointId, "Disconnected");
        break;
      }
      case "zone":
        this.lifecycle.removeZone(s.zones.get(id) ?? this.notFound(k, id));
        break;
      case "serviceResource":
        if (!s.serviceResources.delete(id)) this.notFound(k, id);
        break;
      case "whitelist":
        if (!s.whitelist.delete(id)) this.notFound(k, id);
        break;
      case "securityGroupAttachment":
        if (!s.securityGroupAttachments.delete(id)) this.notFound(k, id);
        break;
      case "account":
        throw new EmulatorError("InvalidPatch", "Accounts cannot be deleted; patch their features instead.", 400);
    }
    this.dirty = true;
    this.flush();
  }

  // -------------------------------------------------------------------------------------------------------------

  private coreView(): WorldCore {
    return {
      store: this.store,
      inventory: this.inv,
      lifecycle: this.lifecycle,
      ids: this.ids,
      tokens: this.tokens,
      defaultRegion: this.defaultRegion,
      now: () => this.clock(),
      settle: () => this.lifecycle.settle(),
      markChanged: () => {
        this.dirty = true;
      },
    };
  }

  private kindOf(kind: string): ObjectKind {
    if (!(OBJECT_KINDS as readonly string[]).includes(kind))
      throw new EmulatorError("UnknownObjectKind", `Unknown object kind '${kind}'; use one of ${OBJECT_KINDS.join(", ")}.`, 404);
    return kind as ObjectKind;
  }

  private notFound(kind: ObjectKind, id: string): never {
    throw new EmulatorError("ObjectNotFound", `No ${kind} with id '${id}'${ID_HINT[kind] ? ` (ids look like ${ID_HINT[kind]})` : ""}.`, 404);
  }

  private connectionById(id: string) {
    const [serviceId, endpointId, ...rest] = id.split(":");
    const e = endpointId ? this.store.endpoints.get(endpointId) : undefined;
    if (!e || rest.length || e.serviceId !== serviceId) this.notFound("connection", id);
    return e!;
  }

  /** Sets a connection's status out of band; the zones follow the way the state machine would leave them. */
  private setConnectionStatus(endpointId: string, status: string): void {
    const e = this.store.endpoints.get(endpointId)!;
    this.lifecycle.cancel("connection", endpointId);
    e.connectionStatus = status as typeof e.connectionStatus;
    e.connectionModifiedTime = this.clock();
    e.enabledBy = null;
    for (const z of this.store.zonesOf(endpointId)) {
      if (z.status === "Creating" || z.status === "Deleting" || this.lifecycle.pendingFor("zone", zoneKey(z.endpointId, z.zoneId))) continue;
      if (status === "Connected") {
        z.status = "Connected";
        this.lifecycle.serveZone(z, e);
      } else if (status === "Disconnected" || status === "ServiceDeleted") {
        if (z.status !== "Wait") z.status = "Disconnected";
        this.lifecycle.releaseZone(z);
      }
    }
  }

  private accountByRef(ref: string) {
    const account = this.accounts.find((a) => a.name === ref || a.accountId === ref);
    const record = account ? this.store.accounts.get(account.accountId) : undefined;
    return record ?? this.notFound("account", ref);
  }

  /** An account as the admin view shows it (accounts are not listed in describeObjects: they are not API objects). */
  private describeAccount(ref: string): object {
    const a = this.accountByRef(ref);
    return {
      AccountId: a.accountId,
      Name: this.accounts.find((x) => x.accountId === a.accountId)!.name,
      PrivateLinkOpened: a.opened,
      ReverseEndpointAllowed: a.reverseEndpoints,
      ZoneResourceManagementAllowed: a.zoneResourceManagement,
    };
  }

  private findObject(kind: ObjectKind, id: string): object {
    if (kind === "account") return this.describeAccount(id);
    const dump = this.describeObjects() as Record<string, { Id?: string; ServiceId?: string; EndpointId?: string }[]>;
    const list =
      kind === "service"
        ? dump["services"]!.filter((o) => o.ServiceId === id)
        : kind === "endpoint"
          ? dump["endpoints"]!.filter((o) => o.EndpointId === id)
          : dump[LIST_OF[kind]]!.filter((o) => o.Id === id);
    return list[0] ?? this.notFound(kind, id);
  }
}

const LIST_OF: Record<ObjectKind, string> = {
  service: "services",
  endpoint: "endpoints",
  connection: "connections",
  zone: "zones",
  serviceResource: "serviceResources",
  whitelist: "whitelist",
  securityGroupAttachment: "securityGroupAttachments",
  account: "accounts",
};

const ID_HINT: Partial<Record<ObjectKind, string>> = {
  connection: "<serviceId>:<endpointId>",
  zone: "<endpointId>:<zoneId>",
  serviceResource: "<serviceId>:<resourceId>, or <serviceId>:<resourceId>:<zoneId> for alb/nlb/gwlb",
  whitelist: "<serviceId>:<userId> or <serviceId>:<userArn>",
  securityGroupAttachment: "<endpointId>:<securityGroupId>",
  account: "an account name or numeric ID",
};

type FieldType = "string" | "boolean" | "number" | readonly string[];

const PATCHABLE: Record<ObjectKind, Record<string, FieldType>> = {
  service: {
    ServiceDescription: "string",
    AutoAcceptEnabled: "boolean",
    ConnectBandwidth: "number",
    ZoneAffinityEnabled: "boolean",
    ServiceStatus: SERVICE_STATUS,
    ServiceBusinessStatus: BUSINESS_STATUS,
  },
  endpoint: {
    EndpointName: "string",
    EndpointDescription: "string",
    PolicyDocument: "string",
    Bandwidth: "number",
    EndpointStatus: ENDPOINT_STATUS,
    EndpointBusinessStatus: BUSINESS_STATUS,
    ConnectionStatus: CONNECTION_STATUS,
  },
  connection: { Bandwidth: "number", ConnectionStatus: CONNECTION_STATUS },
  zone: { ZoneStatus: ZONE_STATUS },
  serviceResource: { Ip: "string", AutoAllocatedEnabled: "boolean" },
  whitelist: {},
  securityGroupAttachment: {},
  account: { PrivateLinkOpened: "boolean", ReverseEndpointAllowed: "boolean", ZoneResourceManagementAllowed: "boolean" },
};

function coerce(kind: ObjectKind, key: string, type: FieldType, v: unknown): unknown {
  const bad = (expected: string): never => {
    throw new EmulatorError("InvalidPatch", `Field '${key}' of a ${kind} must be ${expected}.`, 400);
  };
  if (Array.isArray(type)) return typeof v === "string" && type.includes(v) ? v : bad(`one of ${type.join(", ")}`);
  if (type === "string") return typeof v === "string" ? v : bad("a string");
  if (type === "boolean") {
    if (typeof v === "boolean") return v;
    if (v === "true" || v === "false") return v === "true";
    return bad("a boolean");
  }
  const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === "number" && Number.isInteger(n) && n >= 0 ? n : bad("a non-negative integer");
}
