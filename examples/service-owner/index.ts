// A service owner's program: publish two load balancers as one endpoint service, allow two partner accounts,
// and approve the endpoints they created (listed in stack config) with a bandwidth each.
//
//   pulumi config set partnerAccounts '["1234567890123456"]'
//   pulumi config set approvedEndpoints '{"ep-...": 2048}'      # after the partners created their endpoints
import * as pulumi from "@pulumi/pulumi";
import * as plk from "pulumi-alicloud-privatelink";

const config = new pulumi.Config();
const partners = config.requireObject<string[]>("partnerAccounts");
const approved = config.getObject<Record<string, number>>("approvedEndpoints") ?? {};
const backends = config.getObject<string[]>("loadBalancers") ?? ["lb-hzowner0000000000001", "lb-hzowner0000000000002"];

const service = new plk.VpcEndpointService("payments", {
  serviceDescription: "payments API",
  autoAcceptEnabled: false,
  connectBandwidth: 1024,
  tags: { team: "payments" },
  // Detach backends and reject connections on destroy instead of failing on them.
  forceDelete: true,
  timeouts: { create: "15m", delete: "20m" },
});

// Many attachments to one service may be declared at once: the provider serialises them per service.
const attachments = backends.map(
  (lb, i) => new plk.ServiceResourceAttachment(`payments-backend-${i}`, { serviceId: service.serviceId, resourceId: lb, resourceType: "slb" }),
);

const whitelist = partners.map((account) => new plk.WhitelistUser(`partner-${account}`, { serviceId: service.serviceId, userId: account }));

const connections = Object.entries(approved).map(
  ([endpointId, bandwidth]) =>
    new plk.EndpointConnection(`approve-${endpointId}`, { serviceId: service.serviceId, endpointId, bandwidth }, { dependsOn: attachments }),
);

export const serviceId = service.serviceId;
/** Share this with partners: they create their endpoints with it. */
export const serviceName = service.serviceName;
/** Zones the backends serve: partners can place endpoint interfaces in these. */
export const backendZones = attachments.map((a) => a.zoneId);
export const whitelisted = whitelist.map((w) => w.userId);
export const approvedConnections = connections.map((c) => pulumi.interpolate`${c.endpointId}: ${c.connectionStatus} (${c.bandwidth} Mbit/s)`);
