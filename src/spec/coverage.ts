// Where the library uses each action of the catalog: the resources (and which of their inputs) and the lookups that
// call it, and which official client checks the emulator's answer. docs/api-coverage.md is generated from this
// table (npm run docs:coverage); a test fails when the committed page is out of date, and the conformance suite
// fails for an action without a case. A new action of the catalog needs an entry here (the compiler says so).

import type { ActionName } from "./operations";

/** The official client the conformance suite drives every action with (test/emulator/conformance.test.ts). */
export const OFFICIAL_CLIENT = "@alicloud/openapi-client (V3 and V1 signatures)";

export interface Exposure {
  /** `reference`: in the 2020-04-15 reference the project started from; `current`: added by the API since. */
  readonly origin: "reference" | "current";
  /** Resources whose lifecycle calls it, as `Kind: what for` (inputs changed in place are named). */
  readonly resources: readonly string[];
  /** Lookups (src/functions) that call it. */
  readonly lookups: readonly string[];
  /** The official client the conformance suite checks it with. */
  readonly checkedBy: typeof OFFICIAL_CLIENT;
}

const checked = { checkedBy: OFFICIAL_CLIENT } as const;

export const COVERAGE: Readonly<Record<ActionName, Exposure>> = {
  DescribeRegions: { origin: "reference", resources: [], lookups: ["getRegions"], ...checked },
  DescribeZones: { origin: "reference", resources: [], lookups: ["getZones"], ...checked },
  CreateVpcEndpointService: { origin: "reference", resources: ["VpcEndpointService: create"], lookups: [], ...checked },
  UpdateVpcEndpointServiceAttribute: {
    origin: "reference",
    resources: [
      "VpcEndpointService: serviceDescription, autoAcceptEnabled, connectBandwidth, zoneAffinityEnabled, serviceSupportIpv6, addressIpVersion, supportedRegions in place",
    ],
    lookups: [],
    ...checked,
  },
  GetVpcEndpointServiceAttribute: {
    origin: "reference",
    resources: ["VpcEndpointService: read, waits", "ServiceResourceAttachment: waits for the service"],
    lookups: [],
    ...checked,
  },
  ListVpcEndpointServices: { origin: "reference", resources: [], lookups: ["getVpcEndpointServices"], ...checked },
  DeleteVpcEndpointService: { origin: "reference", resources: ["VpcEndpointService: delete"], lookups: [], ...checked },
  AddUserToVpcEndpointService: { origin: "reference", resources: ["WhitelistUser: create (userId or userArn)"], lookups: [], ...checked },
  ListVpcEndpointServiceUsers: { origin: "reference", resources: ["WhitelistUser: read, waits"], lookups: [], ...checked },
  RemoveUserFromVpcEndpointService: { origin: "reference", resources: ["WhitelistUser: delete"], lookups: [], ...checked },
  AttachResourceToVpcEndpointService: {
    origin: "reference",
    resources: ["ServiceResourceAttachment: create (zoneId)", "VpcEndpointService: resources in place"],
    lookups: [],
    ...checked,
  },
  ListVpcEndpointServiceResources: {
    origin: "reference",
    resources: ["ServiceResourceAttachment: read, waits", "VpcEndpointService: read (attachedResources)"],
    lookups: [],
    ...checked,
  },
  DetachResourceFromVpcEndpointService: {
    origin: "reference",
    resources: ["ServiceResourceAttachment: delete", "VpcEndpointService: resources in place, delete (forceDelete)"],
    lookups: [],
    ...checked,
  },
  UpdateVpcEndpointServiceResourceAttribute: {
    origin: "current",
    resources: ["ServiceResourceAttachment: autoAllocatedEnabled in place"],
    lookups: [],
    ...checked,
  },
  CreateVpcEndpoint: {
    origin: "reference",
    resources: ["VpcEndpoint: create (serviceRegionId, crossRegionBandwidth, zones with addresses)"],
    lookups: [],
    ...checked,
  },
  UpdateVpcEndpointAttribute: {
    origin: "reference",
    resources: ["VpcEndpoint: endpointName, endpointDescription, policyDocument, addressIpVersion, zoneAffinityEnabled, crossRegionBandwidth in place"],
    lookups: [],
    ...checked,
  },
  GetVpcEndpointAttribute: {
    origin: "reference",
    resources: ["VpcEndpoint: read, waits", "EndpointZone, SecurityGroupAttachment: wait for the endpoint"],
    lookups: [],
    ...checked,
  },
  ListVpcEndpoints: { origin: "reference", resources: [], lookups: ["getVpcEndpoints"], ...checked },
  ListVpcEndpointServicesByEndUser: { origin: "reference", resources: [], lookups: ["getEndpointServices", "getEndpointService"], ...checked },
  DeleteVpcEndpoint: { origin: "reference", resources: ["VpcEndpoint: delete"], lookups: [], ...checked },
  EnableVpcEndpointConnection: {
    origin: "reference",
    resources: ["EndpointConnection: accepted (with bandwidth, trafficControlMode)"],
    lookups: [],
    ...checked,
  },
  UpdateVpcEndpointConnectionAttribute: {
    origin: "reference",
    resources: ["EndpointConnection: bandwidth, trafficControlMode in place"],
    lookups: [],
    ...checked,
  },
  ListVpcEndpointConnections: {
    origin: "reference",
    resources: ["EndpointConnection: read, waits on connection and zone statuses", "VpcEndpointService: delete (forceDelete)"],
    lookups: ["getEndpointConnections"],
    ...checked,
  },
  DisableVpcEndpointConnection: {
    origin: "reference",
    resources: ["EndpointConnection: accepted false, delete", "VpcEndpointService: delete (forceDelete)"],
    lookups: [],
    ...checked,
  },
  EnableVpcEndpointZoneConnection: { origin: "current", resources: ["EndpointConnection: zoneConnections[].enabled in place"], lookups: [], ...checked },
  DisableVpcEndpointZoneConnection: {
    origin: "current",
    resources: ["EndpointConnection: zoneConnections[].enabled in place, releases a graceful migration"],
    lookups: [],
    ...checked,
  },
  UpdateVpcEndpointZoneConnectionResourceAttribute: {
    origin: "current",
    resources: ["EndpointConnection: zoneConnections[].resourceId, replaceMode in place"],
    lookups: [],
    ...checked,
  },
  AddZoneToVpcEndpoint: { origin: "reference", resources: ["VpcEndpoint: zones in place", "EndpointZone: create (ip, ipv6Address)"], lookups: [], ...checked },
  ListVpcEndpointZones: {
    origin: "reference",
    resources: ["VpcEndpoint: read (endpointZones), waits", "EndpointZone: read, waits"],
    lookups: ["getVpcEndpoints (withDetails)"],
    ...checked,
  },
  RemoveZoneFromVpcEndpoint: { origin: "reference", resources: ["VpcEndpoint: zones in place", "EndpointZone: delete"], lookups: [], ...checked },
  AttachSecurityGroupToVpcEndpoint: {
    origin: "reference",
    resources: ["VpcEndpoint: securityGroupIds in place", "SecurityGroupAttachment: create"],
    lookups: [],
    ...checked,
  },
  ListVpcEndpointSecurityGroups: {
    origin: "reference",
    resources: ["VpcEndpoint: read (attachedSecurityGroupIds)", "SecurityGroupAttachment: read, waits"],
    lookups: ["getVpcEndpoints (withDetails)"],
    ...checked,
  },
  DetachSecurityGroupFromVpcEndpoint: {
    origin: "reference",
    resources: ["VpcEndpoint: securityGroupIds in place", "SecurityGroupAttachment: delete"],
    lookups: [],
    ...checked,
  },
  TagResources: { origin: "current", resources: ["VpcEndpointService, VpcEndpoint: tags in place"], lookups: [], ...checked },
  UntagResources: { origin: "current", resources: ["VpcEndpointService, VpcEndpoint: tags in place"], lookups: [], ...checked },
  ListTagResources: { origin: "current", resources: ["VpcEndpointService, VpcEndpoint: read (tags)"], lookups: [], ...checked },
  ChangeResourceGroup: { origin: "current", resources: ["VpcEndpointService, VpcEndpoint: resourceGroupId in place"], lookups: [], ...checked },
  CheckProductOpen: { origin: "current", resources: ["PrivateLinkActivation: create, read, waits"], lookups: ["getPrivateLinkActivation"], ...checked },
  OpenPrivateLinkService: { origin: "current", resources: ["PrivateLinkActivation: create"], lookups: [], ...checked },
};
