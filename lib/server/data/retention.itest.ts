// Retention against a real Postgres: only closed intervals and long-deleted rows older than the
// window go; open intervals, recent history and audit events stay.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase } from "@/test/db";
import { applyRetention } from "./retention";
import { RetentionJob } from "@/lib/server/poller/retention-job";

const NOW = new Date("2026-12-01T00:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

describe("retention", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let prisma: PrismaClient;
  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it("deletes what is older than the windows, in batches, and keeps the present and the audit trail", async () => {
    const c = await prisma.cluster.create({ data: { name: "c1", server: "https://c1" } });
    const wl = (name: string, deletedAt: Date | null) =>
      prisma.workload.create({ data: { clusterId: c.id, namespace: "ns", kind: "Deployment", name, firstSeenAt: daysAgo(400), lastSeenAt: deletedAt ?? NOW, deletedAt } });
    const live = await wl("live", null);
    const goneLongAgo = await wl("gone-long-ago", daysAgo(200));
    const goneRecently = await wl("gone-recently", daysAgo(5));
    const state = (workloadId: number, from: Date, to: Date | null) => ({ workloadId, from, to, stateHash: `${from.toISOString()}`, containers: [], status: "in-sync" });
    await prisma.workloadState.createMany({
      data: [
        ...Array.from({ length: 12 }, (_, i) => state(live.id, daysAgo(300 - i), daysAgo(299 - i))), // 12 old closed intervals
        state(live.id, daysAgo(288), daysAgo(10)), // closed recently: stays
        state(live.id, daysAgo(10), null), // open, started long ago relative to nothing: stays
        state(goneLongAgo.id, daysAgo(300), daysAgo(200)),
        state(goneRecently.id, daysAgo(300), daysAgo(5)),
      ],
    });
    await prisma.tagResolution.createMany({
      data: [
        { reference: "r/a:1", digest: "sha256:1", from: daysAgo(400), to: daysAgo(390), lastCheckedAt: daysAgo(390) },
        { reference: "r/a:1", digest: "sha256:2", from: daysAgo(390), to: null, lastCheckedAt: NOW },
      ],
    });
    await prisma.poll.createMany({
      data: [
        ...Array.from({ length: 7 }, (_, i) => ({ clusterId: c.id, startedAt: daysAgo(40 + i), status: "ok", holder: "h" })),
        { clusterId: c.id, startedAt: daysAgo(1), status: "ok", holder: "h" },
      ],
    });
    await prisma.node.create({ data: { clusterId: c.id, name: "old-node", os: "linux", architecture: "amd64", firstSeenAt: daysAgo(400), lastSeenAt: daysAgo(200), deletedAt: daysAgo(200) } });
    await prisma.auditEvent.create({ data: { at: daysAgo(1000), correlationId: "x", phase: "result", action: "pin", actor: "a", cluster: "c1", namespace: "ns", kind: "Deployment", name: "live" } });

    const result = await applyRetention(prisma, { historyDays: 180, pollDays: 30 }, NOW, { batch: 5 });
    expect(result).toEqual({ polls: 7, workloadStates: 13, tagResolutions: 1, workloads: 1, nodes: 1 }); // 12 old intervals of live + the gone workload's

    expect(await prisma.workload.findMany({ select: { name: true }, orderBy: { name: "asc" } })).toEqual([{ name: "gone-recently" }, { name: "live" }]);
    expect(await prisma.workloadState.count({ where: { workloadId: live.id } })).toBe(2);
    expect(await prisma.workloadState.count({ where: { workloadId: live.id, to: null } })).toBe(1);
    expect(await prisma.tagResolution.count({ where: { to: null } })).toBe(1);
    expect(await prisma.poll.count()).toBe(1);
    expect(await prisma.auditEvent.count()).toBe(1);
    // A second run finds nothing more.
    expect(await applyRetention(prisma, { historyDays: 180, pollDays: 30 }, NOW)).toEqual({ polls: 0, workloadStates: 0, tagResolutions: 0, workloads: 0, nodes: 0 });
  });

  it("runs on one replica at a time", async () => {
    const policy = { historyDays: 180, pollDays: 30 };
    const a = new RetentionJob({ db: prisma, holder: "replica-a", policy });
    const b = new RetentionJob({ db: prisma, holder: "replica-b", policy });
    expect(await a.runOnce(NOW)).toEqual({ polls: 0, workloadStates: 0, tagResolutions: 0, workloads: 0, nodes: 0 });
    expect(await b.runOnce(NOW)).toBeNull(); // a holds the retention lease for its interval
    expect(await a.runOnce(NOW)).not.toBeNull();
  });
});
