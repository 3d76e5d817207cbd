import "server-only";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { auditSelect, toAuditDto, type AuditEventDto } from "@/lib/server/data/audit";

// Changes (pin, unpin, rollback) as groups of audit events, for the rollout follower and the
// workload page. Reads only: the log is written through appendAuditEvent.

type Db = PrismaClient | Prisma.TransactionClient;
export const CHANGE_ACTIONS = ["pin", "unpin", "rollback"];

async function eventsOf(db: Db, correlationIds: string[]): Promise<Map<string, AuditEventDto[]>> {
  const out = new Map<string, AuditEventDto[]>();
  if (!correlationIds.length) return out;
  const rows = await db.auditEvent.findMany({ where: { correlationId: { in: correlationIds } }, select: auditSelect, orderBy: { id: "asc" } });
  for (const r of rows.map(toAuditDto)) out.set(r.correlationId, [...(out.get(r.correlationId) ?? []), r]);
  return out;
}

/** Every change whose intent is newer than `since`, each with all its events, oldest first. */
export async function listRecentChanges(db: Db, opts: { since: Date; take?: number }): Promise<AuditEventDto[][]> {
  const intents = await db.auditEvent.findMany({
    where: { phase: "intent", action: { in: CHANGE_ACTIONS }, at: { gte: opts.since } },
    select: { correlationId: true },
    orderBy: { id: "asc" },
    take: opts.take ?? 500,
  });
  const byId = await eventsOf(db, intents.map((i) => i.correlationId));
  return [...byId.values()];
}

/** The newest change of one workload, with all its events; null when it was never changed. */
export async function getLatestChange(db: Db, w: { cluster: string; namespace: string; kind: string; name: string }): Promise<AuditEventDto[] | null> {
  const intent = await db.auditEvent.findFirst({
    where: { ...w, phase: "intent", action: { in: CHANGE_ACTIONS } },
    select: { correlationId: true },
    orderBy: [{ at: "desc" }, { id: "desc" }],
  });
  if (!intent) return null;
  return (await eventsOf(db, [intent.correlationId])).get(intent.correlationId) ?? null;
}
