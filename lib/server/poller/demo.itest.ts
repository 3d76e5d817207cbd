// The main loop end to end on the demo fleet: simulated clusters over HTTPS, the simulated
// registry over HTTP, the real resolver, the drift engine and Postgres.
import { describe, expect, it } from "vitest";
import type { Harness } from "./test-harness";
import { useDemoHarness } from "@/test/demo-harness";

describe("polling the demo fleet", () => {
  let h!: Harness;
  const workload = (cluster: string, ns: string, name: string) =>
    h.prisma.workload.findFirstOrThrow({ where: { cluster: { name: cluster }, namespace: ns, name }, select: { id: true, status: true, driftKinds: true, current: true } });

  useDemoHarness(async (x) => {
    h = x;
    await h.pollAll(); // one round: cross-cluster findings are settled within it
  });

  it.each([
    ["prod-eu", "shop", "checkout", "drift", ["skew"]],
    ["prod-eu", "shop", "recommendations", "drift", ["tag-moved"]],
    ["prod-eu", "shop", "search", "drift", ["pull-failing", "tag-missing"]],
    ["prod-eu", "media", "image-resizer", "drift", ["platform-gap", "pull-failing"]],
    ["prod-eu", "shop", "payments", "drift", ["cross-cluster"]],
    ["prod-us", "shop", "payments", "drift", ["cross-cluster"]],
    ["staging", "reports", "nightly-report", "drift", ["floating-tag"]],
    ["staging", "finance", "ledger", "drift", ["pull-failing", "unverifiable"]],
  ])("%s %s/%s is %s with %j", async (cluster, ns, name, status, kinds) => {
    const w = await workload(cluster, ns, name);
    expect(w.status).toBe(status);
    for (const k of kinds) expect(w.driftKinds).toContain(k);
  });

  it("reports the multi-arch frontend on mixed nodes and the pinned majority as in-sync", async () => {
    const frontend = await workload("prod-eu", "shop", "frontend");
    expect(frontend.status).toBe("in-sync");
    expect(frontend.driftKinds).not.toContain("skew");
    const pinned = await h.prisma.workload.findMany({ where: { name: { in: ["cart", "catalog", "inventory", "auth", "gateway", "notifications", "postgres", "node-exporter"] } }, select: { status: true, name: true, cluster: { select: { name: true } } } });
    expect(pinned.length).toBeGreaterThanOrEqual(15);
    expect(pinned.filter((w) => w.status !== "in-sync")).toEqual([]);
    const ledger = await workload("prod-eu", "finance", "ledger"); // private, resolved with its pull secret
    expect(ledger.status).toBe("in-sync");
    expect(ledger.driftKinds).not.toContain("unverifiable");
    expect((ledger.current as { containers: { resolution: { status: string } }[] }).containers[0]!.resolution.status).toBe("ok");
    const staging = await workload("staging", "shop", "payments");
    expect(staging.driftKinds).not.toContain("cross-cluster"); // another environment: promotion lag
  });

  it("checks a private image outside a poll (LKG) with the pull secrets the polls saw", async () => {
    const repo = `${h.sim.registryHost}/finance/ledger`;
    const ledger = await workload("prod-eu", "finance", "ledger");
    const digest = (ledger.current as { containers: { releases: { release: string }[] }[] }).containers[0]!.releases[0]!.release;
    const creds = h.poll.credentialsForRepository(repo);
    expect(creds).toHaveLength(2); // prod-eu's good secret and staging's stale one
    expect(await h.registry.resolveKey(`${repo}@${digest}`)).toMatchObject({ status: "error", code: "UNAUTHORIZED" });
    expect(await h.registry.resolveKey(`${repo}@${digest}`, creds)).toMatchObject({ status: "ok", digest });
  });

  it("shows the split: 2 of 6 checkout pods on the old build, on the nodes that cached it", async () => {
    const w = await workload("prod-eu", "shop", "checkout");
    const releases = (w.current as { containers: { releases: { pods: string[]; nodes: string[] }[] }[] }).containers[0]!.releases;
    expect(releases.map((r) => r.pods.length).sort()).toEqual([2, 4]);
    expect(releases.find((r) => r.pods.length === 2)!.nodes.sort()).toEqual(["eu-node-1", "eu-node-2"]);
  });

  it("writes no state rows when nothing changed", async () => {
    const before = await h.prisma.workloadState.count();
    const results = await h.pollAll();
    expect(results.map((r) => r.status)).toEqual(["ok", "ok", "ok"]);
    expect(await h.prisma.workloadState.count()).toBe(before);
  });

  it("sees a retagged tag as tag-moved, which a restart under IfNotPresent does not fix", async () => {
    await h.control("POST", "/registry/tags", { repository: "shop/frontend", tag: "5.2", build: "payments-1.5" });
    await h.pollAll();
    expect((await workload("prod-us", "shop", "frontend")).driftKinds).toContain("tag-moved");
    await h.control("POST", "/clusters/prod-us/workloads/shop/Deployment/frontend/restart");
    await h.pollAll();
    expect((await workload("prod-us", "shop", "frontend")).driftKinds).toContain("tag-moved"); // cached old bytes
    const moves = await h.prisma.tagResolution.findMany({ where: { reference: { endsWith: "shop/frontend:5.2" }, previousDigest: { not: null } } });
    expect(moves).toHaveLength(1);
  });

  it("records a release transition and a new interval when pods pull the moved tag (Always)", async () => {
    const w = await workload("staging", "reports", "nightly-report");
    const statesBefore = await h.prisma.workloadState.count({ where: { workloadId: w.id } });
    await h.control("POST", "/registry/tags", { repository: "reports/nightly-report", tag: "latest", build: "frontend-5.2" });
    await h.control("POST", "/clusters/staging/workloads/reports/Deployment/nightly-report/restart");
    await h.pollAll();
    expect(await h.prisma.workloadState.count({ where: { workloadId: w.id } })).toBe(statesBefore + 1);
    const transition = await h.prisma.workloadState.findFirstOrThrow({ where: { workloadId: w.id, isTransition: true }, select: { changes: true } });
    expect(transition.changes).toEqual([expect.objectContaining({ type: "release-change", container: "report" })]);
    expect((await workload("staging", "reports", "nightly-report")).driftKinds).not.toContain("tag-moved");
  });

  it("keeps the other clusters fresh when one dies, and recovers", async () => {
    await h.control("POST", "/clusters/staging/down");
    const results = await h.pollAll();
    expect(results.find((r) => r.cluster === "staging")).toMatchObject({ status: "failed", error: { code: "UNREACHABLE" } });
    expect(results.filter((r) => r.cluster !== "staging").map((r) => r.status)).toEqual(["ok", "ok"]);
    const staging = await h.prisma.cluster.findUniqueOrThrow({ where: { name: "staging" } });
    expect(staging.lastError).toMatch(/staging/);
    expect(await h.prisma.workload.count({ where: { cluster: { name: "staging" }, deletedAt: null } })).toBeGreaterThan(0); // nothing lost
    await h.control("POST", "/clusters/staging/up");
    expect((await h.poll("staging")).status).toBe("ok");
  });

  it("sees a deleted tag as tag-missing, a tag change, and a closed resolution interval", async () => {
    const ref = `${h.sim.registryHost}/shop/payments:1.3`;
    const since = new Date();
    await h.control("DELETE", "/registry/tags/shop/payments/1.3");
    await h.pollAll();
    expect((await workload("prod-us", "shop", "payments")).driftKinds).toContain("tag-missing");
    const intervals = await h.prisma.tagResolution.findMany({ where: { reference: ref }, orderBy: { from: "asc" }, select: { digest: true, errorCode: true, to: true } });
    expect(intervals).toEqual([
      { digest: expect.stringMatching(/^sha256:/), errorCode: null, to: expect.any(Date) },
      { digest: null, errorCode: "MANIFEST_UNKNOWN", to: null },
    ]);
    const { listTagMoves } = await import("@/lib/server/data/tag-resolutions");
    const moves = await listTagMoves(h.prisma, { since, take: 50 });
    expect(moves.filter((m) => m.reference === ref)).toEqual([expect.objectContaining({ errorCode: "MANIFEST_UNKNOWN", previousDigest: intervals[0]!.digest })]);
  });

  it("keeps what the registry last said through a 503, without closing any resolution interval", async () => {
    const openBefore = await h.prisma.tagResolution.count({ where: { to: null } });
    const kindsBefore = (await workload("prod-eu", "shop", "checkout")).driftKinds;
    await h.control("POST", "/registry/faults", { status: 503, durationMs: 60_000 });
    expect((await h.pollAll()).map((r) => r.status)).toEqual(["ok", "ok", "ok"]);
    const checkout = await workload("prod-eu", "shop", "checkout");
    expect(checkout.driftKinds).toEqual(kindsBefore); // a registry blip is not a finding
    expect(checkout.driftKinds).not.toContain("unverifiable");
    expect(await h.prisma.tagResolution.count({ where: { to: null } })).toBe(openBefore);
    await h.control("DELETE", "/registry/faults");
  });

  it("keeps what the registry last said through a 401, keeps history, and recovers", async () => {
    const openBefore = await h.prisma.tagResolution.findMany({ where: { to: null, errorCode: null }, select: { id: true }, orderBy: { id: "asc" } });
    const kindsBefore = (await workload("prod-eu", "shop", "checkout")).driftKinds;
    await h.control("POST", "/registry/faults", { status: 401, durationMs: 60_000 });
    const results = await h.pollAll();
    expect(results.map((r) => r.status)).toEqual(["ok", "ok", "ok"]);
    expect((await workload("prod-eu", "shop", "checkout")).driftKinds).toEqual(kindsBefore);
    // An auth failure says nothing about what the tag points at: no resolution interval is closed.
    const openDuring = await h.prisma.tagResolution.findMany({ where: { to: null, errorCode: null }, select: { id: true }, orderBy: { id: "asc" } });
    expect(openDuring).toEqual(openBefore);
    await h.control("DELETE", "/registry/faults");
    await h.pollAll();
    expect((await workload("prod-eu", "shop", "checkout")).driftKinds).toEqual(kindsBefore);
  });

  // Last: a 429 makes the resolver hold the host for Retry-After.
  it("keeps what the registry last said through a 429", async () => {
    const kindsBefore = (await workload("prod-eu", "shop", "recommendations")).driftKinds;
    await h.control("POST", "/registry/faults", { status: 429, retryAfterSeconds: 60, durationMs: 60_000 });
    const results = await h.pollAll();
    expect(results.map((r) => r.status)).toEqual(["ok", "ok", "ok"]);
    const recommendations = await workload("prod-eu", "shop", "recommendations");
    expect(recommendations.driftKinds).toEqual(kindsBefore);
    expect(recommendations.driftKinds).toContain("tag-moved");
    await h.control("DELETE", "/registry/faults");
  });
});

