// The client's Elasticsearch (ROA) calls against a loopback server: what goes on the wire (method, path, query,
// JSON body, V3 headers) compared byte for byte with Alibaba's official @alicloud/openapi-client making the same
// call, signatures checked with the official signer, and the shared retry, ClientToken and error mapping.
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as es from "../../src/api/elasticsearch";
import { ApiError, PrivateLinkClient, resolveSettings, type ClientSettings } from "../../src/client";
import { startFakeServer, verifyWithOfficialSigner, type CapturedRequest, type FakeServer } from "../helpers/fake-server";

const SECRET = "EsTestSecret0123456789abcdef";
const emptyHome = mkdtempSync(join(tmpdir(), "pl-es-home-"));
let akCounter = 0;

function client(server: FakeServer, extra: ClientSettings = {}, deps: ConstructorParameters<typeof PrivateLinkClient>[1] = {}) {
  const settings = resolveSettings({
    explicit: { region: "cn-hangzhou", endpoint: server.url, accessKeyId: `LTAIes${++akCounter}`, accessKeySecret: SECRET, ...extra },
    env: {},
    homeDir: emptyHome,
  });
  return new PrivateLinkClient(settings, { sleep: async () => undefined, random: () => 0.5, ...deps });
}

let server: FakeServer;
beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(async () => {
  await server.close();
});

