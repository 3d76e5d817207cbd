// Rollout status by kubectl's rules (`kubectl rollout status`, pkg/polymorphichelpers/rollout_status.go):
// the controller has seen the newest spec (observedGeneration ≥ generation), every desired
// replica is updated, no old replica is left, and every updated replica is available. A
// Deployment whose Progressing condition says ProgressDeadlineExceeded has failed.

export type RolloutFacts = {
  kind: "Deployment" | "StatefulSet" | "DaemonSet";
  generation: number;
  observedGeneration: number;
  /** Desired replicas (DaemonSet: desiredNumberScheduled). */
  desired: number;
  /** All replicas (old and new); DaemonSet: currentNumberScheduled. */
  replicas: number;
  updated: number;
  ready: number;
  available: number;
  paused?: boolean;
  /** Progressing condition's reason (Deployment), when there is one. */
  progressingReason?: string | null;
  /** StatefulSet: currentRevision / updateRevision. */
  currentRevision?: string | null;
  updateRevision?: string | null;
};

export type RolloutPhase = "progressing" | "complete" | "failed" | "paused";

export type RolloutStatus = {
  phase: RolloutPhase;
  desired: number;
  updated: number;
  ready: number;
  available: number;
  /** Replicas still on an older template. */
  old: number;
  message: string;
};

export function rolloutStatus(f: RolloutFacts): RolloutStatus {
  const old = Math.max(0, f.replicas - f.updated);
  const base = { desired: f.desired, updated: f.updated, ready: f.ready, available: f.available, old };
  const progress = `${f.updated} of ${f.desired} updated, ${f.ready} ready, ${f.available} available`;
  if (f.observedGeneration < f.generation) return { ...base, phase: "progressing", message: "waiting for the controller to observe the new spec" };
  if (f.kind === "Deployment" && f.progressingReason === "ProgressDeadlineExceeded") {
    return { ...base, phase: "failed", message: `progress deadline exceeded: ${progress}` };
  }
  if (f.paused) return { ...base, phase: "paused", message: `paused: ${progress}` };
  if (f.updated < f.desired) return { ...base, phase: "progressing", message: `${progress}` };
  if (f.kind !== "DaemonSet" && old > 0) return { ...base, phase: "progressing", message: `${old} old replica${old === 1 ? "" : "s"} pending termination; ${progress}` };
  if (f.available < f.updated) return { ...base, phase: "progressing", message: progress };
  if (f.kind === "StatefulSet" && f.updateRevision && f.currentRevision && f.updateRevision !== f.currentRevision) {
    return { ...base, phase: "progressing", message: `waiting for partitioned roll out to finish: ${progress}` };
  }
  return { ...base, phase: "complete", message: `successfully rolled out: ${f.updated} of ${f.desired} updated and available` };
}

export const isRolloutDone = (s: RolloutStatus) => s.phase === "complete" || s.phase === "failed";
