import { describe, expect, it } from "vitest";
import { rolloutStatus, type RolloutFacts } from "./rollout-status";
import { releasesRolledAwayWhileFailing } from "./rolled-away";

const d = (o: Partial<RolloutFacts>): RolloutFacts => ({ kind: "Deployment", generation: 2, observedGeneration: 2, desired: 3, replicas: 3, updated: 3, ready: 3, available: 3, ...o });

describe("rolloutStatus (kubectl's rules)", () => {
  it.each([
    ["unobserved spec", d({ observedGeneration: 1 }), "progressing"],
    ["not all updated", d({ updated: 1, replicas: 4 }), "progressing"],
    ["old replicas left", d({ replicas: 4 }), "progressing"],
    ["updated not yet available", d({ available: 2 }), "progressing"],
    ["deadline exceeded", d({ updated: 1, progressingReason: "ProgressDeadlineExceeded" }), "failed"],
    ["paused", d({ updated: 1, paused: true }), "paused"],
    ["done", d({}), "complete"],
    ["statefulset partition", d({ kind: "StatefulSet", currentRevision: "a", updateRevision: "b" }), "progressing"],
    ["daemonset done", d({ kind: "DaemonSet", replicas: 3 }), "complete"],
  ])("%s → %s", (_name, facts, phase) => {
    expect(rolloutStatus(facts).phase).toBe(phase);
  });

  it("says how far it got", () => {
    expect(rolloutStatus(d({ desired: 6, replicas: 8, updated: 2, ready: 5, available: 5 }))).toEqual({
      phase: "progressing", desired: 6, updated: 2, ready: 5, available: 5, old: 6, message: "2 of 6 updated, 5 ready, 5 available",
    });
  });
});

describe("releasesRolledAwayWhileFailing", () => {
  const iv = (release: string, from: string, to: string | null, image: string, ready = 3) => ({
    from, to, specImage: image, releases: [{ release, pods: 3, readyPods: ready }], health: { replicas: 3, ready, restarts: 0, pullFailures: 0 },
  });
  it("a release left while not all replicas were ready; a healthy one left is not listed", () => {
    const intervals = [iv("A", "t0", "t1", "img:1"), iv("B", "t1", "t2", "img:2", 1), iv("C", "t2", null, "img:3")];
    expect(releasesRolledAwayWhileFailing(intervals)).toEqual([{ release: "B", at: "t2", reason: "1 of 3 replicas ready" }]);
  });
});
