// Endpoint services: those the caller may connect endpoints to (consumer view), and the caller's own (owner view).
import * as api from "../api/privatelink";
import type { AddressIpVersion, EndpointType, Payer, ResourceType } from "../spec/constraints";
import type { BusinessStatus, ServiceStatus } from "../spec/statuses";
import { tagFilter, tagMap } from "../resources/tagging";
import { callerDescription, clean, matchesRegex, outputVariant, withLookupClient, type LookupArgs } from "./common";

// ---------------------------------------------------------------------------------------------------------
// Consumer view: ListVpcEndpointServicesByEndUser

export interface GetEndpointServicesArgs extends LookupArgs {
  serviceId?: string;
  /** Exact service name, e.g. `com.aliyuncs.privatelink.cn-hangzhou.epsrv-…`. */
  serviceName?: string;
  /** Regular expression the service name must match (client-side). */
  nameRegex?: string;
  /** Services that carry all these tags (their owner's). */
  tags?: Record<string, string>;
  resourceGroupId?: string;
  /** Services of this region that accept endpoints from `region` (cross-region); default: `region`. */
  serviceRegionId?: string;
  /** The endpoint type the service takes: `Interface`, `GatewayLoadBalancer` or `Reverse`. */
  serviceType?: EndpointType;
}

export interface EndpointServiceResult {
  serviceId: string;
  serviceName?: string;
  serviceDomain?: string;
  /** Zones the service has resources in: an endpoint in the service's region can have interfaces in these zones only. */
  zones: string[];
  resourceGroupId?: string;
  /** The owner's tags. */
  tags: Record<string, string>;
  /** The endpoint type to create for it. */
  serviceType?: EndpointType;
  serviceResourceType?: ResourceType;
  autoAcceptEnabled?: boolean;
  payer?: Payer;
  addressIpVersion?: AddressIpVersion;
  zoneAffinityEnabled?: boolean;
  /** Whether endpoints of this service take a policyDocument. */
  vpcEndpointPolicySupported?: boolean;
}

export interface GetEndpointServicesResult {
  services: EndpointServiceResult[];
  ids: string[];
  names: string[];
}

async function listUsable(args: GetEndpointServicesArgs): Promise<{ regionId: string; services: EndpointServiceResult[] }> {
  return withLookupClient(args, async (client) => {
    const services = await api.listAllVpcEndpointServicesByEndUser(client, {
      ServiceId: args.serviceId,
      ServiceName: args.serviceName,
      Tag: tagFilter(args.tags),
      ResourceGroupId: args.resourceGroupId,
      ServiceRegionId: args.serviceRegionId,
      ServiceType: args.serviceType,
    });
    return {
      regionId: client.regionId,
      services: services
        .filter(
          (s) =>
            (args.serviceId === undefined || s.ServiceId === args.serviceId) &&
            (args.serviceName === undefined || s.ServiceName === args.serviceName) &&
            matchesRegex(s.ServiceName, args.nameRegex),
        )
        .map((s) =>
          clean({
            serviceId: s.ServiceId,
            serviceName: s.ServiceName,
            serviceDomain: s.ServiceDomain,
            zones: s.Zones,
            resourceGroupId: s.ResourceGroupId || undefined,
            tags: tagMap(s.Tags),
            serviceType: s.ServiceType,
            serviceResourceType: s.ServiceResourceType,
            autoAcceptEnabled: s.AutoAcceptEnabled,
            payer: s.Payer,
            addressIpVersion: s.AddressIpVersion,
            zoneAffinityEnabled: s.ZoneAffinityEnabled,
            vpcEndpointPolicySupported: s.VpcEndpointPolicySupported,
          }),
        ),
    };
  });
}

/**
 * Endpoint services the caller's account may connect endpoints to: its own and those whose owner whitelisted it
 * (ListVpcEndpointServicesByEndUser, every page).
 */
export async function getEndpointServices(args: GetEndpointServicesArgs = {}): Promise<GetEndpointServicesResult> {
  const { services } = await listUsable(args);
  return { services, ids: services.map((s) => s.serviceId), names: services.map((s) => s.serviceName ?? "") };
}

export const getEndpointServicesOutput = outputVariant(getEndpointServices);

export interface GetEndpointServiceArgs extends LookupArgs {
  /** Give exactly one of serviceId and serviceName. */
  serviceId?: string;
  serviceName?: string;
  /** The service's region when it is not `region` (a cross-region endpoint's service). */
  serviceRegionId?: string;
}

/**
 * One endpoint service the caller may connect to, by ID or by name. Fails when it is not visible: it does not
 * exist in the region, or its owner has not whitelisted the caller's account.
 */
