import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";

// Retention: history older than the configured windows is deleted in small batches, so a large
// backlog never holds long locks. Only closed intervals go (an open interval is the present, however
// old its start); workloads and nodes gone from their cluster for longer than the window go with
// their intervals. Audit events are never deleted here: they are the release record.

export type RetentionPolicy = {
  /** Closed workload-state and tag-resolution intervals, and deleted workloads/nodes. */
  historyDays: number;
  /** Poll header rows (one per cluster per poll). */
  pollDays: number;
};

export type RetentionResult = { polls: number; workloadStates: number; tagResolutions: number; workloads: number; nodes: number };

const DAY_MS = 86_400_000;

async function inBatches(run: (batch: number) => Promise<number>, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await run(batch);
    total += n;
    if (n < batch) return total;
  }
}

export async function applyRetention(db: PrismaClient, policy: RetentionPolicy, now: Date, opts: { batch?: number } = {}): Promise<RetentionResult> {
  const batch = opts.batch ?? 5_000;
  const history = new Date(now.getTime() - policy.historyDays * DAY_MS);
  const polls = new Date(now.getTime() - policy.pollDays * DAY_MS);
  return {
    polls: await inBatches((n) => db.$executeRaw`
      DELETE FROM "poll" WHERE "id" IN (SELECT "id" FROM "poll" WHERE "startedAt" < ${polls} AND "status" <> 'running' LIMIT ${n})`, batch),
    workloadStates: await inBatches((n) => db.$executeRaw`
      DELETE FROM "workload_state" WHERE "id" IN (SELECT "id" FROM "workload_state" WHERE "to" IS NOT NULL AND "to" < ${history} LIMIT ${n})`, batch),
    tagResolutions: await inBatches((n) => db.$executeRaw`
      DELETE FROM "tag_resolution" WHERE "id" IN (SELECT "id" FROM "tag_resolution" WHERE "to" IS NOT NULL AND "to" < ${history} LIMIT ${n})`, batch),
    workloads: await inBatches((n) => db.$executeRaw`
      DELETE FROM "workload" WHERE "id" IN (SELECT "id" FROM "workload" WHERE "deletedAt" IS NOT NULL AND "deletedAt" < ${history} LIMIT ${n})`, batch),
    nodes: await inBatches((n) => db.$executeRaw`
      DELETE FROM "node" WHERE "id" IN (SELECT "id" FROM "node" WHERE "deletedAt" IS NOT NULL AND "deletedAt" < ${history} LIMIT ${n})`, batch),
  };
}
