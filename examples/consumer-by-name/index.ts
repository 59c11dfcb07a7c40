// A consumer's program. The service owner shared a service name and whitelisted this account; the program finds
// the service (failing with a clear message if it is not visible to this account), picks the zones the service
// has backends in, and creates an endpoint with an interface in each of them.
//
//   pulumi config set serviceName com.aliyuncs.privatelink.cn-hangzhou.epsrv-…
//   pulumi config set vpcId vpc-…            # and vSwitches: {"cn-hangzhou-h": "vsw-…", ...}
import * as pulumi from "@pulumi/pulumi";
import * as plk from "pulumi-alicloud-privatelink";

const config = new pulumi.Config();
const serviceName = config.require("serviceName");
const vpcId = config.get("vpcId") ?? "vpc-hzconsumer0000000001";
const securityGroupId = config.get("securityGroupId") ?? "sg-hzconsumer0000000001";
const vSwitches = config.getObject<Record<string, string>>("vSwitches") ?? {
  "cn-hangzhou-h": "vsw-hzconsumer0000000001",
  "cn-hangzhou-i": "vsw-hzconsumer0000000002",
  "cn-hangzhou-j": "vsw-hzconsumer0000000003",
};

const service = plk.getEndpointServiceOutput({ serviceName });

// One interface per zone that both the service and this VPC have.
const zones = service.zones.apply((serviceZones) =>
  serviceZones.filter((zoneId) => vSwitches[zoneId] !== undefined).map((zoneId) => ({ zoneId, vSwitchId: vSwitches[zoneId]! })),
);

const endpoint = new plk.VpcEndpoint("to-partner-service", {
  vpcId,
  serviceId: service.serviceId,
  securityGroupIds: [securityGroupId],
  zones,
  endpointName: "partner-service",
  endpointDescription: pulumi.interpolate`private access to ${serviceName}`,
});

export const endpointId = endpoint.endpointId;
export const endpointDomain = endpoint.endpointDomain;
/** Disconnected until the owner accepts the connection (or the service auto-accepts). */
export const connectionStatus = endpoint.connectionStatus;
