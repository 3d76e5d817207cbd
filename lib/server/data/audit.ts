import "server-only";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { getDb } from "@/lib/server/db/client";
import { CHAIN_SELECT, hashAuditContent } from "@/lib/server/data/audit-chain";

export type { AuditVerification } from "@/lib/server/data/audit-chain";

// The audit log: append-only (a trigger refuses UPDATE/DELETE) and hash-chained. Every append
// takes one transaction-scoped advisory lock, reads the newest event's hash, and inserts the next
// event pointing at it, so concurrent appends (other requests, other replicas) form one chain.

export type AuditPhase = "intent" | "result" | "rollout" | "final" | "recovered" | "review";
export type AuditAction = "pin" | "unpin" | "rollback" | "poll-now" | "review";

export type AuditEventInput = {
  correlationId: string;
  phase: AuditPhase;
  action: AuditAction;
  actor: string;
  role: string;
  reason?: string | null;
  ticket?: string | null;
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
  container?: string | null;
  fromImage?: string | null;
  toImage?: string | null;
  /** applied | conflict | forbidden | error | progressing | succeeded | failed | reverted | reviewed … */
  outcome?: string | null;
  idempotencyKey?: string | null;
  details?: Record<string, unknown>;
};

export type AuditEventDto = {
  id: string;
  at: string;
  correlationId: string;
  phase: string;
  action: string;
  actor: string;
  role: string | null;
  reason: string | null;
  ticket: string | null;
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
  container: string | null;
  fromImage: string | null;
  toImage: string | null;
  outcome: string | null;
  idempotencyKey: string | null;
  details: Record<string, unknown>;
  prevHash: string | null;
  hash: string | null;
};

type Db = PrismaClient | Prisma.TransactionClient;

/** One lock for the whole log: the chain is per database. */
const AUDIT_CHAIN_LOCK = 0x64776175; // "dwau"

export const auditSelect = CHAIN_SELECT;

/**
 * Appends one event to the chain. With a transaction client the event commits (or rolls back)
 * with the caller's other writes, and the chain lock is held until that transaction ends.
 */
export async function appendAuditEvent(input: AuditEventInput, db: Db = getDb()): Promise<{ id: string; hash: string; at: Date }> {
  // Waiting for the chain lock is normal under concurrent appends: allow for it.
  if ("$transaction" in db) return db.$transaction((tx) => appendLocked(tx, input), { maxWait: 10_000, timeout: 20_000 });
  return appendLocked(db, input);
}

async function appendLocked(tx: Prisma.TransactionClient, input: AuditEventInput) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const [head] = await tx.$queryRaw<{ hash: string | null }[]>`SELECT "hash" FROM "audit_event" ORDER BY "id" DESC LIMIT 1`;
  // The id and the time are taken inside the lock, so chain order, id order and time order agree.
  const [next] = await tx.$queryRaw<{ id: string; now: Date }[]>`
    SELECT nextval(pg_get_serial_sequence('audit_event', 'id'))::text AS "id", clock_timestamp() AS "now"`;
  const row = {
    id: BigInt(next!.id),
    at: new Date(next!.now.getTime()),
    correlationId: input.correlationId,
    phase: input.phase,
    action: input.action,
    actor: input.actor,
    role: input.role,
    reason: input.reason ?? null,
    ticket: input.ticket ?? null,
    cluster: input.cluster,
    namespace: input.namespace,
    kind: input.kind,
    name: input.name,
    container: input.container ?? null,
    fromImage: input.fromImage ?? null,
    toImage: input.toImage ?? null,
    outcome: input.outcome ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
    // Hash what Postgres will hand back: plain JSON (no undefined, no Dates, no class instances).
    details: JSON.parse(JSON.stringify(input.details ?? {})) as Prisma.InputJsonObject,
    prevHash: head?.hash ?? null,
  };
  const hash = hashAuditContent(row);
  await tx.auditEvent.create({ data: { ...row, hash }, select: { id: true } });
  return { id: row.id.toString(), hash, at: row.at };
}

type AuditRow = Prisma.AuditEventGetPayload<{ select: typeof auditSelect }>;

export function toAuditDto(r: AuditRow): AuditEventDto {
  return {
    ...r,
    id: r.id.toString(),
    at: r.at.toISOString(),
    details: (r.details ?? {}) as Record<string, unknown>,
  };
}

/** Every event of one change (intent, result, rollout …, review), oldest first. */
export async function listAuditEventsByCorrelation(correlationId: string, db: Db = getDb()): Promise<AuditEventDto[]> {
  const rows = await db.auditEvent.findMany({ where: { correlationId }, select: auditSelect, orderBy: { id: "asc" } });
  return rows.map(toAuditDto);
}

/** The events written with one idempotency key, oldest first (a retried request finds its change). */
export async function listAuditEventsByIdempotencyKey(idempotencyKey: string, db: Db = getDb()): Promise<AuditEventDto[]> {
  const rows = await db.auditEvent.findMany({ where: { idempotencyKey }, select: auditSelect, orderBy: { id: "asc" } });
  return rows.map(toAuditDto);
}
