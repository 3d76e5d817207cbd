import { describe, expect, it } from "vitest";
import { diffTagResolution, diffWorkloadStates, isRegistryMove } from "./changes";
import { analyzeOne, deployment, digest, failed, pod, resolved, running, waiting } from "./fixtures";
import { canonicalJson, fnv1a64 } from "./hash";
import type { TagResolution } from "./observation";
import { workloadSnapshot, workloadStateKey } from "./state";

const IMG = "reg.example/shop/checkout:2.4.1";
const R1 = digest("r1");
const R2 = digest("r2");
const pods = (d1: string, d2: string) => [pod("c-1", "n1", "r", { app: running(d1) }), pod("c-2", "n2", "r", { app: running(d2) })];
const build = (p: ReturnType<typeof pod>[], image = IMG) => deployment("shop", "checkout").container("app", image).revision("r").pods(p);
const keyOf = (p: ReturnType<typeof pod>[], now = "2026-11-02T10:00:00Z", image = IMG) =>
  workloadStateKey(analyzeOne(build(p, image), { resolutions: resolved(IMG, R1), now }));

describe("workloadStateKey", () => {
  it("ignores pod order and time", () => {
    const p = pods(R1, R1);
    expect(keyOf(p)).toBe(keyOf([...p].reverse(), "2026-11-03T00:00:00Z"));
  });

  it("ignores pod names (replaced pods on the same release are not a change)", () => {
    const renamed = [pod("c-9", "n1", "r", { app: running(R1) }), pod("c-8", "n2", "r", { app: running(R1) })];
    expect(keyOf(pods(R1, R1))).toBe(keyOf(renamed));
  });

  it.each([
    ["a changed release", pods(R2, R2)],
    ["a split", pods(R1, R2)],
    ["a restart", [pod("c-1", "n1", "r", { app: running(R1, { restartCount: 1 }) }), pod("c-2", "n2", "r", { app: running(R1) })]],
    ["a pod failing to pull", [pod("c-1", "n1", "r", { app: running(R1) }), pod("c-2", "n2", "r", { app: waiting("ErrImagePull", "not found") })]],
  ])("changes with %s", (_name, changed) => {
    expect(keyOf(changed)).not.toBe(keyOf(pods(R1, R1)));
  });

  it("changes with the spec image", () => {
    expect(keyOf(pods(R1, R1), undefined, `reg.example/shop/checkout@${R1}`)).not.toBe(keyOf(pods(R1, R1)));
  });

  it("changes with a finding's classified reason, not with its message or check time", () => {
    const keyWith = (res: Record<string, TagResolution>, now = "2026-11-02T10:00:00Z") => workloadStateKey(analyzeOne(build(pods(R1, R1)), { resolutions: res, now }));
    expect(keyWith(failed(IMG, "UNREACHABLE"))).not.toBe(keyWith(failed(IMG, "UNAUTHORIZED")));
    expect(keyWith(failed(IMG, "UNREACHABLE", "registry answered 503"))).toBe(keyWith(failed(IMG, "UNREACHABLE", "connect ECONNREFUSED"), "2026-11-02T11:00:00Z"));
  });

  it("has a stable, documented shape", () => {
    expect(keyOf(pods(R1, R1))).toMatch(/^fnv1a64:[0-9a-f]{16}$/);
    const snap = workloadSnapshot(analyzeOne(build(pods(R1, R1)), { resolutions: resolved(IMG, R1) }));
    expect(snap).toEqual({
      status: "in-sync",
      findings: ["floating-tag:app"],
      containers: [
        { name: "app", isInit: false, specImage: IMG, releases: [{ release: R1, pods: 2, readyPods: 2 }], health: { replicas: 2, ready: 2, restarts: 0, pullFailures: 0 } },
      ],
    });
  });
});

