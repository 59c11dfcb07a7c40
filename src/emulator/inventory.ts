// The objects PrivateLink refers to but does not own (spec section 5): regions and zones, VPCs, vSwitches,
// security groups and load balancers; and the Elasticsearch side: instances, and the service account's VPC where
// their endpoints live. The seed is deterministic: every ID is derived from the region, the
// account's name and a serial, so the quick start and the tests can name them (see notes/readme-emulator-world.md).

import { EmulatorError, type EmulatorAccount } from "./types";
import { CROSS_REGION_SIDES, RESOURCE_TYPES, ZONAL_RESOURCE_TYPES, type CrossRegionSide, type ResourceType } from "../spec/constraints";
import {
  ELASTICSEARCH_ARCH_TYPES,
  ELASTICSEARCH_ID_PATTERNS,
  ELASTICSEARCH_INSTANCE_STATUS,
  type ElasticsearchArchType,
  type ElasticsearchInstanceStatus,
} from "../spec/elasticsearch";
import { formatIpv6, normaliseIpv6, parseIpv6 } from "../spec/addresses";

export { formatIpv6, normaliseIpv6, parseIpv6 };

export interface ZoneInfo {
  zoneId: string;
  localName: string;
  /** Backend types PrivateLink supports in the zone (DescribeZones.ServiceResourceType); absent: every type. */
  serviceResourceTypes?: ResourceType[];
  /** Sides of a cross-region connection the zone can take (DescribeZones.CrossRegion/CrossRegionSide); absent: none. */
  crossRegionSides?: CrossRegionSide[];
}
export interface RegionInfo {
  regionId: string;
  localName: string;
  zones: ZoneInfo[];
  /** Backend types PrivateLink supports in the region (DescribeRegions.ServiceResourceType); absent: every type. */
  serviceResourceTypes?: ResourceType[];
}

const BOTH_SIDES: CrossRegionSide[] = [...CROSS_REGION_SIDES];

/** The backend types a region or zone supports. */
export function supportedTypes(place: { serviceResourceTypes?: ResourceType[] }): readonly ResourceType[] {
  return place.serviceResourceTypes ?? RESOURCE_TYPES;
}
export interface Vpc {
  id: string;
  regionId: string;
  ownerId: string;
  name: string;
  cidrBlock: string;
  /** Present on dual-stack VPCs. */
  ipv6CidrBlock?: string;
}
export type VSwitchStatus = "Available" | "Pending";
export interface VSwitch {
  id: string;
  vpcId: string;
  regionId: string;
  ownerId: string;
  zoneId: string;
  name: string;
  cidrBlock: string;
  ipv6CidrBlock?: string;
  status: VSwitchStatus;
}
export type SecurityGroupType = "normal" | "enterprise";
export interface SecurityGroup {
  id: string;
  vpcId: string;
  regionId: string;
  ownerId: string;
  name: string;
  type: SecurityGroupType;
}
/** Where a load balancer listens in one zone: its vSwitch and addresses there. */
export interface ZoneMapping {
  zoneId: string;
  vSwitchId: string;
  ip: string;
  ipv6?: string;
}
/**
 * A backend a service can attach. `zoneId`/`vSwitchId`/`ip` are its first (or only) zone; ALB, NLB and GWLB
 * instances span several zones (`zoneMappings`, the first one included) and are attached zone by zone.
 */
export interface LoadBalancer {
  id: string;
  type: ResourceType;
  regionId: string;
  ownerId: string;
  vpcId: string;
  vSwitchId: string;
  zoneId: string;
  name: string;
  ip: string;
  ipv6?: string;
  privateLinkEnabled: boolean;
  dualStack: boolean;
  zoneMappings?: ZoneMapping[];
}

/** Every zone a load balancer listens in (one for slb and natgw). */
export function zonesOfLoadBalancer(lb: LoadBalancer): ZoneMapping[] {
  if (lb.zoneMappings && lb.zoneMappings.length > 0) return lb.zoneMappings;
  return [{ zoneId: lb.zoneId, vSwitchId: lb.vSwitchId, ip: lb.ip, ...(lb.ipv6 ? { ipv6: lb.ipv6 } : {}) }];
}
/** An Elasticsearch instance of a user account (only what its private connections depend on). */
export interface ElasticsearchInstance {
  id: string;
  regionId: string;
  ownerId: string;
  description: string;
  status: ElasticsearchInstanceStatus;
  /** `public` (cloud-native, since October 2020) can have private connections; `exclusive` cannot. */
  archType: ElasticsearchArchType;
}
// A type alias (not an interface) so that it stays assignable to Record<string, unknown>.
export type InventorySnapshot = {
  regions: RegionInfo[];
  vpcs: Vpc[];
  vswitches: VSwitch[];
  securityGroups: SecurityGroup[];
  loadBalancers: LoadBalancer[];
  elasticsearchInstances: ElasticsearchInstance[];
};
export type InventoryKind = "vpc" | "vswitch" | "securityGroup" | "loadBalancer" | "elasticsearchInstance";

