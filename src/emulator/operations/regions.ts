// DescribeRegions and DescribeZones (spec 2.2), answered from the inventory in the nested shapes of the spec.

import { regionEndpoint } from "../ids";
import { regionOf, type Handler } from "./common";

export const regionOperations: Record<string, Handler> = {
  DescribeRegions: (_p, _ctx, w) => ({
    Regions: {
      Region: w.inventory.regions().map((r) => ({
        RegionId: r.regionId,
        RegionEndpoint: regionEndpoint(r.regionId),
        LocalName: r.localName,
      })),
    },
  }),

  DescribeZones: (p, _ctx, w) => {
    const region = w.inventory.region(regionOf(p, w))!;
    return { Zones: { Zone: region.zones.map((z) => ({ ZoneId: z.zoneId, LocalName: z.localName })) } };
  },
};
