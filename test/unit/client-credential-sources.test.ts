// The renewal policy and the errors of credential sources, with a scripted STS behind a fake transport and a fake
// clock: renewal at three quarters of a session's life, a refused renewal that keeps a still-good session, errors
// built from the answer (never from the library's text, which holds the signed URL).
import { describe, expect, it } from "vitest";
import { CredentialsError, credentialSourceFor } from "../../src/client/credential-providers";
import { staticCredentials } from "../../src/client/credentials";
import type { HttpRequest, HttpResponse, Transport } from "../../src/client/transport";
import { TransportError } from "../../src/client/transport";

const BASE_SECRET = "BaseSecretValue-0123456789";
const options = { connectTimeoutMs: 1000, readTimeoutMs: 1000, maxRetries: 2, retryBudgetMs: 5000 };

/** A scripted STS: each answer is produced by `answer(n)`; every request is recorded. */
function scriptedSts(answer: (n: number, req: HttpRequest) => HttpResponse | Error) {
  const requests: HttpRequest[] = [];
  const transport: Transport = {
    async send(req) {
      requests.push(req);
      const a = answer(requests.length, req);
      if (a instanceof Error) throw a;
      return a;
    },
    close() {},
  };
  return { transport, requests };
}

function session(n: number, expiresAt: number): HttpResponse {
  const body = {
    RequestId: `REQ-${n}`,
    Credentials: {
      AccessKeyId: `STS.key${n}`,
      AccessKeySecret: `secret${n}`,
      SecurityToken: `token${n}`,
      Expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
    },
  };
  return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

function refused(): HttpResponse {
  const body = { RequestId: "REQ-NO", Code: "NoPermission", Message: "No permission perform sts:AssumeRole on this Role." };
  return { status: 403, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

function roleSource(transport: Transport, clock: () => number, roleName = "r") {
  return credentialSourceFor(
    {
      kind: "ramRoleArn",
      base: staticCredentials("LTAIbase", BASE_SECRET, undefined, "test keys"),
      role: { roleArn: `acs:ram::1234567890123456:role/${roleName}` },
      stsEndpoint: "https://sts.example.test",
      source: "test",
    },
    options,
    { transport, clock, sleep: async () => {} },
  );
}

describe("renewal", () => {
  it("renews when a quarter of the session's life is left, not before", async () => {
    let now = Date.UTC(2026, 0, 1);
    const life = 1000 * 1000;
    const sts = scriptedSts((n) => session(n, now + life));
    const source = roleSource(sts.transport, () => now);
    expect((await source.get()).accessKeyId).toBe("STS.key1");
    now += 0.7 * life;
    expect((await source.get()).accessKeyId).toBe("STS.key1");
    now += 0.06 * life;
    expect((await source.get()).accessKeyId).toBe("STS.key2");
    expect(sts.requests).toHaveLength(2);
    // The library signed the AssumeRole request; the body names the role.
    expect(sts.requests[0]!.url).toMatch(/^https:\/\/sts\.example\.test\/\?.*Action=AssumeRole/);
    expect(sts.requests[0]!.body.toString()).toContain("RoleArn=acs%3Aram%3A%3A1234567890123456%3Arole%2Fr");
  });

  it("a refused renewal keeps a session with an eighth of its life left, then fails naming the role and the reason", async () => {
    let now = Date.UTC(2026, 0, 1);
    const life = 1000 * 1000;
    const sts = scriptedSts((n) => (n === 1 ? session(1, now + life) : refused()));
    const source = roleSource(sts.transport, () => now, "kept");
    await source.get();
    now += 0.8 * life; // renewal due, refused: 20% of the life left, keep the old session
    expect((await source.get()).accessKeyId).toBe("STS.key1");
    now += 0.1 * life; // 10% left: no longer good enough
    const err = await source.get().catch((e) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.message).toBe(
      "Cannot get credentials from RAM role acs:ram::1234567890123456:role/kept assumed with the credentials of test keys: " +
        "AssumeRole failed: NoPermission (HTTP 403): No permission perform sts:AssumeRole on this Role. RequestId: REQ-NO",
    );
    expect(err.code).toBe("NoPermission");
  });

  it("transient STS failures are retried; the final error carries no URL, signature or secret", async () => {
    const now = Date.UTC(2026, 0, 1);
    const sts = scriptedSts(() => new TransportError("reset", "ECONNRESET", "socket hang up"));
    const source = roleSource(sts.transport, () => now, "flaky");
    const err = await source.get().catch((e) => e);
    expect(sts.requests).toHaveLength(3);
    expect(err.message).toMatch(/AssumeRole failed: NetworkError \(no HTTP response\): socket hang up \(after 3 attempts\)$/);
    expect(err.message).not.toMatch(/Signature|AccessKeyId=|https:\/\//);
  });

  it("an answer without complete credentials is explained without echoing the body", async () => {
    const now = Date.UTC(2026, 0, 1);
    const leaky = {
      status: 200,
      headers: {},
      body: JSON.stringify({ RequestId: "R1", Credentials: { AccessKeyId: "STS.x", AccessKeySecret: "half-secret-value" } }),
    };
    const source = roleSource(scriptedSts(() => leaky).transport, () => now, "half");
    const err = await source.get().catch((e) => e);
    expect(err.message).toContain("the answer holds no complete credentials");
    expect(err.message).toContain("RequestId: R1");
    expect(err.message).not.toContain("half-secret-value");
  });

  it("an unreadable OIDC token file names the file and the errno, not its content", async () => {
    const source = credentialSourceFor(
      { kind: "oidcRoleArn", roleArn: "acs:ram::1:role/x", oidcProviderArn: "acs:ram::1:oidc-provider/p", oidcTokenFile: "/nonexistent/token", source: "test" },
      options,
      { transport: scriptedSts(() => refused()).transport, sleep: async () => {} },
    );
    await expect(source.get()).rejects.toThrow(
      /AssumeRoleWithOIDC failed: ENOENT \(no HTTP response\): cannot read the OIDC token file \/nonexistent\/token \(ENOENT\)/,
    );
  });
});
