// The state of the world: plain JSON records, keyed and ordered by creation. No rules live here; the lifecycle
// (state machines) and the operations (guards) read and write these records.

import type { BusinessStatus, ConnectionStatus, EndpointStatus, SecurityGroupStatus, ServiceStatus, ZoneStatus } from "../spec/statuses";
import { ZONAL_RESOURCE_TYPES, type ResourceType } from "../spec/constraints";
import type { AccountFeatures } from "./features";

export interface Tag {
  Key: string;
  Value: string;
}

export interface ServiceRecord {
  seq: number;
  serviceId: string;
  regionId: string;
  ownerId: string;
  description: string;
  autoAcceptEnabled: boolean;
  connectBandwidth: number;
  status: ServiceStatus;
  businessStatus: BusinessStatus;
  createTime: number;
  payer: string;
  zoneAffinityEnabled: boolean;
  serviceResourceType: string;
  serviceSupportIPv6: boolean;
  addressIpVersion: string;
  resourceGroupId: string;
  supportedRegions: string[];
  tags: Tag[];
}

export interface ServiceResourceRecord {
  seq: number;
  serviceId: string;
  resourceId: string;
  resourceType: ResourceType;
  regionId: string;
  vpcId: string;
  vSwitchId: string;
  zoneId: string;
  ip: string;
  /** The resource may be allocated to new zone connections automatically (UpdateVpcEndpointServiceResourceAttribute). */
  autoAllocated: boolean;
}

/** One whitelist entry: an account ID or an ARN (`acs:ram:*:<account>:*`); the other field is "". */
export interface WhitelistRecord {
  seq: number;
  serviceId: string;
  userId: string;
  userArn: string;
}

/** An endpoint together with its one connection (spec 3.3: one connection per endpoint). */
export interface EndpointRecord {
  seq: number;
  endpointId: string;
  regionId: string;
  ownerId: string;
  vpcId: string;
  serviceId: string;
  serviceName: string;
  name: string;
  description: string;
  endpointType: string;
  status: EndpointStatus;
  businessStatus: BusinessStatus;
  connectionStatus: ConnectionStatus;
  bandwidth: number;
  createTime: number;
  /** Last change of the connection (ListVpcEndpointConnections.ModifiedTime). */
  connectionModifiedTime: number;
  /** Account whose EnableVpcEndpointConnection call is still Connecting (spec 4.2.13), if any. */
  enabledBy: string | null;
  /** How the connection limits traffic: `BandwidthLimit` (Bandwidth applies) or `Scalability`. */
  trafficControlMode: string;
  addressIpVersion: string;
  zoneAffinityEnabled: boolean;
  protectedEnabled: boolean;
  policyDocument: string;
  resourceGroupId: string;
  zonePrivateIpAddressCount: number;
  tags: Tag[];
  /** Set on the endpoints Elasticsearch creates for an instance (owned by its service account). */
  elasticsearchInstanceId?: string;
  /** Region of the service: another region than the endpoint's for a cross-region endpoint. */
  serviceRegionId: string;
  /** Mbit/s between the two regions of a cross-region endpoint; 0 for an endpoint in its service's region. */
  crossRegionBandwidth: number;
}

export interface ZoneRecord {
  seq: number;
  endpointId: string;
  zoneId: string;
  regionId: string;
  vSwitchId: string;
  eniId: string;
  eniIp: string;
  ipv6Address: string;
  status: ZoneStatus;
  /** Service resource serving this zone; empty until Connected. */
  resourceId: string;
  /** Zone of that service resource (an ALB/NLB/GWLB is attached zone by zone; another region's zones when cross-region). */
  resourceZoneId: string;
  /** The resource the owner allocated to this zone connection by hand (UpdateVpcEndpointZoneConnectionResourceAttribute); "" = automatic. */
  manualResourceId: string;
  manualResourceZoneId: string;
  /** After a smooth migration (zone `Migrated`): the resource and ENI still serving old connections until released. */
  replacedResourceId: string;
  replacedResourceZoneId: string;
  replacedEniId: string;
}

/** Fields of a zone record that older snapshots do not have. */
export const ZONE_DEFAULTS = {
  manualResourceId: "",
  manualResourceZoneId: "",
  replacedResourceId: "",
  replacedResourceZoneId: "",
  replacedEniId: "",
} as const;

export interface SecurityGroupAttachmentRecord {
  seq: number;
  endpointId: string;
  securityGroupId: string;
  /** Attaching / Detaching while the endpoint applies the change (Pending), Attached otherwise. */
  status: SecurityGroupStatus;
}

/** What the cloud knows of an account beyond PrivateLink's objects (activation, allow-lists). */
export interface AccountRecord extends AccountFeatures {
  accountId: string;
}

export interface StoreSnapshot {
  seq: number;
  accounts?: AccountRecord[];
  services: ServiceRecord[];
  serviceResources: ServiceResourceRecord[];
  whitelist: WhitelistRecord[];
  endpoints: EndpointRecord[];
  zones: ZoneRecord[];
  securityGroupAttachments: SecurityGroupAttachmentRecord[];
}

export const zoneKey = (endpointId: string, zoneId: string): string => `${endpointId}:${zoneId}`;
/** `<serviceId>:<resourceId>`, or with `:<zoneId>` for the zone-by-zone types (alb, nlb, gwlb: one record per zone). */
export const resourceKey = (serviceId: string, resourceId: string, zoneId?: string): string =>
  zoneId ? `${serviceId}:${resourceId}:${zoneId}` : `${serviceId}:${resourceId}`;
