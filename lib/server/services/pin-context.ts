import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { detectGitOps, gitPatchSnippets, type GitOpsManager } from "@/lib/drift/gitops";
import type { TagResolution } from "@/lib/drift/observation";
import { neededChildren, planPin, splitImage, unpinnedImage, type PinAction, type PinPlan, type PinTarget, type PlanNode, type RegistryAnswer } from "@/lib/drift/pin-plan";
import { digestReferenceKey, tagReferenceKey } from "@/lib/drift/reference";
import { releasesRolledAwayWhileFailing } from "@/lib/drift/rolled-away";
import { rolloutStatus, type RolloutStatus } from "@/lib/drift/rollout-status";
import type { ClusterSource } from "@/lib/kube/clusters";
import { readWorkload, type LiveWorkload, type WorkloadRef } from "@/lib/kube/workload-object";
import { schedulableNodesFor } from "@/lib/kube/workload-nodes";
import { parseReference } from "@/lib/oci/reference";
import { getWorkload, listWorkloadHistory } from "@/lib/server/data/workloads";
import { AppError } from "@/lib/server/errors";
import { containerIntervals } from "@/lib/server/services/lkg";

// Everything a pin plan needs, gathered live: the object (resourceVersion, images, paused,
// rollout, managers), the nodes it may land on, the registry's answers for the target digest and
// each index child those nodes need, and the releases it was rolled away from while failing.

export type PinDeps = {
  db: PrismaClient;
  source: (cluster: string) => ClusterSource | undefined;
  /** Uncached registry answer for "registry/repo@digest". */
  checkKey: (key: string) => Promise<TagResolution>;
  protectedEnvironments: readonly string[];
  /** Test hooks: stop the process at a point of the apply (crash-recovery tests). */
  hooks?: { afterIntent?: () => void | Promise<void>; afterPatch?: () => void | Promise<void> };
  now?: () => Date;
};

export type PinRequest = {
  action: PinAction;
  cluster: string;
  ref: WorkloadRef;
  container: string;
  digest?: string;
  tag?: string;
  override?: { paused?: boolean; gitops?: boolean };
};

export type PinContext = {
  source: ClusterSource;
  live: LiveWorkload;
  nodes: PlanNode[];
  plan: PinPlan;
  managers: GitOpsManager[];
  rollout: RolloutStatus;
  gitPatch: { kustomize: string; helm: string } | null;
};

function answerOf(r: TagResolution): RegistryAnswer {
  if (r.status === "ok") return { status: "ok", mediaType: r.mediaType, platforms: r.platforms };
  if (r.code === "MANIFEST_UNKNOWN" || r.code === "NAME_UNKNOWN") return { status: "missing", message: `${r.code}: ${r.message}` };
  return { status: "unknown", message: `${r.code}: ${r.message}` };
}

/** HEAD the target and each index child the nodes need (uncached: deleted a second ago is gone). */
async function checkTarget(deps: PinDeps, image: string, digest: string, nodes: PlanNode[]): Promise<PinTarget> {
  const parsed = parseReference(image);
  if (!parsed.ok) return { digest, registry: { status: "unknown", message: `the image ${image} cannot be parsed: ${parsed.error.message}` }, children: {} };
  const answer = answerOf(await deps.checkKey(digestReferenceKey(parsed.value, digest)));
  if (answer.status !== "ok") return { digest, registry: answer, children: {} };
  const children: Record<string, "ok" | "missing" | "unknown"> = {};
  await Promise.all(
    neededChildren(answer.platforms, nodes).map(async (child) => {
      const a = answerOf(await deps.checkKey(digestReferenceKey(parsed.value, child)));
      children[child] = a.status === "ok" ? "ok" : a.status;
    }),
  );
  return { digest, registry: answer, children };
}

/** Unpin: the tag's answer now, then the same checks as a digest (the children the nodes need). */
async function checkTag(deps: PinDeps, image: string | null, nodes: PlanNode[]): Promise<PinTarget | undefined> {
  const parsed = image ? parseReference(image) : null;
  if (!image || !parsed?.ok) return undefined;
  const r = await deps.checkKey(tagReferenceKey(parsed.value));
  if (r.status === "error") return { digest: image, registry: answerOf(r), children: {} };
  return checkTarget(deps, image, r.digest, nodes);
}

async function rolledAway(db: PrismaClient, cluster: string, ref: WorkloadRef, container: string) {
  const row = await getWorkload(db, { cluster, ...ref });
  if (!row) return [];
  const states = await listWorkloadHistory(db, { workloadId: row.id, take: 500 });
  return releasesRolledAwayWhileFailing(containerIntervals(states, container));
}

export function sourceOrThrow(deps: PinDeps, cluster: string): ClusterSource {
  const source = deps.source(cluster);
  if (!source) throw new AppError("NOT_FOUND", `no cluster ${cluster} is configured`);
  return source;
}

export async function readLiveOrThrow(source: ClusterSource, ref: WorkloadRef): Promise<LiveWorkload> {
  const r = await readWorkload(source, ref);
  if (r.ok) return r.value;
  if (r.error.code === "NOT_FOUND") throw new AppError("NOT_FOUND", `no ${ref.kind} ${ref.namespace}/${ref.name} in cluster ${source.name}`);
  if (r.error.code === "FORBIDDEN") throw new AppError("FORBIDDEN", r.error.message, { reason: "CLUSTER_PERMISSION" });
  throw new AppError("UNAVAILABLE", r.error.message, { reason: r.error.code });
}

export async function gatherPin(deps: PinDeps, req: PinRequest): Promise<PinContext> {
  const source = sourceOrThrow(deps, req.cluster);
  const live = await readLiveOrThrow(source, req.ref);
  const eligible = await schedulableNodesFor(source, live);
  if (!eligible.ok) throw new AppError("UNAVAILABLE", eligible.error.message, { reason: eligible.error.code });
  const nodes: PlanNode[] = eligible.value.map((n) => ({ name: n.name, os: n.os, architecture: n.architecture, ...(n.variant ? { variant: n.variant } : {}) }));
  const container = live.containers.find((c) => c.name === req.container);
  const target = !container ? undefined : req.action === "pin" ? (req.digest ? await checkTarget(deps, container.image, req.digest, nodes) : undefined) : await checkTag(deps, unpinnedImage(container.image, req.tag), nodes);
  const managers = detectGitOps([{ group: "apps", kind: req.ref.kind, namespace: req.ref.namespace, name: req.ref.name, labels: live.labels, annotations: live.annotations, managers: live.managers }]);
  const rollout = rolloutStatus(live.rollout);
  const plan = planPin({
    action: req.action,
    workload: { kind: req.ref.kind, namespace: req.ref.namespace, name: req.ref.name, paused: live.paused, containers: live.containers },
    container: req.container,
    ...(req.action === "pin" ? { target: target ?? { digest: req.digest ?? "", registry: { status: "unknown", message: "not checked" }, children: {} } } : target ? { target } : {}),
    ...(req.tag ? { unpinTag: req.tag } : {}),
    nodes,
    rollout,
    managers,
    rolledAwayWhileFailing: req.action === "pin" ? await rolledAway(deps.db, req.cluster, req.ref, req.container) : [],
    ...(req.override ? { override: req.override } : {}),
  });
  const to = plan.toImage ? splitImage(plan.toImage) : null;
  const gitPatch = managers.length > 0 && to?.digest ? gitPatchSnippets({ name: to.name, ...(to.tag ? { tag: to.tag } : {}), digest: to.digest }) : null;
  return { source, live, nodes, plan, managers, rollout, gitPatch };
}
