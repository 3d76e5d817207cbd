import { provesSplit, type NodeFacts } from "./comparable";
import type { ContainerContext } from "./containers";
import type { Finding } from "./kinds";
import type { PullFailureEvent, WorkloadObservation } from "./observation";
import { pullFailureCause, podPullEvents } from "./pull-cause";
import { isPullFailureReason, type PullFailureClass } from "./pull-failure";
import { displayImage } from "./reference";
import { isUnverifiableRelease, type ReleaseResolver } from "./releases";
import type { PodContainerRow } from "./types";
import { compareStrings, plural, sortedUnique } from "./util";

// Findings read from the pods alone: skew, rolling, pull-failing, unverifiable (bare config ids).

const NO_REVISION = "(none)";

/**
 * Pods of one template revision running different releases of a container. Without the index
 * listing, digests that CRI-O reports differently from other runtimes prove nothing (comparable.ts).
 */
export function detectSkew(ctx: ContainerContext, nodes: NodeFacts = new Map(), resolver?: ReleaseResolver): Finding[] {
  const image = displayImage(ctx.spec.reference, ctx.spec.image);
  const byRevision = groupRows(ctx.rows.filter((r) => r.release !== null), (r) => r.revision ?? NO_REVISION);
  const findings: Finding[] = [];
  for (const [revision, rows] of byRevision) {
    // A config id and a manifest digest cannot be compared: only like with like is skew.
    const verifiable = rows.filter((r) => !r.isUnverifiable);
    const local = rows.filter((r) => r.isUnverifiable);
    for (const group of [verifiable, local]) {
      const releases = groupRows(group, (r) => r.release as string);
      if (releases.size < 2) continue;
      if (resolver && group === verifiable && !anyPairProvesSplit([...releases.values()], nodes, resolver)) continue;
      findings.push(skewFinding(ctx, image, revision, group, releases));
    }
  }
  return findings;
}

function skewFinding(
  ctx: ContainerContext,
  image: string,
  revision: string,
  rows: PodContainerRow[],
  releases: Map<string, PodContainerRow[]>,
): Finding {
  const ordered = [...releases.entries()].sort((a, b) => b[1].length - a[1].length || compareStrings(a[0], b[0]));
  const expected = ctx.analysis.specRelease && releases.has(ctx.analysis.specRelease) ? ctx.analysis.specRelease : (ordered[0]?.[0] as string);
  const odd = rows.filter((r) => r.release !== expected);
  const build = expected === ctx.analysis.specRelease ? "an older build" : "a different build";
  const revisionText = revision === NO_REVISION ? "with no revision label" : `of revision ${revision}`;
  return {
    kind: "skew",
    container: ctx.spec.name,
    severity: "warning",
    message: `${odd.length} of ${rows.length} pods ${revisionText} run ${build} of ${image}`,
    details: {
      reason: "split",
      revision: revision === NO_REVISION ? null : revision,
      expectedRelease: expected,
      releases: ordered.map(([release, members]) => releaseDetail(release, members)),
      pods: sortedUnique(odd.map((r) => r.pod)),
      nodes: sortedUnique(odd.flatMap((r) => (r.node ? [r.node] : []))),
    },
  };
}

/**
 * A pinned spec says exactly which bytes to run: current-revision pods on another release are
 * skew too. Only reported when the index cache can tell (a CRI-O child digest of an index we
 * have never fetched is not evidence of anything).
 */
export function detectPinnedMismatch(ctx: ContainerContext, workload: WorkloadObservation, resolver: ReleaseResolver): Finding[] {
  const pin = ctx.spec.reference?.digest;
  const expected = ctx.analysis.specRelease;
  if (!pin || !expected) return [];
  const knows = (d: string) => resolver.isIndex(d) || resolver.parentsOf(d).length > 0;
  const current = ctx.rows.filter(
    (r) => r.release !== null && !r.isUnverifiable && runsSpecTemplate(workload, ctx.spec.name, ctx.spec.image, r.revision),
  );
  const odd = current.filter(
    (r) => !resolver.sameRelease(r.release as string, expected) && r.digest !== null && (knows(pin) || knows(r.digest)),
  );
  if (odd.length === 0) return [];
  const image = displayImage(ctx.spec.reference, ctx.spec.image);
  return [
    {
      kind: "skew",
      container: ctx.spec.name,
      severity: "warning",
      message: `${odd.length} of ${current.length} pods run a different build than the pinned ${image}`,
      details: {
        reason: "pinned-mismatch",
        expectedRelease: expected,
        releases: [...groupRows(current, (r) => r.release as string)].map(([release, rows]) => releaseDetail(release, rows)),
        pods: sortedUnique(odd.map((r) => r.pod)),
        nodes: sortedUnique(odd.flatMap((r) => (r.node ? [r.node] : []))),
      },
    },
  ];
}

