// The resolver against a real registry (Debian's docker-registry), cross-checked with skopeo.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startRegistry, type TestRegistry } from "@/test/registry/harness";
import { createPusher, type Pushed } from "@/test/registry/push";
import { startFaultProxy } from "@/test/registry/fault-proxy";
import { createResolver } from "./resolver";
import { DOCKER_LIST, DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST } from "./media-types";

// Async on purpose: the token server lives in this process and must keep answering skopeo.
const skopeoDigest = async (ref: string, creds?: string) => {
  const { stdout } = await promisify(execFile)("skopeo", ["inspect", "--raw", "--tls-verify=false", ...(creds ? ["--creds", creds] : []), `docker://${ref}`], { encoding: "buffer" });
  return `sha256:${createHash("sha256").update(stdout).digest("hex")}`;
};

describe("resolver against a plain registry", () => {
  let reg: TestRegistry;
  let idx: Pushed, list: Pushed, single: Pushed, schema2: Pushed;
  beforeAll(async () => {
    reg = await startRegistry();
    const push = createPusher(reg);
    idx = await push.index("shop/frontend", "1.0", "frontend-1.0", ["linux/amd64", "linux/arm64/v8"]);
    list = await push.index("shop/legacy", "2.0", "legacy-2.0", ["linux/amd64", "linux/arm/v7"], "docker");
    single = await push.image("shop/api", "1.8", "api-1.8");
    schema2 = await push.image("shop/worker", "3", "worker-3", { format: "docker" });
  });
  afterAll(async () => reg?.stop());
  const resolver = () => createResolver({ insecureHosts: [reg.host] });

  it("resolves an OCI index with its platforms, and selects a platform", async () => {
    const r = await resolver().resolve(`${reg.host}/shop/frontend:1.0`, { platform: { os: "linux", architecture: "arm64" } });
    expect(r.ok && r.value).toMatchObject({ digest: idx.digest, mediaType: OCI_INDEX, tag: "1.0", repository: "shop/frontend", registry: reg.host });
    expect(r.ok && r.value.platforms).toEqual([
      { os: "linux", architecture: "amd64", digest: idx.children![0]!.digest },
      { os: "linux", architecture: "arm64", variant: "v8", digest: idx.children![1]!.digest },
    ]);
    expect(r.ok && r.value.platformDigest).toBe(idx.children![1]!.digest);
    expect(await skopeoDigest(`${reg.host}/shop/frontend:1.0`)).toBe(idx.digest);
  });

  it("resolves a Docker manifest list, an OCI manifest and a Docker schema2 manifest", async () => {
    const res = resolver();
    const l = await res.resolve(`${reg.host}/shop/legacy:2.0`);
    expect(l.ok && [l.value.digest, l.value.mediaType, l.value.platforms.map((p) => `${p.architecture}${p.variant ?? ""}`)]).toEqual([list.digest, DOCKER_LIST, ["amd64", "armv7"]]);
    const s = await res.resolve(`${reg.host}/shop/api:1.8`);
    expect(s.ok && [s.value.digest, s.value.mediaType, s.value.platforms]).toEqual([single.digest, OCI_MANIFEST, []]);
    const d = await res.resolve(`${reg.host}/shop/worker:3`);
    expect(d.ok && [d.value.digest, d.value.mediaType]).toEqual([schema2.digest, DOCKER_MANIFEST]);
    expect(await skopeoDigest(`${reg.host}/shop/worker:3`)).toBe(schema2.digest);
    expect(await skopeoDigest(`${reg.host}/shop/legacy:2.0`)).toBe(list.digest);
  });

  it("uses HEAD only once an index is known, and sees a moved tag after the TTL", async () => {
    let t = 0;
    const res = createResolver({ insecureHosts: [reg.host], tagTtlMs: 1000, now: () => t });
    await res.resolve(`${reg.host}/shop/frontend:1.0`);
    const after1 = res.stats();
    expect([after1.head, after1.get]).toEqual([1, 1]);
    t = 500;
    const cached = await res.resolve(`${reg.host}/shop/frontend:1.0`);
    expect(res.stats().head).toBe(1); // TTL cache
    expect(cached.answeredAt).toBe(0); // when the registry answered, not when the cache did
    t = 5000;
    expect((await res.resolve(`${reg.host}/shop/frontend:1.0`)).answeredAt).toBe(5000);
    expect([res.stats().head, res.stats().get]).toEqual([2, 1]); // index already known: no GET
    const rebuilt = await createPusher(reg).image("shop/frontend", "1.0", "frontend-1.0-rebuilt");
    t = 10_000;
    const moved = await res.resolve(`${reg.host}/shop/frontend:1.0`);
    expect(moved.ok && moved.value.digest).toBe(rebuilt.digest);
    await createPusher(reg).retag("shop/frontend", "1.0", idx);
  });

  it("fetches a never-seen index once even when many tags resolve to it at the same time", async () => {
    const push = createPusher(reg);
    const tags = Array.from({ length: 12 }, (_, i) => `same-${i}`);
    for (const t of tags) await push.retag("shop/frontend", t, idx);
    const res = resolver();
    const all = await Promise.all(tags.map((t) => res.resolve(`${reg.host}/shop/frontend:${t}`)));
    expect(all.every((r) => r.ok && r.value.digest === idx.digest)).toBe(true);
    expect([res.stats().head, res.stats().get]).toEqual([12, 1]);
  });

  it("reports a deleted tag as MANIFEST_UNKNOWN and an unknown repository as NAME_UNKNOWN", async () => {
    const push = createPusher(reg);
    const doomed = await push.image("shop/old", "0.9", "old-0.9");
    await push.deleteDigest("shop/old", doomed.digest);
    const gone = await resolver().resolve(`${reg.host}/shop/old:0.9`);
    expect(gone.ok ? "ok" : gone.error.code).toBe("MANIFEST_UNKNOWN");
    const none = await resolver().resolve(`${reg.host}/shop/never-pushed:1`);
    expect(none.ok ? "ok" : [none.error.code, none.error.message]).toEqual(["NAME_UNKNOWN", expect.stringMatching(/shop\/never-pushed/)]);
    const pinnedGone = await resolver().resolve(`${reg.host}/shop/old@${doomed.digest}`);
    expect(pinnedGone.ok ? "ok" : pinnedGone.error.code).toBe("MANIFEST_UNKNOWN");
  });

  it("resolves a pinned digest and rejects an invalid reference without a request", async () => {
    const r = await resolver().resolve(`${reg.host}/shop/api@${single.digest}`);
    expect(r.ok && r.value.digest).toBe(single.digest);
    const bad = await resolver().resolve("Shop/API:1");
    expect(bad.ok ? "ok" : bad.error.code).toBe("INVALID_REFERENCE");
  });

  it("refuses plain http unless the host is allowed", async () => {
    const r = await createResolver().resolve(`${reg.host}/shop/api:1.8`);
    expect(r.ok ? "ok" : r.error.code).toBe("UNREACHABLE");
  });

  it("resolves an untagged reference as :latest, keyed the way the drift engine keys it", async () => {
    const latest = await createPusher(reg).pushImage("shop/untagged", "latest", "untagged-latest");
    const res = resolver();
    const r = await res.resolve(`${reg.host}/shop/untagged`);
    expect(r.ok && [r.value.reference, r.value.tag, r.value.digest]).toEqual([`${reg.host}/shop/untagged:latest`, "latest", latest.digest]);
    await res.resolve(`${reg.host}/shop/untagged:latest`);
    expect(res.stats().head).toBe(1); // same cache entry
  });

  it("fetchIndex expands an index once, says null for a single manifest, rejects an unknown digest", async () => {
    const res = resolver();
    const ref = { registry: reg.host, repository: "shop/frontend" };
    const platforms = await res.fetchIndex(ref, idx.digest);
    expect(platforms?.map((p) => p.digest)).toEqual(idx.children!.map((c) => c.digest));
    expect(await res.fetchIndex({ registry: reg.host, repository: "shop/api" }, single.digest)).toBeNull();
    const gets = res.stats().get;
    expect(await res.fetchIndex(ref, idx.digest)).toEqual(platforms);
    expect(await res.fetchIndex({ registry: reg.host, repository: "shop/api" }, single.digest)).toBeNull();
    expect(res.stats().get).toBe(gets); // both answers cached
    await expect(res.fetchIndex(ref, `sha256:${"0".repeat(64)}`)).rejects.toMatchObject({ error: { code: "MANIFEST_UNKNOWN" } });
    // resolving a tag to an index fetchIndex already knows costs no GET
    await res.resolve(`${reg.host}/shop/frontend:1.0`);
    expect(res.stats().get).toBe(gets + 1);
  });

  it("uses an index cache it is given, and refuses a body over the size limit", async () => {
    const shared = new Map<string, import("@/lib/drift/observation").PlatformManifest[]>();
    const indexCache = { get: (d: string) => shared.get(d), set: (d: string, p: import("@/lib/drift/observation").PlatformManifest[]) => void shared.set(d, p) };
    await createResolver({ insecureHosts: [reg.host], indexCache }).resolve(`${reg.host}/shop/frontend:1.0`);
    expect(shared.get(idx.digest)?.length).toBe(2);
    const fresh = createResolver({ insecureHosts: [reg.host], indexCache });
    await fresh.resolve(`${reg.host}/shop/frontend:1.0`);
    expect(fresh.stats().get).toBe(0);
    const small = await createResolver({ insecureHosts: [reg.host], maxBytes: 64 }).resolve(`${reg.host}/shop/frontend:1.0`);
    expect(small.ok ? "ok" : [small.error.code, small.error.message]).toEqual(["INVALID_RESPONSE", expect.stringMatching(/limit/)]);
  });

  describe("faults", () => {
    let proxy: Awaited<ReturnType<typeof startFaultProxy>>;
    beforeAll(async () => {
      proxy = await startFaultProxy(reg.host);
    });
    afterAll(async () => proxy?.stop());
    const via = (o: Parameters<typeof createResolver>[0] = {}) => createResolver({ insecureHosts: [proxy.host], ...o });

    it("honours a short Retry-After and then succeeds", async () => {
      proxy.setFault({ kind: "status", status: 429, retryAfter: "1", times: 1 });
      const started = Date.now();
      const r = await via().resolve(`${proxy.host}/shop/api:1.8`);
      expect(r.ok && r.value.digest).toBe(single.digest);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    });

    it("backs off on a long Retry-After instead of hammering", async () => {
      proxy.setFault({ kind: "status", status: 429, retryAfter: "120", times: 5 });
      const res = via();
      const first = await res.resolve(`${proxy.host}/shop/api:1.8`);
      expect(first.ok ? "ok" : [first.error.code, first.error.retryAfterMs]).toEqual(["TOO_MANY_REQUESTS", 120_000]);
      const before = proxy.seen.length;
      const second = await res.resolve(`${proxy.host}/shop/worker:3`);
      expect(second.ok ? "ok" : second.error.code).toBe("TOO_MANY_REQUESTS");
      expect(proxy.seen.length).toBe(before); // held: no request sent
      proxy.setFault({ kind: "none" });
    });

    it("reads Retry-After as an HTTP date", async () => {
      const at = new Date(Date.now() + 90_000).toUTCString();
      proxy.setFault({ kind: "status", status: 429, retryAfter: at, times: 1 });
      const r = await via().resolve(`${proxy.host}/shop/api:1.8`);
      expect(r.ok ? "ok" : r.error.code).toBe("TOO_MANY_REQUESTS");
      expect(!r.ok && r.error.retryAfterMs).toBeGreaterThan(80_000);
      expect(!r.ok && r.error.retryAfterMs).toBeLessThanOrEqual(90_000);
      proxy.setFault({ kind: "none" });
    });

    it("maps 5xx to UNREACHABLE, a slow registry to a timeout", async () => {
      proxy.setFault({ kind: "status", status: 503, times: 2 });
      const down = await via().resolve(`${proxy.host}/shop/api:1.8`);
      expect(down.ok ? "ok" : down.error.code).toBe("UNREACHABLE");
      proxy.setFault({ kind: "slow", delayMs: 1500 });
      const slowResolver = via({ timeoutMs: 300 });
      const slow = await slowResolver.resolve(`${proxy.host}/shop/api:1.8`);
      expect(slow.ok ? "ok" : [slow.error.code, slow.error.message]).toEqual(["UNREACHABLE", expect.stringMatching(/timed out/)]);
      // Right after a timeout the host is not asked again (for one timeout): the call fails at once.
      const heads = slowResolver.stats().head;
      const again = await slowResolver.resolve(`${proxy.host}/shop/api:1.9`);
      expect(again.ok ? "ok" : [again.error.code, again.error.cause, again.error.message]).toEqual(["UNREACHABLE", "timeout", expect.stringMatching(/timed out just now; not asking again/)]);
      expect(slowResolver.stats().head).toBe(heads);
      proxy.setFault({ kind: "none" });
    });

    it("keeps at most maxPerHost requests open to a host and asks once per reference", async () => {
      proxy.setFault({ kind: "slow", delayMs: 50 });
      proxy.resetLoad();
      const res = via({ maxPerHost: 2 });
      const refs = ["shop/api:1.8", "shop/worker:3", "shop/frontend:1.0", "shop/legacy:2.0"];
      const all = await Promise.all([...refs, ...refs, ...refs].map((r) => res.resolve(`${proxy.host}/${r}`)));
      expect(all.every((r) => r.ok)).toBe(true);
      expect(res.stats().head).toBe(refs.length); // three callers per reference, one HEAD
      expect(proxy.maxConcurrent()).toBe(2);
      proxy.setFault({ kind: "none" });
    });

    it("falls back to GET when HEAD has no digest, and detects a tampered body", async () => {
      proxy.setFault({ kind: "strip-digest" });
      const res = via();
      const r = await res.resolve(`${proxy.host}/shop/api:1.8`);
      expect(r.ok && r.value.digest).toBe(single.digest);
      expect(res.stats().get).toBe(1);
      proxy.setFault({ kind: "tamper" });
      const t = await via().resolve(`${proxy.host}/shop/frontend@${idx.digest}`);
      expect(t.ok ? "ok" : [t.error.code, t.error.message]).toEqual(["INVALID_RESPONSE", expect.stringMatching(/hashes to/)]);
      proxy.setFault({ kind: "none" });
    });
  });
});

