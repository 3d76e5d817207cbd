import type { TagResolution } from "./observation";
import type { WorkloadSnapshot } from "./state";
import { compareStrings, sortedUnique } from "./util";

// Change events between two consecutive stored states; the store turns them into the
// "what changed in the last hour" timeline.

export type ReleaseChange = {
  type: "release-change";
  container: string;
  fromReleases: string[];
  toReleases: string[];
  added: string[];
  removed: string[];
  fromSpecImage: string | null;
  toSpecImage: string | null;
};

export type SpecChange = { type: "spec-change"; container: string; fromSpecImage: string | null; toSpecImage: string | null };

export type WorkloadChange = ReleaseChange | SpecChange;

/** Release transitions per container (a container appearing or vanishing has from/to empty). */
export function diffWorkloadStates(previous: WorkloadSnapshot | null, current: WorkloadSnapshot): WorkloadChange[] {
  if (!previous) return [];
  const names = sortedUnique([...previous.containers, ...current.containers].map((c) => c.name));
  const changes: WorkloadChange[] = [];
  for (const name of names) {
    const before = previous.containers.find((c) => c.name === name);
    const after = current.containers.find((c) => c.name === name);
    const fromReleases = releasesOf(before);
    const toReleases = releasesOf(after);
    const added = toReleases.filter((r) => !fromReleases.includes(r));
    const removed = fromReleases.filter((r) => !toReleases.includes(r));
    const fromSpecImage = before?.specImage ?? null;
    const toSpecImage = after?.specImage ?? null;
    if (added.length > 0 || removed.length > 0) {
      changes.push({ type: "release-change", container: name, fromReleases, toReleases, added, removed, fromSpecImage, toSpecImage });
    } else if (fromSpecImage !== toSpecImage && !isRegistryMove(fromSpecImage, toSpecImage)) {
      changes.push({ type: "spec-change", container: name, fromSpecImage, toSpecImage });
    }
  }
  return changes;
}

/**
 * A release is its digest: the same repository, tag and digest served from another registry host
 * or port (a mirror, a registry that moved, the demo's registry on a new port) runs the same
 * bytes, so with the releases unchanged it is no change. Pinning (tag → digest) still is.
 */
export function isRegistryMove(from: string | null, to: string | null): boolean {
  if (from === null || to === null || from === to) return false;
  return withoutRegistry(from) === withoutRegistry(to);
}

/** "host[:port]/path…" → "path…"; a first part without "." or ":" (and not localhost) is a path. */
function withoutRegistry(image: string): string {
  const slash = image.indexOf("/");
  if (slash === -1) return image;
  const first = image.slice(0, slash);
  return first.includes(".") || first.includes(":") || first === "localhost" ? image.slice(slash + 1) : image;
}

function releasesOf(container: WorkloadSnapshot["containers"][number] | undefined): string[] {
  return container ? container.releases.filter((r) => r.pods > 0).map((r) => r.release).sort(compareStrings) : [];
}

export type TagChange =
  | { type: "tag-moved"; reference: string; fromDigest: string; toDigest: string; at: string }
  | { type: "tag-deleted"; reference: string; fromDigest: string; at: string }
  | { type: "tag-restored"; reference: string; toDigest: string; at: string };

/**
 * Compares a tag's previous and current resolution. Transient errors (unreachable, rate limited,
 * auth) are not changes: pass the last resolution that was ok or missing as `previous`.
 */
export function diffTagResolution(previous: TagResolution | null, current: TagResolution): TagChange | null {
  if (!previous) return null;
  const at = current.checkedAt;
  const reference = current.reference;
  const isMissing = (r: TagResolution) => r.status === "error" && (r.code === "MANIFEST_UNKNOWN" || r.code === "NAME_UNKNOWN");
  if (previous.status === "ok" && current.status === "ok") {
    return previous.digest === current.digest ? null : { type: "tag-moved", reference, fromDigest: previous.digest, toDigest: current.digest, at };
  }
  if (previous.status === "ok" && isMissing(current)) return { type: "tag-deleted", reference, fromDigest: previous.digest, at };
  if (isMissing(previous) && current.status === "ok") return { type: "tag-restored", reference, toDigest: current.digest, at };
  return null;
}
