// Change-based storage against a real Postgres: unchanged polls write nothing, changes write
// one interval and close the previous one, tag resolutions are intervals too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { analyzeFleet } from "@/lib/drift/fleet";
import { T0, cluster, deployment, digest, node, pod, resolved, running } from "@/lib/drift/fixtures";
import type { ClusterObservation, TagResolution } from "@/lib/drift/observation";
import { createTestDatabase } from "@/test/db";
import { upsertClusters } from "./clusters";
import { recordTagResolutions, listTagMoves } from "./tag-resolutions";
import { recordWorkloadStates } from "./workload-states";
import { toRecord } from "@/lib/server/poller/snapshot";

const IMG = "reg.example/shop/checkout:2.4.1";
const OLD = digest("old");
const NEW = digest("new");

function observe(podsDigests: string[], extra: string[] = []): ClusterObservation {
  const d = deployment("shop", "checkout").container("app", IMG).revision("r1")
    .pods(podsDigests.map((dg, i) => pod(`checkout-${i}`, i % 2 ? "n2" : "n1", "r1", { app: running(dg) })));
  const others = extra.map((name) => deployment("shop", name).container("app", `reg.example/shop/${name}@${OLD}`).revision("r1").pods([pod(`${name}-0`, "n1", "r1", { app: running(OLD) })]));
  return cluster("prod-eu", "prod", { nodes: [node("n1"), node("n2")], workloads: [d, ...others] });
}

function records(obs: ClusterObservation, resolutions: Record<string, TagResolution>) {
  const analysis = analyzeFleet({ observations: [obs], resolutions, indexes: {}, now: T0 });
  return analysis.workloads.map((a) => toRecord(a, obs.workloads.find((w) => w.name === a.name)!, obs.nodes, resolutions));
}