/**
 * The Elasticsearch service account: it owns the endpoints that instances get in its VPC, so it is the account a
 * user whitelists on the endpoint service. The real cloud names its own; this one is the emulator's.
 */
export const ELASTICSEARCH_SERVICE_ACCOUNT_ID = "1390000000009200";
/** Account tag of the service account's seeded IDs (an account with this tag gets `acct<N>` instead). */
const ELASTICSEARCH_SERVICE_TAG = "essvc";

// ---------------------------------------------------------------------------------------------------------------
// Seed

export const SEED_REGIONS: readonly RegionInfo[] = [
  {
    regionId: "cn-hangzhou",
    localName: "China (Hangzhou)",
    zones: [
      { zoneId: "cn-hangzhou-h", localName: "Hangzhou Zone H", serviceResourceTypes: ["slb", "alb", "nlb", "natgw"], crossRegionSides: BOTH_SIDES },
      { zoneId: "cn-hangzhou-i", localName: "Hangzhou Zone I", crossRegionSides: BOTH_SIDES },
      { zoneId: "cn-hangzhou-j", localName: "Hangzhou Zone J" },
    ],
  },
  {
    regionId: "cn-shanghai",
    localName: "China (Shanghai)",
    serviceResourceTypes: ["slb", "alb", "nlb"],
    zones: [
      { zoneId: "cn-shanghai-e", localName: "Shanghai Zone E", crossRegionSides: BOTH_SIDES },
      { zoneId: "cn-shanghai-f", localName: "Shanghai Zone F", crossRegionSides: BOTH_SIDES },
      { zoneId: "cn-shanghai-g", localName: "Shanghai Zone G", crossRegionSides: ["Endpoint"] },
    ],
  },
  {
    regionId: "cn-beijing",
    localName: "China (Beijing)",
    serviceResourceTypes: ["slb", "alb", "nlb", "gwlb"],
    zones: [
      { zoneId: "cn-beijing-h", localName: "Beijing Zone H", crossRegionSides: BOTH_SIDES },
      { zoneId: "cn-beijing-i", localName: "Beijing Zone I" },
    ],
  },
];

const REGION_CODE: Record<string, string> = { "cn-hangzhou": "hz", "cn-shanghai": "sh", "cn-beijing": "bj" };

/** The short, ID-safe tag of each account: its name in [a-z0-9] (at most 10), or `acct<N>` (1-based). */
export function accountTags(accounts: readonly EmulatorAccount[]): string[] {
  const tags: string[] = [];
  accounts.forEach((a, i) => {
    let tag = a.name
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .slice(0, 10);
    if (!tag || tags.includes(tag) || tag === ELASTICSEARCH_SERVICE_TAG) tag = `acct${i + 1}`;
    tags.push(tag);
  });
  return tags;
}

/** `<prefix><region code><account tag><zero-padded serial>` with a 20-character suffix. */
export function seedId(prefix: string, regionId: string, tag: string, serial: number): string {
  const head = (REGION_CODE[regionId] ?? "xx") + tag;
  return prefix + head + String(serial).padStart(20 - head.length, "0");
}

interface SeedTemplate {
  regionId: string;
  vpcs: { n: number; name: string; cidr: string; ipv6?: string }[];
  vswitches: { n: number; vpc: number; zone: string; cidr: string; ipv6?: string; status?: VSwitchStatus }[];
  securityGroups: { n: number; vpc: number; type: SecurityGroupType }[];
  loadBalancers: {
    prefix: string;
    n: number;
    type: ResourceType;
    vsw: number;
    ip: string;
    ipv6?: string;
    privateLink: boolean;
    /** Further zones of a zonal load balancer: vSwitch serial and addresses. */
    more?: { vsw: number; ip: string; ipv6?: string }[];
  }[];
  elasticsearch: { n: number; status: ElasticsearchInstanceStatus; archType: ElasticsearchArchType }[];
}

