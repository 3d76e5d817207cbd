import { describe, expect, it } from "vitest";
import { releaseIntervals, type StateInterval } from "./release-intervals";

const t = (h: number) => new Date(Date.UTC(2026, 9, 1, h));
const st = (from: number, to: number | null, containers: [string, string, [string, number][], string?][]): StateInterval => ({
  from: t(from),
  to: to === null ? null : t(to),
  containers: containers.map(([name, specImage, releases, imageManager]) => ({ name, specImage, releases: releases.map(([release, pods]) => ({ release, pods, readyPods: pods })), ...(imageManager ? { imageManager } : {}) })),
});
const short = (ivs: ReturnType<typeof releaseIntervals>) => ivs.map((i) => [i.container, i.release, i.specImage, i.from.getUTCHours(), i.to?.getUTCHours() ?? null, i.start, i.imageManager]);

describe("releaseIntervals", () => {
  it("merges states that ran the same release (health changes do not start a new interval) and overlaps a rollout", () => {
    const states = [
      st(0, 2, [["api", "r/api:1", [["sha256:a", 3]]]]),
      st(2, 4, [["api", "r/api:1", [["sha256:a", 2]]]]), // a pod restarted: same release
      st(4, 5, [["api", "r/api:2", [["sha256:a", 2], ["sha256:b", 1]], "kubectl-set"]]), // rollout
      st(5, null, [["api", "r/api:2", [["sha256:b", 3]], "kubectl-set"]]),
    ];
    expect(short(releaseIntervals(states))).toEqual([
      ["api", "sha256:a", "r/api:1", 0, 4, "first-seen", null],
      ["api", "sha256:a", "r/api:2", 4, 5, "spec-change", "kubectl-set"],
      ["api", "sha256:b", "r/api:2", 4, null, "spec-change", "kubectl-set"],
    ]);
  });

  it("tells a moved tag (same spec, new release) from a spec change, per container, in any input order", () => {
    const states = [
      st(3, null, [["api", "r/api:1", [["sha256:c", 1]]], ["side", "r/side:1", [["sha256:s", 1]]]]),
      st(0, 3, [["api", "r/api:1", [["sha256:a", 1]]], ["side", "r/side:1", [["sha256:s", 1]]]]),
    ];
    expect(short(releaseIntervals(states))).toEqual([
      ["api", "sha256:a", "r/api:1", 0, 3, "first-seen", null],
      ["api", "sha256:c", "r/api:1", 3, null, "release-change", null],
      ["side", "sha256:s", "r/side:1", 0, null, "first-seen", null],
    ]);
  });

  it("ends intervals at a gap (workload deleted and re-created) and skips releases with no pods", () => {
    const states = [st(0, 2, [["api", "r/api:1", [["sha256:a", 1], ["sha256:z", 0]]]]), st(5, 6, [["api", "r/api:1", [["sha256:a", 1]]]])];
    expect(short(releaseIntervals(states))).toEqual([
      ["api", "sha256:a", "r/api:1", 0, 2, "first-seen", null],
      ["api", "sha256:a", "r/api:1", 5, 6, "first-seen", null],
    ]);
  });

  it("is empty for no states, and a state with no running pods yields nothing", () => {
    expect([releaseIntervals([]), releaseIntervals([st(0, null, [["api", "r/api:1", []]])])]).toEqual([[], []]);
  });
});
