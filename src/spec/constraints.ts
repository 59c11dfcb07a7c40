// Value constraints of the PrivateLink API (spec section 4.1), with the spec's recommended decisions where the
// documents are silent. The emulator enforces them; the providers check them at preview time.

export const CLIENT_TOKEN_MAX_LENGTH = 64;
export const MAX_RESULTS = { min: 1, max: 50, default: 50 } as const;

/** UpdateVpcEndpointServiceAttribute.ConnectBandwidth (Mbit/s). */
export const SERVICE_CONNECT_BANDWIDTH = { min: 100, max: 1024, default: 1024 } as const;
/** Enable/UpdateVpcEndpointConnection bandwidth (Mbit/s) by the service's backend type. */
export const CONNECTION_BANDWIDTH = {
  slb: { min: 100, max: 10240 },
  alb: { min: 100, max: 10240 },
  nlb: { min: 100, max: 25600 },
  gwlb: { min: 100, max: 25600 },
  natgw: { min: 100, max: 25600 },
} as const;

export const ENDPOINT_NAME = {
  min: 2,
  max: 128,
  pattern: /^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5_-]{1,127}$/,
  rule: "2-128 characters, starting with a letter or Chinese character, then letters, digits, '_' or '-'",
} as const;
export const ENDPOINT_DESCRIPTION = {
  min: 2,
  max: 256,
  forbiddenPrefixes: ["http://", "https://"],
  rule: "2-256 characters, not starting with http:// or https://",
} as const;

export const TAGS = {
  /** Per object, and per TagResources / UntagResources / ListTagResources call. */
  maxCount: 20,
  keyMax: 64,
  valueMax: 128,
  forbiddenPrefixes: ["aliyun", "acs:"],
  forbiddenSubstrings: ["http://", "https://"],
  /** ResourceId.N of the tag operations. */
  maxResourceIds: 50,
} as const;

/**
 * Tags whose key starts with this prefix belong to the provider itself (e.g. the mark of the run that created an
 * object). They are never part of a resource's `tags`, never drift, are never removed by a tag update, and take
 * `slots` of the object's 20 tags.
 */
export const PROVIDER_TAGS = { prefix: "pulumi-privatelink:", slots: 1 } as const;

/**
 * ResourceType of the tag operations and ChangeResourceGroup. The tag pages document `vpcendpoint` /
 * `vpcendpointservice`, ChangeResourceGroup `VpcEndpoint` / `VpcEndpointService`; the API matches them
 * case-insensitively, so one spelling serves both (lower-cased for the tag operations).
 */
export const TAGGABLE_RESOURCE_TYPES = { endpoint: "VpcEndpoint", service: "VpcEndpointService" } as const;
export type TaggableKind = keyof typeof TAGGABLE_RESOURCE_TYPES;

/** Resource group IDs as the API shows them (`rg-acfmy*****`). */
export const RESOURCE_GROUP_ID = { pattern: /^rg-[A-Za-z0-9]+$/, rule: "rg- followed by letters and digits" } as const;

export const SERVICE_RESOURCES = { maxAtCreate: 10, maxTotal: 20 } as const;
export const ENDPOINT_SECURITY_GROUPS = { maxAtCreate: 10 } as const;
export const ENDPOINT_ZONES = { maxAtCreate: 10 } as const;

export const RESOURCE_TYPES = ["slb", "alb", "nlb", "gwlb", "natgw"] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export const ADDRESS_IP_VERSIONS = ["IPv4", "DualStack"] as const;
export type AddressIpVersion = (typeof ADDRESS_IP_VERSIONS)[number];
/** `Reverse` endpoints (NAT gateway services) are allow-listed by Alibaba Cloud. */
export const ENDPOINT_TYPES = ["Interface", "Reverse", "GatewayLoadBalancer"] as const;
export type EndpointType = (typeof ENDPOINT_TYPES)[number];
/** The endpoint type a service's backend takes (ListVpcEndpointServicesByEndUser.ServiceType). */
export const SERVICE_TYPE_OF_RESOURCE: Readonly<Record<ResourceType, EndpointType>> = {
  slb: "Interface",
  alb: "Interface",
  nlb: "Interface",
  gwlb: "GatewayLoadBalancer",
  natgw: "Reverse",
};
/** Backends attached per zone: AttachResourceToVpcEndpointService needs a ZoneId for them. */
export const ZONAL_RESOURCE_TYPES: readonly ResourceType[] = ["alb", "nlb", "gwlb"];
/** DescribeRegions.ServiceResourceType: one backend type, or every type. */
export const REGION_RESOURCE_TYPE_FILTERS = [...RESOURCE_TYPES, "ALL"] as const;
export type RegionResourceTypeFilter = (typeof REGION_RESOURCE_TYPE_FILTERS)[number];
/** Who pays for an endpoint service's traffic: the consumer (`Endpoint`, the API's default) or the owner. */
export const PAYERS = ["Endpoint", "EndpointService"] as const;
export type Payer = (typeof PAYERS)[number];
export const ZONE_PRIVATE_IP_ADDRESS_COUNT = [1] as const;
export type ZonePrivateIpAddressCount = (typeof ZONE_PRIVATE_IP_ADDRESS_COUNT)[number];

