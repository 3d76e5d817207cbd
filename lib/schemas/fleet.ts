import { z } from "zod";

export const clusterSchema = z.object({
  name: z.string(),
  environment: z.string().nullable(),
  server: z.string(),
  status: z.enum(["ok", "partial", "failed", "unknown"]),
  lastPollAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  error: z.object({ code: z.string().nullable(), message: z.string() }).nullable(),
  lastPoll: z
    .object({ startedAt: z.string(), durationMs: z.number().nullable(), status: z.string(), workloads: z.number(), pods: z.number(), nodes: z.number(), rowsWritten: z.number(), gaps: z.array(z.unknown()) })
    .nullable(),
  /** The last poll failed: what is shown of this cluster is its last known state. */
  stale: z.boolean(),
  /** Counts of the last successful poll (kept while the cluster is unreachable), as of `countsAsOf`; null before any. */
  workloads: z.number().nullable(),
  pods: z.number().nullable(),
  nodes: z.number().nullable(),
  countsAsOf: z.string().nullable(),
});
export type ClusterDto = z.infer<typeof clusterSchema>;
export const clusterListSchema = z.object({
  items: z.array(clusterSchema),
  polling: z.object({ intervalSeconds: z.number(), holder: z.string().nullable(), isDemo: z.boolean(), isRunning: z.boolean() }),
  configErrors: z.array(z.object({ source: z.string(), message: z.string() })),
});
export type ClusterListDto = z.infer<typeof clusterListSchema>;

export const nodeMapQuerySchema = z.object({ cluster: z.string().min(1).max(253).regex(/^[A-Za-z0-9._:-]+$/).optional() });
export const nodeEntrySchema = z.object({
  cluster: z.string(),
  name: z.string(),
  os: z.string(),
  architecture: z.string(),
  ready: z.boolean().nullable(),
  unschedulable: z.boolean().nullable(),
  workloads: z.array(z.object({ namespace: z.string(), kind: z.string(), name: z.string(), container: z.string(), release: z.string(), pods: z.array(z.string()), status: z.string() })),
  cachedImages: z.array(z.object({ names: z.array(z.string()), sizeBytes: z.number().optional() })),
  /** Pods on this node whose containers wait (cannot pull, or not started yet): they run no release. */
  waiting: z.array(z.object({
    namespace: z.string(), kind: z.string(), name: z.string(), pod: z.string(), container: z.string(),
    reason: z.string(), cause: z.string().nullable(), message: z.string().nullable(),
  })),
  /** Its cluster's last poll failed: this is the node as last seen, at `lastSeenAt`. */
  stale: z.boolean(),
  lastSeenAt: z.string().nullable(),
});
export type NodeEntryDto = z.infer<typeof nodeEntrySchema>;
export const nodeMapSchema = z.object({ items: z.array(nodeEntrySchema) });
export type NodeMapDto = z.infer<typeof nodeMapSchema>;

// The changes feed's query schema lives in lib/schemas/audit.ts (strict, with until/filters/cursor).
export { changesQuerySchema } from "./audit";
export const changeSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("release"),
    at: z.string(),
    cluster: z.string(),
    environment: z.string().nullable(),
    namespace: z.string(),
    kind: z.string(),
    name: z.string(),
    container: z.string(),
    fromImage: z.string().optional(),
    toImage: z.string().optional(),
    fromReleases: z.array(z.string()),
    toReleases: z.array(z.string()),
  }),
  z.object({
    type: z.literal("tag"),
    at: z.string(),
    reference: z.string(),
    fromDigest: z.string().nullable(),
    toDigest: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string().nullable() }).nullable(),
  }),
]);
export type ChangeDto = z.infer<typeof changeSchema>;
export const changeListSchema = z.object({ items: z.array(changeSchema), nextCursor: z.string().nullable() });
export type ChangeListDto = z.infer<typeof changeListSchema>;

export const pollQuerySchema = z.object({
  cluster: z.string().min(1).max(253).regex(/^[A-Za-z0-9._:-]+$/).optional(),
  wait: z.enum(["true", "false", "1", "0"]).optional().transform((v) => v === "true" || v === "1"),
});
export const pollResultSchema = z.object({
  cluster: z.string(),
  status: z.enum(["ok", "partial", "failed", "skipped"]),
  startedAt: z.string(),
  durationMs: z.number(),
  workloads: z.number(),
  pods: z.number(),
  nodes: z.number(),
  rowsWritten: z.number(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type PollResultDto = z.infer<typeof pollResultSchema>;
