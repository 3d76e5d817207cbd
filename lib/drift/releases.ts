import type { ContainerStatusObservation, Platform, PlatformManifest, TagResolution } from "./observation";
import { compareStrings } from "./util";

// "Release" = manifest digest after index normalisation. containerd reports the index digest of a
// multi-arch image, CRI-O one of its children; both are the same release. Index contents never
// change, so an index → children map (from tag resolutions and the persistent index cache) is
// all that is needed.

/** indexDigest → its platform manifests. */
export type IndexMap = Record<string, PlatformManifest[]>;

/** Bare config ids (kind load, ctr import) are their own release, marked with this prefix. */
export const UNVERIFIABLE_PREFIX = "unverifiable:";

export type ReleaseResolver = {
  /** Release of a manifest digest; prefers the first of `preferred` that is a parent index. */
  releaseOf(digest: string, preferred?: readonly string[]): string;
  sameRelease(a: string, b: string): boolean;
  isIndex(digest: string): boolean;
  /** Indexes that list this digest as a child, sorted. */
  parentsOf(digest: string): string[];
  /** Platforms a release covers: an index's children, a known child's own platform, else null. */
  platformsOf(digest: string): Platform[] | null;
};

/** Adds the index listings carried by tag resolutions to the cached ones. */
export function mergeIndexes(indexes: IndexMap, resolutions: Iterable<TagResolution>): IndexMap {
  const merged: IndexMap = { ...indexes };
  for (const r of resolutions) {
    if (r.status === "ok" && r.platforms.length > 0 && !merged[r.digest]) merged[r.digest] = r.platforms;
  }
  return merged;
}

export function createReleaseResolver(indexes: IndexMap): ReleaseResolver {
  const parents = new Map<string, string[]>();
  const childPlatform = new Map<string, Platform>();
  for (const [index, children] of Object.entries(indexes)) {
    for (const child of children) {
      parents.set(child.digest, [...(parents.get(child.digest) ?? []), index]);
      if (!childPlatform.has(child.digest)) childPlatform.set(child.digest, toPlatform(child));
    }
  }
  for (const list of parents.values()) list.sort(compareStrings);

  const isIndex = (digest: string) => Object.hasOwn(indexes, digest);
  const parentsOf = (digest: string) => parents.get(digest) ?? [];
  // A digest's "family": itself when it is an index, plus every index that lists it.
  const family = (digest: string) => (isIndex(digest) ? [digest, ...parentsOf(digest)] : parentsOf(digest));

  return {
    isIndex,
    parentsOf,
    releaseOf(digest, preferred = []) {
      if (isIndex(digest)) return digest;
      const candidates = parentsOf(digest);
      if (candidates.length === 0) return digest;
      return preferred.find((p) => candidates.includes(p)) ?? (candidates[0] as string);
    },
    sameRelease(a, b) {
      if (a === b) return true;
      const fa = new Set([a, ...family(a)]);
      return [b, ...family(b)].some((d) => fa.has(d));
    },
    platformsOf(digest) {
      const children = indexes[digest];
      if (children) return children.map(toPlatform);
      const own = childPlatform.get(digest);
      return own ? [own] : null;
    },
  };
}

/** Release of one running container, or null while it has no image yet (waiting to pull). */
export function containerRelease(
  status: ContainerStatusObservation,
  resolver: ReleaseResolver,
  preferred: readonly string[] = [],
): string | null {
  if (status.isUnverifiable) return unverifiableRelease(status.imageID);
  if (status.digest) return resolver.releaseOf(status.digest, preferred);
  return null;
}

export function unverifiableRelease(imageID: string): string {
  const match = /sha256:[0-9a-f]{64}/i.exec(imageID);
  return `${UNVERIFIABLE_PREFIX}${match ? match[0].toLowerCase() : imageID || "unknown"}`;
}

export function isUnverifiableRelease(release: string): boolean {
  return release.startsWith(UNVERIFIABLE_PREFIX);
}

/** Convenience wrappers for one-off questions (the analysis builds one resolver and reuses it). */
export function releaseOf(digest: string, indexes: IndexMap, preferredIndex?: string): string {
  return createReleaseResolver(indexes).releaseOf(digest, preferredIndex ? [preferredIndex] : []);
}

export function sameRelease(a: string, b: string, indexes: IndexMap): boolean {
  return createReleaseResolver(indexes).sameRelease(a, b);
}

function toPlatform(p: PlatformManifest): Platform {
  return p.variant ? { os: p.os, architecture: p.architecture, variant: p.variant } : { os: p.os, architecture: p.architecture };
}
