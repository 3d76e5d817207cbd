import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { RegistryStale, TagResolution } from "@/lib/drift/observation";
import { failureStatusOf, isRegistryFailure, keepKnown, resolutionWithAge } from "@/lib/drift/registry-age";
import { parseReference } from "@/lib/oci/reference";
import { saveRegistryHosts } from "@/lib/server/data/registry-hosts";
import type { HostHealth, RegistryHealth } from "@/lib/server/poller/registry-health";

// The poll's resolution step, second half: what each cluster knew about each reference (its
// last answers, per cluster because clusters resolve with their own pull secrets), so a failing
// registry yields the last answer marked with its age instead of erasing it (lib/drift/registry-age).
// Seeded from the cluster's stored workloads on its first poll in this process, so a restart in
// the middle of a registry outage keeps the knowledge too.

export type RegistryKnowledge = {
  /** This poll's results → what the drift engine and the stored view see. */
  settle: (cluster: { name: string; id: number }, fresh: Record<string, TagResolution>, now: Date) => Promise<Record<string, TagResolution>>;
  /** Store the registry hosts' health; returns the rows written. */
  save: (now: Date) => Promise<number>;
};

export function createRegistryKnowledge(opts: { db: PrismaClient; health?: RegistryHealth; staleAfterMs?: number }): RegistryKnowledge {
  const byCluster = new Map<string, Map<string, TagResolution>>();
  const saved = new Map<string, { signature: string; at: number }>();

  const failureOf = (key: string, fresh: TagResolution, now: Date): Omit<RegistryStale, "code" | "message"> => {
    const parsed = parseReference(key);
    const registry = parsed.ok ? parsed.value.registry : key.split("/")[0]!;
    const host = opts.health?.get(registry);
    const status = host && host.status !== "ok" ? host.status : failureStatusOf(fresh.status === "error" ? fresh.code : "UNREACHABLE");
    const retryAfterSeconds = host?.retryUntil ? Math.max(1, Math.ceil((host.retryUntil.getTime() - now.getTime()) / 1000)) : undefined;
    return { registry, status, since: (host?.failingSince ?? new Date(fresh.checkedAt)).toISOString(), ...(retryAfterSeconds ? { retryAfterSeconds } : {}) };
  };

  return {
    settle: async (cluster, fresh, now) => {
      const known = byCluster.get(cluster.name) ?? (await loadKnown(opts.db, cluster.id));
      const next = new Map<string, TagResolution>();
      const out: Record<string, TagResolution> = {};
      for (const [key, r] of Object.entries(fresh)) {
        const before = known.get(key);
        out[key] = isRegistryFailure(r)
          ? resolutionWithAge({ known: before, fresh: r, failure: failureOf(key, r, now), now: now.toISOString(), ...(opts.staleAfterMs !== undefined ? { staleAfterMs: opts.staleAfterMs } : {}) })
          : r;
        next.set(key, keepKnown(before, r));
      }
      // Only this poll's references: the memory is as large as the cluster's set of images.
      byCluster.set(cluster.name, next);
      return out;
    },
    save: async (now) => {
      if (!opts.health) return 0;
      opts.health.publish();
      // A quiet host is written at most once a minute (its last success to the minute); a change
      // of state at once.
      const hosts = opts.health
        .all()
        .filter((h) => {
          const prior = saved.get(h.host);
          return !prior || prior.signature !== signatureOf(h) || now.getTime() - prior.at >= SAVE_QUIET_MS;
        })
        .sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
      if (hosts.length === 0) return 0;
      const names = hosts.map((h) => h.host);
      const written = await saveRegistryHosts(opts.db, { hosts, counts: opts.health.takeCounts(names), now });
      for (const h of hosts) saved.set(h.host, { signature: signatureOf(h), at: now.getTime() });
      return written;
    },
  };
}

const SAVE_QUIET_MS = 60_000;
const signatureOf = (h: HostHealth) => [h.status, h.lastError?.code ?? "", h.failingSince?.getTime() ?? "", h.retryUntil?.getTime() ?? ""].join("|");

/** What the cluster's stored current views say each reference resolved to (newest answer kept). */
async function loadKnown(db: PrismaClient, clusterId: number): Promise<Map<string, TagResolution>> {
  const rows = await db.workload.findMany({ where: { clusterId, deletedAt: null }, select: { current: true } });
  const known = new Map<string, TagResolution>();
  for (const row of rows) {
    const containers = ((row.current ?? {}) as { containers?: { resolution?: TagResolution | null }[] }).containers ?? [];
    for (const c of containers) {
      const r = c.resolution;
      if (!r?.reference || !r.checkedAt || (r.status !== "ok" && r.status !== "error")) continue;
      const { stale: _stale, since: _since, ...plain } = r as TagResolution & { since?: string };
      const prior = known.get(r.reference);
      if (!prior || prior.checkedAt < plain.checkedAt) known.set(r.reference, plain as TagResolution);
    }
  }
  return known;
}
