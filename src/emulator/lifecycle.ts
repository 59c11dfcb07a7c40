// The state machines of spec section 3. Every pending transition is data (object, from, to, due time), so it
// survives snapshot/restore; settle() applies whatever is due by the clock, in due-time order, and chains the
// follow-up phases from the due time of the phase that ended (not from "now"), so results do not depend on when
// settle() happens to run.

import type { Store, EndpointRecord, ServiceRecord, ServiceResourceRecord, ZoneRecord } from "./store";
import { sgKey, whitelistRecordKey, zoneKey } from "./store";
import { TRANSITION_DURATIONS_MS, type Transition } from "../spec/transitions";

/** Milliseconds at time scale 1, per phase. */
export type TransitionDelays = Record<Transition, number>;

/** The documented typical durations (src/spec/transitions.ts): the provider's waits expect the same figures. */
export const DEFAULT_DELAYS: TransitionDelays = TRANSITION_DURATIONS_MS;

export type TransitionKind = "service" | "endpoint" | "connection" | "zone";
export type Phase = keyof TransitionDelays;

export interface PendingTransition {
  seq: number;
  kind: TransitionKind;
  /** serviceId, endpointId, endpointId (its connection) or `<endpointId>:<zoneId>`. */
  id: string;
  phase: Phase;
  /** The status the object had when the phase began; the transition is dropped if it changed out of band. */
  from: string;
  /** The status at the end of the phase; null removes the object. */
  to: string | null;
  due: number;
}

export interface LifecycleSnapshot {
  seq: number;
  pending: PendingTransition[];
}

export interface LifecycleOptions {
  store: Store;
  delays: TransitionDelays;
  timeScale: number;
  now: () => number;
  isStuck?: (kind: TransitionKind, fromStatus: string) => boolean;
  /** Called on every change the lifecycle makes to the store. */
  onMutate: () => void;
  /** A fresh ENI ID (the new interface of a smoothly migrated zone). */
  newEniId: () => string;
}

export class Lifecycle {
  /** At most one pending phase per object, keyed by `<kind>|<id>`. */
  private pending = new Map<string, PendingTransition>();
  private seq = 0;

  constructor(private readonly o: LifecycleOptions) {}

  // -------------------------------------------------------------------------------------------------------------
  // Scheduling

  delay(phase: Phase): number {
    return Math.max(0, Math.round(this.o.delays[phase] * this.o.timeScale));
  }

  /** Starts a phase; replaces any pending phase of the same object. */
  schedule(kind: TransitionKind, id: string, phase: Phase, from: string, to: string | null, base: number = this.o.now()): PendingTransition {
    this.seq += 1;
    const t: PendingTransition = { seq: this.seq, kind, id, phase, from, to, due: base + this.delay(phase) };
    this.pending.set(`${kind}|${id}`, t);
    this.o.onMutate();
    return t;
  }

  cancel(kind: TransitionKind, id: string): void {
    if (this.pending.delete(`${kind}|${id}`)) this.o.onMutate();
  }

  pendingFor(kind: TransitionKind, id: string): PendingTransition | undefined {
    return this.pending.get(`${kind}|${id}`);
  }

  list(): PendingTransition[] {
    return [...this.pending.values()].sort((a, b) => a.due - b.due || a.seq - b.seq).map((t) => ({ ...t }));
  }

  private stuck(t: PendingTransition): boolean {
    return Boolean(this.o.isStuck?.(t.kind, t.from));
  }

  /** The earliest due time of a transition that can finish, for the wake-up timer. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const t of this.pending.values()) if (!this.stuck(t) && (next === undefined || t.due < next)) next = t.due;
    return next;
  }

  /**
   * Applies every transition due by now, in (due, seq) order, including follow-ups that fall due meanwhile;
   * returns whether anything changed.
   */
  settle(): boolean {
    const now = this.o.now();
    let applied = false;
    for (let round = 0; round < 100_000; round++) {
      const due = [...this.pending.values()].filter((t) => t.due <= now && !this.stuck(t)).sort((a, b) => a.due - b.due || a.seq - b.seq);
      if (due.length === 0) break;
      for (const t of due) {
        const key = `${t.kind}|${t.id}`;
        if (this.pending.get(key) !== t) continue; // cancelled or replaced by an earlier transition
        this.pending.delete(key);
        const seqBefore = this.seq;
        this.apply(t);
        applied = true;
        // A follow-up may fall due before the rest of this batch: recompute to keep time order.
        if (this.seq !== seqBefore) break;
      }
    }
    return applied;
  }

