import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import OpenApiUtil from "@alicloud/openapi-util";
import { DEFAULT_ACCOUNTS } from "../../src/emulator/accounts";
import {
  SIGNATURE_MISMATCH_PREFIX,
  parseTimestamp,
  parseV3Authorization,
  v1Signature,
  v1StringToSign,
  v3Canonical,
  v3Signature,
  NonceCache,
} from "../../src/emulator/auth";
import { admin, rawRequest, startFake, toQuery, v1Request, v3Request, v3Sign, type RawResponse } from "./protocol-helpers";
import type { RunningEmulator } from "../../src/emulator/server";
import type { FakeWorld } from "./protocol-helpers";

const owner = DEFAULT_ACCOUNTS[0]!;
const consumer = DEFAULT_ACCOUNTS[1]!;
const UUID_UPPER = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function expectError(r: RawResponse, status: number, code: string): void {
  expect({ status: r.status, code: r.json?.Code }).toEqual({ status, code });
  expect(r.json.RequestId).toMatch(UUID_UPPER);
  expect(r.json.HostId).toBe("privatelink.cn-hangzhou.aliyuncs.com");
  expect(r.json.Recommend).toContain(`q=${code}`);
  expect(r.json.Recommend).toContain(r.json.RequestId);
  expect(r.headers["content-type"]).toBe("application/json;charset=utf-8");
}

