// ApiError mapping: fields, message shape, code sets, SignatureDoesNotMatch diagnosis, and no secret,
// signature or Authorization header anywhere in an error's message, JSON or inspect output.
import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ApiError,
  isNotFound,
  isStateConflict,
  isThrottling,
  NOT_FOUND_CODES,
  PrivateLinkClient,
  resolveSettings,
  STATE_CONFLICT_CODES,
  type ClientSettings,
} from "../../src/client";
import { diagnoseSignatureMismatch, parseResponse } from "../../src/client/errors";
import { percentEncode } from "../../src/client/encoding";
import { v1StringToSign, v3CanonicalHeaders, v3CanonicalQuery, v3CanonicalRequest, v3StringToSign } from "../../src/client/signer";
import { startFakeServer, type CapturedRequest, type FakeServer } from "../helpers/fake-server";

const vectors = JSON.parse(readFileSync(join(__dirname, "../fixtures/signature-vectors.json"), "utf8"));
const SECRET = "TopSecretValue-9f8e7d6c5b4a";
const TOKEN = "CAISsecretStsTokenValue+/=abc";
const emptyHome = mkdtempSync(join(tmpdir(), "pl-client-err-"));

describe("parseResponse maps the documented error bodies", () => {
  // The errorMapping section of the vector file: one synthetic server answer per case (three clients each).
  const cases = new Map<string, { status: number; headers: Record<string, string>; body: Record<string, unknown> }>();
  for (const m of vectors.errorMapping) cases.set(m.case, m.serverResponse);

  it("covers the four cases of the vector file", () => {
    expect([...cases.keys()].sort()).toEqual([
      "Forbidden.RAM-403-with-AccessDeniedDetail",
      "ServiceUnavailable-503",
      "SignatureDoesNotMatch-400",
      "Throttling.User-400-with-x-acs-retry-after",
    ]);
  });

  it.each([
    ["SignatureDoesNotMatch-400", false, undefined],
    ["Forbidden.RAM-403-with-AccessDeniedDetail", false, undefined],
    ["Throttling.User-400-with-x-acs-retry-after", true, 2000],
    ["ServiceUnavailable-503", true, undefined],
  ] as const)("%s → ApiError (retryable %s)", (name, retryable, retryAfterMs) => {
    const r = cases.get(name)!;
    const { ok, error } = parseResponse("ListVpcEndpoints", { status: r.status, headers: r.headers, body: JSON.stringify(r.body) });
    expect(ok).toBe(false);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      action: "ListVpcEndpoints",
      httpStatus: r.status,
      code: r.body.Code,
      requestId: r.body.RequestId,
      hostId: r.body.HostId,
      recommend: r.body.Recommend,
      retryable,
      attempts: 1,
      retryAfterMs,
    });
    expect(error!.message.startsWith(`ListVpcEndpoints failed: ${r.body.Code} (HTTP ${r.status}): `)).toBe(true);
    expect(error!.message.endsWith(` RequestId: ${r.body.RequestId}`)).toBe(true);
    if (name.startsWith("Forbidden")) expect(error!.accessDeniedDetail).toEqual(r.body.AccessDeniedDetail);
  });

  it("reads like the documented sentence", () => {
    const { error } = parseResponse("CreateVpcEndpoint", {
      status: 400,
      headers: {},
      body: JSON.stringify({ RequestId: "0E5D5D4A-1", Code: "EndpointServiceNotFound", Message: "The specified service does not exist." }),
    });
    expect(error!.message).toBe("CreateVpcEndpoint failed: EndpointServiceNotFound (HTTP 400): The specified service does not exist. RequestId: 0E5D5D4A-1");
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ code: "EndpointServiceNotFound", httpStatus: 400, requestId: "0E5D5D4A-1", retryable: false });
  });

  it("a successful 2xx JSON body is data", () => {
    expect(parseResponse("X", { status: 200, headers: {}, body: '{"RequestId":"r","Code":"200","EndpointId":"ep-1"}' })).toMatchObject({
      ok: true,
      data: { EndpointId: "ep-1" },
    });
  });
});