for (const auth of ["htpasswd", "token"] as const) {
  describe(`resolver against a registry with ${auth} auth`, () => {
    let reg: TestRegistry;
    let img: Pushed;
    beforeAll(async () => {
      reg = await startRegistry({ auth });
      img = await createPusher(reg).image("team/private", "1", "private-1");
    });
    afterAll(async () => reg?.stop());

    it("resolves with credentials from a docker config", async () => {
      const dockerConfig = JSON.stringify({ auths: { [`http://${reg.host}`]: { auth: Buffer.from(`${reg.user}:${reg.password}`).toString("base64") } } });
      const r = await createResolver({ insecureHosts: [reg.host], dockerConfig }).resolve(`${reg.host}/team/private:1`);
      expect(r.ok && r.value.digest).toBe(img.digest);
      expect(await skopeoDigest(`${reg.host}/team/private:1`, `${reg.user}:${reg.password}`)).toBe(img.digest);
    });

    it("takes credentials from a callback, authenticates a burst once, and sends them up front afterwards", async () => {
      const push = createPusher(reg);
      const tags = ["b1", "b2", "b3", "b4", "b5", "b6"];
      for (const t of tags) await push.tag("team/private", t, img);
      const seenHosts: string[] = [];
      const res = createResolver({ insecureHosts: [reg.host], credentials: (h) => (seenHosts.push(h), { username: reg.user, password: reg.password }) });
      const before = reg.tokenServer?.requests.length ?? 0;
      const all = await Promise.all(tags.map((t) => res.resolve(`${reg.host}/team/private:${t}`)));
      expect(all.map((r) => r.ok && r.value.digest)).toEqual(tags.map(() => img.digest));
      expect(seenHosts).toContain(reg.host);
      if (auth === "token") expect(reg.tokenServer!.requests.length - before).toBe(1);
      const heads = res.stats().head;
      const statuses = res.stats().byCode["401"] ?? 0;
      await res.resolve(`${reg.host}/team/private:1`);
      expect(res.stats().head).toBe(heads + 1);
      expect(res.stats().byCode["401"] ?? 0).toBe(statuses); // no new challenge round trip
    });

    it("is UNAUTHORIZED without credentials or with wrong ones", async () => {
      const anon = await createResolver({ insecureHosts: [reg.host] }).resolve(`${reg.host}/team/private:1`);
      expect(anon.ok ? "ok" : anon.error.code).toBe("UNAUTHORIZED");
      const dockerConfig = { auths: { [reg.host]: { username: reg.user, password: "wrong" } } };
      const wrong = await createResolver({ insecureHosts: [reg.host], dockerConfig }).resolve(`${reg.host}/team/private:1`);
      expect(wrong.ok ? "ok" : wrong.error.code).toBe("UNAUTHORIZED");
    });

    if (auth === "token") {
      it("exchanges a docker config identitytoken for an access token", async () => {
        const dockerConfig = { auths: { [reg.host]: { auth: Buffer.from("<token>:").toString("base64"), identitytoken: reg.identityToken } } };
        const r = await createResolver({ insecureHosts: [reg.host], dockerConfig }).resolve(`${reg.host}/team/private:1`);
        expect(r.ok && r.value.digest).toBe(img.digest);
        expect(reg.tokenServer!.requests.at(-1)).toMatchObject({ method: "POST", user: reg.user, scope: "repository:team/private:pull" });
        const bad = { auths: { [reg.host]: { identitytoken: "revoked" } } };
        const refused = await createResolver({ insecureHosts: [reg.host], dockerConfig: bad }).resolve(`${reg.host}/team/private:1`);
        expect(refused.ok ? "ok" : refused.error.code).toBe("UNAUTHORIZED");
      });
    }
  });
}