describe("change-based history", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let prisma: PrismaClient;
  let clusterId: number;
  const at = (min: number) => new Date(Date.parse(T0) + min * 60_000);

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
    clusterId = (await upsertClusters(prisma, [{ name: "prod-eu", environment: "prod", server: "https://prod-eu" }])).get("prod-eu")!;
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it("writes state rows only when something changes, with the transition and closed intervals", async () => {
    const res = resolved(IMG, OLD);
    const first = await recordWorkloadStates(prisma, { clusterId, records: records(observe([OLD, OLD], ["api", "web"]), res), now: at(0), isComplete: true });
    expect(first).toBe(6); // 3 workloads × (identity row + first interval)
    const statesAfterFirst = await prisma.workloadState.count();

    for (let i = 1; i <= 3; i++) {
      const again = await recordWorkloadStates(prisma, { clusterId, records: records(observe([OLD, OLD], ["api", "web"]), res), now: at(i), isComplete: true });
      expect(again).toBe(0);
    }
    expect(await prisma.workloadState.count()).toBe(statesAfterFirst);

    // The tag is rebuilt and one pod restarts on the new bytes: a split.
    const moved = resolved(IMG, NEW);
    const split = await recordWorkloadStates(prisma, { clusterId, records: records(observe([OLD, NEW], ["api", "web"]), moved), now: at(5), isComplete: true });
    expect(split).toBe(3); // workload row, closed interval, new interval
    const states = await prisma.workloadState.findMany({
      where: { workload: { name: "checkout" } },
      orderBy: { from: "asc" },
      select: { from: true, to: true, status: true, changes: true, isTransition: true },
    });
    expect(states).toHaveLength(2);
    expect(states[0]!.to).toEqual(at(5));
    expect(states[1]).toMatchObject({ to: null, status: "drift", isTransition: true });
    expect(states[1]!.changes).toEqual([expect.objectContaining({ type: "release-change", container: "app", fromReleases: [OLD], toReleases: [NEW, OLD].sort(), added: [NEW] })]);
    const row = await prisma.workload.findFirstOrThrow({ where: { name: "checkout" }, select: { status: true, driftKinds: true } });
    expect(row.status).toBe("drift");
    expect(row.driftKinds).toContain("skew");
  });

  it("keeps the start of an unbroken stretch of drift, and clears it once back in sync", async () => {
    const since = async () => (await prisma.workload.findFirstOrThrow({ where: { name: "checkout" }, select: { driftSince: true } })).driftSince;
    expect(await since()).toEqual(at(5)); // the split above
    // Still drifting, differently (a third pod, another split): the same stretch.
    await recordWorkloadStates(prisma, { clusterId, records: records(observe([NEW, OLD], ["api", "web"]), resolved(IMG, NEW)), now: at(6), isComplete: true });
    const flipped = await recordWorkloadStates(prisma, { clusterId, records: records(observe([OLD, OLD, NEW], ["api", "web"]), resolved(IMG, NEW)), now: at(7), isComplete: true });
    expect(flipped).toBeGreaterThan(0);
    expect(await since()).toEqual(at(5));
    await recordWorkloadStates(prisma, { clusterId, records: records(observe([NEW, NEW], ["api", "web"]), resolved(IMG, NEW)), now: at(8), isComplete: true });
    expect(await since()).toBeNull();
    await recordWorkloadStates(prisma, { clusterId, records: records(observe([OLD, NEW], ["api", "web"]), resolved(IMG, NEW)), now: at(9), isComplete: true });
    expect(await since()).toEqual(at(9)); // a new stretch
  });

  it("marks workloads gone from a complete observation as deleted, but not from a partial one", async () => {
    const res = resolved(IMG, NEW);
    await recordWorkloadStates(prisma, { clusterId, records: records(observe([NEW, NEW], ["api"]), res), now: at(10), isComplete: false });
    expect((await prisma.workload.findFirstOrThrow({ where: { name: "web" } })).deletedAt).toBeNull();
    await recordWorkloadStates(prisma, { clusterId, records: records(observe([NEW, NEW], ["api"]), res), now: at(11), isComplete: true });
    const web = await prisma.workload.findFirstOrThrow({ where: { name: "web" }, select: { deletedAt: true, states: { select: { to: true } } } });
    expect(web.deletedAt).toEqual(at(11));
    expect(web.states.every((s) => s.to !== null)).toBe(true);
  });

  it("keeps the current view current: a reschedule rewrites the workload row alone, a registry re-check nothing", async () => {
    const us = (await upsertClusters(prisma, [{ name: "prod-us", environment: "prod", server: "https://prod-us" }])).get("prod-us")!;
    const on = (nodes: [string, string], checkedAt: string) => {
      const d = deployment("shop", "mover").container("app", IMG).revision("r1").pods([pod(`mover-${nodes[0]}`, nodes[0], "r1", { app: running(OLD) }), pod(`mover-${nodes[1]}`, nodes[1], "r1", { app: running(OLD) })]);
      const obs = cluster("prod-us", "prod", { nodes: [node("n1"), node("n2"), node("n3")], workloads: [d] });
      const res = { [Object.keys(resolved(IMG, OLD))[0]!]: { ...Object.values(resolved(IMG, OLD))[0]!, checkedAt } };
      return records(obs, res);
    };
    const placements = async () => {
      const row = await prisma.workload.findFirstOrThrow({ where: { clusterId: us, name: "mover" }, select: { current: true } });
      return (row.current as { containers: { releases: { placements: { pod: string; node: string }[] }[] }[] }).containers[0]!.releases[0]!.placements.map((p) => `${p.pod}@${p.node}`).sort();
    };
    expect(await recordWorkloadStates(prisma, { clusterId: us, records: on(["n1", "n2"], at(0).toISOString()), now: at(0), isComplete: true })).toBe(2);
    // The registry was asked again (a new checkedAt), nothing else changed: no write at all.
    expect(await recordWorkloadStates(prisma, { clusterId: us, records: on(["n1", "n2"], at(1).toISOString()), now: at(1), isComplete: true })).toBe(0);
    // Rescheduled onto other nodes, same release: the row's current view, no interval.
    expect(await recordWorkloadStates(prisma, { clusterId: us, records: on(["n2", "n3"], at(2).toISOString()), now: at(2), isComplete: true })).toBe(1);
    expect(await placements()).toEqual(["mover-n2@n2", "mover-n3@n3"]);
    expect(await prisma.workloadState.count({ where: { workload: { clusterId: us } } })).toBe(1);
    expect(await recordWorkloadStates(prisma, { clusterId: us, records: on(["n2", "n3"], at(3).toISOString()), now: at(3), isComplete: true })).toBe(0);
  });

  it("records one move when several replicas record the same moved tag at once", async () => {
    const ref = "reg.example/shop/race:1";
    const replicas = Array.from({ length: 3 }, () => new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) }));
    const move = (client: PrismaClient, d: string, min: number) => recordTagResolutions(client, { resolutions: Object.values(resolved(ref, d)), now: at(min) });
    await move(prisma, OLD, 0);
    await Promise.all(replicas.map((r) => r.$connect()));
    await Promise.all(replicas.map((r) => move(r, NEW, 1)));
    await Promise.all(replicas.map((r) => r.$disconnect()));
    const rows = await prisma.tagResolution.findMany({ where: { reference: ref }, orderBy: { id: "asc" }, select: { digest: true, to: true } });
    expect(rows).toEqual([{ digest: OLD, to: at(1) }, { digest: NEW, to: null }]);
  });

  it("records tag resolutions as intervals: a move and a deletion, not a transient error", async () => {
    const key = Object.keys(resolved(IMG, OLD))[0]!;
    const ok = (d: string, t: number): TagResolution => ({ reference: key, status: "ok", digest: d, mediaType: "application/vnd.oci.image.manifest.v1+json", platforms: [], checkedAt: at(t).toISOString() });
    const err = (code: "MANIFEST_UNKNOWN" | "UNREACHABLE", t: number): TagResolution => ({ reference: key, status: "error", code, message: code, checkedAt: at(t).toISOString() });
    expect(await recordTagResolutions(prisma, { resolutions: [ok(OLD, 0)], now: at(0) })).toBe(1);
    expect(await recordTagResolutions(prisma, { resolutions: [ok(OLD, 1)], now: at(1) })).toBe(0);
    expect(await recordTagResolutions(prisma, { resolutions: [ok(NEW, 2)], now: at(2) })).toBe(2);
    expect(await recordTagResolutions(prisma, { resolutions: [err("UNREACHABLE", 3)], now: at(3) })).toBe(0);
    expect(await recordTagResolutions(prisma, { resolutions: [err("MANIFEST_UNKNOWN", 4)], now: at(4) })).toBe(2);
    const moves = await listTagMoves(prisma, { since: at(-1), take: 10 });
    expect(moves.filter((m) => m.reference === key).map((m) => [m.previousDigest, m.digest, m.errorCode])).toEqual([
      [NEW, null, "MANIFEST_UNKNOWN"],
      [OLD, NEW, null],
    ]);
    expect(await prisma.tagResolution.count({ where: { reference: key, to: null } })).toBe(1);
    // A reference first seen while the registry refuses us is recorded, but is no lost tag.
    const locked: TagResolution = { reference: "reg.example/private/app:1", status: "error", code: "UNAUTHORIZED", message: "401", checkedAt: at(5).toISOString() };
    expect(await recordTagResolutions(prisma, { resolutions: [locked], now: at(5) })).toBe(1);
    expect((await listTagMoves(prisma, { since: at(-1), take: 50 })).map((m) => m.reference)).not.toContain(locked.reference);
  });
});
