// "A release is its digest": restarting the demo when its registry port has been taken by
// something else must not rewrite history. The references keep naming the registry by its fixed
// name, and the Changes feed gets no entry from the restart.
import { createServer, type Server } from "node:net";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { loadClusters } from "@/lib/server/poller/cluster-access";
import { createPollCluster } from "@/lib/server/poller/pipeline";
import { Poller } from "@/lib/server/poller/poller";
import { createRegistryAccess } from "@/lib/server/poller/registry-access";
import { listTransitions } from "@/lib/server/data/workloads";
import { listTagMoves } from "@/lib/server/data/tag-resolutions";
import { createTestDatabase } from "@/test/db";
import { DEMO_REGISTRY, startDemoFleet } from "./demo";

const outDir = mkdtempSync(path.join(process.cwd(), ".test-data", "demo-restart-"));
chmodSync(outDir, 0o755);
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  rmSync(outDir, { recursive: true, force: true });
});

/** `npm start`'s demo mode without the web server: the fleet, then the real pipeline on its env. */
async function runDemo(databaseUrl: string, said: string[]) {
  // No kubelet ticks: both runs then see the world exactly as the fleet file starts it.
  const fleet = await startDemoFleet(path.join(outDir, "sim"), (m) => said.push(m), { tickMs: 3_600_000 });
  const env = fleet.env;
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  const endpoints = Object.fromEntries(env.DRIFTWATCH_REGISTRY_ENDPOINTS!.split(",").map((kv) => kv.split("=") as [string, string]));
  const registry = createRegistryAccess({ insecureHosts: [env.DRIFTWATCH_INSECURE_REGISTRIES!], endpoints, tagTtlMs: 0 });
  const environments = Object.fromEntries(env.DRIFTWATCH_ENVIRONMENTS!.split(",").map((kv) => kv.split("=") as [string, string]));
  const { clusters, errors } = loadClusters({ kubeconfigPath: env.DRIFTWATCH_KUBECONFIG, contexts: env.DRIFTWATCH_CONTEXTS!.split(","), environments });
  expect(errors).toEqual([]);
  const poll = createPollCluster({ db: prisma, holder: "test", clusters: new Map(clusters.map((c) => [c.identity.name, c])), resolve: registry.resolve, fetchIndex: registry.fetchIndex });
  const poller = new Poller({ db: prisma, holder: "test", clusters: clusters.map((c) => ({ name: c.identity.name })), intervalMs: 3_600_000, poll, settle: poll.settle, peers: poll.peers });
  const stop = async () => {
    await poller.stop();
    await registry.close();
    await prisma.$disconnect();
    await fleet.stop();
  };
  return { prisma, poller, stop };
}

/** What the Changes page lists: one entry per container change of a transition, plus tag moves. */
async function countChanges(prisma: PrismaClient) {
  const since = new Date(0);
  const transitions = await listTransitions(prisma, { since, take: 10_000 });
  const moves = await listTagMoves(prisma, { since, take: 10_000 });
  return transitions.reduce((n, t) => n + ((t.changes as unknown[]) ?? []).length, 0) + moves.length;
}

async function specImages(prisma: PrismaClient) {
  const open = await prisma.workloadState.findMany({ where: { to: null }, select: { containers: true } });
  return open.flatMap((s) => (s.containers as { specImage: string }[]).map((c) => c.specImage)).sort();
}

describe("restarting the demo with its registry port taken", () => {
  it("keeps every image reference and writes no changes entry", async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());

    const said1: string[] = [];
    const first = await runDemo(db.url, said1);
    cleanups.push(first.stop);
    const polls1 = await first.poller.pollNow();
    expect(polls1.map((p) => p.status).sort()).toEqual(["ok", "ok", "ok"]);
    await first.poller.pollNow();
    const changesBefore = await countChanges(first.prisma);
    const imagesBefore = await specImages(first.prisma);
    expect(imagesBefore.length).toBeGreaterThan(20);
    expect(imagesBefore.filter((i) => i.includes("/") && !i.startsWith(`${DEMO_REGISTRY}/`))).toEqual([]);
    await first.stop();
    cleanups.pop();

    // Something else takes the port the demo registry had.
    const port = Number(readFileSync(path.join(outDir, "sim", "registry-port"), "utf8"));
    const squatter: Server = createServer();
    await new Promise<void>((resolve, reject) => squatter.once("error", reject).listen(port, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((r) => squatter.close(() => r())));

    const said2: string[] = [];
    const second = await runDemo(db.url, said2);
    cleanups.push(second.stop);
    const movedTo = Number(readFileSync(path.join(outDir, "sim", "registry-port"), "utf8"));
    expect(movedTo).not.toBe(port);
    expect(said2.filter((m) => m.includes("is taken"))).toEqual([`demo registry port ${port} is taken; listening on ${movedTo} (image references stay ${DEMO_REGISTRY}/…)`]);
    const polls2 = await second.poller.pollNow();
    expect(polls2.map((p) => p.status).sort()).toEqual(["ok", "ok", "ok"]);
    await second.poller.pollNow();

    expect(await specImages(second.prisma)).toEqual(imagesBefore);
    expect(await countChanges(second.prisma)).toBe(changesBefore);
  });
});
