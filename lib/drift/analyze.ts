import { nodeFacts } from "./comparable";
import { buildContainerContext, workloadHealth, type ContainerContext } from "./containers";
import { detectLocalImages, detectPinnedMismatch, detectPullFailing, detectRolling, detectSkew, runsSpecTemplate } from "./detect-pods";
import {
  detectFloatingTag,
  detectPlatformGap,
  detectRegistryUnverifiable,
  detectTagMissing,
  detectTagMoved,
  specPlatforms,
} from "./detect-registry";
import { compareFindings, statusOf, type Finding } from "./kinds";
import { createReleaseResolver, mergeIndexes, type ReleaseResolver } from "./releases";
import type { WorkloadAnalysis, WorkloadInput } from "./types";
import { compareStrings } from "./util";

/** Pure: one workload's observation + registry answers → releases, health and findings. */
export function analyzeWorkload(input: WorkloadInput): WorkloadAnalysis {
  const { workload } = input;
  const resolver = input.resolver ?? createReleaseResolver(mergeIndexes(input.indexes, Object.values(input.resolutions)));
  const contexts = workload.containers.map((spec) => buildContainerContext(workload, spec, resolver, input.resolutions));
  const findings = [...detectRolling(workload), ...contexts.flatMap((ctx) => containerFindings(ctx, input, resolver))].sort(compareFindings);
  return {
    cluster: input.cluster,
    environment: input.environment,
    kind: workload.kind,
    namespace: workload.namespace,
    name: workload.name,
    status: statusOf(findings),
    findings,
    containers: contexts.map((ctx) => ctx.analysis),
    health: workloadHealth(workload),
    currentRevision: workload.currentRevision,
    revisions: podRevisions(input),
    managedBy: workload.managedBy ?? null,
  };
}

function containerFindings(ctx: ContainerContext, input: WorkloadInput, resolver: ReleaseResolver): Finding[] {
  const { workload } = input;
  const pinned = detectPinnedMismatch(ctx, workload, resolver);
  // A pinned mismatch already explains a split on the current template; keep splits elsewhere.
  const skew = detectSkew(ctx, nodeFacts(input.nodes), resolver).filter(
    (f) => pinned.length === 0 || !runsSpecTemplate(workload, ctx.spec.name, ctx.spec.image, (f.details.revision as string | null) ?? null),
  );
  return [
    ...skew,
    ...pinned,
    ...detectTagMoved(ctx, workload, resolver, input.tagMoves),
    ...detectTagMissing(ctx),
    ...detectPlatformGap(ctx, workload, input.nodes, specPlatforms(ctx, resolver, input.manifestPlatforms)),
    ...detectPullFailing(ctx, workload.namespace, input.events ?? []),
    ...detectFloatingTag(ctx, input.settings),
    ...detectLocalImages(ctx),
    ...detectRegistryUnverifiable(ctx),
  ];
}

function podRevisions(input: WorkloadInput): { revision: string; pods: number }[] {
  const counts = new Map<string, number>();
  for (const pod of input.workload.pods) if (pod.revision) counts.set(pod.revision, (counts.get(pod.revision) ?? 0) + 1);
  // Newest first as the workload lists them (current revision first); unknown ones last.
  const order = [input.workload.currentRevision, ...input.workload.revisions.map((r) => r.revision)];
  const rank = (revision: string) => (order.includes(revision) ? order.indexOf(revision) : order.length);
  return [...counts.entries()]
    .map(([revision, pods]) => ({ revision, pods }))
    .sort((a, b) => rank(a.revision) - rank(b.revision) || compareStrings(a.revision, b.revision));
}
