// Must-show: a registry whose WWW-Authenticate realm points at a link-local/metadata address is
// refused with a clear error and nothing is sent there. Real sockets on loopback: a registry that
// challenges with the realm each test chooses, and a token server that counts what reaches it.
// The names below are answered by the test's resolver (the connect-time hook the transport uses
// for every name); a name whose answers put loopback FIRST and 169.254.169.254 second would, without
// the guard, connect to the counting server (a control test shows it does, through a plain
// undici agent) — so a count of 0 shows the guard stopped it. Literal addresses (169.254.169.254,
// [fd00:ec2::254]) cannot be listened on here: for them the test shows the refusal comes before
// any lookup or token request (nothing counted anywhere).
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createResolver } from "./resolver";
import type { LookupFn } from "./outbound";
import { OCI_MANIFEST } from "./media-types";

const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: {}, layers: [] }));
const digest = `sha256:${createHash("sha256").update(manifest).digest("hex")}`;

const listen = async (server: Server) => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
};
const close = (server: Server) => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });

describe("outbound safety against a real loopback registry and token server", () => {
  let realm = "";
  const registrySeen: string[] = [];
  const tokenSeen: string[] = [];
  let registryPort = 0;
  let tokenPort = 0;
  const registry = createServer((req, res) => {
    registrySeen.push(`${req.method} ${req.url}`);
    if (req.headers.authorization !== "Bearer good") {
      res.writeHead(401, { "www-authenticate": `Bearer realm="${realm}",service="test"`, "content-type": "application/json" });
      return res.end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "token required" }] }));
    }
    res.writeHead(200, { "docker-content-digest": digest, "content-type": OCI_MANIFEST, "content-length": String(manifest.length) }).end();
  });
  const tokens = createServer((req, res) => {
    tokenSeen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ""}`);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token: "good", expires_in: 300 }));
  });
  // What each name "resolves to" (the test's DNS).
  const answers: Record<string, string[]> = {
    "registry.test": ["127.0.0.1"],
    "token.test": ["127.0.0.1"],
    "metadata.test": ["127.0.0.1", "169.254.169.254"],
    "rebound.test": ["127.0.0.1", "fe80::1"],
    "meta-registry.test": ["127.0.0.1", "169.254.169.254"],
  };
  const lookedUp: string[] = [];
  const lookup: LookupFn = (hostname, _options, callback) => {
    lookedUp.push(hostname);
    const list = answers[hostname];
    if (!list) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), []);
    callback(null, list.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));
  };
  const resolver = (o: Parameters<typeof createResolver>[0] = {}) =>
    createResolver({ insecureHosts: [`registry.test:${registryPort}`, `meta-registry.test:${registryPort}`], lookup, tagTtlMs: 0, ...o });

  beforeAll(async () => {
    registryPort = await listen(registry);
    tokenPort = await listen(tokens);
  });
  afterAll(async () => {
    await close(registry);
    await close(tokens);
  });
  beforeEach(() => {
    registrySeen.length = 0;
    tokenSeen.length = 0;
    lookedUp.length = 0;
  });

  it("control: a realm on an allowed name is reached, and the image resolves", async () => {
    realm = `http://token.test:${tokenPort}/token`;
    const r = resolver();
    const got = await r.resolve(`registry.test:${registryPort}/shop/api:1`);
    expect(got.ok ? got.value.digest : got.error).toBe(digest);
    expect(tokenSeen).toEqual(["GET /token?service=test&scope=repository%3Ashop%2Fapi%3Apull "]);
    expect(r.stats().token).toBe(1);
    await r.close();
  });

  it("control: without the guard, the same name and answers reach the counting server", async () => {
    // A plain undici agent with the test's resolver: the connection goes to the first address.
    const plain = new Agent({ connect: { lookup: (h, o, cb) => lookup(h, { ...o, all: true }, (err, list) => (o.all ? cb(err, list) : cb(err, list[0]!.address, list[0]!.family))) } });
    const res = await request(`http://metadata.test:${tokenPort}/token`, { dispatcher: plain });
    await res.body.text();
    await plain.close();
    expect([res.statusCode, tokenSeen]).toEqual([200, ["GET /token "]]);
  });

  it.each([
    ["169.254.169.254 as written", "http://169.254.169.254/latest/meta-data/iam/security-credentials", "token realm 169.254.169.254 refused: link-local/metadata address", []],
    ["an IPv4-mapped IPv6 literal", "http://[::ffff:169.254.169.254]/token", "token realm [::ffff:a9fe:a9fe] refused: link-local/metadata address", []],
    ["the IPv6 metadata address", "http://[fd00:ec2::254]/latest/api/token", "token realm [fd00:ec2::254] refused: link-local/metadata address", []],
    ["a name resolving to loopback then 169.254.169.254", "http://metadata.test:TOKEN/token", "token realm metadata.test:TOKEN refused: it resolves to a link-local/metadata address", ["metadata.test"]],
    ["a name resolving to loopback then fe80::1", "http://rebound.test:TOKEN/token", "token realm rebound.test:TOKEN refused: it resolves to a link-local/metadata address", ["rebound.test"]],
  ])("refuses a realm at %s, and sends nothing there", async (_what, target, message, lookups) => {
    realm = target.replace("TOKEN", String(tokenPort));
    const r = resolver();
    const got = await r.resolve(`registry.test:${registryPort}/shop/api:1`);
    expect(got.ok ? "resolved" : got.error).toEqual({ code: "UNREACHABLE", message: message.replace("TOKEN", String(tokenPort)) });
    expect(tokenSeen).toEqual([]); // the counting token server saw nothing
    expect(registrySeen).toEqual(["HEAD /v2/shop/api/manifests/1"]); // only the challenge
    expect(lookedUp.filter((h) => h !== "registry.test")).toEqual(lookups);
    await r.close();
  });

  it("refuses a registry whose name resolves to a metadata address, before any request", async () => {
    realm = `http://token.test:${tokenPort}/token`;
    const r = resolver();
    const got = await r.resolve(`meta-registry.test:${registryPort}/shop/api:1`);
    expect(got.ok ? "resolved" : got.error).toEqual({ code: "UNREACHABLE", message: `registry meta-registry.test:${registryPort} refused: it resolves to a link-local/metadata address` });
    expect([registrySeen, tokenSeen]).toEqual([[], []]);
    await r.close();
  });

  it("asks only allowlisted registries", async () => {
    realm = `http://token.test:${tokenPort}/token`;
    const r = resolver({ allowedRegistries: ["ghcr.io", "*.example.com"] });
    const got = await r.resolve(`registry.test:${registryPort}/shop/api:1`);
    expect(got.ok ? "resolved" : got.error).toEqual({ code: "UNREACHABLE", message: `registry registry.test:${registryPort} refused: not in the registry allowlist` });
    expect([registrySeen, tokenSeen, lookedUp]).toEqual([[], [], []]);
    const allowed = resolver({ allowedRegistries: [`registry.test:${registryPort}`] });
    expect((await allowed.resolve(`registry.test:${registryPort}/shop/api:1`)).ok).toBe(true);
    await Promise.all([r.close(), allowed.close()]);
  });

  it("sends credentials only for the registry they are configured for, and to the realm it names", async () => {
    realm = `http://token.test:${tokenPort}/token`;
    const basic = `Basic ${Buffer.from("ci:s3cret").toString("base64")}`;
    const forOther = createResolver({ insecureHosts: [`registry.test:${registryPort}`], lookup, tagTtlMs: 0, dockerConfig: { auths: { [`other.test:${registryPort}`]: { username: "ci", password: "s3cret" } } } });
    expect((await forOther.resolve(`registry.test:${registryPort}/shop/api:1`)).ok).toBe(true);
    const forThis = createResolver({ insecureHosts: [`registry.test:${registryPort}`], lookup, tagTtlMs: 0, dockerConfig: { auths: { [`registry.test:${registryPort}`]: { username: "ci", password: "s3cret" } } } });
    expect((await forThis.resolve(`registry.test:${registryPort}/shop/api:1`)).ok).toBe(true);
    expect(tokenSeen).toEqual([
      "GET /token?service=test&scope=repository%3Ashop%2Fapi%3Apull ",
      `GET /token?service=test&scope=repository%3Ashop%2Fapi%3Apull ${basic}`,
    ]);
    await Promise.all([forOther.close(), forThis.close()]);
  });

  it("keeps only the first 64 KiB of an error body", async () => {
    const big = createServer((_req, res) => {
      res.writeHead(403, { "content-type": "application/json" });
      res.end(JSON.stringify({ errors: [{ code: "DENIED", message: "no" }], padding: "p".repeat(5 * 1024 * 1024) }));
    });
    const port = await listen(big);
    answers["big.test"] = ["127.0.0.1"];
    const r = createResolver({ insecureHosts: [`big.test:${port}`], lookup, tagTtlMs: 0 });
    const got = await r.resolve(`big.test:${port}/shop/api:1`);
    // Cut short, the body is no longer JSON: the status decides, and nothing of it is kept.
    expect(got.ok ? "resolved" : got.error).toEqual({ code: "DENIED", message: `big.test:${port}/shop/api:1: 403 Forbidden` });
    await r.close();
    await close(big);
  });
});