export const resourceRecordKey = (r: Pick<ServiceResourceRecord, "serviceId" | "resourceId" | "resourceType" | "zoneId">): string =>
  resourceKey(r.serviceId, r.resourceId, ZONAL_RESOURCE_TYPES.includes(r.resourceType) ? r.zoneId : undefined);
/** `<serviceId>:<userId>` or `<serviceId>:<userArn>`. */
export const whitelistKey = (serviceId: string, principal: string): string => `${serviceId}:${principal}`;
export const whitelistRecordKey = (w: Pick<WhitelistRecord, "serviceId" | "userId" | "userArn">): string => whitelistKey(w.serviceId, w.userId || w.userArn);
export const sgKey = (endpointId: string, sgId: string): string => `${endpointId}:${sgId}`;

export class Store {
  private seqCounter = 0;
  readonly services = new Map<string, ServiceRecord>();
  readonly serviceResources = new Map<string, ServiceResourceRecord>();
  readonly whitelist = new Map<string, WhitelistRecord>();
  readonly endpoints = new Map<string, EndpointRecord>();
  readonly zones = new Map<string, ZoneRecord>();
  readonly securityGroupAttachments = new Map<string, SecurityGroupAttachmentRecord>();
  readonly accounts = new Map<string, AccountRecord>();

  /** Creation order across all records; paging cursors refer to it. */
  nextSeq(): number {
    this.seqCounter += 1;
    return this.seqCounter;
  }

  resourcesOf(serviceId: string): ServiceResourceRecord[] {
    return [...this.serviceResources.values()].filter((r) => r.serviceId === serviceId);
  }
  usersOf(serviceId: string): WhitelistRecord[] {
    return [...this.whitelist.values()].filter((w) => w.serviceId === serviceId);
  }
  endpointsOf(serviceId: string): EndpointRecord[] {
    return [...this.endpoints.values()].filter((e) => e.serviceId === serviceId);
  }
  zonesOf(endpointId: string): ZoneRecord[] {
    return [...this.zones.values()].filter((z) => z.endpointId === endpointId);
  }
  securityGroupsOf(endpointId: string): SecurityGroupAttachmentRecord[] {
    return [...this.securityGroupAttachments.values()].filter((a) => a.endpointId === endpointId);
  }

  /** Sorted, distinct zones of the service's attached resources (spec 3.5). */
  serviceZones(serviceId: string): string[] {
    return [...new Set(this.resourcesOf(serviceId).map((r) => r.zoneId))].sort();
  }

  /** ENI addresses in use in a vSwitch. */
  eniIps(vSwitchId: string): string[] {
    return [...this.zones.values()].filter((z) => z.vSwitchId === vSwitchId).flatMap((z) => (z.ipv6Address ? [z.eniIp, z.ipv6Address] : [z.eniIp]));
  }

  clear(): void {
    this.seqCounter = 0;
    this.services.clear();
    this.serviceResources.clear();
    this.whitelist.clear();
    this.endpoints.clear();
    this.zones.clear();
    this.securityGroupAttachments.clear();
    this.accounts.clear();
  }

  snapshot(): StoreSnapshot {
    const values = <T>(m: Map<string, T>): T[] => [...m.values()].map((v) => ({ ...v }));
    return JSON.parse(
      JSON.stringify({
        seq: this.seqCounter,
        accounts: values(this.accounts),
        services: values(this.services),
        serviceResources: values(this.serviceResources),
        whitelist: values(this.whitelist),
        endpoints: values(this.endpoints),
        zones: values(this.zones),
        securityGroupAttachments: values(this.securityGroupAttachments),
      }),
    ) as StoreSnapshot;
  }

  restore(s: StoreSnapshot): void {
    this.clear();
    this.seqCounter = Number(s.seq) || 0;
    const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
    for (const r of s.accounts ?? []) this.accounts.set(r.accountId, copy(r));
    for (const r of s.services ?? []) this.services.set(r.serviceId, copy(r));
    // Snapshots older than automatic allocation have no flag: every resource was allocatable.
    for (const r of s.serviceResources ?? []) this.serviceResources.set(resourceRecordKey(r), { ...copy(r), autoAllocated: r.autoAllocated ?? true });
    for (const r of s.whitelist ?? []) {
      const entry = { ...copy(r), userArn: r.userArn ?? "" };
      this.whitelist.set(whitelistRecordKey(entry), entry);
    }
    for (const r of s.endpoints ?? [])
      this.endpoints.set(r.endpointId, {
        ...copy(r),
        trafficControlMode: r.trafficControlMode ?? "BandwidthLimit",
        serviceRegionId: r.serviceRegionId ?? r.regionId,
        crossRegionBandwidth: r.crossRegionBandwidth ?? 0,
      });
    for (const r of s.zones ?? [])
      this.zones.set(zoneKey(r.endpointId, r.zoneId), { ...ZONE_DEFAULTS, ...copy(r), resourceZoneId: r.resourceZoneId ?? (r.resourceId ? r.zoneId : "") });
    for (const r of s.securityGroupAttachments ?? [])
      this.securityGroupAttachments.set(sgKey(r.endpointId, r.securityGroupId), { ...copy(r), status: r.status ?? "Attached" });
  }
}
