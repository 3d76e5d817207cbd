import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { boundOptionalText, boundTexts } from "@/lib/server/data/stored-text";

export type ClusterIdentity = { name: string; environment: string | null; server: string };

/** Make sure every configured cluster has a row; returns name → id. */
export async function upsertClusters(db: PrismaClient, clusters: ClusterIdentity[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const c of clusters) {
    const row = await db.cluster.upsert({
      where: { name: c.name },
      create: { name: c.name, environment: c.environment, server: c.server },
      update: { environment: c.environment, server: c.server },
      select: { id: true },
    });
    ids.set(c.name, row.id);
  }
  return ids;
}

export async function listClusters(db: PrismaClient) {
  return db.cluster.findMany({
    select: {
      id: true, name: true, environment: true, server: true, status: true,
      lastPollAt: true, lastSuccessAt: true, lastError: true, lastErrorCode: true,
    },
    orderBy: { name: "asc" },
  });
}

/**
 * Open a poll row. The caller holds the cluster's lease, so any poll of this cluster still marked
 * running was cut off (the database went away mid-poll, or its replica died): close it as failed
 * rather than leave it running forever.
 */
export async function startPoll(db: PrismaClient, opts: { clusterId: number; holder: string; startedAt: Date }): Promise<bigint> {
  await db.poll.updateMany({
    where: { clusterId: opts.clusterId, status: "running", startedAt: { lt: opts.startedAt } },
    data: { status: "failed", finishedAt: opts.startedAt, errorCode: "INTERRUPTED", error: "poll did not finish: the database became unavailable or the replica stopped mid-poll" },
  });
  const row = await db.poll.create({
    data: { clusterId: opts.clusterId, holder: opts.holder, startedAt: opts.startedAt, status: "running" },
    select: { id: true },
  });
  return row.id;
}

export type PollOutcome = {
  status: "ok" | "partial" | "failed";
  finishedAt: Date;
  durationMs: number;
  error?: string;
  errorCode?: string;
  workloads: number;
  pods: number;
  nodes: number;
  rowsWritten: number;
  gaps: unknown[];
};

/** Close the poll header row and update the cluster's freshness, in one transaction. */
export async function finishPoll(db: PrismaClient, opts: { pollId: bigint; clusterId: number; outcome: PollOutcome }) {
  const o = opts.outcome;
  const error = boundOptionalText(o.error);
  const isUsable = o.status !== "failed";
  await db.$transaction([
    db.poll.update({
      where: { id: opts.pollId },
      data: {
        status: o.status, finishedAt: o.finishedAt, durationMs: o.durationMs, error,
        errorCode: o.errorCode ?? null, workloads: o.workloads, pods: o.pods, nodes: o.nodes,
        rowsWritten: o.rowsWritten, gaps: boundTexts(o.gaps) as object[],
      },
    }),
    db.cluster.update({
      where: { id: opts.clusterId },
      data: {
        status: o.status,
        lastPollAt: o.finishedAt,
        ...(isUsable ? { lastSuccessAt: o.finishedAt } : {}),
        lastError: error,
        lastErrorCode: o.errorCode ?? null,
      },
    }),
  ]);
}

export async function listRecentPolls(db: PrismaClient, opts: { clusterId?: number; take?: number }) {
  return db.poll.findMany({
    where: opts.clusterId ? { clusterId: opts.clusterId } : {},
    select: {
      id: true, clusterId: true, startedAt: true, finishedAt: true, durationMs: true, status: true,
      error: true, errorCode: true, holder: true, workloads: true, pods: true, nodes: true, rowsWritten: true, gaps: true,
    },
    orderBy: { startedAt: "desc" },
    take: opts.take ?? 20,
  });
}

/** The newest poll that saw the cluster (ok or partial): its counts are the last known ones. */
export async function getLastUsablePoll(db: PrismaClient, opts: { clusterId: number }) {
  return db.poll.findFirst({
    where: { clusterId: opts.clusterId, status: { in: ["ok", "partial"] } },
    select: { finishedAt: true, workloads: true, pods: true, nodes: true },
    orderBy: { startedAt: "desc" },
  });
}