/**
 * How an endpoint connection limits traffic: `BandwidthLimit` enforces Bandwidth, `Scalability` scales
 * automatically. CLB (slb) services take BandwidthLimit only, GWLB services Scalability only.
 */
export const TRAFFIC_CONTROL_MODES = ["Scalability", "BandwidthLimit"] as const;
export type TrafficControlMode = (typeof TRAFFIC_CONTROL_MODES)[number];
/** The modes a backend type allows; the first is the default. */
export const TRAFFIC_CONTROL_MODES_BY_RESOURCE: Readonly<Record<ResourceType, readonly TrafficControlMode[]>> = {
  slb: ["BandwidthLimit"],
  alb: ["BandwidthLimit", "Scalability"],
  nlb: ["BandwidthLimit", "Scalability"],
  gwlb: ["Scalability"],
  natgw: ["BandwidthLimit", "Scalability"],
};

/** UpdateVpcEndpointZoneConnectionResourceAttribute: how a zone's service resource is chosen, and how it is replaced. */
export const RESOURCE_ALLOCATE_MODES = ["Auto", "Manual"] as const;
export type ResourceAllocateMode = (typeof RESOURCE_ALLOCATE_MODES)[number];
export const RESOURCE_REPLACE_MODES = ["Graceful", "Force"] as const;
export type ResourceReplaceMode = (typeof RESOURCE_REPLACE_MODES)[number];

/**
 * CrossRegionBandwidth (Mbit/s) of an endpoint whose service is in another region: at least 100; the default is
 * 1000 between two regions of the Chinese mainland, 100 otherwise; the maximum is an account quota (the emulator's).
 */
export const CROSS_REGION_BANDWIDTH = { min: 100, max: 10_000, defaultMainland: 1000, defaultOther: 100 } as const;
/** Regions of the Chinese mainland (for the cross-region bandwidth default): `cn-` except Hong Kong. */
export function isMainlandRegion(regionId: string): boolean {
  return regionId.startsWith("cn-") && regionId !== "cn-hongkong";
}
/** DescribeZones.CrossRegionSide: zones usable by the endpoint side or by the service side of a cross-region connection. */
export const CROSS_REGION_SIDES = ["Endpoint", "EndpointService"] as const;
export type CrossRegionSide = (typeof CROSS_REGION_SIDES)[number];

/** ListVpcEndpointServiceUsers.UserListType: account IDs (`Users`, default) or ARN entries (`UserARNs`). */
export const USER_LIST_TYPES = ["Users", "UserARNs"] as const;
export type UserListType = (typeof USER_LIST_TYPES)[number];
/**
 * A whitelist ARN: `acs:ram:<region or *>:<account ID or *>:<principal>`, e.g. `acs:ram:*:1234567890123456:*`
 * (any principal of that account) or `acs:ram:*:*:*` (everyone).
 */
export const USER_ARN = {
  pattern: /^acs:ram:[a-z0-9*-]*:(\d{1,20}|\*)?:[^\s]+$/,
  rule: "an ARN such as acs:ram:*:<account ID>:* (acs:ram:<region or *>:<account ID or *>:<principal>)",
  maxLength: 1024,
} as const;

/**
 * Formats of the IDs the resources take, checked at preview so that a malformed or empty ID never costs a failed
 * write. The cloud's ID lengths vary (the SDK's examples show 16 to 21 characters after the prefix): only the
 * prefix and the alphabet are checked.
 */
export const ID_FORMATS = {
  service: { pattern: /^epsrv-[a-z0-9]+$/, rule: "an endpoint service ID (epsrv-…)" },
  endpoint: { pattern: /^ep-[a-z0-9]+$/, rule: "an endpoint ID (ep-…)" },
  vpc: { pattern: /^vpc-[a-z0-9]+$/, rule: "a VPC ID (vpc-…)" },
  vSwitch: { pattern: /^vsw-[a-z0-9]+$/, rule: "a vSwitch ID (vsw-…)" },
  securityGroup: { pattern: /^sg-[a-z0-9]+$/, rule: "a security group ID (sg-…)" },
  zone: { pattern: /^[a-z]{2,}-[a-z0-9-]+$/, rule: "a zone ID such as cn-hangzhou-h" },
} as const;
export type IdKind = keyof typeof ID_FORMATS;

export const ID_PATTERNS = {
  service: /^epsrv-[a-z0-9]{20}$/,
  endpoint: /^ep-[a-z0-9]{20}$/,
  accountId: /^[0-9]{1,20}$/,
} as const;
