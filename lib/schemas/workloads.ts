import { z } from "zod";
import { workloadChangeSchema } from "./pin";

// The API contract for workloads, shared by route handlers (output validation) and the UI.

export const DRIFT_KIND_NAMES = [
  "skew", "rolling", "tag-moved", "tag-missing", "platform-gap", "pull-failing", "cross-cluster", "floating-tag", "unverifiable",
] as const;
export const driftKindSchema = z.enum(DRIFT_KIND_NAMES);
export type DriftKindName = z.infer<typeof driftKindSchema>;

export const findingSchema = z.object({
  kind: driftKindSchema,
  container: z.string().nullable(),
  severity: z.enum(["info", "warning", "critical"]),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type FindingDto = z.infer<typeof findingSchema>;

export const releaseSchema = z.object({
  release: z.string(),
  digests: z.array(z.string()),
  pods: z.array(z.string()),
  nodes: z.array(z.string()),
  revisions: z.array(z.string()),
  placements: z.array(z.object({ pod: z.string(), node: z.string().nullable(), isReady: z.boolean() })),
  readyPods: z.number().int(),
  restarts: z.number().int(),
});
export type ReleaseDto = z.infer<typeof releaseSchema>;

/** Set when the registry failed just now and this is its last answer (`checkedAt`: when it was given). */
export const resolutionStaleSchema = z.object({
  registry: z.string(),
  status: z.enum(["rate-limited", "unauthorized", "unavailable", "unreachable"]),
  code: z.string(),
  message: z.string(),
  since: z.string(),
  retryAfterSeconds: z.number().optional(),
});

export const resolutionSchema = z.union([
  z.object({
    status: z.literal("ok"),
    reference: z.string(),
    digest: z.string(),
    mediaType: z.string().optional(),
    platforms: z.array(z.object({ os: z.string(), architecture: z.string(), variant: z.string().optional(), digest: z.string() })),
    checkedAt: z.string(),
    /** Since when the registry has given this answer (the start of the stored interval). */
    since: z.string().optional(),
    stale: resolutionStaleSchema.optional(),
  }),
  z.object({
    status: z.literal("error"), reference: z.string(), code: z.string(), message: z.string(), checkedAt: z.string(), since: z.string().optional(),
    stale: resolutionStaleSchema.optional(),
  }),
]);

export const containerSchema = z.object({
  name: z.string(),
  isInit: z.boolean(),
  image: z.string(),
  reference: z.string().nullable(),
  isPinned: z.boolean(),
  pullPolicy: z.string(),
  releases: z.array(releaseSchema),
  resolution: resolutionSchema.nullable(),
  health: z.object({ replicas: z.number(), ready: z.number(), restarts: z.number(), pullFailures: z.number() }),
});
export type ContainerDto = z.infer<typeof containerSchema>;

export const workloadStatusSchema = z.enum(["in-sync", "drift"]);

export const workloadSummarySchema = z.object({
  cluster: z.string(),
  environment: z.string().nullable(),
  namespace: z.string(),
  kind: z.string(),
  name: z.string(),
  status: workloadStatusSchema,
  driftKinds: z.array(driftKindSchema),
  findings: z.array(findingSchema),
  containers: z.array(containerSchema),
  pods: z.object({ total: z.number(), ready: z.number() }),
  managedBy: z.string().nullable(),
  since: z.string(),
  /** Start of the current unbroken stretch of drift; null while in sync. */
  driftSince: z.string().nullable(),
  observedAt: z.string().nullable(),
  /** Its cluster's last poll failed: this is the workload as last seen, at `lastSeenAt`. */
  stale: z.boolean(),
  lastSeenAt: z.string().nullable(),
});
export type WorkloadSummaryDto = z.infer<typeof workloadSummarySchema>;

export const workloadListSchema = z.object({
  items: z.array(workloadSummarySchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});
export type WorkloadListDto = z.infer<typeof workloadListSchema>;

const name = z.string().min(1).max(253).regex(/^[A-Za-z0-9._:-]+$/, "letters, digits, '.', '_', ':' and '-' only");

export const workloadListQuerySchema = z.object({
  cluster: name.optional(),
  namespace: name.optional(),
  kind: z.enum(["Deployment", "StatefulSet", "DaemonSet"]).optional(),
  drift: z.union([driftKindSchema, z.enum(["any", "none"])]).optional(),
  status: workloadStatusSchema.optional(),
  q: z.string().max(200).refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "control characters are not allowed").optional(),
  cursor: z.string().max(1200).regex(/^[A-Za-z0-9_-]+$/, "cursor must come from a previous response").optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type WorkloadListQuery = z.infer<typeof workloadListQuerySchema>;

export const workloadParamsSchema = z.object({ cluster: name, namespace: name, kind: z.enum(["Deployment", "StatefulSet", "DaemonSet"]), name });

export const lkgCandidateSchema = z.object({
  release: z.string(),
  from: z.string(),
  to: z.string().nullable(),
  soakedMs: z.number(),
  specImage: z.string(),
  check: z.object({ pullable: z.union([z.boolean(), z.literal("unknown")]), missingPlatforms: z.array(z.string()), message: z.string().optional() }),
  /** "observed": soaked on every replica; "cluster-revision": from the cluster's revision history, no soak evidence. */
  source: z.enum(["observed", "cluster-revision"]).default("observed"),
  revision: z.number().nullable().optional(),
  label: z.string().optional(),
  /** The workload was rolled away from this release while it was failing. */
  rolledAwayWhileFailing: z.object({ at: z.string(), reason: z.string() }).nullable().optional(),
});

export const historyEntrySchema = z.object({
  from: z.string(),
  to: z.string().nullable(),
  status: workloadStatusSchema,
  driftKinds: z.array(z.string()),
  containers: z.array(z.object({ name: z.string(), image: z.string(), releases: z.array(z.object({ release: z.string(), pods: z.number(), readyPods: z.number() })) })),
  changes: z.array(z.object({ container: z.string(), fromImage: z.string().optional(), toImage: z.string().optional(), fromReleases: z.array(z.string()), toReleases: z.array(z.string()) })),
});

/**
 * The same workload (namespace, kind, name) in another cluster. Within one environment a
 * different release is cross-cluster drift; across environments it is promotion lag.
 */
export const elsewhereSchema = z.object({
  cluster: z.string(),
  environment: z.string().nullable(),
  /**
   * "different-release": the environments are not known, so neither drift nor lag can be claimed.
   * "not-comparable": no container runs on both sides (pods that cannot start), nothing to compare.
   */
  relation: z.enum(["same-release", "cross-cluster", "promotion-lag", "different-release", "not-comparable"]),
  status: workloadStatusSchema,
  containers: z.array(z.object({ name: z.string(), image: z.string(), releases: z.array(z.string()), matches: z.boolean() })),
});
export type ElsewhereDto = z.infer<typeof elsewhereSchema>;

/** Every pod of a workload, the waiting ones included (the workload page's pod table). */
export const podRowSchema = z.object({
  name: z.string(),
  node: z.string().nullable(),
  architecture: z.string().nullable(),
  revision: z.string().nullable(),
  phase: z.string(),
  ready: z.boolean(),
  createdAt: z.string(),
  containers: z.array(z.object({
    name: z.string(),
    isInit: z.boolean(),
    state: z.enum(["running", "waiting", "terminated", "unknown"]),
    ready: z.boolean(),
    restarts: z.number().int(),
    reason: z.string().nullable(),
    message: z.string().nullable(),
    waitingMessage: z.string().nullable(),
    cause: z.enum(["manifest-unknown", "platform", "unauthorized", "other"]).nullable(),
    lastEventAt: z.string().nullable(),
    eventCount: z.number().int().nullable(),
  })),
});
export type PodRowDto = z.infer<typeof podRowSchema>;

export const workloadDetailSchema = workloadSummarySchema.extend({
  elsewhere: z.array(elsewhereSchema),
  history: z.array(historyEntrySchema),
  lkg: z.record(z.string(), z.array(lkgCandidateSchema)),
  /** The cluster's own revisions; `createdAt` is the ReplicaSet's / ControllerRevision's creationTimestamp (null: not known). */
  revisions: z.array(z.object({ revision: z.string(), number: z.number().nullable(), createdAt: z.string().nullable(), images: z.record(z.string(), z.string()) })),
  nodes: z.array(z.object({ name: z.string(), architecture: z.string() })),
  /** The newest pin / unpin / rollback and how its rollout stands (null: never changed by Driftwatch). */
  change: workloadChangeSchema.nullable().optional(),
  podList: z.array(podRowSchema),
});
export type WorkloadDetailDto = z.infer<typeof workloadDetailSchema>;

export const driftSummaryQuerySchema = z.object({ cluster: name.optional() });
/** Workloads by drift kind: the fleet page's at-a-glance line (a workload counts once per kind it has). */
export const driftSummarySchema = z.object({
  total: z.number().int(),
  drift: z.number().int(),
  byKind: z.partialRecord(driftKindSchema, z.number().int()),
  /** Each workload once, by its one status (lib/drift/status: drift > unverifiable > in-sync). */
  byStatus: z.object({ drift: z.number().int(), unverifiable: z.number().int(), "in-sync": z.number().int() }),
});
export type DriftSummaryDto = z.infer<typeof driftSummarySchema>;