export async function getEndpointService(args: GetEndpointServiceArgs): Promise<EndpointServiceResult> {
  const hasId = args.serviceId !== undefined && args.serviceId !== "";
  const hasName = args.serviceName !== undefined && args.serviceName !== "";
  if (hasId === hasName) {
    throw new Error("getEndpointService: give exactly one of serviceId and serviceName");
  }
  const { regionId, services } = await listUsable({
    region: args.region,
    profile: args.profile,
    settings: args.settings,
    serviceId: args.serviceId,
    serviceName: args.serviceName,
    serviceRegionId: args.serviceRegionId,
  });
  const what = hasId ? `ID ${args.serviceId}` : `name ${args.serviceName}`;
  if (services.length === 0) {
    throw new Error(
      `getEndpointService: endpoint service with ${what} not found in region ${regionId}, or not whitelisted for the ` +
        `account of ${callerDescription(args)}. The service must exist in that region and its owner must add this ` +
        `account's ID to the service's whitelist (a WhitelistUser resource).`,
    );
  }
  if (services.length > 1) {
    throw new Error(
      `getEndpointService: ${services.length} endpoint services match ${what} (${services.map((s) => s.serviceId).join(", ")}); expected exactly one`,
    );
  }
  return services[0]!;
}

export const getEndpointServiceOutput = outputVariant(getEndpointService);

// ---------------------------------------------------------------------------------------------------------
// Owner view: ListVpcEndpointServices

export interface GetVpcEndpointServicesArgs extends LookupArgs {
  serviceId?: string;
  serviceName?: string;
  autoAcceptEnabled?: boolean;
  serviceStatus?: ServiceStatus;
  serviceBusinessStatus?: BusinessStatus;
  addressIpVersion?: AddressIpVersion;
  /** Services with this resource (load balancer) attached. */
  resourceId?: string;
  serviceResourceType?: ResourceType;
  zoneAffinityEnabled?: boolean;
  /** Only these service IDs (client-side). */
  ids?: string[];
  /** Regular expression the service name must match (client-side). */
  nameRegex?: string;
  /** Services that carry all these tags. */
  tags?: Record<string, string>;
  resourceGroupId?: string;
}

export interface VpcEndpointServiceResult {
  serviceId: string;
  serviceName?: string;
  serviceDomain?: string;
  serviceDescription?: string;
  autoAcceptEnabled?: boolean;
  connectBandwidth?: number;
  minBandwidth?: number;
  maxBandwidth?: number;
  serviceStatus?: ServiceStatus;
  serviceBusinessStatus?: BusinessStatus;
  regionId?: string;
  createTime?: string;
  resourceGroupId?: string;
  tags: Record<string, string>;
  payer?: Payer;
  serviceResourceType?: ResourceType;
  serviceType?: EndpointType;
  addressIpVersion?: AddressIpVersion;
  serviceSupportIpv6?: boolean;
  zoneAffinityEnabled?: boolean;
  /** Regions whose endpoints may connect (cross-region). */
  supportedRegions: string[];
}

export interface GetVpcEndpointServicesResult {
  services: VpcEndpointServiceResult[];
  ids: string[];
  names: string[];
}

/** The caller's own endpoint services, with the API's filters (ListVpcEndpointServices, every page). */
export async function getVpcEndpointServices(args: GetVpcEndpointServicesArgs = {}): Promise<GetVpcEndpointServicesResult> {
  return withLookupClient(args, async (client) => {
    const list = await api.listAllVpcEndpointServices(client, {
      ServiceId: args.serviceId,
      ServiceName: args.serviceName,
      AutoAcceptEnabled: args.autoAcceptEnabled,
      ServiceStatus: args.serviceStatus,
      ServiceBusinessStatus: args.serviceBusinessStatus,
      Tag: tagFilter(args.tags),
      ResourceGroupId: args.resourceGroupId,
      AddressIpVersion: args.addressIpVersion,
      ResourceId: args.resourceId,
      ServiceResourceType: args.serviceResourceType,
      ZoneAffinityEnabled: args.zoneAffinityEnabled,
    });
    const services = list
      .filter((s) => (args.ids === undefined || args.ids.includes(s.ServiceId)) && matchesRegex(s.ServiceName, args.nameRegex))
      .map((s) =>
        clean({
          serviceId: s.ServiceId,
          serviceName: s.ServiceName,
          serviceDomain: s.ServiceDomain,
          serviceDescription: s.ServiceDescription,
          autoAcceptEnabled: s.AutoAcceptEnabled,
          connectBandwidth: s.ConnectBandwidth,
          minBandwidth: s.MinBandwidth,
          maxBandwidth: s.MaxBandwidth,
          serviceStatus: s.ServiceStatus,
          serviceBusinessStatus: s.ServiceBusinessStatus,
          regionId: s.RegionId,
          createTime: s.CreateTime,
          resourceGroupId: s.ResourceGroupId || undefined,
          tags: tagMap(s.Tags),
          payer: s.Payer,
          serviceResourceType: s.ServiceResourceType,
          serviceType: s.ServiceType,
          addressIpVersion: s.AddressIpVersion,
          serviceSupportIpv6: s.ServiceSupportIPv6,
          zoneAffinityEnabled: s.ZoneAffinityEnabled,
          supportedRegions: s.SupportedRegionSet.map((r) => r.SupportedRegionId).filter((r): r is string => Boolean(r)),
        }),
      );
    return { services, ids: services.map((s) => s.serviceId), names: services.map((s) => s.serviceName ?? "") };
  });
}

export const getVpcEndpointServicesOutput = outputVariant(getVpcEndpointServices);