  snapshot(): LifecycleSnapshot {
    return { seq: this.seq, pending: this.list() };
  }

  restore(s: LifecycleSnapshot): void {
    this.seq = Number(s.seq) || 0;
    this.pending = new Map((s.pending ?? []).map((t) => [`${t.kind}|${t.id}`, { ...t }]));
  }

  clear(): void {
    this.seq = 0;
    this.pending.clear();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Transitions

  private apply(t: PendingTransition): void {
    const s = this.o.store;
    this.o.onMutate();
    switch (t.kind) {
      case "service": {
        const svc = s.services.get(t.id);
        if (!svc || svc.status !== t.from) return;
        if (t.to === null) this.removeService(svc, t.due);
        else svc.status = t.to as ServiceRecord["status"];
        return;
      }
      case "endpoint": {
        const ep = s.endpoints.get(t.id);
        if (!ep || ep.status !== t.from) return;
        if (t.to === null) {
          this.removeEndpoint(ep);
          return;
        }
        ep.status = t.to as EndpointRecord["status"];
        if (ep.status === "Active") this.settleSecurityGroups(ep);
        if (t.from === "Creating" && ep.connectionStatus === "Disconnected") {
          const svc = s.services.get(ep.serviceId);
          if (svc?.autoAcceptEnabled && svc.status !== "Deleting") this.beginConnect(ep, null, t.due);
        }
        return;
      }
      case "connection": {
        const ep = s.endpoints.get(t.id);
        if (!ep || ep.connectionStatus !== t.from) return;
        ep.connectionStatus = t.to as EndpointRecord["connectionStatus"];
        ep.connectionModifiedTime = t.due;
        if (t.from === "Connecting") {
          ep.enabledBy = null;
          for (const z of s.zonesOf(ep.endpointId)) {
            if (z.status !== "Connecting") continue;
            this.cancel("zone", zoneKey(z.endpointId, z.zoneId));
            this.connectZone(z, ep);
          }
        } else if (t.from === "Disconnecting") {
          for (const z of s.zonesOf(ep.endpointId)) {
            if (z.status !== "Disconnecting" || this.pendingFor("zone", zoneKey(z.endpointId, z.zoneId))) continue;
            z.status = "Disconnected";
            this.releaseZone(z);
          }
        }
        return;
      }
      case "zone": {
        const z = s.zones.get(t.id);
        if (!z || z.status !== t.from) return;
        if (t.to === null) {
          s.zones.delete(t.id);
          return;
        }
        const ep = s.endpoints.get(z.endpointId);
        if (!ep) return;
        if (t.from === "Creating") this.zoneCreated(z, ep, t.due);
        else if (t.from === "Connecting") this.connectZone(z, ep);
        else if (t.from === "Disconnecting" && t.to === "Deleting") {
          // RemoveZoneFromVpcEndpoint: the ENI goes once the connection is drained.
          z.status = "Deleting";
          this.releaseZone(z);
          this.schedule("zone", t.id, "zoneDeleting", "Deleting", null, t.due);
        } else if (t.from === "Disconnecting") {
          // DisableVpcEndpointZoneConnection: the zone keeps its ENI, without a connection.
          z.status = "Disconnected";
          this.releaseZone(z);
        } else if (t.from === "Migrating") this.migrated(z, ep, t.to === "Migrated");
        else if (t.from === "Migrated") {
          // DisableVpcEndpointZoneConnection with ReplacedResource: the old connections are closed.
          z.status = "Connected";
          this.dropReplaced(z);
        } else z.status = t.to as ZoneRecord["status"];
        return;
      }
    }
  }

  /** Attach/detach of security groups is applied once the endpoint is Active again: Attaching → Attached, Detaching → gone. */
  private settleSecurityGroups(ep: EndpointRecord): void {
    const s = this.o.store;
    for (const a of s.securityGroupsOf(ep.endpointId)) {
      if (a.status === "Attaching") a.status = "Attached";
      else if (a.status === "Detaching") s.securityGroupAttachments.delete(sgKey(a.endpointId, a.securityGroupId));
    }
  }

  /** A zone whose ENI is ready joins the connection's state (spec 3.4). */
  private zoneCreated(z: ZoneRecord, ep: EndpointRecord, at: number): void {
    switch (ep.connectionStatus) {
      case "Connected":
      case "Pending":
        z.status = "Connecting";
        this.schedule("zone", zoneKey(z.endpointId, z.zoneId), "zoneConnecting", "Connecting", "Connected", at);
        return;
      case "Connecting":
        z.status = "Connecting"; // finishes with the connection
        return;
      case "Disconnecting":
      case "ServiceDeleted":
        z.status = "Disconnected";
        return;
      default:
        z.status = "Wait";
    }
  }

  private connectZone(z: ZoneRecord, ep: EndpointRecord): void {
    z.status = "Connected";
    this.serveZone(z, ep);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Allocation of service resources to zone connections

  /**
   * The service resource a zone connection gets: the one the owner allocated to the zone by hand, if it is still
   * attached; else, among the service's automatically allocatable resources of the zone (any zone for an endpoint
   * in another region), the one serving the fewest zone connections, then the first attached.
   */
  allocate(ep: EndpointRecord, z: ZoneRecord): ServiceResourceRecord | undefined {
    const s = this.o.store;
    if (z.manualResourceId) {
      const manual = s.resourcesOf(ep.serviceId).find((r) => r.resourceId === z.manualResourceId && r.zoneId === z.manualResourceZoneId);
      if (manual) return manual;
    }
    const crossRegion = s.services.get(ep.serviceId)?.regionId !== ep.regionId;
    const load = (r: ServiceResourceRecord) =>
      [...s.zones.values()].filter((other) => other !== z && other.resourceId === r.resourceId && other.resourceZoneId === r.zoneId).length;
    const candidates = s.resourcesOf(ep.serviceId).filter((r) => r.autoAllocated && (crossRegion || r.zoneId === z.zoneId));
    return candidates.sort((a, b) => load(a) - load(b) || a.seq - b.seq)[0];
  }

  /** Points a connected zone at the resource that serves it (none: empty). */
  serveZone(z: ZoneRecord, ep: EndpointRecord): void {
    const r = this.allocate(ep, z);
    z.resourceId = r?.resourceId ?? "";
    z.resourceZoneId = r?.zoneId ?? "";
  }

  /**
   * The end of a resource replacement: the zone's allocation becomes the new resource. A smooth (graceful)
   * migration leaves the zone `Migrated`, with a new ENI and the old resource and ENI still serving existing
   * connections until the owner releases them; a forced one is `Connected` at once.
   */
  private migrated(z: ZoneRecord, ep: EndpointRecord, graceful: boolean): void {
    const s = this.o.store;
    const next = s.resourcesOf(ep.serviceId).find((r) => r.resourceId === z.manualResourceId && r.zoneId === z.manualResourceZoneId);
    if (graceful) {
      z.replacedResourceId = z.resourceId;
      z.replacedResourceZoneId = z.resourceZoneId;
      z.replacedEniId = z.eniId;
      z.eniId = this.o.newEniId();
      z.status = "Migrated";
    } else {
      z.status = "Connected";
    }
    z.resourceId = next?.resourceId ?? z.resourceId;
    z.resourceZoneId = next?.zoneId ?? z.resourceZoneId;
  }

  /** Forgets the resource and ENI a smooth migration replaced. */
  dropReplaced(z: ZoneRecord): void {
    z.replacedResourceId = "";
    z.replacedResourceZoneId = "";
    z.replacedEniId = "";
  }

  /** A zone that no longer carries traffic drops its resource. */
  releaseZone(z: ZoneRecord): void {
    z.resourceId = "";
    z.resourceZoneId = "";
    this.dropReplaced(z);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Rules shared by the operations, the auto-accept path and the out-of-band admin changes

  /** Disconnected -> Connecting -> Connected; the zones follow. `initiator` is the account that called Enable. */
  beginConnect(ep: EndpointRecord, initiator: string | null, at: number = this.o.now()): void {
    ep.connectionStatus = "Connecting";
    ep.connectionModifiedTime = at;
    ep.enabledBy = initiator;
    for (const z of this.o.store.zonesOf(ep.endpointId)) {
      if (z.status === "Wait" || z.status === "Disconnected") z.status = "Connecting";
    }
    this.schedule("connection", ep.endpointId, "connectionConnecting", "Connecting", "Connected", at);
  }

  /** Connected -> Disconnecting -> Disconnected; the zones follow. */
  beginDisconnect(ep: EndpointRecord, at: number = this.o.now()): void {
    ep.connectionStatus = "Disconnecting";
    ep.connectionModifiedTime = at;
    ep.enabledBy = null;
    for (const z of this.o.store.zonesOf(ep.endpointId)) {
      const key = zoneKey(z.endpointId, z.zoneId);
      const own = this.pendingFor("zone", key);
      const carrying = z.status === "Connected" || z.status === "Migrating" || z.status === "Migrated";
      if (carrying || (z.status === "Connecting" && (!own || own.phase === "zoneConnecting"))) {
        if (own) this.cancel("zone", key);
        z.status = "Disconnecting";
        this.releaseZone(z);
      }
    }
    this.schedule("connection", ep.endpointId, "connectionDisconnecting", "Disconnecting", "Disconnected", at);
  }

  /** Removes an endpoint with its zones (ENIs) and security-group attachments. */
  removeEndpoint(ep: EndpointRecord): void {
    const s = this.o.store;
    this.cancel("endpoint", ep.endpointId);
    this.cancel("connection", ep.endpointId);
    for (const z of s.zonesOf(ep.endpointId)) this.removeZone(z);
    for (const a of s.securityGroupsOf(ep.endpointId)) s.securityGroupAttachments.delete(sgKey(a.endpointId, a.securityGroupId));
    s.endpoints.delete(ep.endpointId);
    this.o.onMutate();
  }

  removeZone(z: ZoneRecord): void {
    const key = zoneKey(z.endpointId, z.zoneId);
    this.cancel("zone", key);
    this.o.store.zones.delete(key);
    this.o.onMutate();
  }

  /**
   * Removes a service with its resources and whitelist. Its endpoints stay, with ConnectionStatus ServiceDeleted
   * (spec 3.3); an endpoint that is being deleted keeps Deleting.
   */
  removeService(svc: ServiceRecord, at: number = this.o.now()): void {
    const s = this.o.store;
    this.cancel("service", svc.serviceId);
    for (const r of s.resourcesOf(svc.serviceId)) s.serviceResources.delete(`${r.serviceId}:${r.resourceId}`);
    for (const w of s.usersOf(svc.serviceId)) s.whitelist.delete(whitelistRecordKey(w));
    for (const ep of s.endpointsOf(svc.serviceId)) {
      if (ep.status === "Deleting") continue;
      this.cancel("connection", ep.endpointId);
      ep.connectionStatus = "ServiceDeleted";
      ep.connectionModifiedTime = at;
      ep.enabledBy = null;
      for (const z of s.zonesOf(ep.endpointId)) {
        if (z.status === "Creating" || z.status === "Deleting") continue;
        const own = this.pendingFor("zone", zoneKey(z.endpointId, z.zoneId));
        if (own && own.phase === "zoneDisconnecting") continue; // being removed
        if (own) this.cancel("zone", zoneKey(z.endpointId, z.zoneId));
        z.status = "Disconnected";
        this.releaseZone(z);
      }
    }
    s.services.delete(svc.serviceId);
    this.o.onMutate();
  }
}
