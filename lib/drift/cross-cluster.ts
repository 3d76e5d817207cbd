import type { Finding } from "./kinds";
import { displayImage } from "./reference";
import { isUnverifiableRelease, type ReleaseResolver } from "./releases";
import { compareStrings } from "./util";

// Cross-cluster drift, decided in one place: what a cluster "runs" is the release most pods of
// a container run (after index normalisation), and two clusters differ when those are not the
// same release. The findings of every member and the workload page's "In other clusters" both
// come from here, so they cannot tell different stories.

type RunsReleases = { releases: readonly { release: string }[] };
export type CrossClusterContainer = RunsReleases & { name: string; specImage: string };
export type CrossClusterMember = { cluster: string; environment: string | null; containers: readonly CrossClusterContainer[] };

/** The release most pods of a container run (verifiable releases first); null when none runs. */
export function primaryRelease(container: RunsReleases): string | null {
  return (container.releases.find((r) => !isUnverifiableRelease(r.release)) ?? container.releases[0])?.release ?? null;
}

/** Releases that are not the same after index normalisation, first occurrence kept. */
export function distinctReleases(releases: readonly string[], resolver: ReleaseResolver): string[] {
  const distinct: string[] = [];
  for (const r of releases) if (!distinct.some((d) => resolver.sameRelease(d, r))) distinct.push(r);
  return distinct;
}

/**
 * The cross-cluster finding for one container of one workload across the members of an
 * environment, or null when they agree. Members are taken in cluster order, so every member gets
 * the same finding whatever order the clusters were polled (and passed) in.
 */
export function crossClusterFinding(members: readonly CrossClusterMember[], container: string, resolver: ReleaseResolver): Finding | null {
  const ordered = [...members].sort((a, b) => compareStrings(a.cluster, b.cluster));
  const clusters = ordered.flatMap((w) => {
    const c = w.containers.find((x) => x.name === container);
    const release = c ? primaryRelease(c) : null;
    return release === null ? [] : [{ cluster: w.cluster, release, specImage: c?.specImage ?? null }];
  });
  const distinct = distinctReleases(clusters.map((c) => c.release), resolver);
  if (distinct.length < 2) return null;
  const environment = ordered[0]?.environment ?? "";
  const first = clusters[0]?.specImage;
  const image = first ? displayImage(null, first) : container;
  return {
    kind: "cross-cluster",
    container,
    severity: "warning",
    message: `Clusters of environment ${environment} run ${distinct.length} different builds of ${image} (${clusters.map((c) => c.cluster).join(", ")})`,
    details: { environment, clusters, releases: distinct },
  };
}

export type PeerContainerComparison = { name: string; releases: string[]; matches: boolean };

/**
 * This workload's containers against the same workload in another cluster, judged as
 * `crossClusterFinding` judges them. `differs` is true exactly when, within one environment,
 * the two would be named in a cross-cluster finding; a container that runs nowhere on one side
 * does not match, but is not a different release either. `isComparable` is false when no
 * container runs on both sides (nothing was compared, so "same release" would be a claim).
 */
export function compareWithPeer(
  mine: readonly (RunsReleases & { name: string })[],
  theirs: readonly (RunsReleases & { name: string })[],
  resolver: ReleaseResolver,
): { differs: boolean; isComparable: boolean; containers: PeerContainerComparison[] } {
  let differs = false;
  let isComparable = false;
  const containers = theirs.map((c) => {
    const own = mine.find((m) => m.name === c.name);
    const a = own ? primaryRelease(own) : null;
    const b = primaryRelease(c);
    const isSame = a !== null && b !== null && resolver.sameRelease(a, b);
    if (a !== null && b !== null) isComparable = true;
    if (a !== null && b !== null && !isSame) differs = true;
    return { name: c.name, releases: [...new Set(c.releases.map((r) => r.release))].sort(compareStrings), matches: isSame || (a === null && b === null && !!own) };
  });
  return { differs, isComparable, containers };
}
