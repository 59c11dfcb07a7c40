// Property-based comparison with Alibaba's official signer (@alicloud/openapi-util, @alicloud/tea-typescript):
// random nested parameters with unicode, reserved characters and empty values must flatten, encode and sign
// identically under both signature versions.
import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildFormBody, flattenParams, type ApiParams, type ApiValue } from "../../src/client/encoding";
import { buildSignedRequest, hashPayload } from "../../src/client/signer";

const requireCjs = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const OpenApiUtil: any = requireCjs("@alicloud/openapi-util").default;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const $tea: any = requireCjs("@alicloud/tea-typescript");

const RUNS = 2000;
const RESERVED = new Set([
  "Action",
  "Version",
  "Format",
  "Timestamp",
  "SignatureNonce",
  "SignatureMethod",
  "SignatureVersion",
  "Signature",
  "AccessKeyId",
  "SecurityToken",
]);

const tricky = fc.constantFrom(
  "",
  " ",
  "a b",
  "*",
  "~",
  "!'()",
  "%",
  "%20",
  "+",
  "=",
  "&",
  "/",
  "?#",
  '"',
  ":;,@$",
  "\n\t\r",
  "中文",
  "é",
  "✓",
  "😀",
  "👩‍👩‍👧",
  "sg-hp33bw6ynvm2yb0e****",
);
const text = fc.oneof(
  tricky,
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.array(tricky, { maxLength: 4 }).map((a) => a.join("")),
);
const leaf: fc.Arbitrary<ApiValue> = fc.oneof(
  { weight: 6, arbitrary: text },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
const keyName = fc
  .oneof(
    { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,9}$/) },
    { weight: 1, arbitrary: fc.constantFrom("Weird Key*", "Tag.Key~", "ip", "a/b", "x+y", "中文", "é", "_u", "Z") },
  )
  .filter((k) => !RESERVED.has(k));

const { tree } = fc.letrec<{ tree: ApiValue }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("tree"), { maxLength: 4 }),
    fc.dictionary(keyName, tie("tree"), { maxKeys: 3, noNullPrototype: true }),
  ),
}));
const params: fc.Arbitrary<ApiParams> = fc.dictionary(keyName, tree, { maxKeys: 6, noNullPrototype: true });