describe("code sets and helpers", () => {
  const err = (code: string) => new ApiError({ action: "A", httpStatus: 400, code, message: "m", retryable: false });

  it("NOT_FOUND_CODES per family", () => {
    expect(NOT_FOUND_CODES).toEqual({
      service: ["EndpointServiceNotFound"],
      endpoint: ["EndpointNotFound"],
      zone: ["EndpointZoneNotFound", "EndpointNotFound"],
      connection: ["EndpointConnectionNotFound", "EndpointServiceNotFound", "EndpointNotFound"],
      resource: ["EndpointServiceResourceNotFound", "EndpointServiceNotFound"],
      securityGroup: ["SecurityGroupNotFound", "EndpointNotFound"],
      user: ["EndpointServiceNotFound"],
      elasticsearchEndpoint: ["EndpointNotFound", "InstanceNotFound"],
      activation: [],
    });
    expect(isNotFound(err("InstanceNotFound"), "elasticsearchEndpoint")).toBe(true);
    expect(isNotFound(err("InstanceNotFound"), "endpoint")).toBe(false);
    expect(isNotFound(err("EndpointZoneNotFound"), "zone")).toBe(true);
    expect(isNotFound(err("EndpointZoneNotFound"), "endpoint")).toBe(false);
    expect(isNotFound(err("EndpointNotFound"), "securityGroup")).toBe(true);
    expect(isNotFound(new Error("EndpointNotFound"), "endpoint")).toBe(false);
  });

  it("state conflicts include every IncorrectStatus.* code", () => {
    for (const c of STATE_CONFLICT_CODES) expect(isStateConflict(err(c))).toBe(true);
    expect(isStateConflict(err("IncorrectStatus.Endpoint"))).toBe(true);
    expect(isStateConflict(err("IncorrectStatus"))).toBe(true);
    expect(isStateConflict(err("EndpointNotFound"))).toBe(false);
  });

  it("throttling is any code containing Throttling", () => {
    for (const c of ["Throttling", "Throttling.User", "Throttling.Api", "Throttling.Resource", "Rejected.Throttling"]) expect(isThrottling(err(c))).toBe(true);
    expect(isThrottling(err("ServiceUnavailable"))).toBe(false);
  });
});

describe("SignatureDoesNotMatch diagnosis", () => {
  const prefix = "Specified signature is not matched with our calculation. server string to sign is:";
  it("equal strings → wrong secret; different → canonicalisation, with the first differing position", () => {
    expect(diagnoseSignatureMismatch(prefix + "POST&%2F&abc", "POST&%2F&abc")).toEqual({ diagnosis: "secret-mismatch" });
    expect(diagnoseSignatureMismatch(prefix + "POST&%2F&abd", "POST&%2F&abc")).toEqual({ diagnosis: "canonicalization-mismatch", firstDifference: 11 });
    expect(diagnoseSignatureMismatch("Specified signature is not matched.", "x")).toEqual({ diagnosis: "unknown" });
  });
});

/** Everything a person or a log could see of an error. */
function everyRendering(e: unknown): string {
  const own =
    e instanceof Error ? Object.getOwnPropertyNames(e).map((k) => `${k}=${inspect((e as unknown as Record<string, unknown>)[k], { depth: 10 })}`) : [];
  return [String(e), (e as Error).message, (e as Error).stack, JSON.stringify(e), inspect(e, { depth: 10, showHidden: true }), ...own].join("\n");
}

