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

/**
 * Business statuses that lock an object against changes until its owner acts. SecurityLocked is not in the
 * 2020-04-15 documents (other Alibaba Cloud products use it); a status read back as it is treated the same.
 */
export const LOCKED_BUSINESS_STATUS: readonly string[] = ["FinancialLocked", "SecurityLocked"];

export const CONNECTION_STATUS = ["Pending", "Connecting", "Connected", "Disconnecting", "Disconnected", "Deleting", "ServiceDeleted"] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUS)[number];

/** `Migrating` / `Migrated`: the zone's service resource is being / was replaced (smooth migration keeps the old one until released). */
export const ZONE_STATUS = ["Creating", "Wait", "Connecting", "Connected", "Disconnecting", "Disconnected", "Deleting", "Migrating", "Migrated"] as const;
export type ZoneStatus = (typeof ZONE_STATUS)[number];

/** Statuses in which the object is changing and most mutations are refused. */
export const TRANSITIONAL_SERVICE_STATUS: readonly ServiceStatus[] = ["Creating", "Pending", "Deleting"];
export const TRANSITIONAL_ENDPOINT_STATUS: readonly EndpointStatus[] = ["Creating", "Pending", "Deleting"];
export const TRANSITIONAL_CONNECTION_STATUS: readonly ConnectionStatus[] = ["Pending", "Connecting", "Disconnecting", "Deleting"];
export const TRANSITIONAL_ZONE_STATUS: readonly ZoneStatus[] = ["Creating", "Connecting", "Disconnecting", "Deleting", "Migrating"];

/** Zone statuses in which a zone is not changing: `Wait` until the owner accepts, then Connected/Disconnected (or Migrated). */
export const SETTLED_ZONE_STATUS: readonly ZoneStatus[] = ZONE_STATUS.filter((s) => !TRANSITIONAL_ZONE_STATUS.includes(s));

/** Connection statuses that mean the service owner accepted the endpoint (or is applying a change to it). */
export const ACCEPTED_CONNECTION_STATUS: readonly ConnectionStatus[] = ["Connecting", "Connected", "Pending"];

/** Zone statuses in which the zone's connection carries traffic (a Migrated zone serves through its new resource). */
export const SERVING_ZONE_STATUS: readonly ZoneStatus[] = ["Connected", "Migrated"];

/** ListVpcEndpointSecurityGroups.SecurityGroupStatus: an attach or detach is applied while the endpoint is Pending. */
export const SECURITY_GROUP_STATUS = ["Attaching", "Attached", "Detaching"] as const;
export type SecurityGroupStatus = (typeof SECURITY_GROUP_STATUS)[number];

/** SupportedRegionSet[].RegionServiceStatus of an endpoint service (only Open is produced by the emulator). */
export const REGION_SERVICE_STATUS = ["Open", "Closed"] as const;
export type RegionServiceStatus = (typeof REGION_SERVICE_STATUS)[number];
