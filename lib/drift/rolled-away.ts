// Releases a workload was rolled away from while failing: the spec image changed at the end of an
// interval whose replicas were not all ready, had pull failures or restarted. Offering such a
// release as a rollback target must say so.
import type { HistoryInterval } from "./lkg";

export type RolledAway = { release: string; at: string; reason: string };

function failure(interval: HistoryInterval, previous: HistoryInterval | undefined): string | null {
  const h = interval.health;
  if (h.pullFailures > 0) return `${h.pullFailures} pull failure${h.pullFailures === 1 ? "" : "s"}`;
  if (h.replicas > 0 && h.ready < h.replicas) return `${h.ready} of ${h.replicas} replicas ready`;
  if (previous && h.restarts > previous.health.restarts) return `restarts rose from ${previous.health.restarts} to ${h.restarts}`;
  return null;
}

/** Oldest → newest intervals of one container; the newest leaving of each release wins. */
export function releasesRolledAwayWhileFailing(intervals: readonly HistoryInterval[]): RolledAway[] {
  const out = new Map<string, RolledAway>();
  for (let i = 0; i + 1 < intervals.length; i++) {
    const cur = intervals[i]!;
    const next = intervals[i + 1]!;
    if (cur.to === null || cur.specImage === next.specImage) continue;
    const reason = failure(cur, intervals[i - 1]);
    if (!reason) continue;
    for (const r of cur.releases) out.set(r.release, { release: r.release, at: cur.to, reason });
  }
  return [...out.values()].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
