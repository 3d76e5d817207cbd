import type { ImageRef } from "./observation";

// Keys under which the resolver's answers are looked up. The resolver must key
// `resolutions` the same way: "registry/repository:tag" for a tag, "registry/repository@digest"
// for a digest (a pinned spec is checked by its digest: the tag of `repo:tag@sha256:…` is ignored
// by the kubelet).

export function tagReferenceKey(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}:${ref.tag ?? "latest"}`;
}

export function digestReferenceKey(ref: ImageRef, digest: string): string {
  return `${ref.registry}/${ref.repository}@${digest}`;
}

/** The key that says what the spec will pull on the next reschedule. */
export function specReferenceKey(ref: ImageRef | null): string | null {
  if (!ref) return null;
  return ref.digest ? digestReferenceKey(ref, ref.digest) : tagReferenceKey(ref);
}

export function isPinned(ref: ImageRef | null): boolean {
  return Boolean(ref?.digest);
}

/** `latest` or no tag at all (Kubernetes then pulls :latest with policy Always). */
export function isLatestOrUntagged(ref: ImageRef): boolean {
  return ref.tag === undefined || ref.tag === "latest";
}

/** Short human form for messages: "shop/checkout:2.4.1", "library/nginx@sha256:…". */
export function displayImage(ref: ImageRef | null, fallback: string): string {
  if (!ref) return fallback;
  const tag = ref.tag ? `:${ref.tag}` : "";
  if (ref.digest) return `${ref.repository}${tag}@${ref.digest.slice(0, 19)}…`;
  return `${ref.repository}${tag || ":latest"}`;
}
