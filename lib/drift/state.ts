import { stableHash } from "./hash";
import type { HealthSummary, WorkloadAnalysis } from "./types";
import { compareStrings, sortedUnique } from "./util";

// What a stored history interval captures. The store writes a new interval row only when the
// key changes, so nothing volatile (timestamps, pod names, order) may go in.

export type ContainerSnapshot = {
  name: string;
  isInit: boolean;
  specImage: string;
  releases: { release: string; pods: number; readyPods: number }[];
  health: HealthSummary;
  /** Who set the spec image (a managedFields manager). Stored with the interval, not part of its key. */
  imageManager?: string;
};

export type WorkloadSnapshot = {
  status: WorkloadAnalysis["status"];
  containers: ContainerSnapshot[];
  /** Sorted "kind[:container][:reason]" entries. */
  findings: string[];
};

export function workloadSnapshot(analysis: WorkloadAnalysis): WorkloadSnapshot {
  const containers = analysis.containers
    .map((c) => ({
      name: c.name,
      isInit: c.isInit,
      specImage: c.specImage,
      releases: c.releases
        .map((r) => ({ release: r.release, pods: r.pods.length, readyPods: r.readyPods }))
        .sort((a, b) => compareStrings(a.release, b.release)),
      health: { replicas: c.health.replicas, ready: c.health.ready, restarts: c.health.restarts, pullFailures: c.health.pullFailures },
    }))
    .sort((a, b) => Number(a.isInit) - Number(b.isInit) || compareStrings(a.name, b.name));
  // A finding's classified reason is part of the state (a registry going from 503 to 401 is a
  // different situation); its message and timestamps are not.
  const findings = sortedUnique(
    analysis.findings.map((f) => {
      const reason = typeof f.details?.reason === "string" ? `:${f.details.reason}` : "";
      return `${f.kind}${f.container ? `:${f.container}` : ""}${reason}`;
    }),
  );
  return { status: analysis.status, containers, findings };
}

/** Stable key of a workload's state: equal keys ⇔ nothing worth a new history row changed. */
export function workloadStateKey(analysis: WorkloadAnalysis): string {
  return `fnv1a64:${stableHash(workloadSnapshot(analysis))}`;
}
