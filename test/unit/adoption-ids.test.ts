// The IDs `adoptExistingId` and `get(name, id)` accept: each resource's own colon-joined format, which is also the
// alicloud provider's (Terraform and @pulumi/alicloud), with that provider's variants as aliases normalised to ours;
// malformed IDs fail at preview naming the field, the part and the rule.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetProviderContext, setStackConfig } from "../../src/provider/context";
import { lifecycleFor } from "../../src/provider/runtime";
import { endpointConnectionDefinition } from "../../src/resources/endpoint-connection";
import { endpointZoneDefinition } from "../../src/resources/endpoint-zone";
import { securityGroupAttachmentDefinition } from "../../src/resources/security-group-attachment";
import { serviceResourceAttachmentDefinition } from "../../src/resources/service-resource-attachment";
import { whitelistUserDefinition } from "../../src/resources/whitelist-user";

// check resolves the settings (no call): static keys and an endpoint that nothing listens on.
beforeAll(() => {
  const config: Record<string, string> = {
    "alicloud-privatelink:region": "cn-hangzhou",
    "alicloud-privatelink:endpoint": "http://127.0.0.1:9",
    "alicloud-privatelink:allowInsecureHttp": "true",
    "alicloud-privatelink:accessKeyId": "LTAI-adoption-ids",
    "alicloud-privatelink:accessKeySecret": "adoption-ids-secret",
  };
  setStackConfig({ get: (k: string) => config[k] });
});
afterAll(() => resetProviderContext());

const SVC = "epsrv-bp1adopt0000000001";
const EP = "ep-bp1adopt00000000000001";
const ZONE = "cn-hangzhou-h";

