import { describe, expect, it } from "vitest";
import { digest, platformsOf } from "./fixtures";
import type { TagResolution } from "./observation";
import {
  containerRelease,
  createReleaseResolver,
  isUnverifiableRelease,
  mergeIndexes,
  releaseOf,
  sameRelease,
  unverifiableRelease,
} from "./releases";

const IDX = digest("idx");
const AMD = digest("amd");
const ARM = digest("arm");
const OTHER_IDX = digest("other-idx");
const LONE = digest("lone");
const indexes = {
  [IDX]: platformsOf({ amd64: AMD, arm64: ARM }),
  // A second index that shares the amd64 child (re-tagged multi-arch build).
  [OTHER_IDX]: platformsOf({ amd64: AMD, "arm/v7": digest("armv7") }),
};

describe("releaseOf", () => {
  it.each([
    ["an index is its own release", IDX, undefined, IDX],
    ["a child maps to its index", ARM, undefined, IDX],
    ["an unknown digest is its own release", LONE, undefined, LONE],
    ["a child of two indexes prefers the one the tag resolves to", AMD, OTHER_IDX, OTHER_IDX],
    ["a child of two indexes without preference picks the smallest", AMD, undefined, [IDX, OTHER_IDX].sort()[0]],
    ["a preference that is not a parent is ignored", ARM, OTHER_IDX, IDX],
  ])("%s", (_name, d, preferred, expected) => {
    expect(releaseOf(d, indexes, preferred)).toBe(expected);
  });
});

describe("sameRelease", () => {
  it.each([
    ["equal digests", LONE, LONE, true],
    ["index and its child (containerd vs CRI-O)", IDX, ARM, true],
    ["child and its index", AMD, IDX, true],
    ["two children of one index", AMD, ARM, true],
    ["unrelated manifests", LONE, digest("lone-2"), false],
    ["index and a stranger", IDX, LONE, false],
    ["a child of another index", ARM, digest("armv7"), false],
  ])("%s → %s", (_name, a, b, expected) => {
    expect(sameRelease(a, b, indexes)).toBe(expected);
    expect(sameRelease(b, a, indexes)).toBe(expected);
  });
});

describe("platformsOf", () => {
  const resolver = createReleaseResolver(indexes);
  it("lists an index's platforms, a known child's own platform, and nothing for a stranger", () => {
    expect(resolver.platformsOf(IDX)).toEqual([
      { os: "linux", architecture: "amd64" },
      { os: "linux", architecture: "arm64" },
    ]);
    expect(resolver.platformsOf(ARM)).toEqual([{ os: "linux", architecture: "arm64" }]);
    expect(resolver.platformsOf(LONE)).toBeNull();
  });
});

describe("containerRelease", () => {
  const resolver = createReleaseResolver(indexes);
  const base = { name: "app", isInit: false, image: "x", ready: true, restartCount: 0, state: "running" as const };
  it("normalises a digest, marks a bare config id, and returns null while pulling", () => {
    expect(containerRelease({ ...base, imageID: `x@${ARM}`, digest: ARM, isUnverifiable: false }, resolver)).toBe(IDX);
    const cfg = digest("config");
    const bare = containerRelease({ ...base, imageID: `docker://${cfg}`, digest: null, isUnverifiable: true }, resolver);
    expect(bare).toBe(`unverifiable:${cfg}`);
    expect(isUnverifiableRelease(bare as string)).toBe(true);
    expect(containerRelease({ ...base, imageID: "", digest: null, isUnverifiable: false }, resolver)).toBeNull();
  });

  it("extracts the config id from every imageID form", () => {
    const cfg = digest("cfg");
    expect(unverifiableRelease(cfg)).toBe(`unverifiable:${cfg}`);
    expect(unverifiableRelease(`docker://${cfg}`)).toBe(`unverifiable:${cfg}`);
    expect(unverifiableRelease("")).toBe("unverifiable:unknown");
  });
});

describe("mergeIndexes", () => {
  it("adds index listings carried by ok resolutions, not single manifests or errors", () => {
    const res: TagResolution[] = [
      { reference: "r/a:1", status: "ok", digest: digest("new-idx"), mediaType: "index", platforms: platformsOf({ amd64: digest("n1") }), checkedAt: "" },
      { reference: "r/a:2", status: "ok", digest: digest("single"), mediaType: "manifest", platforms: [], checkedAt: "" },
      { reference: "r/a:3", status: "error", code: "UNREACHABLE", message: "", checkedAt: "" },
    ];
    const merged = mergeIndexes(indexes, res);
    expect(Object.keys(merged).sort()).toEqual([IDX, OTHER_IDX, digest("new-idx")].sort());
    expect(releaseOf(digest("n1"), merged)).toBe(digest("new-idx"));
  });
});
