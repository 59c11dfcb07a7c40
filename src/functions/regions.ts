// Regions and zones where PrivateLink can be used.
import * as api from "../api/privatelink";
import type { CrossRegionSide, RegionResourceTypeFilter, ResourceType } from "../spec/constraints";
import { clean, outputVariant, withLookupClient, type LookupArgs } from "./common";

export interface GetRegionsArgs extends LookupArgs {
  /** Only regions supporting this backend type: `slb` (the API's default), `alb`, `nlb`, `gwlb`, `natgw`, or `ALL`. */
  serviceResourceType?: RegionResourceTypeFilter;
}

export interface RegionResult {
  regionId: string;
  localName?: string;
  /** API host of the region. */
  regionEndpoint?: string;
  /** Backend types PrivateLink supports in the region. */
  serviceResourceTypes: ResourceType[];
}

export interface GetRegionsResult {
  regions: RegionResult[];
  ids: string[];
}

/** Regions where PrivateLink can be called (DescribeRegions). */
export async function getRegions(args: GetRegionsArgs = {}): Promise<GetRegionsResult> {
  return withLookupClient(args, async (client) => {
    const response = await api.describeRegions(client, { ServiceResourceType: args.serviceResourceType });
    const regions = response.Regions.map((r) =>
      clean({ regionId: r.RegionId, localName: r.LocalName, regionEndpoint: r.RegionEndpoint, serviceResourceTypes: r.ServiceResourceTypes }),
    );
    return { regions, ids: regions.map((r) => r.regionId) };
  });
}

export const getRegionsOutput = outputVariant(getRegions);

export interface GetZonesArgs extends LookupArgs {
  /** Only zones supporting this backend type (`slb`, the API's default; `alb`, `nlb`, `gwlb`, `natgw`). */
  serviceResourceType?: ResourceType;
  /** Only zones usable for a cross-region connection, on the side crossRegionSide names. */
  crossRegion?: boolean;
  /** `Endpoint` (default: zones for a cross-region endpoint's interfaces) or `EndpointService`. */
  crossRegionSide?: CrossRegionSide;
}

export interface ZoneResult {
  zoneId: string;
  localName?: string;
}

export interface GetZonesResult {
  regionId: string;
  zones: ZoneResult[];
  ids: string[];
}

/** Zones of a region (DescribeZones); `region` defaults to the configured one. */
export async function getZones(args: GetZonesArgs = {}): Promise<GetZonesResult> {
  return withLookupClient(args, async (client) => {
    const response = await api.describeZones(client, {
      RegionId: client.regionId,
      ServiceResourceType: args.serviceResourceType,
      CrossRegion: args.crossRegion,
      CrossRegionSide: args.crossRegionSide,
    });
    const zones = response.Zones.map((z) => clean({ zoneId: z.ZoneId, localName: z.LocalName }));
    return { regionId: client.regionId, zones, ids: zones.map((z) => z.zoneId) };
  });
}

export const getZonesOutput = outputVariant(getZones);
