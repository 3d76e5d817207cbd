import { analyzeWorkload } from "./analyze";
import { compareFindings, statusOf, type Finding } from "./kinds";
import { displayImage } from "./reference";
import { createReleaseResolver, isUnverifiableRelease, mergeIndexes, type ReleaseResolver } from "./releases";
import type { ContainerAnalysis, FleetAnalysis, FleetInput, PromotionEntry, WorkloadAnalysis } from "./types";
import { compareStrings, sortedUnique } from "./util";

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

/** The release most pods of a container run (verifiable releases first); null when none runs. */
export function primaryRelease(container: ContainerAnalysis): string | null {
  return (container.releases.find((r) => !isUnverifiableRelease(r.release)) ?? container.releases[0])?.release ?? null;
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

function crossClusterFinding(members: WorkloadAnalysis[], container: string, resolver: ReleaseResolver): Finding | null {
  const clusters = members
    .map((w) => {
      const c = w.containers.find((x) => x.name === container);
      return { cluster: w.cluster, release: c ? primaryRelease(c) : null, specImage: c?.specImage ?? null };
    })
    .filter((c): c is { cluster: string; release: string; specImage: string | null } => c.release !== null)
    .sort((a, b) => compareStrings(a.cluster, b.cluster));
  const distinct = distinctReleases(clusters.map((c) => c.release), resolver);
  if (distinct.length < 2) return null;
  const environment = members[0]?.environment ?? "";
  const first = members[0]?.containers.find((x) => x.name === container);
  const image = first ? displayImage(null, first.specImage) : container;
  return {
    kind: "cross-cluster",
    container,
    severity: "warning",
    message: `Clusters of environment ${environment} run ${distinct.length} different builds of ${image} (${clusters.map((c) => c.cluster).join(", ")})`,
    details: { environment, clusters, releases: distinct },
  };
}

/** Releases that are not the same after index normalisation, first occurrence kept. */
function distinctReleases(releases: readonly string[], resolver: ReleaseResolver): string[] {
  const distinct: string[] = [];
  for (const r of releases) if (!distinct.some((d) => resolver.sameRelease(d, r))) distinct.push(r);
  return distinct;
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
