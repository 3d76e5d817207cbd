import type { Platform, TagResolution } from "./observation";
import { uncoveredPlatforms } from "./platforms";
import { isUnverifiableRelease } from "./releases";
import type { HealthSummary } from "./types";

// Last-known-good: the newest release, other than the current one, that ran on every ready
// replica with no restarts and no pull failures for at least the soak window.

export const DEFAULT_SOAK_MS = 10 * 60_000;

/** One stored history interval of a workload container, oldest → newest. */
export type HistoryInterval = {
  from: string;
  to: string | null;
  specImage: string;
  releases: { release: string; pods: number | string[]; readyPods: number }[];
  health: HealthSummary;
};

export type LkgCandidate = { release: string; from: string; to: string | null; soakedMs: number; specImage: string };

export type LkgInput = {
  intervals: readonly HistoryInterval[];
  currentRelease: string | null;
  now: string;
  soakMs?: number;
  /** Release equality (index normalisation); plain equality when omitted. */
  sameRelease?: (a: string, b: string) => boolean;
};

type Span = { release: string; from: string; to: string | null; restarts: number; specImage: string };

/** Qualifying releases, newest first (by the end of their newest good span), current excluded. */
export function lastKnownGoodCandidates(input: LkgInput): LkgCandidate[] {
  const soakMs = input.soakMs ?? DEFAULT_SOAK_MS;
  const same = input.sameRelease ?? ((a: string, b: string) => a === b);
  const nowMs = Date.parse(input.now);
  const endMs = (s: Span) => (s.to === null ? nowMs : Date.parse(s.to));
  const best = new Map<string, LkgCandidate>();
  for (const span of goodSpans(input.intervals)) {
    const soakedMs = endMs(span) - Date.parse(span.from);
    if (soakedMs < soakMs) continue;
    if (input.currentRelease !== null && same(span.release, input.currentRelease)) continue;
    const previous = best.get(span.release);
    if (previous && (previous.to === null ? nowMs : Date.parse(previous.to)) >= endMs(span)) continue;
    best.set(span.release, { release: span.release, from: span.from, to: span.to, soakedMs, specImage: span.specImage });
  }
  const end = (c: LkgCandidate) => (c.to === null ? nowMs : Date.parse(c.to));
  return [...best.values()].sort((a, b) => end(b) - end(a) || (a.release < b.release ? -1 : 1));
}

export function lastKnownGood(input: LkgInput): LkgCandidate | null {
  return lastKnownGoodCandidates(input)[0] ?? null;
}

/** Maximal runs of contiguous good intervals on one release with no restart increase. */
function goodSpans(intervals: readonly HistoryInterval[]): Span[] {
  const spans: Span[] = [];
  let open = null as Span | null;
  for (const interval of intervals) {
    const release = goodRelease(interval);
    const extends_ =
      open !== null &&
      release === open.release &&
      open.to !== null &&
      Date.parse(open.to) === Date.parse(interval.from) &&
      interval.health.restarts <= open.restarts;
    if (open && extends_) {
      open = { ...open, to: interval.to, restarts: interval.health.restarts, specImage: interval.specImage };
      continue;
    }
    if (open) spans.push(open);
    open = release ? { release, from: interval.from, to: interval.to, restarts: interval.health.restarts, specImage: interval.specImage } : null;
  }
  if (open) spans.push(open);
  return spans;
}

/** The interval's release when it is a good one: single release on all replicas, all ready. */
function goodRelease(interval: HistoryInterval): string | null {
  const running = interval.releases.filter((r) => podCount(r.pods) > 0);
  const only = running[0];
  if (running.length !== 1 || !only || isUnverifiableRelease(only.release)) return null;
  const h = interval.health;
  return h.replicas > 0 && h.ready === h.replicas && h.pullFailures === 0 ? only.release : null;
}

function podCount(pods: number | string[]): number {
  return typeof pods === "number" ? pods : pods.length;
}

export type CandidateCheck = {
  /** "unknown" when the registry could not be asked or did not answer clearly. */
  pullable: boolean | "unknown";
  /** Cluster platforms the candidate has no manifest for (empty when unknown). */
  missingPlatforms: Platform[];
  platformsKnown: boolean;
  reason: string | null;
};

/**
 * Can we roll back to this candidate? Pure: the registry's answer for `repo@digest` is an input.
 * "Immutable is not immortal": a digest can be deleted, and an old build may lack a platform.
 */
export function checkCandidate(
  candidate: Pick<LkgCandidate, "release">,
  resolutionOfDigest: TagResolution | null,
  clusterPlatforms: readonly Platform[],
  manifestPlatform?: Platform,
): CandidateCheck {
  if (!resolutionOfDigest) return { pullable: "unknown", missingPlatforms: [], platformsKnown: false, reason: "not checked" };
  if (resolutionOfDigest.status === "error") {
    const gone = resolutionOfDigest.code === "MANIFEST_UNKNOWN" || resolutionOfDigest.code === "NAME_UNKNOWN";
    return {
      pullable: gone ? false : "unknown",
      missingPlatforms: [],
      platformsKnown: false,
      reason: gone ? `${candidate.release} is gone from the registry` : `registry answered ${resolutionOfDigest.code}`,
    };
  }
  const platforms = resolutionOfDigest.platforms.length > 0 ? resolutionOfDigest.platforms : manifestPlatform ? [manifestPlatform] : null;
  if (!platforms) return { pullable: true, missingPlatforms: [], platformsKnown: false, reason: null };
  const missing = uncoveredPlatforms(platforms, clusterPlatforms);
  return { pullable: true, missingPlatforms: missing, platformsKnown: true, reason: missing.length > 0 ? "missing platforms" : null };
}
