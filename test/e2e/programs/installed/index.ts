// e2e program for the packed package: what a user writes after `npm install <tarball>`, in TypeScript with
// strict checking, using the package's published types.
import * as pulumi from "@pulumi/pulumi";
import * as privatelink from "pulumi-alicloud-privatelink";

const config = new pulumi.Config("e2e");

const service = new privatelink.VpcEndpointService("service", {
  serviceDescription: "installed from the tarball",
  autoAcceptEnabled: false,
  timeouts: { create: "5m", delete: "5m" },
});

const consumer = config.get("whitelistUser");
const access = consumer ? new privatelink.WhitelistUser("consumer-access", { serviceId: service.serviceId, userId: consumer }) : undefined;

export const serviceId: pulumi.Output<string> = service.serviceId;
export const serviceName: pulumi.Output<string> = service.serviceName;
export const whitelistEntry = access?.id;