const credentials = fc.record({
  accessKeyId: fc.oneof(fc.constant("LTAI5tVectorTestAccessKey"), fc.stringMatching(/^(STS\.)?[A-Za-z0-9]{8,24}$/)),
  accessKeySecret: fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9]{8,30}$/),
    fc.constant("se&cr+et/=~*"),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 10 }),
  ),
  securityToken: fc.option(fc.stringMatching(/^[A-Za-z0-9+/=]{10,60}$/), { nil: undefined }),
});
const nonce = fc.oneof(fc.uuid(), fc.stringMatching(/^[0-9a-f]{32}$/));
const timestamp = fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2035, 0, 1) }).map((ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"));
const action = fc.constantFrom("CreateVpcEndpoint", "ListVpcEndpoints", "AddZoneToVpcEndpoint", "TagResources");
const body = fc.option(params, { nil: undefined, freq: 3 });

function officialFlat(p: ApiParams | undefined): Record<string, string> {
  return p === undefined ? {} : OpenApiUtil.query(p);
}

describe("flattening and form encoding match @alicloud/openapi-util", () => {
  it(`flattenParams == OpenApiUtil.query and buildFormBody == OpenApiUtil.toForm (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(params, (p) => {
        const ours = flattenParams(p);
        const theirs = officialFlat(p);
        expect(ours).toEqual(theirs);
        expect(Object.keys(ours)).toEqual(Object.keys(theirs));
        expect(buildFormBody(ours)).toBe(OpenApiUtil.toForm(p));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("RPC signature V1 matches OpenApiUtil.getRPCSignature", () => {
  it(`complete signed attempts (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(action, params, body, credentials, nonce, timestamp, (act, p, b, creds, n, ts) => {
        const req = buildSignedRequest({
          signatureVersion: "v1",
          action: act,
          host: "privatelink.cn-hangzhou.aliyuncs.com",
          query: flattenParams(p),
          body: flattenParams(b),
          credentials: creds,
          nonce: n,
          timestamp: ts,
        });
        const signed: Record<string, string> = {
          Action: act,
          Format: "JSON",
          Version: "2020-04-15",
          Timestamp: ts,
          SignatureNonce: n,
          ...officialFlat(p),
        };
        if (creds.securityToken) signed.SecurityToken = creds.securityToken;
        signed.SignatureMethod = "HMAC-SHA1";
        signed.SignatureVersion = "1.0";
        signed.AccessKeyId = creds.accessKeyId;
        Object.assign(signed, officialFlat(b));
        const expected = OpenApiUtil.getRPCSignature(signed, "POST", creds.accessKeySecret);
        const wire = new URLSearchParams(req.queryString);
        expect(wire.get("Signature")).toBe(expected);
        // What travels (URL + body) decodes back to exactly the signed set.
        const sent: Record<string, string> = {};
        for (const [k, v] of wire) if (k !== "Signature") sent[k] = v;
        for (const [k, v] of new URLSearchParams(req.body.toString("utf8"))) sent[k] = v;
        expect(sent).toEqual(signed);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("signature V3 matches OpenApiUtil.getAuthorization", () => {
  it(`complete signed attempts (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(action, params, body, credentials, nonce, timestamp, (act, p, b, creds, n, ts) => {
        const host = "privatelink.cn-hangzhou.aliyuncs.com";
        const flatBody = flattenParams(b);
        const req = buildSignedRequest({
          signatureVersion: "v3",
          action: act,
          host,
          query: flattenParams(p),
          body: flatBody,
          credentials: creds,
          nonce: n,
          timestamp: ts,
        });
        const hasBody = Object.keys(flatBody).length > 0;
        const officialBody = hasBody ? Buffer.from(OpenApiUtil.toForm(b)) : Buffer.alloc(0);
        expect(req.body.equals(officialBody)).toBe(true);
        const payloadHex = OpenApiUtil.hexEncode(OpenApiUtil.hash(officialBody, "ACS3-HMAC-SHA256"));
        expect(hashPayload(req.body)).toBe(payloadHex);

        const official = new $tea.Request();
        official.method = "POST";
        official.pathname = "/";
        official.query = officialFlat(p);
        official.headers = {
          host,
          "x-acs-action": act,
          "x-acs-version": "2020-04-15",
          "x-acs-date": ts,
          "x-acs-signature-nonce": n,
          "x-acs-content-sha256": payloadHex,
        };
        if (hasBody) official.headers["content-type"] = "application/x-www-form-urlencoded";
        if (creds.securityToken) {
          official.headers["x-acs-security-token"] = creds.securityToken;
          official.headers["x-acs-accesskey-id"] = creds.accessKeyId;
        }
        const expected = OpenApiUtil.getAuthorization(official, "ACS3-HMAC-SHA256", payloadHex, creds.accessKeyId, creds.accessKeySecret);
        expect(req.headers.authorization).toBe(expected);
        const sentQuery: Record<string, string> = {};
        for (const [k, v] of new URLSearchParams(req.queryString)) sentQuery[k] = v;
        expect(sentQuery).toEqual(official.query);
      }),
      { numRuns: RUNS },
    );
  });

  it("rejects a lone surrogate with a clear error instead of signing garbage", () => {
    expect(() => flattenParams({ EndpointName: "ok\uD800" })).toThrow(/EndpointName contains a lone UTF-16 surrogate \(U\+D800\) at index 2/);
    expect(() => flattenParams({ Tag: [{ Key: "\uDC00x" }] })).toThrow(/Tag\.1\.Key contains a lone UTF-16 surrogate/);
    expect(flattenParams({ EndpointName: "😀" })).toEqual({ EndpointName: "😀" });
  });
});