describe("Elasticsearch calls on the wire", () => {
  it("CreateVpcEndpoint: POST with a JSON body, ClientToken and dryRun in the query, V3 over all of it", async () => {
    server.setResponder(() => ({ body: { RequestId: "r-1", Result: { serviceId: "epsrv-1", endpointId: "ep-1", endpointName: "n", endpointDomain: "d" } } }));
    const c = client(server);
    const out = await es.createVpcEndpoint(c, { InstanceId: "es-cn-abc", serviceId: "epsrv-1", zoneId: "cn-hangzhou-i", dryRun: false });
    c.close();
    expect(out).toEqual({ RequestId: "r-1", Result: { serviceId: "epsrv-1", endpointId: "ep-1", endpointName: "n", endpointDomain: "d" } });
    const r = server.requests[0]!;
    expect(r.method).toBe("POST");
    expect(r.path).toBe("/openapi/instances/es-cn-abc/vpc-endpoints");
    expect(r.query.ClientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.query.dryRun).toBe("false");
    expect(r.query.RegionId).toBeUndefined();
    expect(r.body.toString("utf8")).toBe('{"serviceId":"epsrv-1","zoneId":"cn-hangzhou-i"}');
    expect(r.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(r.headers["x-acs-version"]).toBe("2017-06-13");
    expect(r.headers["x-acs-action"]).toBe("CreateVpcEndpoint");
    expect(r.headers.authorization).toMatch(
      /^ACS3-HMAC-SHA256 Credential=LTAIes\d+,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;/,
    );
    expect(verifyWithOfficialSigner(r, SECRET)).toBe(true);
    expect(verifyWithOfficialSigner(r, `${SECRET}x`)).toBe(false);
  });

  it("ListVpcEndpoints: GET without a body or token, every page read; DeleteVpcEndpoint: DELETE with a token", async () => {
    server.setResponder((req) => {
      if (req.method === "DELETE") return { body: { RequestId: "r-del", Result: true } };
      const page = Number(req.query.page);
      const items =
        page === 1 ? [{ endpointId: "ep-1", endpointStatus: "Active", connectionStatus: "Connected" }, { endpointId: "ep-2" }] : [{ endpointId: "ep-3" }];
      return { body: { RequestId: `r-${page}`, Result: items } };
    });
    const c = client(server);
    const all = await es.listAllVpcEndpoints(c, { InstanceId: "es cn+id", size: 2 });
    expect(all.map((e) => e.endpointId)).toEqual(["ep-1", "ep-2", "ep-3"]);
    expect(all[0]).toMatchObject({ endpointStatus: "Active", connectionStatus: "Connected", endpointDomain: "" });
    const deleted = await es.deleteVpcEndpoint(c, { InstanceId: "es-cn-abc", EndpointId: "ep-1" });
    c.close();
    expect(deleted).toEqual({ RequestId: "r-del", Result: true });
    const [p1, p2, del] = server.requests as [CapturedRequest, CapturedRequest, CapturedRequest];
    for (const r of [p1, p2]) {
      expect(r.method).toBe("GET");
      expect(r.path).toBe("/openapi/instances/es%20cn%2Bid/vpc-endpoints");
      expect(r.body.length).toBe(0);
      expect(r.headers["content-type"]).toBeUndefined();
      expect(r.query.ClientToken).toBeUndefined();
      expect(verifyWithOfficialSigner(r, SECRET)).toBe(true);
    }
    expect([p1.query.page, p2.query.page, p1.query.size]).toEqual(["1", "2", "2"]);
    expect(del.method).toBe("DELETE");
    expect(del.path).toBe("/openapi/instances/es-cn-abc/vpc-endpoints/ep-1");
    expect(del.query.ClientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(verifyWithOfficialSigner(del, SECRET)).toBe(true);
  });

  it("retries throttling and 5xx with one ClientToken and a fresh nonce per attempt", async () => {
    server.setResponder((_req, i) =>
      i === 0
        ? { status: 400, body: { RequestId: "r", Code: "Throttling.User", Message: "Request was denied due to user flow control." } }
        : i === 1
          ? { status: 503, body: { RequestId: "r", Code: "ServiceUnavailable", Message: "try later" } }
          : { body: { RequestId: "r-ok", Result: { endpointId: "ep-9" } } },
    );
    const c = client(server);
    const out = await es.createVpcEndpoint(c, { InstanceId: "es-cn-abc", serviceId: "epsrv-1", zoneId: "cn-hangzhou-i" }, { clientToken: "my-token-1" });
    c.close();
    expect(out.Result.endpointId).toBe("ep-9");
    expect(server.requests.map((r) => r.query.ClientToken)).toEqual(["my-token-1", "my-token-1", "my-token-1"]);
    expect(new Set(server.requests.map((r) => r.headers["x-acs-signature-nonce"])).size).toBe(3);
    for (const r of server.requests) expect(verifyWithOfficialSigner(r, SECRET)).toBe(true);
  });

  it("maps errors like PrivateLink's: code, HTTP status, RequestId; not-found is not retried", async () => {
    server.setResponder(() => ({
      status: 404,
      body: {
        RequestId: "r-nf",
        HostId: "elasticsearch.cn-hangzhou.aliyuncs.com",
        Code: "InstanceNotFound",
        Message: "The instanceId provided does not exist.",
      },
    }));
    const c = client(server);
    const err = await es.listVpcEndpoints(c, { InstanceId: "es-cn-none" }).catch((e: unknown) => e);
    c.close();
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ action: "ListVpcEndpoints", code: "InstanceNotFound", httpStatus: 404, requestId: "r-nf", retryable: false, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it("refuses unknown parameters, a missing path parameter and an oversized token before sending", async () => {
    const c = client(server);
    await expect(c.elasticsearch("ListVpcEndpoints", { InstanceId: "es-1", Page: 1 })).rejects.toThrow(/has no parameter Page/);
    await expect(c.elasticsearch("DeleteVpcEndpoint", { InstanceId: "es-1" })).rejects.toThrow(/EndpointId is missing/);
    await expect(c.elasticsearch("CreateVpcEndpoint", { InstanceId: "es-1" }, { clientToken: "x".repeat(65) })).rejects.toThrow(/ClientToken must be 1..64/);
    c.close();
    expect(server.requests).toHaveLength(0);
  });
});

describe("the same call through Alibaba's official client", () => {
  const requireCjs = createRequire(require.resolve("@alicloud/openapi-client"));
  // The module instances the official client itself uses (to pin its nonce and timestamp).
  const teaUtil = requireCjs("@alicloud/tea-util").default as { getNonce: () => string };
  const openApiUtil = requireCjs("@alicloud/openapi-util").default as {
    getTimestamp: () => string;
    query: (q: object) => Record<string, string>;
    getAuthorization: (request: unknown, algorithm: string, payload: string, ak: string, secret: string) => string;
  };
  const $tea = requireCjs("@alicloud/tea-typescript");
  const OpenApi = requireCjs("@alicloud/openapi-client").default;
  const $OpenApi = requireCjs("@alicloud/openapi-client");
  const $Util = requireCjs("@alicloud/tea-util");

  it.each([
    [
      "CreateVpcEndpoint",
      "POST",
      "/openapi/instances/es-cn-abc/vpc-endpoints",
      { ClientToken: "tok-1", dryRun: true },
      { serviceId: "epsrv-1", zoneId: "cn-hangzhou-i" },
    ],
    ["ListVpcEndpoints", "GET", "/openapi/instances/es%20cn%2Bid/vpc-endpoints", { page: 2, size: 10 }, undefined],
    ["DeleteVpcEndpoint", "DELETE", "/openapi/instances/es-cn-abc/vpc-endpoints/ep-1", { ClientToken: "tok-2" }, undefined],
  ] as const)("%s: identical method, path, query, body and Authorization", async (action, method, pathname, query, body) => {
    const NONCE = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    const TIME = Date.UTC(2025, 0, 15, 9, 10, 40);
    const ak = `LTAIes${++akCounter}`;
    server.setResponder(() => ({ body: { RequestId: "r", Result: action === "ListVpcEndpoints" ? [] : {} } }));

    // Ours.
    const ours = new PrivateLinkClient(
      resolveSettings({ explicit: { region: "cn-hangzhou", endpoint: server.url, accessKeyId: ak, accessKeySecret: SECRET }, env: {}, homeDir: emptyHome }),
      { nonce: () => NONCE, clock: () => TIME },
    );
    const instanceId = decodeURIComponent(pathname.split("/")[3]!);
    const params: Record<string, unknown> = { InstanceId: instanceId, ...query, ...(body ?? {}) };
    if (action === "DeleteVpcEndpoint") params.EndpointId = "ep-1";
    await ours.elasticsearch(action, params as never);
    ours.close();

    // Official, pinned to the same nonce and time.
    const realNonce = teaUtil.getNonce;
    const realTime = openApiUtil.getTimestamp;
    teaUtil.getNonce = () => NONCE;
    openApiUtil.getTimestamp = () => "2025-01-15T09:10:40Z";
    try {
      const official = new OpenApi(
        new $OpenApi.Config({ accessKeyId: ak, accessKeySecret: SECRET, endpoint: new URL(server.url).host, protocol: "http", regionId: "cn-hangzhou" }),
      );
      const p = new $OpenApi.Params({
        action,
        version: "2017-06-13",
        protocol: "HTTP",
        pathname,
        method,
        authType: "AK",
        style: "ROA",
        reqBodyType: "json",
        bodyType: "json",
      });
      await official.callApi(p, new $OpenApi.OpenApiRequest({ query: openApiUtil.query(query), body }), new $Util.RuntimeOptions({}));
    } finally {
      teaUtil.getNonce = realNonce;
      openApiUtil.getTimestamp = realTime;
    }

    const [a, b] = server.requests as [CapturedRequest, CapturedRequest];
    expect(a.method).toBe(b.method);
    expect(a.path).toBe(b.path);
    expect(a.query).toEqual(b.query);
    expect(a.body.toString("utf8")).toBe(b.body.toString("utf8"));
    for (const h of ["content-type", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"]) {
      expect(a.headers[h], h).toBe(b.headers[h]);
    }
    expect(verifyWithOfficialSigner(a, SECRET)).toBe(true);
    expect(verifyWithOfficialSigner(b, SECRET)).toBe(true);
    // The official client also signs an x-acs-credentials-provider header of its own; without it, its signer
    // gives exactly our Authorization for its request.
    expect(b.headers["x-acs-credentials-provider"]).toBe("static_ak");
    const request = new $tea.Request();
    request.method = b.method;
    request.pathname = b.path;
    request.query = b.query;
    request.headers = Object.fromEntries(
      ["host", "content-type", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"]
        .filter((h) => b.headers[h] !== undefined)
        .map((h) => [h, String(b.headers[h])]),
    );
    expect(openApiUtil.getAuthorization(request, "ACS3-HMAC-SHA256", String(b.headers["x-acs-content-sha256"]), ak, SECRET)).toBe(a.headers.authorization);
  });
});

describe("the Elasticsearch endpoint setting", () => {
  const resolve = (explicit: ClientSettings, env: Record<string, string> = {}, stackConfig: Record<string, string> = {}) =>
    resolveSettings({ explicit: { region: "cn-shanghai", accessKeyId: "AK", accessKeySecret: "S", ...explicit }, env, stackConfig, homeDir: emptyHome });

  it("defaults to the regional product host", () => {
    const s = resolve({});
    expect(s.elasticsearchEndpoint).toBe("https://elasticsearch.cn-shanghai.aliyuncs.com/");
    expect(s.sources.elasticsearchEndpoint).toBe("default");
  });
  it("follows a loopback endpoint (the emulator serves both APIs), not a remote one", () => {
    expect(resolve({ endpoint: "http://127.0.0.1:8080" }).elasticsearchEndpoint).toBe("http://127.0.0.1:8080/");
    expect(resolve({ endpoint: "privatelink-vpc.cn-shanghai.aliyuncs.com" }).elasticsearchEndpoint).toBe("https://elasticsearch.cn-shanghai.aliyuncs.com/");
  });
  it("is set explicitly, by stack config or by ALIBABA_CLOUD_ENDPOINT_ELASTICSEARCH, and checked like the endpoint", () => {
    expect(resolve({ elasticsearchEndpoint: "es.example.com" }).elasticsearchEndpoint).toBe("https://es.example.com/");
    expect(resolve({}, {}, { "alicloud-privatelink:elasticsearchEndpoint": "http://localhost:9" }).elasticsearchEndpoint).toBe("http://localhost:9/");
    const fromEnv = resolve({ endpoint: "http://127.0.0.1:1" }, { ALIBABA_CLOUD_ENDPOINT_ELASTICSEARCH: "https://es.internal" });
    expect(fromEnv.elasticsearchEndpoint).toBe("https://es.internal/");
    expect(fromEnv.sources.elasticsearchEndpoint).toMatch(/^environment ALIBABA_CLOUD_ENDPOINT_ELASTICSEARCH/);
    expect(() => resolve({ elasticsearchEndpoint: "http://es.example.com" })).toThrow(/plain http to a non-loopback host/);
  });
});
