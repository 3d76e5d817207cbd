import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";

// Change-based history: a workload gets a new state row only when its state hash changes, so an
// unchanged poll writes nothing here.

export type WorkloadSnapshot = {
  namespace: string;
  kind: string;
  name: string;
  status: "in-sync" | "drift";
  driftKinds: string[];
  stateHash: string;
  /** Denormalised current view (the workload API's body). */
  current: object;
  /** Per-container state persisted with the interval. */
  containers: object[];
  findings: object[];
  /** container → spec image and releases, to describe transitions. */
  releases: Record<string, { specImage: string; releases: string[] }>;
};

export type Transition = { container: string; fromImage?: string; toImage?: string; fromReleases: string[]; toReleases: string[] };

const key = (w: { namespace: string; kind: string; name: string }) => `${w.namespace}/${w.kind}/${w.name}`;

export function describeTransitions(
  before: WorkloadSnapshot["releases"] | undefined,
  after: WorkloadSnapshot["releases"],
): Transition[] {
  if (!before) return [];
  const out: Transition[] = [];
  for (const [container, now] of Object.entries(after)) {
    const prev = before[container];
    const same = prev && prev.specImage === now.specImage && prev.releases.join() === now.releases.join();
    if (same) continue;
    out.push({
      container,
      ...(prev?.specImage !== now.specImage ? { fromImage: prev?.specImage, toImage: now.specImage } : {}),
      fromReleases: prev?.releases ?? [],
      toReleases: now.releases,
    });
  }
  return out;
}

/**
 * Record one cluster's workloads as of `now`. Workloads missing from a complete observation are
 * marked deleted. Returns the number of rows written (inserted or updated).
 */
export async function recordWorkloadStates(
  db: PrismaClient,
  opts: { clusterId: number; snapshots: WorkloadSnapshot[]; now: Date; isComplete: boolean },
): Promise<number> {
  const existing = await db.workload.findMany({
    where: { clusterId: opts.clusterId },
    select: { id: true, namespace: true, kind: true, name: true, stateHash: true, deletedAt: true, current: true },
  });
  const byKey = new Map(existing.map((w) => [key(w), w]));
  const seen = new Set<string>();
  let rows = 0;
  await db.$transaction(async (tx) => {
    for (const s of opts.snapshots) {
      const k = key(s);
      seen.add(k);
      const prior = byKey.get(k);
      if (prior && prior.stateHash === s.stateHash && !prior.deletedAt) continue;
      const current = { ...s.current, releasesIndex: s.releases };
      const fields = { status: s.status, driftKinds: s.driftKinds, stateHash: s.stateHash, current, lastSeenAt: opts.now, deletedAt: null };
      let workloadId: number;
      let previous: WorkloadSnapshot["releases"] | undefined;
      if (prior) {
        workloadId = prior.id;
        previous = (prior.current as { releasesIndex?: WorkloadSnapshot["releases"] }).releasesIndex;
        await tx.workload.update({ where: { id: prior.id }, data: fields });
        rows += await closeOpenState(tx, prior.id, opts.now);
      } else {
        const created = await tx.workload.create({
          data: { clusterId: opts.clusterId, namespace: s.namespace, kind: s.kind, name: s.name, firstSeenAt: opts.now, ...fields },
          select: { id: true },
        });
        workloadId = created.id;
      }
      const changes = describeTransitions(previous, s.releases);
      await tx.workloadState.create({
        data: {
          workloadId, from: opts.now, stateHash: s.stateHash, containers: s.containers, findings: s.findings,
          status: s.status, changes, isTransition: changes.length > 0,
        },
      });
      rows += 2;
    }
    if (!opts.isComplete) return;
    for (const w of existing) {
      if (seen.has(key(w)) || w.deletedAt) continue;
      await tx.workload.update({ where: { id: w.id }, data: { deletedAt: opts.now } });
      rows += 1 + (await closeOpenState(tx, w.id, opts.now));
    }
  }, { timeout: 60_000 });
  return rows;
}

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

async function closeOpenState(tx: Tx, workloadId: number, now: Date): Promise<number> {
  const res = await tx.workloadState.updateMany({ where: { workloadId, to: null }, data: { to: now } });
  return res.count;
}
