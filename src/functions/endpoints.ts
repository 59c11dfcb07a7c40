// Endpoints of the caller (consumer view) and connections to a service of the caller (owner view).
import * as api from "../api/privatelink";
import { connectionZoneOutput, type ConnectionZoneOutput } from "../resources/endpoint-connection";
import type { AddressIpVersion, EndpointType, TrafficControlMode } from "../spec/constraints";
import type { BusinessStatus, ConnectionStatus, EndpointStatus } from "../spec/statuses";
import type { EndpointZoneOutput } from "../resources/vpc-endpoint";
import { tagFilter, tagMap } from "../resources/tagging";
import { clean, matchesRegex, outputVariant, withLookupClient, type LookupArgs } from "./common";

export interface GetVpcEndpointsArgs extends LookupArgs {
  endpointId?: string;
  /** Name of the endpoint service (the API has no service ID filter; see serviceId). */
  serviceName?: string;
  /** Endpoint service ID (client-side filter). */
  serviceId?: string;
  vpcId?: string;
  endpointName?: string;
  endpointStatus?: EndpointStatus;
  connectionStatus?: ConnectionStatus;
  /** `Interface`, `GatewayLoadBalancer` or `Reverse`. */
  endpointType?: EndpointType;
  addressIpVersion?: AddressIpVersion;
  /** Endpoints of services in this region (cross-region endpoints name another region than `region`). */
  serviceRegionId?: string;
  /** Only these endpoint IDs (client-side). */
  ids?: string[];
  /** Regular expression the endpoint name must match (client-side). */
  nameRegex?: string;
  /** Endpoints that carry all these tags. */
  tags?: Record<string, string>;
  resourceGroupId?: string;
  /** Also read each endpoint's security groups and zones (two more calls per endpoint). */
  withDetails?: boolean;
}

export interface VpcEndpointResult {
  endpointId: string;
  endpointName?: string;
  endpointDescription?: string;
  endpointDomain?: string;
  endpointStatus?: EndpointStatus;
  endpointBusinessStatus?: BusinessStatus;
  connectionStatus?: ConnectionStatus;
  bandwidth?: number;
  serviceId?: string;
  serviceName?: string;
  vpcId?: string;
  regionId?: string;
  createTime?: string;
  resourceGroupId?: string;
  tags: Record<string, string>;
  endpointType?: EndpointType;
  addressIpVersion?: AddressIpVersion;
  zoneAffinityEnabled?: boolean;
  serviceRegionId?: string;
  /** Cross-region endpoints: Mbit/s between the regions. */
  crossRegionBandwidth?: number;
  /** The endpoint and its service belong to the same account. */
  resourceOwner?: boolean;
  /** With withDetails only. */
  securityGroupIds?: string[];
  /** With withDetails only. */
  zones?: EndpointZoneOutput[];
}

export interface GetVpcEndpointsResult {
  endpoints: VpcEndpointResult[];
  ids: string[];
  names: string[];
}

/** The caller's endpoints in a region, with the API's filters (ListVpcEndpoints, every page). */
export async function getVpcEndpoints(args: GetVpcEndpointsArgs = {}): Promise<GetVpcEndpointsResult> {
  return withLookupClient(args, async (client) => {
    const list = await api.listAllVpcEndpoints(client, {
      EndpointId: args.endpointId,
      ServiceName: args.serviceName,
      VpcId: args.vpcId,
      EndpointName: args.endpointName,
      EndpointStatus: args.endpointStatus,
      ConnectionStatus: args.connectionStatus,
      Tag: tagFilter(args.tags),
      ResourceGroupId: args.resourceGroupId,
      EndpointType: args.endpointType,
      AddressIpVersion: args.addressIpVersion,
      ServiceRegionId: args.serviceRegionId,
    });
    const endpoints: VpcEndpointResult[] = [];
    for (const e of list) {
      if (args.ids !== undefined && !args.ids.includes(e.EndpointId)) continue;
      if (args.serviceId !== undefined && e.ServiceId !== args.serviceId) continue;
      if (!matchesRegex(e.EndpointName, args.nameRegex)) continue;
      const result: VpcEndpointResult = clean({
        endpointId: e.EndpointId,
        endpointName: e.EndpointName || undefined,
        endpointDescription: e.EndpointDescription || undefined,
        endpointDomain: e.EndpointDomain,
        endpointStatus: e.EndpointStatus,
        endpointBusinessStatus: e.EndpointBusinessStatus,
        connectionStatus: e.ConnectionStatus,
        bandwidth: e.Bandwidth,
        serviceId: e.ServiceId,
        serviceName: e.ServiceName,
        vpcId: e.VpcId,
        regionId: e.RegionId,
        createTime: e.CreateTime,
        resourceGroupId: e.ResourceGroupId || undefined,
        tags: tagMap(e.Tags),
        endpointType: e.EndpointType,
        addressIpVersion: e.AddressIpVersion,
        zoneAffinityEnabled: e.ZoneAffinityEnabled,
        serviceRegionId: e.ServiceRegionId,
        crossRegionBandwidth: e.CrossRegionBandwidth,
        resourceOwner: e.ResourceOwner,
      });
      if (args.withDetails) {
        const groups = await api.listAllVpcEndpointSecurityGroups(client, { EndpointId: e.EndpointId });
        const zones = await api.listAllVpcEndpointZones(client, { EndpointId: e.EndpointId });
        result.securityGroupIds = groups.map((g) => g.SecurityGroupId).sort();
        result.zones = zones.map((z) =>
          clean({
            zoneId: z.ZoneId,
            zoneStatus: z.ZoneStatus,
            vSwitchId: z.VSwitchId,
            eniId: z.EniId,
            eniIp: z.EniIp,
            ipv6Address: z.ZoneIpv6Address || undefined,
            zoneDomain: z.ZoneDomain,
          }),
        );
      }
      endpoints.push(result);
    }
    return { endpoints, ids: endpoints.map((e) => e.endpointId), names: endpoints.map((e) => e.endpointName ?? "") };
  });
}

