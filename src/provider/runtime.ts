// The provider runtime: what the serialised provider objects (shim.ts) load in the provider process. Its two
// exports are a stable interface across releases: dispatch(kind, method, args) and configure(config).
import { elasticsearchVpcEndpointDefinition } from "../resources/elasticsearch-vpc-endpoint";
import { endpointConnectionDefinition } from "../resources/endpoint-connection";
import { endpointZoneDefinition } from "../resources/endpoint-zone";
import { privateLinkActivationDefinition } from "../resources/privatelink-activation";
import { securityGroupAttachmentDefinition } from "../resources/security-group-attachment";
import { serviceResourceAttachmentDefinition } from "../resources/service-resource-attachment";
import { vpcEndpointDefinition } from "../resources/vpc-endpoint";
import { vpcEndpointServiceDefinition } from "../resources/vpc-endpoint-service";
import { whitelistUserDefinition } from "../resources/whitelist-user";
import { flushMessages, setStackConfig } from "./context";
import { LifecycleProvider, type ResourceDefinition } from "./lifecycle";

const definitions: ResourceDefinition[] = [
  vpcEndpointServiceDefinition,
  serviceResourceAttachmentDefinition,
  whitelistUserDefinition,
  endpointConnectionDefinition,
  vpcEndpointDefinition,
  endpointZoneDefinition,
  securityGroupAttachmentDefinition,
  elasticsearchVpcEndpointDefinition,
  privateLinkActivationDefinition,
];

const lifecycles = new Map<string, LifecycleProvider>();

/** Registers a resource definition (the endpoint-side resources register themselves the same way). */
export function registerDefinition(def: ResourceDefinition): void {
  lifecycles.set(def.kind, new LifecycleProvider(def));
}
definitions.forEach(registerDefinition);

export function lifecycleFor(kind: string): LifecycleProvider {
  const lifecycle = lifecycles.get(kind);
  if (!lifecycle) throw new Error(`pulumi-alicloud-privatelink: unknown resource kind ${kind}; is the installed package older than the program?`);
  return lifecycle;
}

type Method = "check" | "diff" | "create" | "read" | "update" | "delete";

export async function dispatch(kind: string, method: Method, args: unknown[]): Promise<unknown> {
  const lifecycle = lifecycleFor(kind);
  const fn = lifecycle[method] as (...a: unknown[]) => Promise<unknown>;
  try {
    return await fn.apply(lifecycle, args);
  } finally {
    // The operation's progress lines and warnings reach the engine before its result does.
    await flushMessages();
  }
}

export function configure(config: { get(key: string): string | undefined }): void {
  setStackConfig(config);
}
