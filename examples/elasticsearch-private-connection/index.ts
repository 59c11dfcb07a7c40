// An Elasticsearch instance reaching a service in your own VPC (to reindex from it, or to ship data to it),
// one way, from Elasticsearch's service VPC. The whole pattern in one account:
//   1. publish the service (a load balancer in front of it) as an endpoint service;
//   2. whitelist the Elasticsearch service account, which will own the instance's endpoint;
//   3. give the instance an endpoint to the service, in a zone the service serves;
//   4. accept its connection request (or set autoAcceptEnabled on the service instead).
//
//   pulumi config set elasticsearchInstanceId es-cn-…          # an active instance created since October 2020
//   pulumi config set elasticsearchServiceAccount 1…           # the account Alibaba Cloud names for Elasticsearch
// The defaults below are the emulator's seeded inventory (docs/emulator-world.md).
import * as pulumi from "@pulumi/pulumi";
import * as plk from "pulumi-alicloud-privatelink";

const config = new pulumi.Config();
const instanceId = config.get("elasticsearchInstanceId") ?? "es-cn-hzowner0000000000001";
const elasticsearchAccount = config.get("elasticsearchServiceAccount") ?? "1390000000009200";
const zoneId = config.get("zoneId") ?? "cn-hangzhou-i";
const loadBalancers = config.getObject<string[]>("loadBalancers") ?? ["lb-hzowner0000000000001", "lb-hzowner0000000000002"];

// 1. The service in your VPC, published over PrivateLink.
const service = new plk.VpcEndpointService("reindex-source", {
  serviceDescription: "reindex source for Elasticsearch",
  resources: loadBalancers.map((resourceId) => ({ resourceId, resourceType: "slb" })),
});

// 2. The Elasticsearch service account may connect (taking serviceId from here orders the endpoint after it).
const elasticsearchAccess = new plk.WhitelistUser("elasticsearch-service-account", {
  serviceId: service.serviceId,
  userId: elasticsearchAccount,
});

// 3. The instance's endpoint to the service: it arrives at the service as a connection request.
const endpoint = new plk.ElasticsearchVpcEndpoint("search-to-reindex-source", {
  instanceId,
  serviceId: elasticsearchAccess.serviceId,
  zoneId,
});

// 4. The service owner (you) accepts it.
const connection = new plk.EndpointConnection("accept-search", {
  serviceId: service.serviceId,
  endpointId: endpoint.endpointId,
});

export const serviceId = service.serviceId;
export const endpointId = endpoint.endpointId;
/** Configure this domain in Elasticsearch (e.g. reindex.remote.whitelist, a Watcher webhook) to reach the service. */
export const endpointDomain = endpoint.endpointDomain;
export const endpointName = endpoint.endpointName;
export const connectionStatus = connection.connectionStatus;