const TEMPLATES: readonly SeedTemplate[] = [
  {
    regionId: "cn-hangzhou",
    vpcs: [
      { n: 1, name: "main", cidr: "172.16.0.0/16" },
      { n: 2, name: "dualstack", cidr: "10.0.0.0/16", ipv6: "2408:4005:3a1:d00::/56" },
    ],
    vswitches: [
      { n: 1, vpc: 1, zone: "cn-hangzhou-h", cidr: "172.16.1.0/24" },
      { n: 2, vpc: 1, zone: "cn-hangzhou-i", cidr: "172.16.2.0/24" },
      { n: 3, vpc: 1, zone: "cn-hangzhou-j", cidr: "172.16.3.0/24" },
      { n: 4, vpc: 2, zone: "cn-hangzhou-h", cidr: "10.0.1.0/24", ipv6: "2408:4005:3a1:d01::/64" },
      { n: 5, vpc: 2, zone: "cn-hangzhou-i", cidr: "10.0.2.0/24", ipv6: "2408:4005:3a1:d02::/64" },
      { n: 6, vpc: 1, zone: "cn-hangzhou-j", cidr: "172.16.4.0/24", status: "Pending" },
    ],
    securityGroups: [
      { n: 1, vpc: 1, type: "normal" },
      { n: 2, vpc: 1, type: "normal" },
      { n: 3, vpc: 1, type: "enterprise" },
      { n: 4, vpc: 2, type: "normal" },
    ],
    loadBalancers: [
      { prefix: "lb-", n: 1, type: "slb", vsw: 1, ip: "172.16.1.100", privateLink: true },
      { prefix: "lb-", n: 2, type: "slb", vsw: 2, ip: "172.16.2.100", privateLink: true },
      { prefix: "lb-", n: 3, type: "slb", vsw: 1, ip: "172.16.1.101", privateLink: false },
      { prefix: "alb-", n: 1, type: "alb", vsw: 3, ip: "172.16.3.100", privateLink: true, more: [{ vsw: 2, ip: "172.16.2.102" }] },
      {
        prefix: "nlb-",
        n: 1,
        type: "nlb",
        vsw: 4,
        ip: "10.0.1.100",
        ipv6: "2408:4005:3a1:d01::100",
        privateLink: true,
        more: [{ vsw: 5, ip: "10.0.2.100", ipv6: "2408:4005:3a1:d02::100" }],
      },
      { prefix: "nlb-", n: 2, type: "nlb", vsw: 3, ip: "172.16.3.101", privateLink: true, more: [{ vsw: 1, ip: "172.16.1.102" }] },
      { prefix: "gwlb-", n: 1, type: "gwlb", vsw: 2, ip: "172.16.2.101", privateLink: true, more: [{ vsw: 3, ip: "172.16.3.102" }] },
      { prefix: "ngw-", n: 1, type: "natgw", vsw: 1, ip: "172.16.1.103", privateLink: true },
    ],
    elasticsearch: [
      { n: 1, status: "active", archType: "public" },
      { n: 2, status: "active", archType: "exclusive" },
    ],
  },
  {
    regionId: "cn-shanghai",
    vpcs: [{ n: 1, name: "main", cidr: "192.168.0.0/16" }],
    vswitches: [
      { n: 1, vpc: 1, zone: "cn-shanghai-e", cidr: "192.168.1.0/24" },
      { n: 2, vpc: 1, zone: "cn-shanghai-f", cidr: "192.168.2.0/24" },
    ],
    securityGroups: [{ n: 1, vpc: 1, type: "normal" }],
    loadBalancers: [{ prefix: "lb-", n: 1, type: "slb", vsw: 1, ip: "192.168.1.100", privateLink: true }],
    elasticsearch: [{ n: 1, status: "active", archType: "public" }],
  },
];

