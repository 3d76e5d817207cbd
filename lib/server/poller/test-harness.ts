// Test wiring: the real pipeline against the simulated fleet and a test database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { startSimFleet } from "@/sim/index";
import { loadClusters } from "@/lib/server/poller/cluster-access";
import { createPollCluster } from "@/lib/server/poller/pipeline";
import { createRegistryAccess } from "@/lib/server/poller/registry-access";
import { Poller } from "@/lib/server/poller/poller";

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** `tickMs`: the simulated kubelets' period (a test that ticks by hand passes a large one). */
export async function startHarness(opts: { databaseUrl: string; fleet?: string; readPullSecrets?: boolean; tickMs?: number }) {
  const outDir = mkdtempSync(path.join(tmpdir(), "dw-sim-"));
  const sim = await startSimFleet({ outDir, ...(opts.fleet ? { fleet: opts.fleet } : {}), ...(opts.tickMs ? { tickMs: opts.tickMs } : {}) });
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: opts.databaseUrl }) });
  const { clusters, errors } = loadClusters({
    kubeconfigPath: sim.kubeconfigPath,
    contexts: [],
    environments: Object.fromEntries(sim.clusters.map((c) => [c.context, c.environment])),
    readPullSecrets: opts.readPullSecrets,
  });
  if (errors.length) throw new Error(`sim kubeconfig errors: ${JSON.stringify(errors)}`);
  // A short timeout: the registry's timeout fault costs a poll this long, not the default 10 s.
  const registry = createRegistryAccess({ insecureHosts: [sim.registryHost], tagTtlMs: 0, timeoutMs: 1500 });
  const poll = createPollCluster({
    db: prisma,
    holder: "test",
    clusters: new Map(clusters.map((c) => [c.identity.name, c])),
    resolve: registry.resolve,
    fetchIndex: registry.fetchIndex,
    registryHealth: registry.health,
  });
  // "Poll all" as POST /api/poll does it: every cluster at once under its lease, then settled.
  const poller = new Poller({ db: prisma, holder: "test", clusters: sim.clusters.map((c) => ({ name: c.name })), intervalMs: 60_000, poll, settle: poll.settle, peers: poll.peers });
  const pollAll = () => poller.pollNow();
  const control = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${sim.controlUrl}${p}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`control ${method} ${p}: ${res.status} ${await res.text()}`);
    return res.json().catch(() => ({}));
  };
  return {
    sim, prisma, poll, pollAll, control, registry,
    stop: async () => {
      await poller.stop();
      await registry.close();
      await prisma.$disconnect();
      await sim.stop();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