async function checkFailures(kind: string, news: Record<string, unknown>): Promise<string[]> {
  const result = await lifecycleFor(kind).check({}, { ...news, __provider: "x" });
  return (result.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
}

describe("parsing IDs: ours and the alicloud provider's", () => {
  it.each([
    // [what, parser, id, parts]
    ["ServiceResourceAttachment, ours and Terraform's for an slb", serviceResourceAttachmentDefinition, `${SVC}:lb-1`, { serviceId: SVC, resourceId: "lb-1" }],
    [
      "ServiceResourceAttachment with a zone, ours and Terraform's",
      serviceResourceAttachmentDefinition,
      `${SVC}:alb-1:${ZONE}`,
      { serviceId: SVC, resourceId: "alb-1", zoneId: ZONE },
    ],
    [
      "ServiceResourceAttachment, Terraform's for a backend attached without a zone (empty last part)",
      serviceResourceAttachmentDefinition,
      `${SVC}:nlb-1:`,
      { serviceId: SVC, resourceId: "nlb-1" },
    ],
    ["WhitelistUser by account, ours and Terraform's", whitelistUserDefinition, `${SVC}:1380000000000002`, { serviceId: SVC, userId: "1380000000000002" }],
    [
      "WhitelistUser by ARN (ours only)",
      whitelistUserDefinition,
      `${SVC}:acs:ram:*:1380000000000002:*`,
      { serviceId: SVC, userArn: "acs:ram:*:1380000000000002:*" },
    ],
    ["EndpointZone, ours and Terraform's", endpointZoneDefinition, `${EP}:${ZONE}`, { endpointId: EP, zoneId: ZONE }],
    ["EndpointConnection, ours and Terraform's", endpointConnectionDefinition, `${SVC}:${EP}`, { serviceId: SVC, endpointId: EP }],
    ["SecurityGroupAttachment (ours; Terraform has none)", securityGroupAttachmentDefinition, `${EP}:sg-1`, { endpointId: EP, securityGroupId: "sg-1" }],
  ])("%s: %s", (_what, def, id, parts) => {
    expect(def.stateFromId!(id as string)).toEqual(parts);
  });

  it.each([
    [serviceResourceAttachmentDefinition, SVC, `ServiceResourceAttachment ID "${SVC}" must look like <serviceId>:<resourceId>[:<zoneId>]: it has 1 part`],
    [
      serviceResourceAttachmentDefinition,
      `${SVC}:lb-1:${ZONE}:x`,
      `ServiceResourceAttachment ID "${SVC}:lb-1:${ZONE}:x" must look like <serviceId>:<resourceId>[:<zoneId>]: it has 4 parts`,
    ],
    [serviceResourceAttachmentDefinition, `${SVC}::${ZONE}`, "resourceId is empty"],
    [serviceResourceAttachmentDefinition, `svc-1:lb-1`, 'serviceId must match the rule: an endpoint service ID (epsrv-…) (got "svc-1")'],
    [serviceResourceAttachmentDefinition, `${SVC}:lb-1:H`, 'zoneId must match the rule: a zone ID such as cn-hangzhou-h (got "H")'],
    [whitelistUserDefinition, SVC, `WhitelistUser ID "${SVC}" must look like <serviceId>:<userId> or <serviceId>:<userArn>: it has no colon`],
    [whitelistUserDefinition, `${SVC}:`, "userId is empty"],
    [whitelistUserDefinition, `${SVC}:bob`, 'userId must match the rule: an account ID made of digits (got "bob")'],
    [whitelistUserDefinition, `:1380000000000002`, "serviceId is empty"],
    [endpointZoneDefinition, EP, `EndpointZone ID "${EP}" must look like <endpointId>:<zoneId>: it has 1 part`],
    [endpointZoneDefinition, `${ZONE}:${EP}`, "endpointId must match the rule: an endpoint ID (ep-…)"],
    [endpointConnectionDefinition, `${EP}:${SVC}`, "serviceId must match the rule: an endpoint service ID (epsrv-…)"],
    [endpointConnectionDefinition, `${SVC}:${EP}:${ZONE}`, "it has 3 parts"],
    [securityGroupAttachmentDefinition, `${EP}:group-1`, "securityGroupId must match the rule: a security group ID (sg-…)"],
  ])("%#: %s rejects %j, naming the part and the rule", (def, id, message) => {
    expect(() => def.stateFromId!(id)).toThrow(message);
  });
});

describe("adoptExistingId at preview", () => {
  it.each([
    ["ServiceResourceAttachment", { serviceId: SVC, resourceId: "lb-1", adoptExistingId: `${SVC}:lb-1` }],
    // Terraform's ID for an slb leaves the zone out; ours has it when the program declares it.
    ["ServiceResourceAttachment", { serviceId: SVC, resourceId: "lb-1", zoneId: ZONE, adoptExistingId: `${SVC}:lb-1` }],
    // Terraform's documented import format names the zone of an slb; the program may leave it to the cloud.
    ["ServiceResourceAttachment", { serviceId: SVC, resourceId: "lb-1", adoptExistingId: `${SVC}:lb-1:${ZONE}` }],
    ["ServiceResourceAttachment", { serviceId: SVC, resourceId: "nlb-1", resourceType: "nlb", zoneId: ZONE, adoptExistingId: `${SVC}:nlb-1:` }],
    ["WhitelistUser", { serviceId: SVC, userId: "1380000000000002", adoptExistingId: `${SVC}:1380000000000002` }],
    ["EndpointZone", { endpointId: EP, zoneId: ZONE, vSwitchId: "vsw-1", adoptExistingId: `${EP}:${ZONE}` }],
    ["EndpointConnection", { serviceId: SVC, endpointId: EP, adoptExistingId: `${SVC}:${EP}` }],
    ["SecurityGroupAttachment", { endpointId: EP, securityGroupId: "sg-1", adoptExistingId: `${EP}:sg-1` }],
  ])("%s accepts %j", async (kind, news) => {
    expect(await checkFailures(kind, news)).toEqual([]);
  });

  it.each([
    [
      "ServiceResourceAttachment",
      { serviceId: SVC, resourceId: "lb-1", adoptExistingId: `${SVC}:lb-2` },
      `adoptExistingId: adoptExistingId "${SVC}:lb-2" names resourceId "lb-2", but the inputs declare resourceId "lb-1": it must name the ServiceResourceAttachment the inputs declare`,
    ],
    [
      "ServiceResourceAttachment",
      { serviceId: SVC, resourceId: "alb-1", resourceType: "alb", zoneId: "cn-hangzhou-i", adoptExistingId: `${SVC}:alb-1:${ZONE}` },
      `adoptExistingId: adoptExistingId "${SVC}:alb-1:${ZONE}" names zoneId "${ZONE}", but the inputs declare zoneId "cn-hangzhou-i"`,
    ],
    [
      "ServiceResourceAttachment",
      { serviceId: SVC, resourceId: "lb-1", adoptExistingId: `${SVC}:lb-1:${ZONE}:x` },
      `adoptExistingId: adoptExistingId is malformed: ServiceResourceAttachment ID "${SVC}:lb-1:${ZONE}:x" must look like <serviceId>:<resourceId>[:<zoneId>]: it has 4 parts`,
    ],
    [
      "WhitelistUser",
      { serviceId: SVC, userArn: "acs:ram:*:1380000000000002:*", adoptExistingId: `${SVC}:1380000000000002` },
      `adoptExistingId: adoptExistingId "${SVC}:1380000000000002" names userId "1380000000000002", but the inputs do not declare userId`,
    ],
    [
      "WhitelistUser",
      { serviceId: SVC, userId: "1380000000000002", adoptExistingId: `${SVC}:12x` },
      `adoptExistingId: adoptExistingId is malformed: WhitelistUser ID "${SVC}:12x" must look like <serviceId>:<userId> or <serviceId>:<userArn>: userId must match the rule: an account ID made of digits (got "12x")`,
    ],
    [
      "EndpointZone",
      { endpointId: EP, zoneId: ZONE, vSwitchId: "vsw-1", adoptExistingId: `${EP}/${ZONE}` },
      `adoptExistingId: adoptExistingId is malformed: EndpointZone ID "${EP}/${ZONE}" must look like <endpointId>:<zoneId>: it has 1 part`,
    ],
    [
      "EndpointConnection",
      { serviceId: SVC, endpointId: EP, adoptExistingId: `${EP}:${SVC}` },
      "adoptExistingId: adoptExistingId is malformed: EndpointConnection ID",
    ],
    [
      "EndpointConnection",
      { serviceId: SVC, endpointId: EP, adoptExistingId: `${SVC}:ep-other` },
      `adoptExistingId: adoptExistingId "${SVC}:ep-other" names endpointId "ep-other", but the inputs declare endpointId "${EP}"`,
    ],
    [
      "SecurityGroupAttachment",
      { endpointId: EP, securityGroupId: "sg-1", adoptExistingId: `${EP}:sg-2` },
      `adoptExistingId: adoptExistingId "${EP}:sg-2" names securityGroupId "sg-2", but the inputs declare securityGroupId "sg-1"`,
    ],
  ])("%s refuses %j", async (kind, news, expected) => {
    const found = await checkFailures(kind, news);
    expect(
      found.some((f) => f.startsWith(expected)),
      found.join("\n"),
    ).toBe(true);
  });

  it("a part the preview does not know yet is not compared", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect(await checkFailures("EndpointConnection", { serviceId: unknown, endpointId: EP, adoptExistingId: `${SVC}:${EP}` })).toEqual([]);
  });
});
