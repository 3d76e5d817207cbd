import "server-only";
import { appendAuditEvent, listAuditEventsByCorrelation } from "@/lib/server/data/audit";
import { getDb } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import type { Identity } from "@/lib/server/auth/identity";

// A later review of a change (SOC 2 CC8.1: emergency changes get a documented review). The mark
// is one more append-only event in the change's chain of events, never an edit of the change.

export async function reviewAuditChange(opts: { correlationId: string; identity: Identity; note?: string; ticket?: string }) {
  const db = getDb();
  const events = await listAuditEventsByCorrelation(opts.correlationId, db);
  const change = events.find((e) => e.phase !== "review");
  if (!change) throw new AppError("NOT_FOUND", `no change with correlation id ${opts.correlationId}`);
  const mine = events.find((e) => e.phase === "review" && e.actor === opts.identity.user);
  if (mine) return { id: mine.id, at: mine.at, hash: mine.hash, isNew: false };
  const authors = new Set(events.filter((e) => e.phase !== "review").map((e) => e.actor));
  const res = await appendAuditEvent(
    {
      correlationId: opts.correlationId,
      phase: "review",
      action: "review",
      actor: opts.identity.user,
      role: opts.identity.role,
      reason: opts.note ?? null,
      ticket: opts.ticket ?? null,
      cluster: change.cluster,
      namespace: change.namespace,
      kind: change.kind,
      name: change.name,
      container: change.container,
      outcome: "reviewed",
      // A reviewer who also made the change is recorded as such (the UI says "self-review").
      details: { selfReview: authors.has(opts.identity.user), authMode: opts.identity.mode },
    },
    db,
  );
  return { id: res.id, at: res.at.toISOString(), hash: res.hash, isNew: true };
}
