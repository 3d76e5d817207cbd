// Error texts from outside are stored cut to 1 KiB, in every row that keeps one (real Postgres).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { analyzeFleet } from "@/lib/drift/fleet";
import { T0, cluster, deployment, failed, node, pod, running, digest } from "@/lib/drift/fixtures";
import { createTestDatabase } from "@/test/db";
import { finishPoll, startPoll, upsertClusters } from "./clusters";
import { recordTagResolutions } from "./tag-resolutions";
import { recordWorkloadStates } from "./workload-states";
import { boundText } from "./stored-text";
import { toRecord } from "@/lib/server/poller/snapshot";

const huge = (what: string) => `${what}: ${"registry said ".repeat(400_000)}`; // ~5.6 MB
const longest = (v: unknown): number =>
  typeof v === "string" ? Buffer.byteLength(v) : Array.isArray(v) ? Math.max(0, ...v.map(longest)) : v && typeof v === "object" ? Math.max(0, ...Object.values(v).map(longest)) : 0;

describe("stored error texts", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let prisma: PrismaClient;
  let clusterId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
    clusterId = (await upsertClusters(prisma, [{ name: "prod-eu", environment: "prod", server: "https://prod-eu" }])).get("prod-eu")!;
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it("poll error, poll gaps and cluster lastError", async () => {
    const pollId = await startPoll(prisma, { clusterId, holder: "t", startedAt: new Date(T0) });
    const error = huge("listing pods");
    const gap = { resource: "secrets", code: "MALFORMED", message: huge("secret shop/pull") };
    await finishPoll(prisma, { pollId, clusterId, outcome: { status: "partial", finishedAt: new Date(T0), durationMs: 1, error, workloads: 0, pods: 0, nodes: 0, rowsWritten: 1, gaps: [gap] } });
    const poll = await prisma.poll.findUniqueOrThrow({ where: { id: pollId }, select: { error: true, gaps: true } });
    const c = await prisma.cluster.findUniqueOrThrow({ where: { id: clusterId }, select: { lastError: true } });
    expect([poll.error, c.lastError, poll.gaps]).toEqual([boundText(error), boundText(error), [{ ...gap, message: boundText(gap.message) }]]);
    expect(Buffer.byteLength(poll.error!)).toBe(1024);
  });

  it("tag resolution errorMessage", async () => {
    const message = huge("reg.example/shop/api:1");
    await recordTagResolutions(prisma, { resolutions: [{ reference: "reg.example/shop/api:1", status: "error", code: "MANIFEST_UNKNOWN", message, checkedAt: T0 }], now: new Date(T0) });
    const row = await prisma.tagResolution.findFirstOrThrow({ where: { reference: "reg.example/shop/api:1" }, select: { errorMessage: true } });
    expect(row.errorMessage).toBe(boundText(message));
  });

  it("workload current and state findings", async () => {
    const image = "reg.example/shop/checkout:2.4.1";
    const obs = cluster("prod-eu", "prod", { nodes: [node("n1")], workloads: [deployment("shop", "checkout").container("app", image).revision("r1").pods([pod("checkout-0", "n1", "r1", { app: running(digest("a")) })])] });
    const message = huge("GET reg.example/shop/checkout:2.4.1");
    const resolutions = failed(image, "UNREACHABLE", message);
    const analysis = analyzeFleet({ observations: [obs], resolutions, indexes: {}, now: T0 });
    const records = analysis.workloads.map((a) => toRecord(a, obs.workloads[0]!, obs.nodes, resolutions));
    expect(longest(records[0]!.current)).toBeGreaterThan(5_000_000); // what the pipeline hands over
    await recordWorkloadStates(prisma, { clusterId, records, now: new Date(T0), isComplete: true });
    const w = await prisma.workload.findFirstOrThrow({ where: { clusterId, name: "checkout" }, select: { id: true, current: true } });
    const state = await prisma.workloadState.findFirstOrThrow({ where: { workloadId: w.id }, select: { findings: true } });
    const current = w.current as { containers: { resolution: { message: string } }[] };
    expect([current.containers[0]!.resolution.message, longest(w.current), longest(state.findings)]).toEqual([boundText(message), 1024, 1024]);
  });
});
