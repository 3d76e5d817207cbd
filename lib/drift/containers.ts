import type { ContainerSpec, PodObservation, TagResolution, WorkloadObservation } from "./observation";
import { isPullFailureReason } from "./pull-failure";
import { isPinned, specReferenceKey } from "./reference";
import { containerRelease, isUnverifiableRelease, type ReleaseResolver } from "./releases";
import type { ContainerAnalysis, HealthSummary, PodContainerRow, ReleaseGroup } from "./types";
import { compareStrings, sortedUnique } from "./util";

/** What the detectors need about one container: its analysis plus the per-pod rows behind it. */
export type ContainerContext = {
  spec: ContainerSpec;
  analysis: ContainerAnalysis;
  rows: PodContainerRow[];
  /** The registry's answer for `analysis.specReference`, when there is one. */
  resolution: TagResolution | null;
};

export function buildContainerContext(
  workload: WorkloadObservation,
  spec: ContainerSpec,
  resolver: ReleaseResolver,
  resolutions: Readonly<Record<string, TagResolution>>,
): ContainerContext {
  const key = specReferenceKey(spec.reference);
  const resolution = key ? (resolutions[key] ?? null) : null;
  const pods = [...workload.pods].sort((a, b) => compareStrings(a.name, b.name));
  const statuses = pods.map((pod) => ({ pod, status: pod.containers.find((c) => c.name === spec.name && c.isInit === spec.isInit) }));
  // Index digests pods report directly: a child listed by several indexes is attributed to these.
  const podIndexes = sortedUnique(statuses.flatMap(({ status }) => (status?.digest && resolver.isIndex(status.digest) ? [status.digest] : [])));
  const specRelease = specReleaseOf(spec, resolution, resolver, podIndexes);
  const preferred = specRelease ? [specRelease, ...podIndexes] : podIndexes;

  const rows: PodContainerRow[] = statuses.map(({ pod, status }) => ({
    pod: pod.name,
    node: pod.node,
    revision: pod.revision,
    digest: status?.digest ?? null,
    release: status ? containerRelease(status, resolver, preferred) : null,
    isUnverifiable: status?.isUnverifiable ?? false,
    ready: spec.isInit ? pod.ready : (status?.ready ?? false),
    restarts: status?.restartCount ?? 0,
    ...(status?.waiting ? { waiting: status.waiting } : {}),
  }));

  const analysis: ContainerAnalysis = {
    name: spec.name,
    isInit: spec.isInit,
    specImage: spec.image,
    specReference: key,
    isPinned: isPinned(spec.reference),
    specRelease,
    releases: groupReleases(rows),
    pendingPods: rows.filter((r) => r.release === null).map((r) => r.pod),
    health: containerHealth(workload.replicas, rows),
  };
  return { spec, analysis, rows, resolution };
}

function specReleaseOf(
  spec: ContainerSpec,
  resolution: TagResolution | null,
  resolver: ReleaseResolver,
  podIndexes: readonly string[],
): string | null {
  const digest = spec.reference?.digest;
  if (digest) return resolver.releaseOf(digest, podIndexes);
  if (resolution?.status === "ok") return resolver.releaseOf(resolution.digest, podIndexes);
  return null;
}

export function groupReleases(rows: readonly PodContainerRow[]): ReleaseGroup[] {
  const groups = new Map<string, PodContainerRow[]>();
  for (const row of rows) {
    if (row.release === null) continue;
    groups.set(row.release, [...(groups.get(row.release) ?? []), row]);
  }
  return [...groups.entries()]
    .map(([release, members]) => ({
      release,
      digests: sortedUnique(members.flatMap((m) => (m.digest ? [m.digest] : []))),
      pods: sortedUnique(members.map((m) => m.pod)),
      nodes: sortedUnique(members.flatMap((m) => (m.node ? [m.node] : []))),
      revisions: sortedUnique(members.flatMap((m) => (m.revision ? [m.revision] : []))),
      readyPods: members.filter((m) => m.ready).length,
      restarts: members.reduce((sum, m) => sum + m.restarts, 0),
      unverifiable: isUnverifiableRelease(release),
    }))
    .sort((a, b) => b.pods.length - a.pods.length || compareStrings(a.release, b.release));
}

function containerHealth(replicas: number, rows: readonly PodContainerRow[]): HealthSummary {
  return {
    replicas,
    ready: rows.filter((r) => r.ready).length,
    restarts: rows.reduce((sum, r) => sum + r.restarts, 0),
    pullFailures: rows.filter((r) => isPullFailureReason(r.waiting?.reason)).length,
  };
}

/** Pod-level health: ready pods, restarts and pull failures over all containers. */
export function workloadHealth(workload: WorkloadObservation): HealthSummary {
  const pods: readonly PodObservation[] = workload.pods;
  return {
    replicas: workload.replicas,
    ready: pods.filter((p) => p.ready).length,
    restarts: pods.reduce((sum, p) => sum + p.containers.filter((c) => !c.isInit).reduce((s, c) => s + c.restartCount, 0), 0),
    pullFailures: pods.filter((p) => p.containers.some((c) => isPullFailureReason(c.waiting?.reason))).length,
  };
}
