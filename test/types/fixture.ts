// Compiled (never run) by test/unit/types.test.ts. Each `@ts-expect-error` names a fragment of the error the next
// line must raise; the lines without one must compile. It is what a program using the package would write.
import type * as pulumi from "@pulumi/pulumi";
import * as plk from "../../src";

export function owner(): void {
  const service = new plk.VpcEndpointService("orders", {
    payer: "EndpointService",
    serviceResourceType: "nlb",
    addressIpVersion: "DualStack",
    resources: [{ resourceId: "nlb-1", resourceType: "nlb", zoneId: "cn-hangzhou-i" }],
    timeouts: { create: 600, update: "10m", delete: "1h30m" },
    preflight: true,
  });
  new plk.VpcEndpointService("durations", { timeouts: { create: "90s", update: "2h", delete: 90.5 } });
  const status: pulumi.Output<plk.ServiceStatus> = service.serviceStatus;
  const payer: pulumi.Output<plk.Payer | undefined> = service.payer;
  service.attachedResources.apply((list) => list.map((r) => r.resourceType === "nlb"));

  // @ts-expect-error '"Me"' is not assignable to type 'Input<"Endpoint" | "EndpointService"
  new plk.VpcEndpointService("payer", { payer: "Me" });
  // @ts-expect-error '"elb"' is not assignable to type 'Input<"slb" | "alb" | "nlb" | "gwlb" | "natgw"
  new plk.VpcEndpointService("backend", { serviceResourceType: "elb" });
  // @ts-expect-error '"elb"' is not assignable to type 'Input<"slb" | "alb" | "nlb" | "gwlb" | "natgw"
  new plk.VpcEndpointService("resources", { resources: [{ resourceId: "lb-1", resourceType: "elb" }] });
  // @ts-expect-error '"IPv6"' is not assignable to type 'Input<"IPv4" | "DualStack"
  new plk.VpcEndpointService("ip-version", { addressIpVersion: "IPv6" });
  // @ts-expect-error '"10 minutes"' is not assignable to type 'Input<Duration
  new plk.VpcEndpointService("timeouts", { timeouts: { create: "10 minutes" } });
  // @ts-expect-error 'creat' does not exist in type
  new plk.VpcEndpointService("timeout-typo", { timeouts: { creat: "10m" } });
  // @ts-expect-error '"elb"' is not assignable to type 'Input<"slb" | "alb" | "nlb" | "gwlb" | "natgw"
  new plk.ServiceResourceAttachment("attachment", { serviceId: "epsrv-1", resourceId: "lb-1", resourceType: "elb" });
  // @ts-expect-error This comparison appears to be unintentional
  status.apply((s) => s === "Running");
  payer.apply((p) => p === "Endpoint");
}

export function connections(): void {
  new plk.EndpointConnection("accept", {
    serviceId: "epsrv-1",
    endpointId: "ep-1",
    trafficControlMode: "Scalability",
    zoneConnections: [{ zoneId: "cn-hangzhou-i", resourceId: "nlb-2", resourceType: "nlb", replaceMode: "Force" }],
  });
  // @ts-expect-error '"Unlimited"' is not assignable to type 'Input<"Scalability" | "BandwidthLimit"
  new plk.EndpointConnection("mode", { serviceId: "epsrv-1", endpointId: "ep-1", trafficControlMode: "Unlimited" });
  // @ts-expect-error '"Smooth"' is not assignable to type 'Input<"Graceful" | "Force"
  new plk.EndpointConnection("replace", { serviceId: "epsrv-1", endpointId: "ep-1", zoneConnections: [{ zoneId: "z", replaceMode: "Smooth" }] });
}

export function consumer(): void {
  const endpoint = new plk.VpcEndpoint("orders", {
    vpcId: "vpc-1",
    serviceId: "epsrv-1",
    endpointType: "GatewayLoadBalancer",
    addressIpVersion: "IPv4",
    zonePrivateIpAddressCount: 1,
    zones: [{ zoneId: "cn-hangzhou-i", vSwitchId: "vsw-1" }],
    timeouts: { delete: "45m" },
  });
  endpoint.endpointZones.apply((zones) => zones.filter((z) => z.zoneStatus === "Connected"));
  // @ts-expect-error '"Gateway"' is not assignable to type 'Input<"Interface" | "Reverse" | "GatewayLoadBalancer"
  new plk.VpcEndpoint("type", { vpcId: "vpc-1", serviceId: "epsrv-1", endpointType: "Gateway" });
  // @ts-expect-error '2' is not assignable to type 'Input<1>
  new plk.VpcEndpoint("ips", { vpcId: "vpc-1", serviceId: "epsrv-1", zonePrivateIpAddressCount: 2 });
  // @ts-expect-error This comparison appears to be unintentional
  endpoint.connectionStatus.apply((s) => s === "Accepted");
  // @ts-expect-error This comparison appears to be unintentional
  new plk.EndpointZone("zone", { endpointId: "ep-1", zoneId: "z", vSwitchId: "vsw-1" }).zoneStatus.apply((s) => s === "Available");
}

export async function lookups(): Promise<void> {
  const endpoints = await plk.getVpcEndpoints({ endpointType: "Interface", addressIpVersion: "DualStack", endpointStatus: "Active" });
  endpoints.endpoints.filter((e) => e.connectionStatus === "Connected" && e.endpointType === "Reverse");
  await plk.getRegions({ serviceResourceType: "ALL" });
  await plk.getZones({ serviceResourceType: "gwlb", crossRegion: true, crossRegionSide: "EndpointService" });
  // @ts-expect-error '"Gateway"' is not assignable to type '"Interface" | "Reverse" | "GatewayLoadBalancer"
  await plk.getVpcEndpoints({ endpointType: "Gateway" });
  // @ts-expect-error '"elb"' is not assignable to type '"slb" | "alb" | "nlb" | "gwlb" | "natgw"
  await plk.getZones({ serviceResourceType: "elb" });
  // @ts-expect-error '"Running"' is not assignable to type '"Creating" | "Pending" | "Active" | "Deleting" | "Inactive"
  await plk.getVpcEndpointServices({ serviceStatus: "Running" });
  const services = await plk.getEndpointServices({ serviceType: "Interface" });
  // @ts-expect-error This comparison appears to be unintentional
  services.services.filter((s) => s.payer === "Consumer");
  const connections = await plk.getEndpointConnections({ serviceId: "epsrv-1", connectionStatus: "Disconnected" });
  // @ts-expect-error This comparison appears to be unintentional
  connections.connections.filter((c) => c.trafficControlMode === "Unlimited");
}
