// The object Pulumi serialises into the state (`__provider`) for every resource of one kind. It is kept tiny on
// purpose: it holds the resource kind and a code version, and its methods load the provider runtime from the
// installed package when they run in the provider process. So the state never holds a copy of our code (about
// 3 KB per resource instead of hundreds of KB), nothing live or secret is captured, and refresh and
// destroy run the installed release. The code version changes whenever the provider code changes, so that
// `diff` reports a change and the new version reaches the state through a no-op update.
import type * as pulumi from "@pulumi/pulumi";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** Package path of the runtime the serialised methods load; a stable interface across releases. */
export const RUNTIME_MODULE = "pulumi-alicloud-privatelink/dist/provider/runtime";

export const RESOURCE_KINDS = [
  "VpcEndpointService",
  "ServiceResourceAttachment",
  "WhitelistUser",
  "EndpointConnection",
  "VpcEndpoint",
  "EndpointZone",
  "SecurityGroupAttachment",
  "ElasticsearchVpcEndpoint",
  "PrivateLinkActivation",
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

type Runtime = { dispatch(kind: string, method: string, args: unknown[]): Promise<any>; configure(config: unknown): void };

/** Loads the provider runtime where the provider process runs (the program directory). */
const loadRuntime = (): Runtime => {
  try {
    return require(RUNTIME_MODULE);
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e.code === "MODULE_NOT_FOUND" && String(e.message).includes(RUNTIME_MODULE)) {
      throw new Error(
        `pulumi-alicloud-privatelink is not installed where the Pulumi program runs (${process.cwd()}): ` +
          `add it to the program's package.json dependencies and run npm install`,
      );
    }
    throw error;
  }
};

/**
 * The provider object of one kind: data (the kind and the code version) and one-line arrow methods, so that each
 * resource's serialised `__provider` (stored twice per resource, in its inputs and its outputs, and rewritten with
 * every checkpoint of the state) stays small: a class or `function` methods would add a constructor, a prototype
 * and property definitions to the text.
 */
function providerFor(kind: ResourceKind, codeVersion: string): pulumi.dynamic.ResourceProvider {
  const run =
    (method: string) =>
    (...args: unknown[]) =>
      loadRuntime().dispatch(kind, method, args);
  return {
    kind,
    codeVersion,
    configure: async (req: pulumi.dynamic.ConfigureRequest) => loadRuntime().configure(req.config),
    check: run("check"),
    diff: run("diff"),
    create: run("create"),
    read: run("read"),
    update: run("update"),
    delete: run("delete"),
  } as pulumi.dynamic.ResourceProvider;
}

/** Package version plus a digest of the provider code (everything but the emulator). */
function computeCodeVersion(): string {
  const root = path.join(__dirname, "..");
  const hash = crypto.createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "emulator") walk(full);
      } else if (/\.(js|ts)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        hash.update(path.relative(root, full)).update(fs.readFileSync(full));
      }
    }
  };
  walk(root);
  let version = "0.0.0";
  try {
    version = JSON.parse(fs.readFileSync(path.join(root, "..", "package.json"), "utf8")).version;
  } catch {
    // not inside the package layout; the digest alone identifies the code
  }
  return `${version}+${hash.digest("hex").slice(0, 12)}`;
}

export const CODE_VERSION = computeCodeVersion();

/** One provider object per kind, created once: the SDK caches serialisation per object identity. */
export const providers: Readonly<Record<ResourceKind, pulumi.dynamic.ResourceProvider>> = Object.freeze(
  Object.fromEntries(RESOURCE_KINDS.map((kind) => [kind, providerFor(kind, CODE_VERSION)])) as unknown as Record<ResourceKind, pulumi.dynamic.ResourceProvider>,
);