describe("signature algorithms (pure)", () => {
  it("reproduces Alibaba's published V1 vector (DescribeRegions, GET and POST)", () => {
    const params = {
      AccessKeyId: "testid",
      Action: "DescribeRegions",
      Format: "XML",
      SignatureMethod: "HMAC-SHA1",
      SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
      SignatureVersion: "1.0",
      Timestamp: "2016-02-23T12:46:24Z",
      Version: "2014-05-26",
    };
    const sts = v1StringToSign("GET", params);
    expect(sts).toBe(
      "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
    );
    expect(v1Signature(sts, "testsecret")).toBe("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    expect(v1Signature(v1StringToSign("POST", params), "testsecret")).toBe("MxbnVAM4w6sft9xjVpe/GCKueuk=");
  });

  it("reproduces the spec's corrected PrivateLink V1 vector", () => {
    const params = {
      Action: "CreateVpcEndpointServiceConfiguration",
      Timestamp: "2016-02-23T12:46:24Z",
      Format: "XML",
      AccessKeyId: "testid",
      SignatureMethod: "HMAC-SHA1",
      SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
      Version: "2019-02-18",
      SignatureVersion: "1.0",
    };
    expect(v1Signature(v1StringToSign("GET", params), "testsecret")).toBe("3X0vYzarMtYMgmTkGk2kOhspepY=");
  });

  it("reproduces the documented V3 RunInstances vector", () => {
    const headers = {
      host: ["ecs.cn-shanghai.aliyuncs.com"],
      "x-acs-action": ["RunInstances"],
      "x-acs-version": ["2014-05-26"],
      "x-acs-date": ["2023-10-26T10:22:32Z"],
      "x-acs-signature-nonce": ["3156853299f313e23d1673dc12e1703d"],
      "x-acs-content-sha256": ["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    };
    const { stringToSign } = v3Canonical(
      "POST",
      "/",
      { ImageId: "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd", RegionId: "cn-shanghai" },
      headers,
      Object.keys(headers),
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    expect(stringToSign).toBe("ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
    expect(v3Signature(stringToSign, "YourAccessKeySecret")).toBe("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
  });

  it("parses Authorization headers and refuses malformed ones", () => {
    expect(parseV3Authorization("ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host;x-acs-date,Signature=abc123")).toEqual({
      credential: "AK",
      signedHeaders: ["host", "x-acs-date"],
      signature: "abc123",
    });
    expect(parseV3Authorization("ACS3-HMAC-SHA256 Credential=AK, SignedHeaders=host, Signature=ab")).toBeDefined();
    for (const bad of [
      "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host",
      "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=zz",
      "ACS3-HMAC-SHA256",
      "Bearer x",
      "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host;;x,Signature=ab",
    ]) {
      expect(parseV3Authorization(bad)).toBeUndefined();
    }
  });

  it("parses only real UTC timestamps", () => {
    expect(parseTimestamp("2025-01-15T09:05:35Z")).toBe(Date.UTC(2025, 0, 15, 9, 5, 35));
    expect(parseTimestamp("2025-01-15T09:05:35.123Z")).toBe(Date.UTC(2025, 0, 15, 9, 5, 35));
    for (const bad of ["2025-02-30T00:00:00Z", "2025-01-15 09:05:35", "2025-01-15T09:05:35+08:00", "yesterday", "2025-01-15T24:00:00Z"]) {
      expect(parseTimestamp(bad)).toBeUndefined();
    }
  });

  it("forgets nonces after the retention and bounds its memory", () => {
    const cache = new NonceCache(1000, 3);
    expect(cache.checkAndRecord("ak", "n1", 0)).toBe(true);
    expect(cache.checkAndRecord("ak", "n1", 500)).toBe(false);
    expect(cache.checkAndRecord("other", "n1", 500)).toBe(true);
    expect(cache.checkAndRecord("ak", "n1", 1001)).toBe(true);
    for (let i = 0; i < 10; i++) cache.checkAndRecord("ak", `x${i}`, 1100);
    expect(cache.size).toBeLessThanOrEqual(3);
  });
});

describe("authentication over HTTP", () => {
  let emu: RunningEmulator<FakeWorld>;
  beforeAll(async () => {
    emu = await startFake();
  });
  afterAll(async () => {
    await emu.stop();
  });

  it("accepts V1 over POST with query parameters, GET, and a form body (body wins)", async () => {
    const post = await v1Request(emu.endpoint, {
      action: "CreateVpcEndpoint",
      params: { RegionId: "cn-hangzhou", VpcId: "vpc-1", EndpointName: "a*b c" },
      account: owner,
    });
    expect(post.status).toBe(200);
    expect(post.json.EndpointId).toMatch(/^ep-/);
    expect(post.json.RequestId).toMatch(UUID_UPPER);
    expect(post.headers["content-type"]).toBe("application/json;charset=utf-8");
    expect(post.headers["x-acs-request-id"]).toBe(post.json.RequestId);
    expect(emu.world.lastContext!.params).toEqual({ RegionId: "cn-hangzhou", VpcId: "vpc-1", EndpointName: "a*b c" });
    expect(emu.world.lastContext!.accountId).toBe(owner.accountId);
    expect(emu.world.lastContext!.viaSts).toBe(false);

    const get = await v1Request(emu.endpoint, {
      method: "GET",
      action: "GetVpcEndpointAttribute",
      params: { EndpointId: post.json.EndpointId },
      account: owner,
    });
    expect(get.status).toBe(200);
    expect(get.json.EndpointName).toBe("a*b c");

    const form = await v1Request(emu.endpoint, {
      action: "CreateVpcEndpoint",
      params: { RegionId: "cn-hangzhou", VpcId: "vpc-query" },
      bodyParams: { VpcId: "vpc-body", "Tag.1.Key": "env", "Tag.1.Value": "生产 env" },
      account: consumer,
    });
    expect(form.status).toBe(200);
    expect(emu.world.lastContext!.params.VpcId).toBe("vpc-body");
    expect(emu.world.lastContext!.params["Tag.1.Value"]).toBe("生产 env");
    expect(emu.world.lastContext!.accountId).toBe(consumer.accountId);
  });

  it("verifies from decoded values: raw '*' and '+'-encoded spaces both verify", async () => {
    const query: Record<string, string> = {
      Action: "CreateVpcEndpoint",
      Format: "JSON",
      Version: "2020-04-15",
      Timestamp: OpenApiUtil.getTimestamp(),
      SignatureNonce: randomUUID(),
      RegionId: "cn-hangzhou",
      VpcId: "vpc-1",
      EndpointName: "star* and space",
      SignatureMethod: "HMAC-SHA1",
      SignatureVersion: "1.0",
      AccessKeyId: owner.accessKeyId,
    };
    const sig = OpenApiUtil.getRPCSignature(query, "POST", owner.accessKeySecret);
    // Encode like Node's querystring/axios do: '*' stays raw, space as '+'.
    const qs = Object.entries({ ...query, Signature: sig })
      .map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%20/g, "+")}`)
      .join("&");
    expect(qs).toContain("star*+and+space");
    const r = await rawRequest(emu.endpoint, { method: "POST", path: `/?${qs}` });
    expect(r.status).toBe(200);
    expect(emu.world.lastContext!.params.EndpointName).toBe("star* and space");
  });

  it("accepts V3 with query parameters and with a form body", async () => {
    const a = await v3Request(emu.endpoint, {
      action: "CreateVpcEndpoint",
      params: { RegionId: "cn-hangzhou", VpcId: "vpc-9", EndpointName: "x*y" },
      account: owner,
    });
    expect(a.status).toBe(200);
    expect(emu.world.lastContext!.params).toEqual({ RegionId: "cn-hangzhou", VpcId: "vpc-9", EndpointName: "x*y" });
    const b = await v3Request(emu.endpoint, {
      action: "CreateVpcEndpoint",
      params: { RegionId: "cn-hangzhou" },
      bodyParams: { VpcId: "vpc-form", "SecurityGroupId.1": "sg-1" },
      account: owner,
    });
    expect(b.status).toBe(200);
    expect(emu.world.lastContext!.params).toEqual({ RegionId: "cn-hangzhou", VpcId: "vpc-form", "SecurityGroupId.1": "sg-1" });
    const get = await v3Request(emu.endpoint, { method: "GET", action: "GetVpcEndpointAttribute", params: { EndpointId: a.json.EndpointId }, account: owner });
    expect(get.status).toBe(200);
  });

  it("refuses a tampered V1 signature and echoes the server's string to sign", async () => {
    const ts = OpenApiUtil.getTimestamp();
    const nonce = randomUUID();
    const good = { action: "ListVpcEndpoints", params: { RegionId: "cn-hangzhou" }, account: owner, timestamp: ts, nonce };
    const r = await v1Request(emu.endpoint, { ...good, account: { accessKeyId: owner.accessKeyId, accessKeySecret: "wrong-secret" } });
    expectError(r, 400, "SignatureDoesNotMatch");
    const expectedSts = v1StringToSign("POST", {
      Action: "ListVpcEndpoints",
      Format: "JSON",
      Version: "2020-04-15",
      Timestamp: ts,
      SignatureNonce: nonce,
      RegionId: "cn-hangzhou",
      SignatureMethod: "HMAC-SHA1",
      SignatureVersion: "1.0",
      AccessKeyId: owner.accessKeyId,
    });
    expect(r.json.Message).toBe(SIGNATURE_MISMATCH_PREFIX + expectedSts);
    // The failed attempt did not burn the nonce: the correctly signed request with the same nonce passes.
    expect((await v1Request(emu.endpoint, good)).status).toBe(200);
  });

  it("refuses V1 requests whose parameters changed after signing, or signed for another method", async () => {
    const sigFor = (method: string) => {
      const q: Record<string, string> = {
        Action: "ListVpcEndpoints",
        Format: "JSON",
        Version: "2020-04-15",
        Timestamp: OpenApiUtil.getTimestamp(),
        SignatureNonce: randomUUID(),
        RegionId: "cn-hangzhou",
        SignatureMethod: "HMAC-SHA1",
        SignatureVersion: "1.0",
        AccessKeyId: owner.accessKeyId,
      };
      q.Signature = OpenApiUtil.getRPCSignature(q, method, owner.accessKeySecret);
      return q;
    };
    const changed = { ...sigFor("POST"), RegionId: "cn-beijing" };
    expectError(await rawRequest(emu.endpoint, { method: "POST", path: `/?${toQuery(changed)}` }), 400, "SignatureDoesNotMatch");
    expectError(await rawRequest(emu.endpoint, { method: "GET", path: `/?${toQuery(sigFor("POST"))}` }), 400, "SignatureDoesNotMatch");
  });

  it("refuses tampered V3 requests: signature, query, body and signed header", async () => {
    const base = { action: "ListVpcEndpoints", params: { RegionId: "cn-hangzhou" }, account: owner } as const;
    const sig = await v3Request(emu.endpoint, base, (p) => {
      p.headers.Authorization = p.headers.Authorization!.replace(/Signature=([0-9a-f])/, (_m, c: string) => `Signature=${c === "0" ? "1" : "0"}`);
    });
    expectError(sig, 400, "SignatureDoesNotMatch");
    expect(sig.json.Message.startsWith(SIGNATURE_MISMATCH_PREFIX + "ACS3-HMAC-SHA256\n")).toBe(true);
    const query = await v3Request(emu.endpoint, base, (p) => {
      p.path = p.path.replace("cn-hangzhou", "cn-beijing");
    });
    expectError(query, 400, "SignatureDoesNotMatch");
    const body = await v3Request(emu.endpoint, { ...base, action: "CreateVpcEndpoint", bodyParams: { VpcId: "vpc-1" } }, (p) => {
      p.body = p.body.replace("vpc-1", "vpc-2");
    });
    expectError(body, 400, "SignatureDoesNotMatch");
    const hdr = await v3Request(emu.endpoint, base, (p) => {
      p.headers["x-acs-action"] = "CreateVpcEndpoint";
    });
    expectError(hdr, 400, "SignatureDoesNotMatch");
  });

  it("refuses malformed or incomplete V3 authorization", async () => {
    const base = { action: "ListVpcEndpoints", params: { RegionId: "cn-hangzhou" }, account: owner } as const;
    const malformed = await v3Request(emu.endpoint, base, (p) => {
      p.headers.Authorization = "ACS3-HMAC-SHA256 Credential=" + owner.accessKeyId;
    });
    expectError(malformed, 400, "IncompleteSignature");
    const unsignedDate = await v3Request(emu.endpoint, base, (p) => {
      p.headers.Authorization = p.headers.Authorization!.replace("x-acs-date;", "");
    });
    expectError(unsignedDate, 400, "IncompleteSignature");
    const noDate = await v3Request(emu.endpoint, base, (p) => {
      delete p.headers["x-acs-date"];
    });
    expectError(noDate, 400, "MissingParameter");
    const other = await rawRequest(emu.endpoint, {
      method: "POST",
      path: "/?Action=ListVpcEndpoints&Version=2020-04-15",
      headers: { Authorization: "Bearer abc" },
    });
    expectError(other, 400, "IncompleteSignature");
  });

  it("refuses expired and malformed timestamps (V1 and V3)", async () => {
    const old = isoSeconds(Date.now() - 16 * 60 * 1000);
    const future = isoSeconds(Date.now() + 16 * 60 * 1000);
    const base = { action: "ListVpcEndpoints", params: { RegionId: "cn-hangzhou" }, account: owner } as const;
    expectError(await v1Request(emu.endpoint, { ...base, timestamp: old }), 400, "InvalidTimeStamp.Expired");
    expectError(await v1Request(emu.endpoint, { ...base, timestamp: future }), 400, "InvalidTimeStamp.Expired");
    expectError(await v3Request(emu.endpoint, { ...base, timestamp: old }), 400, "InvalidTimeStamp.Expired");
    expectError(await v1Request(emu.endpoint, { ...base, timestamp: "2025/01/01 00:00:00" }), 400, "InvalidTimeStamp.Format");
    expectError(await v3Request(emu.endpoint, { ...base, timestamp: "not-a-date" }), 400, "InvalidTimeStamp.Format");
    // 14 minutes off is inside the window.
    expect((await v1Request(emu.endpoint, { ...base, timestamp: isoSeconds(Date.now() - 14 * 60 * 1000) })).status).toBe(200);
  });

  it("refuses a reused nonce per access key (V1 and V3)", async () => {
    const base = { action: "ListVpcEndpoints", params: { RegionId: "cn-hangzhou" }, account: owner } as const;
    const nonce = randomUUID();
    expect((await v1Request(emu.endpoint, { ...base, nonce })).status).toBe(200);
    expectError(await v1Request(emu.endpoint, { ...base, nonce }), 400, "SignatureNonceUsed");
    expect((await v1Request(emu.endpoint, { ...base, nonce, account: consumer })).status).toBe(200);
    const n3 = randomUUID();
    expect((await v3Request(emu.endpoint, { ...base, nonce: n3 })).status).toBe(200);
    expectError(await v3Request(emu.endpoint, { ...base, nonce: n3 }), 400, "SignatureNonceUsed");
  });

  it("answers unknown keys with InvalidAccessKeyId.NotFound (404) and missing pieces with the right codes", async () => {
    const stranger = { accessKeyId: "LTAI-NOBODY", accessKeySecret: "x" };
    expectError(await v1Request(emu.endpoint, { action: "ListVpcEndpoints", account: stranger }), 404, "InvalidAccessKeyId.NotFound");
    expectError(await v3Request(emu.endpoint, { action: "ListVpcEndpoints", account: stranger }), 404, "InvalidAccessKeyId.NotFound");
    const noKey = await rawRequest(emu.endpoint, { path: "/?Action=ListVpcEndpoints&Version=2020-04-15&RegionId=cn-hangzhou" });
    expectError(noKey, 400, "MissingParameter");
    const noSig = await rawRequest(emu.endpoint, { path: `/?Action=ListVpcEndpoints&Version=2020-04-15&AccessKeyId=${owner.accessKeyId}` });
    expectError(noSig, 400, "IncompleteSignature");
    const q: Record<string, string> = {
      Action: "ListVpcEndpoints",
      Version: "2020-04-15",
      AccessKeyId: owner.accessKeyId,
      SignatureMethod: "HMAC-SHA1",
      SignatureVersion: "1.0",
      Timestamp: OpenApiUtil.getTimestamp(),
      Signature: "abc",
    };
    expectError(await rawRequest(emu.endpoint, { path: `/?${toQuery(q)}` }), 400, "MissingParameter");
    expect((await rawRequest(emu.endpoint, { path: `/?${toQuery(q)}` })).json.Message).toContain("SignatureNonce");
    expectError(
      await rawRequest(emu.endpoint, { path: `/?${toQuery({ ...q, SignatureNonce: "n", SignatureMethod: "HMAC-SHA256" })}` }),
      400,
      "IncompleteSignature",
    );
  });

  it("routes before authenticating: bad version, unknown action, missing action, wrong path or method", async () => {
    expectError(await v1Request(emu.endpoint, { action: "ListVpcEndpoints", account: owner, version: "2019-02-18" }), 400, "InvalidVersion");
    expectError(await v3Request(emu.endpoint, { action: "ListVpcEndpoints", account: owner, version: "2014-05-26" }), 400, "InvalidVersion");
    expectError(await v1Request(emu.endpoint, { action: "CreateVpcEndpointServiceConfiguration", account: owner }), 404, "InvalidAction.NotFound");
    expectError(await v3Request(emu.endpoint, { action: "DescribeInstances", account: owner }), 404, "InvalidAction.NotFound");
    expectError(await rawRequest(emu.endpoint, { path: "/?Version=2020-04-15" }), 400, "MissingParameter");
    expectError(await rawRequest(emu.endpoint, { path: "/?Action=ListVpcEndpoints" }), 400, "MissingParameter");
    expectError(await rawRequest(emu.endpoint, { path: "/openapi/x?Action=ListVpcEndpoints&Version=2020-04-15" }), 404, "InvalidAction.NotFound");
    expectError(await rawRequest(emu.endpoint, { method: "PUT", path: "/?Action=ListVpcEndpoints&Version=2020-04-15" }), 404, "InvalidAction.NotFound");
  });

  it("answers XML when Format=XML, for successes and errors", async () => {
    const ok = await v1Request(emu.endpoint, { action: "DescribeZones", params: { RegionId: "cn-hangzhou" }, account: owner, format: "XML" });
    expect(ok.status).toBe(200);
    expect(ok.headers["content-type"]).toBe("text/xml;charset=utf-8");
    expect(ok.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><DescribeZonesResponse><RequestId>[0-9A-F-]{36}<\/RequestId><Zones><Zone><ZoneId>cn-hangzhou-b<\/ZoneId><LocalName>B<\/LocalName><\/Zone><Zone><ZoneId>cn-hangzhou-i<\/ZoneId><LocalName>I &amp; &lt;i&gt;<\/LocalName><\/Zone><\/Zones><\/DescribeZonesResponse>$/,
    );
    const create = await v1Request(emu.endpoint, { action: "CreateVpcEndpoint", params: { RegionId: "cn-hangzhou", VpcId: "v" }, account: owner });
    const list = await v3Request(emu.endpoint, { action: "ListVpcEndpoints", params: { RegionId: "cn-hangzhou" }, account: owner, format: "XML" });
    expect(list.text).toContain(`<Endpoints><EndpointId>${create.json.EndpointId}</EndpointId>`);
    expect(list.text).toContain("<MaxResults>50</MaxResults>");
    const err = await v1Request(emu.endpoint, { action: "GetVpcEndpointAttribute", params: { EndpointId: "ep-none" }, account: owner, format: "xml" });
    expect(err.status).toBe(400);
    expect(err.headers["content-type"]).toBe("text/xml;charset=utf-8");
    expect(err.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><Error><RequestId>[0-9A-F-]{36}<\/RequestId><HostId>privatelink.cn-hangzhou.aliyuncs.com<\/HostId><Code>EndpointNotFound<\/Code><Message>The specified endpoint does not exist.<\/Message><Recommend>https:\/\/api.aliyun.com\/troubleshoot\?q=EndpointNotFound&amp;product=Privatelink&amp;requestId=/,
    );
  });

  it("turns an unexpected handler crash into InternalError 500", async () => {
    expectError(await v1Request(emu.endpoint, { action: "Explode", account: owner }), 500, "InternalError");
  });

  describe("STS credentials", () => {
    it("accepts minted STS credentials with V1 and V3 and marks the call viaSts", async () => {
      const minted = await admin(emu, "POST", "/sts", { account: "consumer", durationSeconds: 900 });
      expect(minted.status).toBe(201);
      const c = minted.json;
      expect(c.AccessKeyId).toMatch(/^STS\./);
      expect(c.AccountId).toBe(consumer.accountId);
      expect(c.Expiration).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      const account = { accessKeyId: c.AccessKeyId, accessKeySecret: c.AccessKeySecret };
      const v1 = await v1Request(emu.endpoint, { action: "ListVpcEndpoints", params: { RegionId: "cn-hangzhou" }, account, securityToken: c.SecurityToken });
      expect(v1.status).toBe(200);
      expect(emu.world.lastContext!.viaSts).toBe(true);
      expect(emu.world.lastContext!.accountId).toBe(consumer.accountId);
      expect(emu.world.lastContext!.accessKeyId).toBe(c.AccessKeyId);
      const v3 = await v3Request(emu.endpoint, { action: "ListVpcEndpoints", params: { RegionId: "cn-hangzhou" }, account, securityToken: c.SecurityToken });
      expect(v3.status).toBe(200);
      expect(emu.world.lastContext!.viaSts).toBe(true);
    });

    it("refuses missing, mismatched and expired tokens", async () => {
      const a = (await admin(emu, "POST", "/sts", { account: owner.accountId })).json;
      const b = (await admin(emu, "POST", "/sts", { account: "owner" })).json;
      const account = { accessKeyId: a.AccessKeyId, accessKeySecret: a.AccessKeySecret };
      const base = { action: "ListVpcEndpoints", params: { RegionId: "cn-hangzhou" }, account } as const;
      expectError(await v1Request(emu.endpoint, base), 400, "MissingSecurityToken");
      expectError(await v3Request(emu.endpoint, base), 400, "MissingSecurityToken");
      expectError(await v1Request(emu.endpoint, { ...base, securityToken: b.SecurityToken }), 400, "InvalidSecurityToken.MismatchWithAccessKey");
      expectError(await v3Request(emu.endpoint, { ...base, securityToken: b.SecurityToken }), 400, "InvalidSecurityToken.MismatchWithAccessKey");
      expectError(
        await v1Request(emu.endpoint, { action: "ListVpcEndpoints", account: owner, securityToken: a.SecurityToken }),
        400,
        "InvalidSecurityToken.MismatchWithAccessKey",
      );
      const short = emu.mintStsCredentials("owner", 1);
      await new Promise((r) => setTimeout(r, 2100));
      const expired = await v1Request(emu.endpoint, {
        action: "ListVpcEndpoints",
        account: { accessKeyId: short.AccessKeyId, accessKeySecret: short.AccessKeySecret },
        securityToken: short.SecurityToken,
      });
      expectError(expired, 400, "InvalidSecurityToken.Expired");
    });

    it("refuses minting for unknown accounts or bad durations", async () => {
      expect((await admin(emu, "POST", "/sts", { account: "nobody" })).status).toBe(404);
      expect((await admin(emu, "POST", "/sts", { account: "owner", durationSeconds: 0 })).status).toBe(400);
      expect((await admin(emu, "POST", "/sts", { account: "owner", durationSeconds: "1h" })).status).toBe(400);
    });
  });

  it("uses the V3 signer's wire form unchanged (sanity check of the helper)", () => {
    const parts = v3Sign(emu.endpoint, { action: "ListVpcEndpoints", params: { RegionId: "cn-hangzhou" }, account: owner });
    expect(parts.headers.Authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=LTAI-EMULATOR-OWNER-0001,SignedHeaders=host;x-acs-action;/);
  });
});

describe("switchable checks", () => {
  it("without signature verification, identifies callers by key or defaults to the first account", async () => {
    const emu = await startFake({ verifySignatures: false });
    try {
      const r = await rawRequest(emu.endpoint, { path: "/?Action=ListVpcEndpoints&Version=2020-04-15&RegionId=cn-hangzhou" });
      expect(r.status).toBe(200);
      expect(emu.world.lastContext!.accountId).toBe(owner.accountId);
      const c = await rawRequest(emu.endpoint, { path: `/?Action=ListVpcEndpoints&Version=2020-04-15&AccessKeyId=${consumer.accessKeyId}&Signature=garbage` });
      expect(c.status).toBe(200);
      expect(emu.world.lastContext!.accountId).toBe(consumer.accountId);
      const unknown = await rawRequest(emu.endpoint, { path: "/?Action=ListVpcEndpoints&Version=2020-04-15&AccessKeyId=nobody" });
      expect(unknown.json.Code).toBe("InvalidAccessKeyId.NotFound");
    } finally {
      await emu.stop();
    }
  });

  it("timestamp and nonce checks can be switched off separately", async () => {
    const emu = await startFake({ checkTimestamps: false, checkNonces: false });
    try {
      const old = isoSeconds(Date.now() - 3 * 24 * 3600 * 1000);
      const nonce = randomUUID();
      const base = { action: "ListVpcEndpoints", account: owner, timestamp: old, nonce } as const;
      expect((await v1Request(emu.endpoint, base)).status).toBe(200);
      expect((await v1Request(emu.endpoint, base)).status).toBe(200);
      expect((await v3Request(emu.endpoint, base)).status).toBe(200);
      // Signatures are still verified.
      expect((await v1Request(emu.endpoint, { ...base, account: { ...owner, accessKeySecret: "nope" } })).json.Code).toBe("SignatureDoesNotMatch");
    } finally {
      await emu.stop();
    }
  });

  it("custom accounts replace the defaults", async () => {
    const mine = { name: "team", accountId: "5555000011112222", accessKeyId: "LTAI-TEAM", accessKeySecret: "team-secret" };
    const emu = await startFake({ accounts: [mine] });
    try {
      expect(emu.accounts.map((a) => a.accountId)).toEqual(["5555000011112222"]);
      expect((await v1Request(emu.endpoint, { action: "ListVpcEndpoints", account: mine })).status).toBe(200);
      expect((await v1Request(emu.endpoint, { action: "ListVpcEndpoints", account: owner })).status).toBe(404);
    } finally {
      await emu.stop();
    }
    await expect(startFake({ accounts: [{ ...mine, accountId: "12ab" }] })).rejects.toThrow(/decimal/);
  });
});
