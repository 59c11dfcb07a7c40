// Status values of the PrivateLink API (spec section 3). Every module that reads or writes a status imports it
// from here: the emulator's state machines, the waiters and the resource providers.

export const API_VERSION = "2020-04-15";
export const PRODUCT_CODE = "privatelink";

export const SERVICE_STATUS = ["Creating", "Pending", "Active", "Deleting", "Inactive"] as const;
export type ServiceStatus = (typeof SERVICE_STATUS)[number];

export const ENDPOINT_STATUS = ["Creating", "Active", "Pending", "Deleting"] as const;
export type EndpointStatus = (typeof ENDPOINT_STATUS)[number];

/** ServiceBusinessStatus and EndpointBusinessStatus share these values. */
export const BUSINESS_STATUS = ["Normal", "FinancialLocked"] as const;
export type BusinessStatus = (typeof BUSINESS_STATUS)[number];

export const CONNECTION_STATUS = ["Pending", "Connecting", "Connected", "Disconnecting", "Disconnected", "Deleting", "ServiceDeleted"] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUS)[number];

export const ZONE_STATUS = ["Creating", "Wait", "Connecting", "Connected", "Disconnecting", "Disconnected", "Deleting"] as const;
export type ZoneStatus = (typeof ZONE_STATUS)[number];

/** Statuses in which the object is changing and most mutations are refused. */
export const TRANSITIONAL_SERVICE_STATUS: readonly ServiceStatus[] = ["Creating", "Pending", "Deleting"];
export const TRANSITIONAL_ENDPOINT_STATUS: readonly EndpointStatus[] = ["Creating", "Pending", "Deleting"];
export const TRANSITIONAL_CONNECTION_STATUS: readonly ConnectionStatus[] = ["Pending", "Connecting", "Disconnecting", "Deleting"];
export const TRANSITIONAL_ZONE_STATUS: readonly ZoneStatus[] = ["Creating", "Connecting", "Disconnecting", "Deleting"];

/** Zone statuses in which a zone is not changing: `Wait` until the owner accepts, then Connected/Disconnected. */
export const SETTLED_ZONE_STATUS: readonly ZoneStatus[] = ZONE_STATUS.filter((s) => !TRANSITIONAL_ZONE_STATUS.includes(s));

/** Connection statuses that mean the service owner accepted the endpoint (or is applying a change to it). */
export const ACCEPTED_CONNECTION_STATUS: readonly ConnectionStatus[] = ["Connecting", "Connected", "Pending"];