/** The seeded inventory for these accounts: every account gets the same layout under its own IDs. */
export function seedInventory(accounts: readonly EmulatorAccount[]): InventorySnapshot {
  const snap: InventorySnapshot = {
    regions: clone(SEED_REGIONS) as RegionInfo[],
    vpcs: [],
    vswitches: [],
    securityGroups: [],
    loadBalancers: [],
    elasticsearchInstances: [],
  };
  seedElasticsearchService(snap);
  const tags = accountTags(accounts);
  accounts.forEach((account, i) => {
    const tag = tags[i]!;
    for (const t of TEMPLATES) {
      const r = t.regionId;
      const base = { regionId: r, ownerId: account.accountId };
      for (const v of t.vpcs) {
        snap.vpcs.push({
          id: seedId("vpc-", r, tag, v.n),
          ...base,
          name: `${tag}-${v.name}`,
          cidrBlock: v.cidr,
          ...(v.ipv6 ? { ipv6CidrBlock: v.ipv6 } : {}),
        });
      }
      for (const s of t.vswitches) {
        snap.vswitches.push({
          id: seedId("vsw-", r, tag, s.n),
          vpcId: seedId("vpc-", r, tag, s.vpc),
          ...base,
          zoneId: s.zone,
          name: `${tag}-${s.zone}-${s.n}`,
          cidrBlock: s.cidr,
          ...(s.ipv6 ? { ipv6CidrBlock: s.ipv6 } : {}),
          status: s.status ?? "Available",
        });
      }
      for (const g of t.securityGroups) {
        snap.securityGroups.push({
          id: seedId("sg-", r, tag, g.n),
          vpcId: seedId("vpc-", r, tag, g.vpc),
          ...base,
          name: `${tag}-sg-${g.n}`,
          type: g.type,
        });
      }
      for (const lb of t.loadBalancers) {
        const vsw = snap.vswitches.find((s) => s.id === seedId("vsw-", r, tag, lb.vsw))!;
        const mappings = [{ vsw: lb.vsw, ip: lb.ip, ipv6: lb.ipv6 }, ...(lb.more ?? [])].map((m) => {
          const at = snap.vswitches.find((s) => s.id === seedId("vsw-", r, tag, m.vsw))!;
          return { zoneId: at.zoneId, vSwitchId: at.id, ip: m.ip, ...(m.ipv6 ? { ipv6: m.ipv6 } : {}) };
        });
        snap.loadBalancers.push({
          id: seedId(lb.prefix, r, tag, lb.n),
          type: lb.type,
          ...base,
          vpcId: vsw.vpcId,
          vSwitchId: vsw.id,
          zoneId: vsw.zoneId,
          name: `${tag}-${lb.type}-${lb.n}`,
          ip: lb.ip,
          ...(lb.ipv6 ? { ipv6: lb.ipv6 } : {}),
          privateLinkEnabled: lb.privateLink,
          dualStack: Boolean(lb.ipv6),
          ...(lb.more ? { zoneMappings: mappings } : {}),
        });
      }
      for (const es of t.elasticsearch) {
        snap.elasticsearchInstances.push({
          id: seedId("es-cn-", r, tag, es.n),
          ...base,
          description: `${tag}-search-${es.n}`,
          status: es.status,
          archType: es.archType,
        });
      }
    }
  });
  return snap;
}

/** The Elasticsearch service account's VPC in every region, with one vSwitch per zone for instance endpoints. */
function seedElasticsearchService(snap: InventorySnapshot): void {
  for (const region of SEED_REGIONS) {
    const vpcId = seedId("vpc-", region.regionId, ELASTICSEARCH_SERVICE_TAG, 1);
    const base = { regionId: region.regionId, ownerId: ELASTICSEARCH_SERVICE_ACCOUNT_ID };
    snap.vpcs.push({ id: vpcId, ...base, name: "elasticsearch-service", cidrBlock: "100.64.0.0/16" });
    region.zones.forEach((zone, i) => {
      snap.vswitches.push({
        id: seedId("vsw-", region.regionId, ELASTICSEARCH_SERVICE_TAG, i + 1),
        vpcId,
        ...base,
        zoneId: zone.zoneId,
        name: `elasticsearch-service-${zone.zoneId}`,
        cidrBlock: `100.64.${i + 1}.0/24`,
        status: "Available",
      });
    });
  }
}

