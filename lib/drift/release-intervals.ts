import type { ContainerSnapshot } from "./state";
import { compareStrings } from "./util";

// Release history from stored workload-state intervals: one interval per container, release and
// spec image, from the first state that ran it to the first that no longer did. A workload state
// changes for many reasons (health, findings, pod counts); a release interval only when what runs
// (or what the spec asks for) changes. During a rollout two releases overlap: both ran.

export type StateInterval = {
  from: Date;
  /** null: the current state. */
  to: Date | null;
  containers: Pick<ContainerSnapshot, "name" | "specImage" | "releases" | "imageManager">[];
};

export type ReleaseInterval = {
  container: string;
  release: string;
  specImage: string;
  from: Date;
  /** null: still running. */
  to: Date | null;
  /** How the interval began: the spec image changed (or the workload appeared), or only what runs changed (a moved tag, a restart). */
  start: "spec-change" | "first-seen" | "release-change";
  /** The field manager recorded with the state that began the interval. */
  imageManager: string | null;
};

const keyOf = (container: string, release: string, specImage: string) => `${container}\u0000${release}\u0000${specImage}`;

/** What a state runs, as interval keys (container × release × spec image, pods > 0). */
export function runningKeys(s: StateInterval): Set<string> {
  const keys = new Set<string>();
  for (const c of s.containers) for (const r of c.releases) if (r.pods > 0) keys.add(keyOf(c.name, r.release, c.specImage));
  return keys;
}

/** `b` continues `a` without a gap (the workload was seen throughout). */
export const isContiguous = (a: StateInterval, b: StateInterval) => a.to !== null && a.to.getTime() === b.from.getTime();

/** Sort order of a workload's rows: container, then start, then release. */
export function compareReleaseIntervals(a: ReleaseInterval, b: ReleaseInterval): number {
  return compareStrings(a.container, b.container) || a.from.getTime() - b.from.getTime() || compareStrings(a.release, b.release) || compareStrings(a.specImage, b.specImage);
}

/** `states` of one workload in any order; intervals sorted by compareReleaseIntervals. */
export function releaseIntervals(states: readonly StateInterval[]): ReleaseInterval[] {
  const sorted = [...states].sort((a, b) => a.from.getTime() - b.from.getTime());
  const open = new Map<string, ReleaseInterval>();
  const done: ReleaseInterval[] = [];
  let prev: StateInterval | null = null;
  for (const s of sorted) {
    // A gap (the workload was gone for a while) ends everything that ran before it.
    const isContiguous = prev !== null && prev.to !== null && prev.to.getTime() === s.from.getTime();
    if (!isContiguous && prev) {
      for (const iv of open.values()) done.push({ ...iv, to: prev.to ?? s.from });
      open.clear();
    }
    const present = new Set<string>();
    for (const c of s.containers) {
      const before = isContiguous ? prev!.containers.find((p) => p.name === c.name) : undefined;
      for (const r of c.releases) {
        if (r.pods <= 0) continue;
        const key = keyOf(c.name, r.release, c.specImage);
        present.add(key);
        if (open.has(key)) continue;
        const start = !before ? "first-seen" : before.specImage !== c.specImage ? "spec-change" : "release-change";
        open.set(key, { container: c.name, release: r.release, specImage: c.specImage, from: s.from, to: null, start, imageManager: c.imageManager ?? null });
      }
    }
    for (const [key, iv] of open) {
      if (present.has(key)) continue;
      done.push({ ...iv, to: s.from });
      open.delete(key);
    }
    prev = s;
  }
  for (const iv of open.values()) done.push({ ...iv, to: prev?.to ?? null });
  return done.sort(compareReleaseIntervals);
}