describe("hash", () => {
  it("canonicalJson sorts keys at every level and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });

  it("fnv1a64 matches the reference vectors", () => {
    expect(fnv1a64("")).toBe("cbf29ce484222325");
    expect(fnv1a64("a")).toBe("af63dc4c8601ec8c");
    expect(fnv1a64("foobar")).toBe("85944171f73967e8");
  });
});

describe("diffWorkloadStates", () => {
  const snap = (p: ReturnType<typeof pod>[], image = IMG) => workloadSnapshot(analyzeOne(build(p, image)));

  it("reports a release transition per container", () => {
    expect(diffWorkloadStates(snap(pods(R1, R1)), snap(pods(R1, R2)))).toEqual([
      { type: "release-change", container: "app", fromReleases: [R1], toReleases: [R1, R2].sort(), added: [R2], removed: [], fromSpecImage: IMG, toSpecImage: IMG },
    ]);
  });

  it("reports a spec change that keeps the release (pinning the running digest)", () => {
    const pinned = `reg.example/shop/checkout@${R1}`;
    expect(diffWorkloadStates(snap(pods(R1, R1)), snap(pods(R1, R1), pinned))).toEqual([
      { type: "spec-change", container: "app", fromSpecImage: IMG, toSpecImage: pinned },
    ]);
  });

  it("reports nothing when only the registry host or port moved (same releases)", () => {
    const moved = IMG.replace(/^[^/]+/, "127.0.0.1:40123");
    expect(moved).not.toBe(IMG);
    expect(diffWorkloadStates(snap(pods(R1, R1)), snap(pods(R1, R1), moved))).toEqual([]);
    expect(diffWorkloadStates(snap(pods(R1, R1), "127.0.0.1:5000/shop/checkout:2.4.1"), snap(pods(R1, R1), "127.0.0.1:5001/shop/checkout:2.4.1"))).toEqual([]);
    // Moved and rolled at once: the release change is reported, with both images.
    expect(diffWorkloadStates(snap(pods(R1, R1)), snap(pods(R2, R2), moved))).toEqual([
      { type: "release-change", container: "app", fromReleases: [R1], toReleases: [R2], added: [R2], removed: [R1], fromSpecImage: IMG, toSpecImage: moved },
    ]);
  });

  it("reports nothing for the first state or an unchanged one", () => {
    expect(diffWorkloadStates(null, snap(pods(R1, R1)))).toEqual([]);
    expect(diffWorkloadStates(snap(pods(R1, R1)), snap(pods(R1, R1)))).toEqual([]);
  });
});

describe("isRegistryMove", () => {
  it.each([
    ["reg.example/shop/api:1", "mirror.example:5000/shop/api:1", true],
    ["127.0.0.1:5000/shop/api@sha256:aa", "127.0.0.1:6000/shop/api@sha256:aa", true],
    ["localhost/shop/api:1", "reg.example/shop/api:1", true],
    ["reg.example/shop/api:1", "reg.example/shop/api:2", false],
    ["reg.example/shop/api:1", "reg.example/shop/api@sha256:aa", false],
    ["reg.example/shop/api:1", "reg.example/team/api:1", false],
    ["shop/api:1", "reg.example/shop/api:1", true],
    ["nginx", "nginx:1.27", false],
    ["reg.example/shop/api:1", "reg.example/shop/api:1", false],
  ])("%s → %s: %s", (from, to, expected) => {
    expect(isRegistryMove(from, to)).toBe(expected);
  });
  it("is false when a side is missing", () => {
    expect([isRegistryMove(null, "reg.example/a:1"), isRegistryMove("reg.example/a:1", null)]).toEqual([false, false]);
  });
});

describe("diffTagResolution", () => {
  const ok = (d: string, at = "t2"): TagResolution => ({ reference: "r/a:1", status: "ok", digest: d, mediaType: "m", platforms: [], checkedAt: at });
  const err = (code: "MANIFEST_UNKNOWN" | "UNREACHABLE"): TagResolution => ({ reference: "r/a:1", status: "error", code, message: "", checkedAt: "t2" });
  it.each([
    ["a move", ok(R1), ok(R2), { type: "tag-moved", reference: "r/a:1", fromDigest: R1, toDigest: R2, at: "t2" }],
    ["no move", ok(R1), ok(R1), null],
    ["a deletion", ok(R1), err("MANIFEST_UNKNOWN"), { type: "tag-deleted", reference: "r/a:1", fromDigest: R1, at: "t2" }],
    ["a restore", err("MANIFEST_UNKNOWN"), ok(R2), { type: "tag-restored", reference: "r/a:1", toDigest: R2, at: "t2" }],
    ["a transient error", ok(R1), err("UNREACHABLE"), null],
    ["the first sighting", null, ok(R1), null],
  ])("%s", (_name, previous, current, expected) => {
    expect(diffTagResolution(previous, current)).toEqual(expected);
  });
});