/** Inventories saved before the Elasticsearch part existed get its seed (the service VPC and every account's instances). */
export function withElasticsearchSeed(snap: InventorySnapshot, accounts: readonly EmulatorAccount[]): InventorySnapshot {
  if (Array.isArray(snap.elasticsearchInstances)) return snap;
  const seed = seedInventory(accounts);
  const known = new Set([...snap.vpcs, ...snap.vswitches].map((x) => x.id));
  const serviceOwned = <T extends { ownerId: string; id: string }>(list: T[]) =>
    list.filter((x) => x.ownerId === ELASTICSEARCH_SERVICE_ACCOUNT_ID && !known.has(x.id));
  return {
    ...snap,
    vpcs: [...snap.vpcs, ...serviceOwned(seed.vpcs)],
    vswitches: [...snap.vswitches, ...serviceOwned(seed.vswitches)],
    elasticsearchInstances: seed.elasticsearchInstances,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Addresses

export interface Cidr4 {
  base: number;
  prefix: number;
  size: number;
}

export function parseIpv4(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export function parseCidr4(cidr: string): Cidr4 | undefined {
  const [ip, len, ...rest] = cidr.split("/");
  if (rest.length || ip === undefined || len === undefined || !/^\d{1,2}$/.test(len)) return undefined;
  const prefix = Number(len);
  const addr = parseIpv4(ip);
  if (addr === undefined || prefix < 8 || prefix > 29) return undefined;
  const size = 2 ** (32 - prefix);
  if (addr % size !== 0) return undefined;
  return { base: addr, prefix, size };
}

export interface Cidr6 {
  base: bigint;
  prefix: number;
}

export function parseCidr6(cidr: string): Cidr6 | undefined {
  const [ip, len, ...rest] = cidr.split("/");
  if (rest.length || ip === undefined || len === undefined || !/^\d{1,3}$/.test(len)) return undefined;
  const prefix = Number(len);
  const addr = parseIpv6(ip);
  if (addr === undefined || prefix < 16 || prefix > 64) return undefined;
  const hostBits = BigInt(128 - prefix);
  if (addr & ((1n << hostBits) - 1n)) return undefined;
  return { base: addr, prefix };
}

export function ipv4InCidr(ip: string, cidr: string): boolean {
  const a = parseIpv4(ip);
  const c = parseCidr4(cidr);
  return a !== undefined && c !== undefined && a >= c.base && a < c.base + c.size;
}

export function ipv6InCidr(ip: string, cidr: string): boolean {
  const a = parseIpv6(ip);
  const c = parseCidr6(cidr);
  if (a === undefined || !c) return false;
  const hostBits = BigInt(128 - c.prefix);
  return a >> hostBits === c.base >> hostBits;
}

/** The system reserves the first and the last three addresses of every vSwitch CIDR block. */
export function isReservedIpv4(ip: string, cidr: string): boolean {
  const a = parseIpv4(ip)!;
  const c = parseCidr4(cidr)!;
  return a === c.base || a >= c.base + c.size - 3;
}

export function isReservedIpv6(ip: string, cidr: string): boolean {
  const a = parseIpv6(ip)!;
  const c = parseCidr6(cidr)!;
  const top = c.base + (1n << BigInt(128 - c.prefix));
  return a === c.base || a >= top - 3n;
}

/** Lowest free, non-reserved IPv4 address of the block, or undefined when the block is full. */
export function allocateIpv4(cidr: string, used: ReadonlySet<string>): string | undefined {
  const c = parseCidr4(cidr);
  if (!c) return undefined;
  for (let a = c.base + 1; a < c.base + c.size - 3; a++) {
    const ip = formatIpv4(a);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

export function allocateIpv6(cidr: string, used: ReadonlySet<string>): string | undefined {
  const c = parseCidr6(cidr);
  if (!c) return undefined;
  for (let i = 1n; i < 1n << 20n; i++) {
    const ip = formatIpv6(c.base + i);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The inventory

function invalid(message: string): EmulatorError {
  return new EmulatorError("InvalidInventory", message, 400);
}

export class Inventory {
  private data: InventorySnapshot;

  constructor(snapshot: InventorySnapshot) {
    this.data = clone(snapshot);
  }

  snapshot(): InventorySnapshot {
    return clone(this.data);
  }

  regions(): readonly RegionInfo[] {
    return this.data.regions;
  }
  region(regionId: string): RegionInfo | undefined {
    return this.data.regions.find((r) => r.regionId === regionId);
  }
  zoneExists(regionId: string, zoneId: string): boolean {
    return Boolean(this.region(regionId)?.zones.some((z) => z.zoneId === zoneId));
  }
  vpc(id: string): Vpc | undefined {
    return this.data.vpcs.find((v) => v.id === id);
  }
  vswitch(id: string): VSwitch | undefined {
    return this.data.vswitches.find((v) => v.id === id);
  }
  securityGroup(id: string): SecurityGroup | undefined {
    return this.data.securityGroups.find((g) => g.id === id);
  }
  loadBalancer(id: string): LoadBalancer | undefined {
    return this.data.loadBalancers.find((l) => l.id === id);
  }
  elasticsearchInstance(id: string): ElasticsearchInstance | undefined {
    return this.data.elasticsearchInstances.find((i) => i.id === id);
  }
  /** The Elasticsearch service account's vSwitch in a zone, where an instance's endpoint gets its interface. */
  elasticsearchServiceVSwitch(regionId: string, zoneId: string): VSwitch | undefined {
    return this.data.vswitches.find(
      (v) => v.ownerId === ELASTICSEARCH_SERVICE_ACCOUNT_ID && v.regionId === regionId && v.zoneId === zoneId && v.status === "Available",
    );
  }
  /** Addresses the load balancers hold in a vSwitch (the ENI allocator skips them). */
  loadBalancerIps(vSwitchId: string): string[] {
    return this.data.loadBalancers
      .flatMap(zonesOfLoadBalancer)
      .filter((m) => m.vSwitchId === vSwitchId)
      .flatMap((m) => (m.ipv6 ? [m.ip, m.ipv6] : [m.ip]));
  }

  /** Validates an item, fills what can be derived, stores it and returns the stored copy. */
  add(kind: InventoryKind, raw: object, extraUsedIps: (vSwitchId: string) => string[] = () => []): object {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw invalid("The item must be a JSON object.");
    const item = raw as Record<string, unknown>;
    const str = (key: string, required: boolean): string | undefined => {
      const v = item[key];
      if (v === undefined || v === null || v === "") {
        if (required) throw invalid(`Field '${key}' is required for a ${kind}.`);
        return undefined;
      }
      if (typeof v !== "string") throw invalid(`Field '${key}' must be a string.`);
      return v;
    };
    const bool = (key: string, dflt: boolean): boolean => {
      const v = item[key];
      if (v === undefined || v === null) return dflt;
      if (typeof v !== "boolean") throw invalid(`Field '${key}' must be a boolean.`);
      return v;
    };
    const newId = (prefix: string, pattern: RegExp): string => {
      let id = str("id", false);
      if (id === undefined) {
        do {
          this.generated += 1;
          id = prefix + "added" + String(this.generated).padStart(15, "0");
        } while (this.exists(id));
      }
      if (!pattern.test(id)) throw invalid(`Field 'id' must match ${pattern}.`);
      if (this.exists(id)) throw invalid(`An inventory item with id '${id}' already exists.`);
      return id;
    };

    switch (kind) {
      case "vpc": {
        const id = newId("vpc-", /^vpc-[a-z0-9]{1,40}$/);
        const regionId = str("regionId", true)!;
        if (!this.region(regionId)) throw invalid(`Unknown regionId '${regionId}'.`);
        const ownerId = str("ownerId", true)!;
        if (!/^[0-9]{1,20}$/.test(ownerId)) throw invalid("Field 'ownerId' must be a decimal account ID.");
        const cidrBlock = str("cidrBlock", false) ?? "172.16.0.0/12";
        if (!parseCidr4(cidrBlock)) throw invalid(`Field 'cidrBlock' is not a valid IPv4 CIDR block (/8 to /29).`);
        const ipv6 = str("ipv6CidrBlock", false);
        if (ipv6 !== undefined && !parseCidr6(ipv6)) throw invalid("Field 'ipv6CidrBlock' is not a valid IPv6 CIDR block.");
        const vpc: Vpc = { id, regionId, ownerId, name: str("name", false) ?? id, cidrBlock, ...(ipv6 ? { ipv6CidrBlock: ipv6 } : {}) };
        this.data.vpcs.push(vpc);
        return clone(vpc);
      }
      case "vswitch": {
        const id = newId("vsw-", /^vsw-[a-z0-9]{1,40}$/);
        const vpcId = str("vpcId", true)!;
        const vpc = this.vpc(vpcId);
        if (!vpc) throw invalid(`Unknown vpcId '${vpcId}'.`);
        const zoneId = str("zoneId", true)!;
        if (!this.zoneExists(vpc.regionId, zoneId)) throw invalid(`Zone '${zoneId}' is not a zone of ${vpc.regionId}.`);
        const cidrBlock = str("cidrBlock", true)!;
        const c = parseCidr4(cidrBlock);
        if (!c) throw invalid("Field 'cidrBlock' is not a valid IPv4 CIDR block (/8 to /29).");
        if (!ipv4InCidr(formatIpv4(c.base), vpc.cidrBlock) || !ipv4InCidr(formatIpv4(c.base + c.size - 1), vpc.cidrBlock))
          throw invalid(`Block ${cidrBlock} is not inside the VPC block ${vpc.cidrBlock}.`);
        for (const other of this.data.vswitches.filter((s) => s.vpcId === vpcId)) {
          const o = parseCidr4(other.cidrBlock)!;
          if (c.base < o.base + o.size && o.base < c.base + c.size) throw invalid(`Block ${cidrBlock} overlaps vSwitch ${other.id} (${other.cidrBlock}).`);
        }
        const ipv6 = str("ipv6CidrBlock", false);
        if (ipv6 !== undefined) {
          if (!vpc.ipv6CidrBlock) throw invalid(`VPC ${vpcId} is not dual-stack; a vSwitch in it cannot have an IPv6 block.`);
          const c6 = parseCidr6(ipv6);
          if (!c6 || !ipv6InCidr(formatIpv6(c6.base), vpc.ipv6CidrBlock) || c6.prefix < parseCidr6(vpc.ipv6CidrBlock)!.prefix)
            throw invalid(`Field 'ipv6CidrBlock' must be an IPv6 block inside ${vpc.ipv6CidrBlock}.`);
        }
        const status = str("status", false) ?? "Available";
        if (status !== "Available" && status !== "Pending") throw invalid("Field 'status' must be Available or Pending.");
        const vsw: VSwitch = {
          id,
          vpcId,
          regionId: vpc.regionId,
          ownerId: vpc.ownerId,
          zoneId,
          name: str("name", false) ?? id,
          cidrBlock,
          ...(ipv6 ? { ipv6CidrBlock: ipv6 } : {}),
          status,
        };
        this.data.vswitches.push(vsw);
        return clone(vsw);
      }
      case "securityGroup": {
        const id = newId("sg-", /^sg-[a-z0-9]{1,40}$/);
        const vpcId = str("vpcId", true)!;
        const vpc = this.vpc(vpcId);
        if (!vpc) throw invalid(`Unknown vpcId '${vpcId}'.`);
        const type = str("type", false) ?? "normal";
        if (type !== "normal" && type !== "enterprise") throw invalid("Field 'type' must be normal or enterprise.");
        const sg: SecurityGroup = { id, vpcId, regionId: vpc.regionId, ownerId: vpc.ownerId, name: str("name", false) ?? id, type };
        this.data.securityGroups.push(sg);
        return clone(sg);
      }
      case "loadBalancer": {
        const type = str("type", false) ?? "slb";
        if (!(RESOURCE_TYPES as readonly string[]).includes(type)) throw invalid(`Field 'type' must be one of ${RESOURCE_TYPES.join(", ")}.`);
        const prefix = type === "slb" ? "lb-" : type === "natgw" ? "ngw-" : `${type}-`;
        const id = newId(prefix, /^[a-z]+-[a-z0-9]{1,40}$/);
        const vSwitchId = str("vSwitchId", true)!;
        const vsw = this.vswitch(vSwitchId);
        if (!vsw) throw invalid(`Unknown vSwitchId '${vSwitchId}'.`);
        const used = new Set([...this.loadBalancerIps(vSwitchId), ...extraUsedIps(vSwitchId)]);
        let ip = str("ip", false);
        if (ip !== undefined) {
          if (!ipv4InCidr(ip, vsw.cidrBlock) || isReservedIpv4(ip, vsw.cidrBlock)) throw invalid(`Address ${ip} is not a usable address of ${vsw.cidrBlock}.`);
          if (used.has(ip)) throw invalid(`Address ${ip} is already in use in ${vSwitchId}.`);
        } else {
          ip = allocateIpv4(vsw.cidrBlock, used);
          if (!ip) throw invalid(`vSwitch ${vSwitchId} has no free address.`);
        }
        const dualStack = bool("dualStack", false);
        let ipv6: string | undefined;
        if (dualStack) {
          if (!vsw.ipv6CidrBlock) throw invalid(`vSwitch ${vSwitchId} has no IPv6 block; a dual-stack load balancer needs one.`);
          ipv6 = str("ipv6", false);
          if (ipv6 !== undefined) {
            if (!ipv6InCidr(ipv6, vsw.ipv6CidrBlock)) throw invalid(`Address ${ipv6} is not inside ${vsw.ipv6CidrBlock}.`);
            ipv6 = normaliseIpv6(ipv6);
          } else ipv6 = allocateIpv6(vsw.ipv6CidrBlock, used);
        }
        // ALB, NLB and GWLB instances span zones: further vSwitches of the same VPC, one per zone.
        const more = item["moreVSwitchIds"] ?? [];
        if (!Array.isArray(more) || more.some((v) => typeof v !== "string")) throw invalid("Field 'moreVSwitchIds' must be a list of vSwitch IDs.");
        if (more.length > 0 && !ZONAL_RESOURCE_TYPES.includes(type as ResourceType))
          throw invalid(`Field 'moreVSwitchIds' is for ${ZONAL_RESOURCE_TYPES.join(", ")} load balancers (a ${type} has one zone).`);
        const mappings: ZoneMapping[] = [{ zoneId: vsw.zoneId, vSwitchId, ip, ...(ipv6 ? { ipv6 } : {}) }];
        for (const otherId of more as string[]) {
          const other = this.vswitch(otherId);
          if (!other || other.vpcId !== vsw.vpcId) throw invalid(`moreVSwitchIds: '${otherId}' is not a vSwitch of ${vsw.vpcId}.`);
          if (mappings.some((m) => m.zoneId === other.zoneId)) throw invalid(`moreVSwitchIds: zone ${other.zoneId} is listed twice.`);
          if (dualStack && !other.ipv6CidrBlock) throw invalid(`vSwitch ${otherId} has no IPv6 block; a dual-stack load balancer needs one.`);
          const taken = new Set([...this.loadBalancerIps(otherId), ...extraUsedIps(otherId)]);
          const otherIp = allocateIpv4(other.cidrBlock, taken);
          if (!otherIp) throw invalid(`vSwitch ${otherId} has no free address.`);
          const otherIpv6 = dualStack ? allocateIpv6(other.ipv6CidrBlock!, taken) : undefined;
          mappings.push({ zoneId: other.zoneId, vSwitchId: otherId, ip: otherIp, ...(otherIpv6 ? { ipv6: otherIpv6 } : {}) });
        }
        const lb: LoadBalancer = {
          id,
          type: type as ResourceType,
          regionId: vsw.regionId,
          ownerId: vsw.ownerId,
          vpcId: vsw.vpcId,
          vSwitchId,
          zoneId: vsw.zoneId,
          name: str("name", false) ?? id,
          ip,
          ...(ipv6 ? { ipv6 } : {}),
          privateLinkEnabled: bool("privateLinkEnabled", true),
          dualStack,
          ...(mappings.length > 1 ? { zoneMappings: mappings } : {}),
        };
        this.data.loadBalancers.push(lb);
        return clone(lb);
      }
      case "elasticsearchInstance": {
        const id = newId("es-", ELASTICSEARCH_ID_PATTERNS.instance);
        const regionId = str("regionId", true)!;
        if (!this.region(regionId)) throw invalid(`Unknown regionId '${regionId}'.`);
        const ownerId = str("ownerId", true)!;
        if (!/^[0-9]{1,20}$/.test(ownerId)) throw invalid("Field 'ownerId' must be a decimal account ID.");
        const status = str("status", false) ?? "active";
        if (!(ELASTICSEARCH_INSTANCE_STATUS as readonly string[]).includes(status))
          throw invalid(`Field 'status' must be one of ${ELASTICSEARCH_INSTANCE_STATUS.join(", ")}.`);
        const archType = str("archType", false) ?? "public";
        if (!(ELASTICSEARCH_ARCH_TYPES as readonly string[]).includes(archType))
          throw invalid(`Field 'archType' must be one of ${ELASTICSEARCH_ARCH_TYPES.join(", ")}.`);
        const instance: ElasticsearchInstance = {
          id,
          regionId,
          ownerId,
          description: str("description", false) ?? id,
          status: status as ElasticsearchInstanceStatus,
          archType: archType as ElasticsearchArchType,
        };
        this.data.elasticsearchInstances.push(instance);
        return clone(instance);
      }
      default:
        throw invalid(`Unknown inventory kind '${String(kind)}'; use vpc, vswitch, securityGroup, loadBalancer or elasticsearchInstance.`);
    }
  }

  private exists(id: string): boolean {
    return Boolean(this.vpc(id) || this.vswitch(id) || this.securityGroup(id) || this.loadBalancer(id) || this.elasticsearchInstance(id));
  }

  private generated = 0;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
