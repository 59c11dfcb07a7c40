// e2e program: one endpoint service (owner account) and, when configured, one whitelist entry. Everything
// that the tests vary comes from stack config in the "e2e" namespace.
const pulumi = require("@pulumi/pulumi");
const privatelink = require("pulumi-alicloud-privatelink");

const config = new pulumi.Config("e2e");
const timeout = config.get("timeout");

const service = new privatelink.VpcEndpointService("service", {
  serviceDescription: config.get("description") || "e2e service",
  autoAcceptEnabled: config.getBoolean("autoAccept") || false,
  adoptExistingId: config.get("adoptServiceId"),
  clientToken: config.get("clientToken"),
  timeouts: timeout ? { create: timeout, update: timeout, delete: timeout } : undefined,
});

const userId = config.get("whitelistUser");
const user = userId ? new privatelink.WhitelistUser("consumer-access", { serviceId: service.id, userId }) : undefined;

exports.serviceId = service.id;
exports.serviceName = service.serviceName;
exports.serviceStatus = service.serviceStatus;
exports.serviceDescription = service.serviceDescription;
exports.whitelistEntry = user ? user.id : undefined;
