import { describe, expect, it } from "vitest";
import { digest, platformsOf } from "./fixtures";
import { checkCandidate, lastKnownGood, lastKnownGoodCandidates, type HistoryInterval } from "./lkg";
import type { TagResolution } from "./observation";

const A = digest("lkg-a");
const B = digest("lkg-b");
const C = digest("lkg-c");
const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 10, 0) + minute * 60_000).toISOString();
const NOW = at(120);

type Opts = { ready?: number; replicas?: number; restarts?: number; pullFailures?: number; releases?: HistoryInterval["releases"] };
/** An interval from minute `from` to minute `to` (null = still open) running `release` on 3 replicas. */
function iv(release: string, from: number, to: number | null, o: Opts = {}): HistoryInterval {
  const replicas = o.replicas ?? 3;
  const ready = o.ready ?? replicas;
  return {
    from: at(from),
    to: to === null ? null : at(to),
    specImage: `reg.example/shop/checkout@${release}`,
    releases: o.releases ?? [{ release, pods: replicas, readyPods: ready }],
    health: { replicas, ready, restarts: o.restarts ?? 0, pullFailures: o.pullFailures ?? 0 },
  };
}
const releasesOf = (intervals: HistoryInterval[], current: string | null = C, soakMs?: number) =>
  lastKnownGoodCandidates({ intervals, currentRelease: current, now: NOW, ...(soakMs === undefined ? {} : { soakMs }) }).map((c) => c.release);

describe("lastKnownGoodCandidates", () => {
  it("lists soaked releases newest first, excluding the current one", () => {
    const history = [iv(A, 0, 30), iv(B, 30, 60), iv(C, 60, null)];
    const candidates = lastKnownGoodCandidates({ intervals: history, currentRelease: C, now: NOW });
    expect(candidates).toEqual([
      { release: B, from: at(30), to: at(60), soakedMs: 30 * 60_000, specImage: `reg.example/shop/checkout@${B}` },
      { release: A, from: at(0), to: at(30), soakedMs: 30 * 60_000, specImage: `reg.example/shop/checkout@${A}` },
    ]);
    expect(lastKnownGood({ intervals: history, currentRelease: C, now: NOW })?.release).toBe(B);
  });

  it("requires the soak window (default 10 minutes), inclusive", () => {
    expect(releasesOf([iv(A, 0, 30), iv(B, 30, 39), iv(C, 39, null)])).toEqual([A]);
    expect(releasesOf([iv(A, 0, 30), iv(B, 30, 40), iv(C, 40, null)])).toEqual([B, A]);
    expect(releasesOf([iv(A, 0, 30), iv(B, 30, 39), iv(C, 39, null)], C, 5 * 60_000)).toEqual([B, A]);
  });

  it("joins contiguous good intervals of one release into one span", () => {
    // B ran 6 + 6 minutes: neither alone soaks, together they do (a health change split the row).
    expect(releasesOf([iv(B, 30, 36), iv(B, 36, 42, { restarts: 0 }), iv(C, 42, null)])).toEqual([B]);
  });

  it("breaks the span on a restart increase", () => {
    expect(releasesOf([iv(B, 30, 36), iv(B, 36, 42, { restarts: 1 }), iv(C, 42, null)])).toEqual([]);
    // ... but a release that was stable for the window after a restart qualifies again.
    expect(releasesOf([iv(B, 30, 36), iv(B, 36, 50, { restarts: 1 }), iv(C, 50, null)])).toEqual([B]);
  });

  it("breaks the span on a gap in the history", () => {
    expect(releasesOf([iv(B, 30, 36), iv(B, 37, 43), iv(C, 43, null)])).toEqual([]);
  });

  it.each([
    ["not every replica ready", { ready: 2 }],
    ["a pull failure", { pullFailures: 1 }],
    ["zero replicas", { replicas: 0 }],
    ["two releases at once", { releases: [{ release: B, pods: 2, readyPods: 2 }, { release: A, pods: 1, readyPods: 1 }] }],
    ["an unverifiable config id", { releases: [{ release: `unverifiable:${B}`, pods: 3, readyPods: 3 }] }],
  ] as [string, Opts][])("disqualifies %s", (_name, opts) => {
    const intervals = [iv(B, 30, 60, opts), iv(C, 60, null)];
    expect(releasesOf(intervals).filter((r) => r.endsWith(B.slice(7)))).toEqual([]);
  });

  it("ignores releases listed with zero pods", () => {
    expect(releasesOf([iv(B, 30, 60, { releases: [{ release: B, pods: 3, readyPods: 3 }, { release: A, pods: 0, readyPods: 0 }] }), iv(C, 60, null)])).toEqual([B]);
  });

  it("keeps one candidate per release, dated by its newest good span", () => {
    const candidates = lastKnownGoodCandidates({ intervals: [iv(A, 0, 20), iv(B, 20, 40), iv(A, 40, 70), iv(C, 70, null)], currentRelease: C, now: NOW });
    expect(candidates.map((c) => [c.release, c.from])).toEqual([
      [A, at(40)],
      [B, at(20)],
    ]);
  });

  it("uses the release equality it is given (index vs child)", () => {
    const same = (x: string, y: string) => x === y || (x === A && y === B) || (x === B && y === A);
    expect(lastKnownGoodCandidates({ intervals: [iv(A, 0, 60)], currentRelease: B, now: NOW, sameRelease: same })).toEqual([]);
  });

  it("measures an open interval up to now", () => {
    const [c] = lastKnownGoodCandidates({ intervals: [iv(A, 100, null)], currentRelease: null, now: NOW });
    expect(c?.soakedMs).toBe(20 * 60_000);
  });
});

describe("checkCandidate", () => {
  const amd = { os: "linux", architecture: "amd64" };
  const arm = { os: "linux", architecture: "arm64" };
  const ok = (platforms = platformsOf({ amd64: digest("x") })): TagResolution => ({
    reference: `r@${A}`,
    status: "ok",
    digest: A,
    mediaType: "index",
    platforms,
    checkedAt: NOW,
  });
  const err = (code: "MANIFEST_UNKNOWN" | "UNREACHABLE"): TagResolution => ({ reference: `r@${A}`, status: "error", code, message: "", checkedAt: NOW });

  it.each([
    ["pullable and covering the cluster", ok(platformsOf({ amd64: digest("x"), arm64: digest("y") })), [amd, arm], true, []],
    ["missing a platform the cluster needs", ok(), [amd, arm], true, [arm]],
    ["gone from the registry", err("MANIFEST_UNKNOWN"), [amd], false, []],
    ["registry unreachable", err("UNREACHABLE"), [amd], "unknown", []],
    ["not checked", null, [amd], "unknown", []],
    ["a single manifest of unknown platform", ok([]), [amd, arm], true, []],
  ] as const)("%s", (_name, resolution, platforms, pullable, missing) => {
    const check = checkCandidate({ release: A }, resolution, platforms);
    expect(check.pullable).toBe(pullable);
    expect(check.missingPlatforms).toEqual(missing);
  });

  it("checks a single manifest against its known platform", () => {
    expect(checkCandidate({ release: A }, ok([]), [amd, arm], amd)).toMatchObject({ platformsKnown: true, missingPlatforms: [arm] });
  });
});