describe.each(["v3", "v1"] as const)("errors from real calls never leak credentials (%s)", (signatureVersion) => {
  let server: FakeServer;
  beforeEach(async () => {
    server = await startFakeServer();
  });
  afterEach(async () => {
    await server.close();
  });

  const settings = (extra: ClientSettings = {}) =>
    resolveSettings({
      explicit: {
        region: "cn-hangzhou",
        endpoint: server.url,
        accessKeyId: "STS.LeakCheckAk",
        accessKeySecret: SECRET,
        securityToken: TOKEN,
        signatureVersion,
        maxRetries: 1,
        ...extra,
      },
      env: {},
      homeDir: emptyHome,
    });

  /** The server's V1 string-to-sign computed from what it received (what the real gateway echoes). */
  const serverStringToSign = (r: CapturedRequest, tamper: boolean) => {
    if (signatureVersion === "v3") {
      const names = /SignedHeaders=([^,]+)/.exec(String(r.headers.authorization))![1].split(";");
      const headers = Object.fromEntries(names.map((n) => [n, String(r.headers[n])]));
      const ch = v3CanonicalHeaders(headers);
      const canonicalRequest = v3CanonicalRequest({
        method: r.method,
        canonicalUri: "/",
        canonicalQuery: v3CanonicalQuery(tamper ? { ...r.query, RegionId: "cn-shanghai" } : r.query),
        canonicalHeaders: ch.canonicalHeaders,
        signedHeaders: ch.signedHeaders,
        hashedPayload: String(r.headers["x-acs-content-sha256"]),
      });
      return v3StringToSign(canonicalRequest);
    }
    const { Signature: _s, ...signed } = { ...r.query, ...r.form };
    if (tamper) signed.RegionId = "cn-shanghai";
    const canonical = Object.keys(signed)
      .sort()
      .map((k) => `${percentEncode(k)}=${percentEncode(signed[k])}`)
      .join("&");
    return v1StringToSign(r.method, canonical);
  };

  function secretsOf(r: CapturedRequest): string[] {
    const out = [SECRET, TOKEN, percentEncode(TOKEN), percentEncode(percentEncode(TOKEN)), "Authorization", "authorization", "ACS3-HMAC-SHA256 Credential"];
    if (r.query.Signature) out.push(r.query.Signature, percentEncode(r.query.Signature));
    const auth = r.headers.authorization;
    if (typeof auth === "string") out.push(auth, /Signature=([0-9a-f]+)/.exec(auth)![1]);
    return out;
  }

  it.each([false, true])("SignatureDoesNotMatch (canonicalisation differs: %s) names the cause, hides the echo", async (tamper) => {
    server.setResponder((r) => {
      const sts = serverStringToSign(r, tamper);
      return {
        status: 400,
        body: {
          RequestId: "req-sig",
          HostId: "privatelink.cn-hangzhou.aliyuncs.com",
          Code: "SignatureDoesNotMatch",
          Message: `Specified signature is not matched with our calculation. server string to sign is:${sts}`,
        },
      };
    });
    const client = new PrivateLinkClient(settings());
    const err = await client.call("CreateVpcEndpoint", { ServiceId: "epsrv-1" }).catch((e) => e);
    client.close();
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe("SignatureDoesNotMatch");
    expect(err.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
    if (tamper) {
      expect(err.signatureDiagnosis).toBe("canonicalization-mismatch");
      expect(err.message).toMatch(/canonicalised differently/);
    } else {
      expect(err.signatureDiagnosis).toBe("secret-mismatch");
      expect(err.message).toMatch(/AccessKey secret is wrong/);
    }
    expect(err.message).not.toMatch(/server string to sign is/);
    const text = everyRendering(err);
    for (const s of secretsOf(server.requests[0])) expect(text).not.toContain(s);
  });

  it("transport failures (reset, timeout) carry no URL, signature or credentials", async () => {
    server.setResponder((_r, i) => (i % 2 === 0 ? { reset: true } : { delayMs: 300, body: {} }));
    const client = new PrivateLinkClient(settings({ maxRetries: 1 }), { sleep: async () => {} });
    const err = await client.call("ListVpcEndpoints", {}, { timeoutMs: 80 }).catch((e) => e);
    client.close();
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe("Timeout");
    expect(err.retryable).toBe(true);
    expect(err.attempts).toBe(2);
    expect(err.cause).toBeUndefined();
    const text = everyRendering(err);
    for (const r of server.requests) for (const s of secretsOf(r)) expect(text).not.toContain(s);
    expect(text).not.toContain("127.0.0.1");
    expect(text).not.toContain("SignatureNonce");
  });
});
