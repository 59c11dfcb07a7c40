// DescribeRegions and DescribeZones (spec 2.2), answered from the inventory in the nested shapes of the spec:
// where PrivateLink runs for a backend type, and which zones can take each side of a cross-region connection.

import { regionEndpoint } from "../ids";
import { supportedTypes } from "../inventory";
import { CROSS_REGION_SIDES, REGION_RESOURCE_TYPE_FILTERS, RESOURCE_TYPES } from "../../spec/constraints";
import { regionOf, type Handler } from "./common";

export const regionOperations: Record<string, Handler> = {
  DescribeRegions: (p, _ctx, w) => {
    // The documents: slb when absent; ALL for every type.
    const type = p.enumOf("ServiceResourceType", REGION_RESOURCE_TYPE_FILTERS) ?? "slb";
    return {
      Regions: {
        Region: w.inventory
          .regions()
          .filter((r) => type === "ALL" || supportedTypes(r).includes(type))
          .map((r) => ({
            RegionId: r.regionId,
            RegionEndpoint: regionEndpoint(r.regionId),
            LocalName: r.localName,
            ServiceResourceTypes: { ServiceResourceType: [...supportedTypes(r)] },
          })),
      },
    };
  },

  DescribeZones: (p, _ctx, w) => {
    const region = w.inventory.region(regionOf(p, w))!;
    const type = p.enumOf("ServiceResourceType", RESOURCE_TYPES) ?? "slb";
    const crossRegion = p.bool("CrossRegion") ?? false;
    // CrossRegionSide takes effect only with CrossRegion (the documents); Endpoint when absent.
    const side = p.enumOf("CrossRegionSide", CROSS_REGION_SIDES) ?? "Endpoint";
    const zones = region.zones.filter((z) => supportedTypes(z).includes(type) && (!crossRegion || (z.crossRegionSides ?? []).includes(side)));
    return { Zones: { Zone: zones.map((z) => ({ ZoneId: z.zoneId, LocalName: z.localName })) } };
  },
};
