import { z } from "zod";

// Contracts of the audit log, the release report and the changes feed: query schemas (strict:
// an unknown parameter is a 400 naming it, never silently ignored) and response shapes.

const isoDate = (field: string) => z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), `${field} must be an ISO-8601 date-time`);
const name = z.string().min(1).max(253).regex(/^[A-Za-z0-9._:-]+$/, "letters, digits, '.', '_', ':' and '-' only");
const cursor = z.string().max(1200).regex(/^[A-Za-z0-9_-]+$/, "cursor must come from a previous response");
export const workloadKindSchema = z.enum(["Deployment", "StatefulSet", "DaemonSet"]);
export const exportFormatSchema = z.enum(["json", "csv", "ndjson"]);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

export const AUDIT_ACTIONS = ["pin", "unpin", "rollback", "poll-now", "review"] as const;
export const AUDIT_PHASES = ["intent", "result", "rollout", "final", "recovered", "review"] as const;

const workloadFilters = {
  environment: name.optional(),
  cluster: name.optional(),
  namespace: name.optional(),
  kind: workloadKindSchema.optional(),
  name: name.optional(),
};

export const auditQuerySchema = z.strictObject({
  from: isoDate("from").optional(),
  to: isoDate("to").optional(),
  ...workloadFilters,
  actor: z.string().min(1).max(200).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  outcome: z.string().min(1).max(40).regex(/^[a-z-]+$/, "lower-case letters and '-' only").optional(),
  correlationId: z.string().min(1).max(200).optional(),
  cursor: cursor.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  format: exportFormatSchema.default("json"),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;
export type AuditFilters = Omit<AuditQuery, "cursor" | "limit" | "format">;

export const auditEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  correlationId: z.string(),
  phase: z.string(),
  action: z.string(),
  actor: z.string(),
  role: z.string().nullable(),
  reason: z.string().nullable(),
  ticket: z.string().nullable(),
  cluster: z.string(),
  environment: z.string().nullable(),
  namespace: z.string(),
  kind: z.string(),
  name: z.string(),
  container: z.string().nullable(),
  fromImage: z.string().nullable(),
  toImage: z.string().nullable(),
  outcome: z.string().nullable(),
  idempotencyKey: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string().nullable(),
  hash: z.string().nullable(),
});
export type AuditEventOut = z.infer<typeof auditEventSchema>;

/** One change: every event sharing a correlation id, oldest first, with its review marks. */
export const auditChangeSchema = z.object({
  correlationId: z.string(),
  action: z.string(),
  actor: z.string(),
  cluster: z.string(),
  environment: z.string().nullable(),
  namespace: z.string(),
  kind: z.string(),
  name: z.string(),
  startedAt: z.string(),
  lastAt: z.string(),
  /** The latest outcome recorded (final over result over intent). */
  outcome: z.string().nullable(),
  /** isSelfReview: the reviewer also made the change (recorded in the review event's details). */
  reviews: z.array(z.object({ by: z.string(), at: z.string(), note: z.string().nullable(), isSelfReview: z.boolean() })),
  events: z.array(auditEventSchema),
});
export type AuditChangeDto = z.infer<typeof auditChangeSchema>;
export const auditListSchema = z.object({ items: z.array(auditChangeSchema), nextCursor: z.string().nullable() });
export type AuditListDto = z.infer<typeof auditListSchema>;

export const auditVerifySchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  legacy: z.number().int(),
  head: z.object({ id: z.string(), hash: z.string().nullable() }).nullable(),
  firstBreak: z.object({ id: z.string(), correlationId: z.string(), problem: z.enum(["content", "link", "unchained"]), message: z.string() }).nullable(),
});
export type AuditVerifyDto = z.infer<typeof auditVerifySchema>;

export const auditReviewParamsSchema = z.strictObject({ correlationId: z.string().min(1).max(200) });
export const auditReviewBodySchema = z.strictObject({
  note: z.string().max(2000).optional(),
  ticket: z.string().max(200).optional(),
});

// ---- Release report ------------------------------------------------------------------------

export const releaseQuerySchema = z.strictObject({
  from: isoDate("from").optional(),
  to: isoDate("to").optional(),
  ...workloadFilters,
  cursor: cursor.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  format: exportFormatSchema.default("json"),
});
export type ReleaseQuery = z.infer<typeof releaseQuerySchema>;
export type ReleaseFilters = Omit<ReleaseQuery, "cursor" | "limit" | "format">;

export const changedBySchema = z.object({ type: z.enum(["driftwatch", "field-manager", "unknown"]), name: z.string().nullable() });
export const releaseRowSchema = z.object({
  cluster: z.string(),
  environment: z.string().nullable(),
  namespace: z.string(),
  kind: z.string(),
  name: z.string(),
  container: z.string(),
  specImage: z.string(),
  /** The release: a digest after index normalisation. */
  digest: z.string(),
  indexDigest: z.string().nullable(),
  platformDigests: z.array(z.string()),
  from: z.string(),
  /** null: still running. */
  to: z.string().nullable(),
  durationSeconds: z.number(),
  byDigest: z.boolean(),
  changedBy: changedBySchema,
  /** Set when a Driftwatch change made this release: its audit permalink key. */
  correlationId: z.string().nullable(),
});
export type ReleaseRowDto = z.infer<typeof releaseRowSchema>;
export const releaseListSchema = z.object({ items: z.array(releaseRowSchema), nextCursor: z.string().nullable() });
export type ReleaseListDto = z.infer<typeof releaseListSchema>;

// ---- Changes feed --------------------------------------------------------------------------

export const changesQuerySchema = z.strictObject({
  since: isoDate("since").optional(),
  until: isoDate("until").optional(),
  ...workloadFilters,
  cursor: cursor.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type ChangesQuery = z.infer<typeof changesQuerySchema>;
