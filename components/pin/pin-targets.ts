import { formatAge } from "@/components/ui/data-age";
import type { ContainerDto, WorkloadDetailDto } from "@/lib/schemas/workloads";

// The releases an operator can pin a container to: what the tag resolves to now, what pods run
// now, the last-known-good releases and the cluster's own revisions. One entry per digest.

export type PinTargetOption = {
  digest: string;
  source: "registry" | "running" | "lkg" | "revision";
  label: string;
  notes: string[];
  /** The registry said it is gone (or a child the nodes need is): shown, but the preview will refuse it. */
  isGone: boolean;
};

export function pinTargets(w: WorkloadDetailDto, c: ContainerDto): PinTargetOption[] {
  const out = new Map<string, PinTargetOption>();
  const add = (o: PinTargetOption) => {
    const seen = out.get(o.digest);
    if (seen) seen.notes.push(o.label, ...o.notes);
    else out.set(o.digest, o);
  };
  if (c.resolution?.status === "ok") {
    add({ digest: c.resolution.digest, source: "registry", label: `what ${c.resolution.reference.split("/").pop()} resolves to now`, notes: [], isGone: false });
  }
  for (const r of c.releases) {
    if (r.release.startsWith("sha256:")) add({ digest: r.release, source: "running", label: `${r.pods.length} pod${r.pods.length === 1 ? "" : "s"} run it now`, notes: [], isGone: false });
  }
  for (const cand of w.lkg[c.name] ?? []) {
    const notes = [
      ...(cand.check.pullable === false ? [cand.check.message ?? "gone from the registry"] : []),
      ...(cand.check.missingPlatforms.length ? [`missing ${cand.check.missingPlatforms.join(", ")}`] : []),
      ...(cand.rolledAwayWhileFailing ? [`rolled away from while failing (${cand.rolledAwayWhileFailing.reason})`] : []),
    ];
    const label = cand.source === "cluster-revision" ? (cand.label ?? `cluster revision ${cand.revision ?? "?"}`) : `last-known-good: healthy for ${formatAge(cand.soakedMs).replace(" ago", "")}`;
    add({ digest: cand.release, source: cand.source === "cluster-revision" ? "revision" : "lkg", label, notes, isGone: cand.check.pullable === false });
  }
  return [...out.values()];
}

/** Clusters of the same environment running this workload differently (candidates for the same pin). */
export function environmentPeers(w: WorkloadDetailDto): string[] {
  return w.elsewhere.filter((e) => e.relation === "cross-cluster").map((e) => e.cluster);
}
