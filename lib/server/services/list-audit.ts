import "server-only";
import { getPgPool } from "@/lib/server/db/pg-pool";
import { listAuditChanges, streamAuditEvents } from "@/lib/server/data/audit-query";
import { AppError } from "@/lib/server/errors";
import { exportFilename, streamExport, type ExportColumn } from "@/lib/server/http/export";
import type { AuditChangeDto, AuditEventOut, AuditFilters, AuditListDto, AuditQuery } from "@/lib/schemas/audit";

// GET /api/audit: changes with all their phases, newest first, keyset-paged; or the matching
// events as a streamed CSV / NDJSON file.

const encodeCursor = (anchor: bigint) => Buffer.from(`a:${anchor}`).toString("base64url");
function decodeCursor(cursor: string): bigint {
  const m = /^a:(\d{1,19})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m) throw new AppError("BAD_REQUEST", "cursor must come from a previous response", { invalid: [{ field: "cursor", message: "not a cursor of this list" }] });
  return BigInt(m[1]!);
}

export function filtersOf(q: AuditQuery): AuditFilters {
  const { cursor: _c, limit: _l, format: _f, ...filters } = q;
  return filters;
}

export function toChange(correlationId: string, events: AuditEventOut[]): AuditChangeDto {
  const work = events.filter((e) => e.phase !== "review");
  const first = work[0] ?? events[0]!;
  const last = events[events.length - 1]!;
  const outcome = [...work].reverse().find((e) => e.outcome)?.outcome ?? null;
  return {
    correlationId,
    action: first.action,
    actor: first.actor,
    cluster: first.cluster,
    environment: first.environment,
    namespace: first.namespace,
    kind: first.kind,
    name: first.name,
    startedAt: first.at,
    lastAt: last.at,
    outcome,
    reviews: events.filter((e) => e.phase === "review").map((e) => ({ by: e.actor, at: e.at, note: e.reason, isSelfReview: e.details.selfReview === true })),
    events,
  };
}

export async function listAudit(q: AuditQuery): Promise<AuditListDto> {
  const page = await listAuditChanges(getPgPool(), { filters: filtersOf(q), before: q.cursor ? decodeCursor(q.cursor) : undefined, take: q.limit });
  const items = page.items.map((c) => toChange(c.correlationId, c.events));
  const last = page.items[page.items.length - 1];
  return { items, nextCursor: page.hasMore && last ? encodeCursor(last.anchor) : null };
}

export const AUDIT_COLUMNS: ExportColumn<AuditEventOut>[] = (
  ["id", "at", "correlationId", "phase", "action", "actor", "role", "environment", "cluster", "namespace", "kind", "name", "container",
    "fromImage", "toImage", "outcome", "reason", "ticket", "idempotencyKey", "details", "prevHash", "hash"] as const
).map((k) => ({ header: k, value: (e: AuditEventOut) => e[k] }));

export async function exportAudit(q: AuditQuery, format: "csv" | "ndjson"): Promise<Response> {
  const filters = filtersOf(q);
  return streamExport({ format, filename: exportFilename("driftwatch-audit", filters, format), columns: AUDIT_COLUMNS, batches: streamAuditEvents(getPgPool(), { filters }) });
}
