// The poller under failure: Postgres restarted while polling, two replicas sharing the fleet
// through leases. Real embedded Postgres (its own server, so the restart hurts no other test),
// the simulated fleet over HTTPS and the real registry client.
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedDb } from "@/lib/server/db/embedded";
import { migrate } from "@/lib/server/db/migrate";
import { migrationsDir } from "@/lib/server/db/paths";
import { useDemoHarness } from "@/test/demo-harness";
import { Poller } from "./poller";
import { startHarness, type Harness } from "./test-harness";
import type { PollResultDto } from "@/lib/schemas/fleet";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe("a Postgres restart during polling", () => {
  const dataDir = path.join(process.cwd(), ".test-data", `restart-pg-${process.pid}`);
  let pg: EmbeddedDb;
  let h: Harness;
  let poller: Poller;
  const results: PollResultDto[] = [];

  beforeAll(async () => {
    pg = await startEmbeddedPostgres({ dataDir });
    await migrate(pg.url, migrationsDir);
    h = await startHarness({ databaseUrl: pg.url });
    const clusters = h.sim.clusters.map((c) => ({ name: c.name }));
    poller = new Poller({ db: h.prisma, holder: "replica-a", clusters, intervalMs: 250, leaseMs: 10_000, poll: h.poll, onResult: (r) => void results.push(r) });
  });
  afterAll(async () => {
    await poller?.stop().catch(() => {});
    await h?.stop();
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("skips polls while the database is down, loses nothing, and resumes by itself", async () => {
    poller.start();
    const successes = async (after: Date) => h.prisma.cluster.count({ where: { lastSuccessAt: { gt: after } } });
    await waitFor("a first successful poll of every cluster", async () => (await successes(new Date(0))) === 3);
    // Change the world so that there is history worth keeping.
    await h.control("POST", "/registry/tags", { repository: "reports/nightly-report", tag: "latest", build: "frontend-5.2" });
    await h.control("POST", "/clusters/staging/workloads/reports/Deployment/nightly-report/restart");
    await waitFor("the change recorded", async () => (await h.prisma.workloadState.count({ where: { isTransition: true } })) > 0);
    const before = {
      workloads: await h.prisma.workload.count({ where: { deletedAt: null } }),
      states: await h.prisma.workloadState.count(),
      resolutions: await h.prisma.tagResolution.count(),
    };

    await pg.stop();
    const downAt = Date.now();
    await waitFor("polls to notice the database is gone", async () => results.some((r) => Date.parse(r.startedAt) >= downAt && r.status !== "ok"));
    await sleep(1000); // several more ticks against a dead database: the loop must keep going
    const whileDown = results.filter((r) => Date.parse(r.startedAt) >= downAt + 300);
    expect(whileDown.length).toBeGreaterThanOrEqual(3);
    for (const r of whileDown) {
      expect(r.status).not.toBe("ok");
      expect(r.error?.code).toMatch(/DATABASE_UNAVAILABLE|POLL_FAILED/);
    }

    pg = await startEmbeddedPostgres({ dataDir, port: pg.port });
    const upAt = new Date();
    await waitFor("every cluster polled successfully after the restart", async () => (await successes(upAt)) === 3);

    expect(await h.prisma.workload.count({ where: { deletedAt: null } })).toBe(before.workloads);
    expect(await h.prisma.workloadState.count()).toBeGreaterThanOrEqual(before.states);
    expect(await h.prisma.tagResolution.count()).toBeGreaterThanOrEqual(before.resolutions);
    const report = await h.prisma.workload.findFirstOrThrow({ where: { name: "nightly-report" }, select: { driftKinds: true } });
    expect(report.driftKinds).not.toContain("tag-moved");
    // A poll cut off by the outage is closed as interrupted once polling resumes, never left running.
    await waitFor("no poll left running", async () => (await h.prisma.poll.count({ where: { status: "running", startedAt: { lt: upAt } } })) === 0);
  });
});

describe("two replicas sharing the fleet", () => {
  let h!: Harness;
  useDemoHarness((x) => void (h = x));

  const replica = (holder: string, leaseMs: number) =>
    new Poller({ db: h.prisma, holder, clusters: h.sim.clusters.map((c) => ({ name: c.name })), intervalMs: 60_000, leaseMs, poll: h.poll });

  it("never polls one cluster from both at once, and hands over when a replica stops", async () => {
    const a = replica("replica-a", 60_000);
    const b = replica("replica-b", 60_000);
    const [ra, rb] = await Promise.all([a.pollNow("prod-eu"), b.pollNow("prod-eu")]);
    const statuses = [ra[0]!.status, rb[0]!.status].sort();
    expect(statuses).toEqual(["ok", "skipped"]);
    const loser = [ra[0]!, rb[0]!].find((r) => r.status === "skipped")!;
    expect(loser.error).toMatchObject({ code: "LEASE_HELD" });
    const [winner, other] = ra[0]!.status === "ok" ? [a, b] : [b, a];
    expect((await other.pollNow("prod-eu"))[0]!.status).toBe("skipped");
    await winner.stop(); // a clean shutdown releases its leases
    expect((await other.pollNow("prod-eu"))[0]!.status).toBe("ok");
    await other.stop();
  });

  it("takes over a dead replica's clusters once its lease expires", async () => {
    const dead = replica("replica-dead", 1_500);
    const live = replica("replica-live", 1_500);
    expect((await dead.pollNow("staging"))[0]!.status).toBe("ok");
    // `dead` never runs again and never releases its lease.
    expect((await live.pollNow("staging"))[0]!.status).toBe("skipped");
    await sleep(1_700);
    expect((await live.pollNow("staging"))[0]!.status).toBe("ok");
    const holders = await h.prisma.poll.findMany({ where: { cluster: { name: "staging" } }, select: { holder: true }, orderBy: { startedAt: "asc" } });
    expect(holders.map((p) => p.holder)).toEqual(["replica-dead", "replica-live"]);
    // Killed and restarted under the same name (host:port), a replica polls again at once.
    const restarted = replica("replica-live", 1_500);
    expect((await restarted.pollNow("staging"))[0]!.status).toBe("ok");
    await restarted.stop();
  });
});

describe("the periodic loop and cross-cluster drift", () => {
  let h!: Harness;
  useDemoHarness((x) => void (h = x));

  it("settles a cluster's cross-cluster findings when a peer's poll changes, not an interval later", async () => {
    // prod-eu polls first and finds no stored peer; prod-us then changes what prod-eu compares against.
    const poller = new Poller({ db: h.prisma, holder: "loop", clusters: h.sim.clusters.map((c) => ({ name: c.name })), intervalMs: 60_000, poll: h.poll, settle: h.poll.settle, peers: h.poll.peers });
    poller.start();
    try {
      const kinds = async (cluster: string) =>
        (await h.prisma.workload.findFirst({ where: { cluster: { name: cluster }, namespace: "shop", name: "payments" }, select: { driftKinds: true } }))?.driftKinds ?? [];
      await waitFor("cross-cluster on both prod clusters", async () => (await kinds("prod-eu")).includes("cross-cluster") && (await kinds("prod-us")).includes("cross-cluster"), 15_000);
      expect(await kinds("staging")).not.toContain("cross-cluster");
    } finally {
      await poller.stop();
    }
  });

  it("coalesces a burst of 'poll all' requests into at most one follow-up poll per cluster", async () => {
    const before = await h.prisma.poll.count();
    const rounds = await Promise.all(Array.from({ length: 20 }, () => h.pollAll()));
    expect(rounds.flat().every((r) => r.status === "ok")).toBe(true);
    const written = (await h.prisma.poll.count()) - before;
    expect(written).toBeGreaterThanOrEqual(3);
    expect(written).toBeLessThanOrEqual(6); // 3 clusters × (the poll + one coalesced follow-up)
  });
});
