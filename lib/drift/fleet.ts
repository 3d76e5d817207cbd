import { analyzeWorkload } from "./analyze";
import { crossClusterFinding, distinctReleases, primaryRelease } from "./cross-cluster";
import { compareFindings, statusOf, type Finding } from "./kinds";
import { createReleaseResolver, mergeIndexes, type ReleaseResolver } from "./releases";
import type { FleetAnalysis, FleetInput, PromotionEntry, WorkloadAnalysis } from "./types";
import { compareStrings, sortedUnique } from "./util";

export { primaryRelease } from "./cross-cluster";

/** Pure: every cluster's observation + registry answers → per-workload analysis and promotion data. */
export function analyzeFleet(input: FleetInput): FleetAnalysis {
  const resolver = createReleaseResolver(mergeIndexes(input.indexes, Object.values(input.resolutions)));
  const analyses = input.observations.flatMap((obs) =>
    obs.workloads.map((workload) =>
      analyzeWorkload({
        cluster: obs.cluster,
        environment: obs.environment,
        workload,
        nodes: obs.nodes,
        events: obs.events ?? [],
        resolutions: input.resolutions,
        indexes: input.indexes,
        ...(input.manifestPlatforms ? { manifestPlatforms: input.manifestPlatforms } : {}),
        ...(input.history?.tagMoves ? { tagMoves: input.history.tagMoves } : {}),
        now: input.now,
        resolver,
        ...(input.settings ? { settings: input.settings } : {}),
      }),
    ),
  );
  const workloads = addCrossCluster(analyses, resolver).sort(compareWorkloads);
  return { workloads, promotion: promotionEntries(workloads, resolver), summary: summarise(workloads) };
}

function identity(w: WorkloadAnalysis): string {
  return `${w.namespace}/${w.kind}/${w.name}`;
}

export function addCrossCluster(analyses: WorkloadAnalysis[], resolver: ReleaseResolver): WorkloadAnalysis[] {
  const groups = new Map<string, WorkloadAnalysis[]>();
  for (const w of analyses) {
    if (w.environment === null) continue;
    const key = `${w.environment}\u0000${identity(w)}`;
    groups.set(key, [...(groups.get(key) ?? []), w]);
  }
  const extra = new Map<WorkloadAnalysis, Finding[]>();
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    for (const name of sortedUnique(members.flatMap((w) => w.containers.map((c) => c.name)))) {
      const finding = crossClusterFinding(members, name, resolver);
      if (finding) for (const w of members) extra.set(w, [...(extra.get(w) ?? []), finding]);
    }
  }
  return analyses.map((w) => {
    const added = extra.get(w);
    if (!added) return w;
    const findings = [...w.findings, ...added].sort(compareFindings);
    return { ...w, findings, status: statusOf(findings) };
  });
}

function promotionEntries(workloads: readonly WorkloadAnalysis[], resolver: ReleaseResolver): PromotionEntry[] {
  const byIdentity = new Map<string, WorkloadAnalysis[]>();
  for (const w of workloads) if (w.environment !== null) byIdentity.set(identity(w), [...(byIdentity.get(identity(w)) ?? []), w]);
  const entries: PromotionEntry[] = [];
  for (const members of byIdentity.values()) {
    const environments = sortedUnique(members.map((w) => w.environment as string));
    if (environments.length < 2) continue;
    const head = members[0] as WorkloadAnalysis;
    for (const name of sortedUnique(members.flatMap((w) => w.containers.map((c) => c.name)))) {
      const perEnv = environments.map((environment) => ({
        environment,
        clusters: members
          .filter((w) => w.environment === environment)
          .flatMap((w) => {
            const c = w.containers.find((x) => x.name === name);
            return c ? [{ cluster: w.cluster, release: primaryRelease(c), specImage: c.specImage }] : [];
          })
          .sort((a, b) => compareStrings(a.cluster, b.cluster)),
      }));
      const releases = perEnv.flatMap((e) => e.clusters.flatMap((c) => (c.release ? [c.release] : [])));
      entries.push({
        namespace: head.namespace,
        kind: head.kind,
        name: head.name,
        container: name,
        environments: perEnv,
        isUniform: distinctReleases(releases, resolver).length <= 1,
      });
    }
  }
  return entries;
}

function summarise(workloads: readonly WorkloadAnalysis[]): FleetAnalysis["summary"] {
  const byKind: Record<string, number> = {};
  for (const w of workloads) for (const kind of new Set(w.findings.map((f) => f.kind))) byKind[kind] = (byKind[kind] ?? 0) + 1;
  const drift = workloads.filter((w) => w.status === "drift").length;
  return { workloads: workloads.length, inSync: workloads.length - drift, drift, byKind };
}

function compareWorkloads(a: WorkloadAnalysis, b: WorkloadAnalysis): number {
  return compareStrings(`${a.cluster}\u0000${identity(a)}`, `${b.cluster}\u0000${identity(b)}`);
}
