// Names and domains of PrivateLink objects, derived from their IDs and regions (spec 1.11). The emulator issues
// them; the resources derive them during a preview, when the engine does not know an output yet.

export const serviceName = (regionId: string, serviceId: string): string => `com.aliyuncs.privatelink.${regionId}.${serviceId}`;
export const serviceDomain = (regionId: string, serviceId: string): string => `${serviceId}.${regionId}.privatelink.aliyuncs.com`;
export const endpointDomain = (regionId: string, serviceId: string, endpointId: string): string =>
  `${endpointId}.${serviceId}.${regionId}.privatelink.aliyuncs.com`;
export const zoneDomain = (regionId: string, serviceId: string, endpointId: string, zoneId: string): string =>
  `${endpointId}-${regionId}.${serviceId}.${zoneId}.privatelink.aliyuncs.com`;

/** The region and service ID in a service name, or undefined when the text is not one. */
export function parseServiceName(name: string): { regionId: string; serviceId: string } | undefined {
  const m = /^com\.aliyuncs\.privatelink\.([a-z]{2,}-[a-z0-9-]+)\.(epsrv-[a-z0-9]+)$/.exec(name);
  return m ? { regionId: m[1]!, serviceId: m[2]! } : undefined;
}
