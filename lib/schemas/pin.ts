import { z } from "zod";

// The pin / unpin API contract: POST /api/workloads/{cluster}/{namespace}/{kind}/{name}/pin (and
// /unpin), shared by the route handlers and the UI.

const clusterName = z.string().min(1).max(253).regex(/^[A-Za-z0-9._:-]+$/, "letters, digits, '.', '_', ':' and '-' only");
const resourceVersion = z.string().min(1).max(64).regex(/^[0-9A-Za-z._-]+$/, "a resourceVersion from a preview");

const common = {
  container: z.string().min(1).max(253),
  /** Required to apply (preview: false). */
  reason: z.string().trim().max(500).optional(),
  ticket: z.string().trim().url("a link (https://…)").max(500).optional(),
  /** Required to apply: the same key performs one change, however often it is sent. */
  idempotencyKey: z.string().min(8).max(200).regex(/^[A-Za-z0-9._:-]+$/, "letters, digits, '.', '_', ':' and '-' only").optional(),
  preview: z.boolean().default(true),
  /** The object's resourceVersion from the preview (single cluster). */
  resourceVersion: resourceVersion.optional(),
  /** Protected environments: the workload's name, typed. */
  confirmName: z.string().max(253).optional(),
  override: z.strictObject({ paused: z.boolean().optional(), gitops: z.boolean().optional() }).optional(),
  /** Environment-wide: the same change in each of these clusters, each with its own preview's resourceVersion. */
  clusters: z.array(z.strictObject({ cluster: clusterName, resourceVersion: resourceVersion.optional() })).min(1).max(50).optional(),
};

export const pinBodySchema = z.strictObject({ ...common, digest: z.string().regex(/^sha256:[a-f0-9]{64}$/, "sha256: and 64 lowercase hex digits") });
export const unpinBodySchema = z.strictObject({ ...common, tag: z.string().min(1).max(128).regex(/^[\w][\w.-]*$/, "a tag").optional() });
export type PinBody = z.infer<typeof pinBodySchema>;
export type UnpinBody = z.infer<typeof unpinBodySchema>;

export const pinIssueSchema = z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() });
export type PinIssueDto = z.infer<typeof pinIssueSchema>;

export const rolloutSchema = z.object({
  phase: z.enum(["progressing", "complete", "failed", "paused"]),
  desired: z.number(), updated: z.number(), ready: z.number(), available: z.number(), old: z.number(),
  message: z.string(),
});
export type RolloutDto = z.infer<typeof rolloutSchema>;

export const managerSchema = z.object({
  tool: z.string(), confidence: z.enum(["strong", "weak"]), owner: z.string().nullable(), evidence: z.array(z.string()),
  fieldManager: z.string(), whoReverts: z.string(), revertsLivePatch: z.boolean(),
});

export const pinPreviewSchema = z.object({
  cluster: z.string(),
  environment: z.string().nullable(),
  namespace: z.string(),
  kind: z.string(),
  name: z.string(),
  action: z.enum(["pin", "unpin"]),
  container: z.string(),
  fromImage: z.string().nullable(),
  toImage: z.string().nullable(),
  /** Send back with preview: false; a change since then answers 409. */
  resourceVersion: z.string(),
  isAllowed: z.boolean(),
  refusals: z.array(pinIssueSchema),
  warnings: z.array(pinIssueSchema),
  /** Node platforms, the nodes on each, and the manifest serving them. */
  coverage: z.array(z.object({ platform: z.string(), nodes: z.array(z.string()), digest: z.string().nullable(), isCovered: z.boolean() })),
  /** The server-side dry-run's field diff: only image fields and annotations. */
  diff: z.array(z.object({ path: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
  dryRun: z.object({ ok: z.boolean(), code: z.string().optional(), message: z.string().optional() }),
  managers: z.array(managerSchema),
  gitPatch: z.object({ kustomize: z.string(), helm: z.string() }).nullable(),
  rollout: rolloutSchema,
  requiresTypedName: z.boolean(),
});
export type PinPreviewDto = z.infer<typeof pinPreviewSchema>;

export const pinAcceptedSchema = z.object({ correlationId: z.string() });

/** Environment-wide answers, one per cluster. */
export const pinClusterResultSchema = z.object({
  cluster: z.string(),
  status: z.number().int(),
  correlationId: z.string().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  reasons: z.array(pinIssueSchema).optional(),
  preview: pinPreviewSchema.optional(),
});
export const pinEnvironmentResultSchema = z.object({ results: z.array(pinClusterResultSchema) });
export type PinClusterResultDto = z.infer<typeof pinClusterResultSchema>;

/** The latest change of a workload and how its rollout stands (in the workload detail). */
export const workloadChangeSchema = z.object({
  correlationId: z.string(),
  action: z.string(),
  actor: z.string(),
  reason: z.string().nullable(),
  container: z.string().nullable(),
  fromImage: z.string().nullable(),
  toImage: z.string().nullable(),
  at: z.string(),
  /** intent | applied | conflict | forbidden | error | progressing | succeeded | failed | reverted … */
  state: z.string(),
  rollout: rolloutSchema.nullable(),
  message: z.string().nullable(),
  revertedBy: z.string().nullable(),
  revertedAt: z.string().nullable(),
  isDone: z.boolean(),
});
export type WorkloadChangeDto = z.infer<typeof workloadChangeSchema>;