describe("polling with pull secrets switched off", () => {
  let h!: Harness;
  useDemoHarness((x) => void (h = x), { readPullSecrets: false });

  it("cannot verify the private image, and says the registry wants credentials", async () => {
    await h.poll("prod-eu");
    const ledger = await h.prisma.workload.findFirstOrThrow({ where: { cluster: { name: "prod-eu" }, namespace: "finance", name: "ledger" }, select: { driftKinds: true, current: true } });
    expect(ledger.driftKinds).toContain("unverifiable");
    expect((ledger.current as { containers: { resolution: { code?: string } }[] }).containers[0]!.resolution.code).toBe("UNAUTHORIZED");
  });
});

describe("the API over a polled demo fleet", () => {
  let h!: Harness;
  useDemoHarness(async (x, databaseUrl) => {
    h = x;
    process.env.DATABASE_URL = databaseUrl;
    await h.pollAll();
  });
  const get = async (handler: (req: Request, ctx: never) => Response | Promise<Response>, url: string, ctx?: unknown) => {
    const res = await handler(new Request(`http://test${url}`), ctx as never);
    return { status: res.status, body: await res.json() };
  };

  it("serves every endpoint in its zod contract", async () => {
    const { workloadListSchema, workloadDetailSchema } = await import("@/lib/schemas/workloads");
    const { nodeMapSchema, changeListSchema } = await import("@/lib/schemas/fleet");
    const list = await get((await import("@/app/api/workloads/route")).GET, "/api/workloads?drift=any");
    expect(list.status).toBe(200);
    expect(workloadListSchema.parse(list.body).items.every((w) => w.status === "drift")).toBe(true);
    const detailRoute = (await import("@/app/api/workloads/[cluster]/[namespace]/[kind]/[name]/route")).GET;
    const detail = await get(detailRoute, "/x", { params: Promise.resolve({ cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "checkout" }) });
    expect(detail.status).toBe(200);
    const d = workloadDetailSchema.parse(detail.body);
    expect(d.containers[0]!.releases).toHaveLength(2);
    expect(Date.parse(d.driftSince!)).toBeLessThanOrEqual(Date.now());
    expect(d.containers[0]!.resolution).toMatchObject({ status: "ok", since: expect.stringMatching(/^\d{4}-/) });
    expect(nodeMapSchema.parse((await get((await import("@/app/api/nodes/route")).GET, "/api/nodes?cluster=prod-eu")).body).items).toHaveLength(6);
    expect(changeListSchema.parse((await get((await import("@/app/api/changes/route")).GET, "/api/changes")).body).items.length).toBeGreaterThan(0);
  });

  it("compares a workload with its namesakes: cross-cluster drift within prod, promotion lag to staging, same release", async () => {
    const { workloadDetailSchema } = await import("@/lib/schemas/workloads");
    const route = (await import("@/app/api/workloads/[cluster]/[namespace]/[kind]/[name]/route")).GET;
    const detail = async (cluster: string, name: string) =>
      workloadDetailSchema.parse((await get(route, "/x", { params: Promise.resolve({ cluster, namespace: "shop", kind: "Deployment", name }) })).body);
    const payments = await detail("prod-eu", "payments");
    expect(payments.elsewhere.map((e) => [e.cluster, e.relation])).toEqual([["prod-us", "cross-cluster"], ["staging", "promotion-lag"]]);
    expect(payments.elsewhere[0]!.containers[0]!.matches).toBe(false);
    const cart = await detail("prod-eu", "cart");
    expect(cart.elsewhere.map((e) => [e.cluster, e.relation])).toEqual([["prod-us", "same-release"], ["staging", "same-release"]]);
    expect((await detail("prod-eu", "checkout")).elsewhere).toEqual([]);
  });

  it("exports Prometheus metrics: workloads by drift kind, poll durations and failures, registry requests by code", async () => {
    const res = await (await import("@/app/api/metrics/route")).GET(new Request("http://localhost/api/metrics"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
    expect(value(/^driftwatch_workloads_drift\{kind="skew"\} (\d+)$/m)).toBe(1);
    expect(value(/^driftwatch_workloads_drift\{kind="cross-cluster"\} (\d+)$/m)).toBe(2);
    expect(value(/^driftwatch_workloads\{status="drift"\} (\d+)$/m)).toBeGreaterThanOrEqual(8);
    expect(value(/^driftwatch_poll_duration_seconds_count\{cluster="prod-eu",status="ok"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^driftwatch_registry_requests_total\{registry="127\.0\.0\.1:\d+",method="resolve",code="OK"\} (\d+)$/m)).toBeGreaterThan(0);
    expect(value(/^driftwatch_cluster_data_age_seconds\{cluster="staging"\} ([\d.e+-]+)$/m)).toBeLessThan(600);
    // The dead-cluster test above (same process, same registry of metrics) counted its failure.
    expect(value(/^driftwatch_poll_failures_total\{cluster="staging",code="UNREACHABLE"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
  });

  it("summarises workloads by drift kind, matching the filtered lists", async () => {
    const { driftSummarySchema, workloadListSchema } = await import("@/lib/schemas/workloads");
    const summaryRoute = (await import("@/app/api/summary/route")).GET;
    const listRoute = (await import("@/app/api/workloads/route")).GET;
    const total = async (query: string) => workloadListSchema.parse((await get(listRoute, `/api/workloads?limit=500${query}`)).body).total;
    const s = driftSummarySchema.parse((await get(summaryRoute, "/api/summary")).body);
    expect(s.total).toBe(await total(""));
    expect(s.drift).toBe(await total("&drift=any"));
    expect(Object.keys(s.byKind).length).toBeGreaterThanOrEqual(7);
    for (const [kind, n] of Object.entries(s.byKind)) expect([kind, n]).toEqual([kind, await total(`&drift=${kind}`)]);
    const eu = driftSummarySchema.parse((await get(summaryRoute, "/api/summary?cluster=prod-eu")).body);
    expect(eu.byKind.skew).toBe(1);
    expect(eu.total).toBe(await total("&cluster=prod-eu"));
    expect((await get(summaryRoute, "/api/summary?cluster=a%20b")).status).toBe(400);
  });

  it("pages with a keyset cursor: every workload once, even when one appears between pages", async () => {
    const route = (await import("@/app/api/workloads/route")).GET;
    const key = (w: { cluster: string; namespace: string; kind: string; name: string }) => `${w.cluster}/${w.namespace}/${w.kind}/${w.name}`;
    const all = (await get(route, "/api/workloads?limit=500")).body as { items: { cluster: string; namespace: string; kind: string; name: string }[]; total: number };
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await get(route, `/api/workloads?limit=4${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map(key));
      cursor = page.body.nextCursor;
      if (pages++ === 1) {
        // A workload sorting first appears after page two: already-served positions must not shift.
        const c = await h.prisma.cluster.findUniqueOrThrow({ where: { name: "prod-eu" } });
        await h.prisma.workload.create({ data: { clusterId: c.id, namespace: "aaa", kind: "Deployment", name: "aaa-new", status: "drift", driftKinds: [], current: {}, firstSeenAt: new Date(), lastSeenAt: new Date() } });
      }
    } while (cursor);
    expect(pages).toBeGreaterThan(3);
    expect(seen).toEqual(all.items.map(key));
    expect(all.total).toBe(seen.length);
    const bogus = await get(route, "/api/workloads?cursor=bm90LWEtY3Vyc29y");
    expect(bogus.status).toBe(400);
    expect(bogus.body.detail).toMatch(/cursor must come from a previous response/);
    await h.prisma.workload.deleteMany({ where: { name: "aaa-new" } });
  });

  it("answers bad input with problem+json naming the field, and unknown workloads with 404", async () => {
    const bad = await get((await import("@/app/api/workloads/route")).GET, "/api/workloads?drift=bogus&limit=0");
    expect(bad.status).toBe(400);
    expect(bad.body.invalid.map((f: { field: string }) => f.field).sort()).toEqual(["drift", "limit"]);
    const detailRoute = (await import("@/app/api/workloads/[cluster]/[namespace]/[kind]/[name]/route")).GET;
    const missing = await get(detailRoute, "/x", { params: Promise.resolve({ cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "nope" }) });
    expect(missing.status).toBe(404);
    const hostile = await get(detailRoute, "/x", { params: Promise.resolve({ cluster: "prod-eu'; DROP TABLE workload;--", namespace: "shop", kind: "Deployment", name: "x" }) });
    expect(hostile.status).toBe(400);
  });
});
