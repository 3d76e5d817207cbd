import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { diffWorkloadStates, type WorkloadChange } from "@/lib/drift/changes";
import type { WorkloadSnapshot } from "@/lib/drift/state";
import { boundTexts } from "@/lib/server/data/stored-text";

// Change-based history: a workload gets a new state row only when its state hash changes, so an
// unchanged poll writes nothing here. The current view (pods, nodes, peers) is kept current
// apart from that: when only its hash changed, the workload row alone is rewritten.

export type WorkloadRecord = {
  namespace: string;
  kind: string;
  name: string;
  status: "in-sync" | "drift";
  driftKinds: string[];
  stateHash: string;
  /** Denormalised current view (the workload API's body). */
  current: object;
  /** Hash of `current` without volatile fields: the row is rewritten whenever it differs. */
  currentHash: string;
  /** What the interval row keeps (and what transitions are computed from). */
  snapshot: WorkloadSnapshot;
  findings: object[];
};

export type Transition = WorkloadChange;

const key = (w: { namespace: string; kind: string; name: string }) => `${w.namespace}/${w.kind}/${w.name}`;
type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * Record one cluster's workloads as of `now`. Workloads missing from a complete observation are
 * marked deleted. Returns the number of rows written (inserted or updated).
 */
export async function recordWorkloadStates(
  db: PrismaClient,
  opts: { clusterId: number; records: WorkloadRecord[]; now: Date; isComplete: boolean },
): Promise<number> {
  const existing = await db.workload.findMany({
    where: { clusterId: opts.clusterId },
    select: { id: true, namespace: true, kind: true, name: true, stateHash: true, currentHash: true, deletedAt: true, status: true, driftSince: true },
  });
  const byKey = new Map(existing.map((w) => [key(w), w]));
  const changed = opts.records.filter((r) => {
    const prior = byKey.get(key(r));
    return !prior || prior.stateHash !== r.stateHash || prior.deletedAt;
  });
  // Same state, different view (pods rescheduled, a peer's release in the cross-cluster finding).
  const refreshed = opts.records.flatMap((r) => {
    const prior = byKey.get(key(r));
    return prior && !prior.deletedAt && prior.stateHash === r.stateHash && prior.currentHash !== r.currentHash ? [{ id: prior.id, r }] : [];
  });
  const present = new Set(opts.records.map(key));
  const vanished = opts.isComplete ? existing.filter((w) => !present.has(key(w)) && !w.deletedAt) : [];
  if (changed.length === 0 && vanished.length === 0 && refreshed.length === 0) return 0;
  const priorIds = changed.map((r) => byKey.get(key(r))?.id).filter((id): id is number => id !== undefined);
  const open = await db.workloadState.findMany({
    where: { workloadId: { in: priorIds }, to: null },
    select: { workloadId: true, status: true, containers: true, findings: true },
  });
  const previous = new Map(open.map((s) => [s.workloadId, s]));
  let rows = 0;
  await db.$transaction(
    async (tx) => {
      for (const r of changed) {
        const prior = byKey.get(key(r));
        // An unbroken stretch of drift keeps its start; a workload back in sync has none.
        const stillDrifting = prior && !prior.deletedAt && prior.status === "drift" && prior.driftSince;
        const driftSince = r.status === "drift" ? (stillDrifting ? prior.driftSince : opts.now) : null;
        const fields = { status: r.status, driftSince, driftKinds: r.driftKinds, stateHash: r.stateHash, current: boundTexts(r.current), currentHash: r.currentHash, lastSeenAt: opts.now, deletedAt: null };
        let workloadId: number;
        if (prior) {
          workloadId = prior.id;
          await tx.workload.update({ where: { id: prior.id }, data: fields });
          rows += 1 + (await closeOpenState(tx, prior.id, opts.now));
        } else {
          workloadId = (await tx.workload.create({
            data: { clusterId: opts.clusterId, namespace: r.namespace, kind: r.kind, name: r.name, firstSeenAt: opts.now, ...fields },
            select: { id: true },
          })).id;
          rows += 1;
        }
        const before = prior ? previous.get(prior.id) : undefined;
        const changes = before ? diffWorkloadStates(toSnapshot(before), r.snapshot) : [];
        await tx.workloadState.create({
          data: {
            workloadId, from: opts.now, stateHash: r.stateHash, containers: r.snapshot.containers, findings: boundTexts(r.findings),
            status: r.status, changes, isTransition: changes.length > 0,
          },
        });
        rows += 1;
      }
      for (const { id, r } of refreshed) {
        await tx.workload.update({ where: { id }, data: { current: boundTexts(r.current), currentHash: r.currentHash, lastSeenAt: opts.now } });
        rows += 1;
      }
      for (const w of vanished) {
        await tx.workload.update({ where: { id: w.id }, data: { deletedAt: opts.now } });
        rows += 1 + (await closeOpenState(tx, w.id, opts.now));
      }
    },
    { timeout: 60_000 },
  );
  return rows;
}

function toSnapshot(s: { status: string; containers: unknown; findings: unknown }): WorkloadSnapshot {
  const findings = (s.findings as { kind: string; container: string | null }[]) ?? [];
  return {
    status: s.status === "drift" ? "drift" : "in-sync",
    containers: (s.containers as WorkloadSnapshot["containers"]) ?? [],
    findings: findings.map((f) => (f.container ? `${f.kind}:${f.container}` : f.kind)),
  };
}

async function closeOpenState(tx: Tx, workloadId: number, now: Date): Promise<number> {
  const res = await tx.workloadState.updateMany({ where: { workloadId, to: null }, data: { to: now } });
  return res.count;
}
