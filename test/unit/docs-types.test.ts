// Every resource page documents exactly the arguments and outputs the types declare (both ways), with their type
// names and value lists, and the defaults, "On change" effects and preview knowledge the schema and the classes
// have; the overview does the same for the common arguments and outputs. See test/helpers/docs-vs-types.ts.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMON_FIELDS, type ResourceDefinition } from "../../src/provider/lifecycle";
import { RESOURCE_KINDS, type ResourceKind } from "../../src/provider/shim";
import { elasticsearchVpcEndpointDefinition } from "../../src/resources/elasticsearch-vpc-endpoint";
import { endpointConnectionDefinition } from "../../src/resources/endpoint-connection";
import { endpointZoneDefinition } from "../../src/resources/endpoint-zone";
import { privateLinkActivationDefinition } from "../../src/resources/privatelink-activation";
import { securityGroupAttachmentDefinition } from "../../src/resources/security-group-attachment";
import { serviceResourceAttachmentDefinition } from "../../src/resources/service-resource-attachment";
import { vpcEndpointDefinition } from "../../src/resources/vpc-endpoint";
import { vpcEndpointServiceDefinition } from "../../src/resources/vpc-endpoint-service";
import { whitelistUserDefinition } from "../../src/resources/whitelist-user";
import { ROOT, checkCommonPage, checkResourcePage, createProgram } from "../helpers/docs-vs-types";
import type ts from "typescript";

const DEFINITIONS: Record<ResourceKind, ResourceDefinition> = {
  VpcEndpointService: vpcEndpointServiceDefinition,
  ServiceResourceAttachment: serviceResourceAttachmentDefinition,
  WhitelistUser: whitelistUserDefinition,
  EndpointConnection: endpointConnectionDefinition,
  VpcEndpoint: vpcEndpointDefinition,
  EndpointZone: endpointZoneDefinition,
  SecurityGroupAttachment: securityGroupAttachmentDefinition,
  ElasticsearchVpcEndpoint: elasticsearchVpcEndpointDefinition,
  PrivateLinkActivation: privateLinkActivationDefinition,
};

const RESOURCES_DIR = path.join(ROOT, "docs", "resources");
const page = (kind: string) => fs.readFileSync(path.join(RESOURCES_DIR, `${kind}.md`), "utf8");
const SERVICE_FILE = "src/resources/vpc-endpoint-service.ts";

let program: ts.Program;
beforeAll(() => {
  program = createProgram();
}, 120_000);

describe("resource pages", () => {
  it("one page per resource kind, each linked from the overview and the README", () => {
    const pages = fs.readdirSync(RESOURCES_DIR).filter((f) => f.endsWith(".md") && f !== "README.md");
    expect(pages.map((f) => f.replace(/\.md$/, "")).sort()).toEqual([...RESOURCE_KINDS].sort());
    const overview = fs.readFileSync(path.join(RESOURCES_DIR, "README.md"), "utf8");
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    for (const kind of RESOURCE_KINDS) {
      expect(overview).toContain(`(${kind}.md)`);
      expect(readme).toContain(`(docs/resources/${kind}.md)`);
    }
  });

  it.each(RESOURCE_KINDS)("%s: the page documents exactly what the types and the schema declare", (kind) => {
    expect(checkResourcePage(program, kind, page(kind), DEFINITIONS[kind].fields)).toEqual([]);
  });

  it("the overview documents the common arguments, the common outputs and Timeouts", () => {
    const overview = fs.readFileSync(path.join(RESOURCES_DIR, "README.md"), "utf8");
    expect(checkCommonPage(program, overview, COMMON_FIELDS)).toEqual([]);
  });
});

describe("the check itself", () => {
  const schema = vpcEndpointServiceDefinition.fields;

  it("fails for a field added to the types without docs, naming it", { timeout: 120_000 }, () => {
    const source = fs.readFileSync(path.join(ROOT, SERVICE_FILE), "utf8");
    const changed = source.replace(
      "export interface VpcEndpointServiceArgs extends CommonArgs {",
      "export interface VpcEndpointServiceArgs extends CommonArgs {\n  gatewayMode?: pulumi.Input<string>;",
    );
    expect(changed).not.toBe(source);
    const problems = checkResourcePage(createProgram({ [SERVICE_FILE]: changed }), "VpcEndpointService", page("VpcEndpointService"), schema);
    expect(problems).toContain("VpcEndpointService arguments: `gatewayMode` (string) is in the types but not documented");
    expect(problems).toContain("VpcEndpointService: VpcEndpointServiceArgs.gatewayMode is not in the schema");
    expect(problems).toContain("VpcEndpointService: argument `gatewayMode` is not declared as an Output of the class");
  });

  it("fails for a documented field the types do not have, a wrong type name or value list, a wrong effect", () => {
    const original = page("VpcEndpointService");
    const tokenRow = original.split("\n").find((line) => line.startsWith("| `clientToken` |"))!;
    const extra = original.replace(tokenRow, `${tokenRow}\n| \`gatewayMode\` | \`string\` | — | | in place |`);
    expect(checkResourcePage(program, "VpcEndpointService", extra, schema)).toContain(
      "VpcEndpointService arguments: `gatewayMode` is documented but the types have no such field",
    );
    const payerRow = original.split("\n").find((line) => line.startsWith("| `payer` |"))!;
    const wrongValues = original.replace(payerRow, payerRow.replace(', `"EndpointService"`', ""));
    expect(checkResourcePage(program, "VpcEndpointService", wrongValues, schema)).toContain(
      'VpcEndpointService arguments: `payer` takes "Endpoint", "EndpointService", the page lists "Endpoint"',
    );
    const wrongType = original.replace(payerRow, payerRow.replace("`Payer`", "`string`"));
    expect(checkResourcePage(program, "VpcEndpointService", wrongType, schema)).toContain(
      "VpcEndpointService arguments: `payer` has type `Payer`, the page says `string`",
    );
    const wrongEffect = original.replace(payerRow, payerRow.replace(/\| replaces[^|]*\|$/, "| in place |"));
    expect(checkResourcePage(program, "VpcEndpointService", wrongEffect, schema)).toContain(
      'VpcEndpointService arguments: a change of `payer` replaces, the page says "in place"',
    );
    const statusRow = original.split("\n").find((line) => line.startsWith("| `serviceStatus` |"))!;
    const missingOutput = original.replace(`${statusRow}\n`, "");
    expect(checkResourcePage(program, "VpcEndpointService", missingOutput, schema)).toContain(
      "VpcEndpointService outputs: `serviceStatus` (ServiceStatus) is in the types but not documented",
    );
  });
});