/** Several template revisions with pods: a rollout in progress or stuck. Information only. */
export function detectRolling(workload: WorkloadObservation): Finding[] {
  const counts = groupRows(workload.pods.filter((p) => p.revision !== null), (p) => p.revision as string);
  if (counts.size < 2) return [];
  const current = workload.currentRevision;
  const revisions = [...counts.entries()]
    .map(([revision, pods]) => ({ revision, pods: pods.length, isCurrent: revision === current }))
    .sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent) || b.pods - a.pods || compareStrings(a.revision, b.revision));
  const onCurrent = current ? (counts.get(current)?.length ?? 0) : null;
  const message =
    onCurrent === null
      ? `Pods span ${counts.size} template revisions`
      : `Rollout in progress: ${onCurrent} of ${workload.pods.length} pods on the current revision ${current}, ${plural(counts.size - (onCurrent > 0 ? 1 : 0), "older revision")}`;
  return [{ kind: "rolling", container: null, severity: "info", message, details: { currentRevision: current, revisions } }];
}

const CLASS_TEXT: Record<PullFailureClass, string> = {
  "manifest-unknown": "the tag or digest is not in the registry",
  platform: "the image has no manifest for the node's platform",
  unauthorized: "the registry refused the credentials",
  other: "see the pod message",
};

export function detectPullFailing(ctx: ContainerContext, namespace: string, events: readonly PullFailureEvent[]): Finding[] {
  const failing = ctx.rows.filter((r) => isPullFailureReason(r.waiting?.reason));
  if (failing.length === 0) return [];
  const pods = failing.map((r) => {
    const waiting = r.waiting ?? { reason: "" };
    const cause = pullFailureCause(waiting, podPullEvents(events, namespace, r.pod, ctx.spec.name));
    return { pod: r.pod, node: r.node, reason: waiting.reason, class: cause.class, message: cause.message, at: cause.at, count: cause.count };
  });
  const classes = sortedUnique(pods.map((p) => p.class)) as PullFailureClass[];
  const primary = (["manifest-unknown", "platform", "unauthorized", "other"] as const).find((c) => classes.includes(c)) ?? "other";
  const image = displayImage(ctx.spec.reference, ctx.spec.image);
  return [
    {
      kind: "pull-failing",
      container: ctx.spec.name,
      severity: "critical",
      message: `${plural(pods.length, "pod")} cannot pull ${image}: ${CLASS_TEXT[primary]}`,
      details: { reason: primary, classes, pods, nodes: sortedUnique(pods.flatMap((p) => (p.node ? [p.node] : []))) },
    },
  ];
}

export function detectLocalImages(ctx: ContainerContext): Finding[] {
  const local = ctx.rows.filter((r) => r.isUnverifiable);
  if (local.length === 0) return [];
  return [
    {
      kind: "unverifiable",
      container: ctx.spec.name,
      severity: "warning",
      message: `${plural(local.length, "pod")} run a locally loaded image (bare config id) that no registry can verify`,
      details: {
        reason: "bare-config-id",
        pods: sortedUnique(local.map((r) => r.pod)),
        nodes: sortedUnique(local.flatMap((r) => (r.node ? [r.node] : []))),
        releases: sortedUnique(local.flatMap((r) => (r.release && isUnverifiableRelease(r.release) ? [r.release] : []))),
      },
    },
  ];
}

/** Does a pod revision's template use the current spec image for this container? Unknown → yes. */
export function runsSpecTemplate(workload: WorkloadObservation, container: string, specImage: string, revision: string | null): boolean {
  if (revision === null) return true;
  const image = workload.revisions.find((r) => r.revision === revision)?.images[container];
  return image === undefined || image === specImage;
}

function anyPairProvesSplit(groups: PodContainerRow[][], nodes: NodeFacts, resolver: ReleaseResolver): boolean {
  return groups.some((a, i) => groups.slice(i + 1).some((b) => provesSplit(a, b, nodes, resolver)));
}

function releaseDetail(release: string, rows: readonly PodContainerRow[]) {
  return {
    release,
    pods: sortedUnique(rows.map((r) => r.pod)),
    nodes: sortedUnique(rows.flatMap((r) => (r.node ? [r.node] : []))),
  };
}

function groupRows<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of [...rows]) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return new Map([...groups.entries()].sort((a, b) => compareStrings(a[0], b[0])));
}
