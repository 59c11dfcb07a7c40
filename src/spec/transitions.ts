// How long the API's asynchronous transitions typically take, per phase, in milliseconds at the cloud's own pace.
// One table for two readers: the emulator plays each phase for this long (times its --time-scale; these are its
// default delays, docs/emulator-world.md), and the provider's waits expect a transition to end after about this
// long (times the configured transition time scale), then learn the real figure from the transitions they see.

export const TRANSITION_DURATIONS_MS = Object.freeze({
  /** CreateVpcEndpointService: Creating → Active. */
  serviceCreating: 15_000,
  /** UpdateVpcEndpointServiceAttribute, service resource attach/detach: Pending → Active. */
  servicePending: 5_000,
  /** DeleteVpcEndpointService: Deleting → gone. */
  serviceDeleting: 10_000,
  /** CreateVpcEndpoint: Creating → Active. */
  endpointCreating: 45_000,
  /** UpdateVpcEndpointAttribute, Attach/DetachSecurityGroup: Pending → Active. */
  endpointPending: 10_000,
  /** DeleteVpcEndpoint: Deleting → gone. */
  endpointDeleting: 30_000,
  /** EnableVpcEndpointConnection or auto-accept: Connecting → Connected. */
  connectionConnecting: 20_000,
  /** DisableVpcEndpointConnection: Disconnecting → Disconnected. */
  connectionDisconnecting: 15_000,
  /** UpdateVpcEndpointConnectionAttribute: Pending → Connected. */
  connectionPending: 10_000,
  /** The zone's network interface is created: Creating → Wait / Connecting (the endpoint is Pending meanwhile). */
  zoneCreating: 30_000,
  /** A zone joins a connected endpoint, EnableVpcEndpointZoneConnection: Connecting → Connected. */
  zoneConnecting: 20_000,
  /** RemoveZone of a serving zone, DisableVpcEndpointZoneConnection: Disconnecting → Deleting / Disconnected. */
  zoneDisconnecting: 15_000,
  /** RemoveZoneFromVpcEndpoint: Deleting → gone (the endpoint is Pending until then). */
  zoneDeleting: 20_000,
  /** UpdateVpcEndpointZoneConnectionResourceAttribute with a replace mode: Migrating → Migrated / Connected. */
  zoneMigrating: 20_000,
});

export type Transition = keyof typeof TRANSITION_DURATIONS_MS;

/** The typical duration of a transition made of consecutive phases (e.g. a serving zone's removal). */
export function typicalDurationMs(phases: readonly Transition[]): number {
  return phases.reduce((total, phase) => total + TRANSITION_DURATIONS_MS[phase], 0);
}