export const getVpcEndpointsOutput = outputVariant(getVpcEndpoints);

export interface GetEndpointConnectionsArgs extends LookupArgs {
  /** The caller's endpoint service. */
  serviceId: string;
  endpointId?: string;
  /** Account that owns the endpoints (decimal string). */
  endpointOwnerId?: string;
  connectionStatus?: ConnectionStatus;
  /** Connections with a zone whose network interface (current or replaced) is this one. */
  eniId?: string;
  /** Connections with a zone served by this service resource. */
  resourceId?: string;
  /** Connections with a zone whose smooth migration replaced this service resource. */
  replacedResourceId?: string;
}

export interface EndpointConnectionResult {
  /** `<serviceId>:<endpointId>`, the ID of the matching EndpointConnection resource. */
  id: string;
  serviceId: string;
  endpointId: string;
  endpointOwnerId?: string;
  endpointVpcId?: string;
  connectionStatus: ConnectionStatus;
  bandwidth?: number;
  trafficControlMode?: TrafficControlMode;
  endpointRegionId?: string;
  serviceRegionId?: string;
  resourceOwner?: boolean;
  modifiedTime?: string;
  zones: ConnectionZoneOutput[];
}

export interface GetEndpointConnectionsResult {
  connections: EndpointConnectionResult[];
  ids: string[];
}

/** Connections of endpoints to one of the caller's services (ListVpcEndpointConnections, every page). */
export async function getEndpointConnections(args: GetEndpointConnectionsArgs): Promise<GetEndpointConnectionsResult> {
  if (!args || typeof args.serviceId !== "string" || args.serviceId === "") {
    throw new Error("getEndpointConnections: serviceId is required");
  }
  return withLookupClient(args, async (client) => {
    const list = await api.listAllVpcEndpointConnections(client, {
      ServiceId: args.serviceId,
      EndpointId: args.endpointId,
      EndpointOwnerId: args.endpointOwnerId,
      ConnectionStatus: args.connectionStatus,
      EniId: args.eniId,
      ResourceId: args.resourceId,
      ReplacedResourceId: args.replacedResourceId,
    });
    const connections = list
      .filter(
        (c) =>
          (args.endpointId === undefined || c.EndpointId === args.endpointId) &&
          (args.endpointOwnerId === undefined || String(c.EndpointOwnerId) === String(args.endpointOwnerId)) &&
          (args.connectionStatus === undefined || c.ConnectionStatus === args.connectionStatus),
      )
      .map((c) =>
        clean({
          id: `${args.serviceId}:${c.EndpointId}`,
          serviceId: c.ServiceId ?? args.serviceId,
          endpointId: c.EndpointId,
          endpointOwnerId: c.EndpointOwnerId,
          endpointVpcId: c.EndpointVpcId,
          connectionStatus: c.ConnectionStatus,
          bandwidth: c.Bandwidth,
          trafficControlMode: c.TrafficControlMode,
          endpointRegionId: c.EndpointRegionId,
          serviceRegionId: c.ServiceRegionId,
          resourceOwner: c.ResourceOwner,
          modifiedTime: c.ModifiedTime,
          zones: c.Zones.map(connectionZoneOutput),
        }),
      );
    return { connections, ids: connections.map((c) => c.id) };
  });
}

export const getEndpointConnectionsOutput = outputVariant(getEndpointConnections);
