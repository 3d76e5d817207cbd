import { describe, expect, it } from "vitest";
import { createAuth, parseChallenge } from "./auth";
import type { Answer } from "./transport";

describe("parseChallenge", () => {
  it.each([
    ['Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"', { scheme: "bearer", params: { realm: "https://auth.docker.io/token", service: "registry.docker.io", scope: "repository:library/nginx:pull" } }],
    ['Basic realm="Registry Realm"', { scheme: "basic", params: { realm: "Registry Realm" } }],
    ['Bearer realm="https://x/token", error="insufficient_scope"', { scheme: "bearer", params: { realm: "https://x/token", error: "insufficient_scope" } }],
    ["Bearer realm=https://x/token,service=reg", { scheme: "bearer", params: { realm: "https://x/token", service: "reg" } }],
    ['Bearer realm="a \\"quoted\\" realm"', { scheme: "bearer", params: { realm: 'a "quoted" realm' } }],
  ])("%s", (header, expected) => expect(parseChallenge(header)).toEqual(expected));

  it("returns undefined for no header", () => expect(parseChallenge(undefined)).toBeUndefined());
});

const ok = (json: unknown): Answer => ({ status: 200, headers: {}, body: Buffer.from(JSON.stringify(json)) });

describe("createAuth", () => {
  const challenge = 'Bearer realm="https://auth.example/token",service="reg"';

  it("fetches one token per scope for concurrent callers and reuses it until it expires", async () => {
    let t = 0;
    const sent: string[] = [];
    const auth = createAuth({
      credentials: () => ({ username: "u", password: "p" }),
      now: () => t,
      onToken: () => {},
      send: async (method, url, headers) => {
        sent.push(`${method} ${url} ${headers.authorization ?? ""}`);
        return ok({ token: `tok${sent.length}`, expires_in: 100 });
      },
    });
    const retried = await Promise.all([1, 2, 3].map(() => auth.answer("reg.example", "repository:a:pull", challenge, undefined)));
    expect(retried).toEqual([true, true, true]);
    expect(sent).toEqual([`GET https://auth.example/token?service=reg&scope=repository%3Aa%3Apull Basic ${Buffer.from("u:p").toString("base64")}`]);
    expect(await auth.header("reg.example", "repository:a:pull")).toBe("Bearer tok1");
    // A new scope on a host known to want Bearer: the token comes before the first request.
    expect(await auth.header("reg.example", "repository:b:pull")).toBe("Bearer tok2");
    t = 200_000;
    expect(await auth.header("reg.example", "repository:a:pull")).toBe("Bearer tok3");
  });

  it("exchanges an identity token with the OAuth2 refresh grant", async () => {
    const bodies: string[] = [];
    const auth = createAuth({
      credentials: () => ({ identityToken: "refresh-1" }),
      now: () => 0,
      onToken: () => {},
      send: async (method, _url, _headers, body) => {
        bodies.push(`${method} ${body}`);
        return ok({ access_token: "acc", expires_in: 300 });
      },
    });
    await auth.answer("reg.example", "repository:a:pull", challenge, undefined);
    expect(bodies).toEqual(["POST grant_type=refresh_token&refresh_token=refresh-1&client_id=driftwatch&scope=repository%3Aa%3Apull&service=reg"]);
    expect(await auth.header("reg.example", "repository:a:pull")).toBe("Bearer acc");
  });

  it("does not retry with a token that was just refused, nor Basic without credentials", async () => {
    const auth = createAuth({ credentials: () => undefined, now: () => 0, onToken: () => {}, send: async () => ok({ token: "anon" }) });
    expect(await auth.answer("r", "s", challenge, undefined)).toBe(true);
    expect(await auth.answer("r", "s", challenge, "Bearer anon")).toBe(false);
    expect(await auth.answer("r2", "s", 'Basic realm="x"', undefined)).toBe(false);
  });

  it("turns a refused token request into UNAUTHORIZED", async () => {
    const auth = createAuth({
      credentials: () => ({ username: "u", password: "wrong" }),
      now: () => 0,
      onToken: () => {},
      send: async () => ({ status: 401, headers: {}, body: Buffer.from(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "bad" }] })) }),
    });
    await expect(auth.answer("r", "s", challenge, undefined)).rejects.toMatchObject({ error: { code: "UNAUTHORIZED" } });
  });
});

describe("createAuth realm checks", () => {
  it.each([
    ['Bearer realm="http://auth.example/token"', "reg.example", [], "token realm auth.example refused: plain http for reg.example, which is not configured as an insecure registry"],
    ['Bearer realm="https://169.254.169.254/token"', "reg.example", [], "token realm 169.254.169.254 refused: link-local/metadata address"],
    ['Bearer realm="http://169.254.169.254/token"', "reg.example:5000", ["reg.example:5000"], "token realm 169.254.169.254 refused: link-local/metadata address"],
  ])("%s from %s is refused before any request or credential is sent", async (challenge, host, insecureHosts, message) => {
    const sent: string[] = [];
    let tokens = 0;
    const auth = createAuth({
      credentials: () => ({ username: "u", password: "p" }),
      now: () => 0,
      onToken: () => void tokens++,
      insecureHosts,
      send: async (method, url) => {
        sent.push(`${method} ${url}`);
        return ok({ token: "t" });
      },
    });
    await expect(auth.answer(host, "repository:a:pull", challenge, undefined)).rejects.toMatchObject({ error: { code: "UNREACHABLE", message } });
    expect([sent, tokens]).toEqual([[], 0]);
  });

  it("follows a plain-http realm for a registry configured as insecure", async () => {
    const sent: string[] = [];
    const auth = createAuth({ credentials: () => undefined, now: () => 0, onToken: () => {}, insecureHosts: ["reg.example:5000"], send: async (m, url) => (sent.push(`${m} ${url}`), ok({ token: "t" })) });
    expect(await auth.answer("reg.example:5000", "repository:a:pull", 'Bearer realm="http://auth.example:5001/token"', undefined)).toBe(true);
    expect(sent).toEqual(["GET http://auth.example:5001/token?scope=repository%3Aa%3Apull"]);
  });
});
