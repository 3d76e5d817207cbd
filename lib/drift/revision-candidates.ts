// Rollback candidates from the cluster's own revision history (ReplicaSets / ControllerRevisions),
// so a fresh install offers targets before any soak window has passed: a revision whose template
// pins a digest, or whose pods Driftwatch sees running one. They carry no soak evidence and rank
// after the observed last-known-good releases.
import { splitImage } from "./pin-plan";

export type RevisionInput = { revision: string; number: number | null; images: Readonly<Record<string, string>> };

export type RevisionCandidate = {
  release: string;
  revision: string;
  number: number | null;
  specImage: string;
  /** "pinned in the template" or "pods seen running it". */
  evidence: "template-digest" | "running-pods";
  label: string;
};

export function revisionCandidates(input: {
  container: string;
  revisions: readonly RevisionInput[];
  /** The current template's image (its revision is not a rollback target). */
  currentImage: string;
  /** Releases pods run now, with the revisions (template hashes) of those pods. */
  running: readonly { release: string; revisions: readonly string[] }[];
  /** Releases already offered (observed LKG) and the current one: not repeated. */
  exclude: readonly string[];
  sameRelease?: (a: string, b: string) => boolean;
}): RevisionCandidate[] {
  const same = input.sameRelease ?? ((a: string, b: string) => a === b);
  const seen = [...input.exclude];
  const out: RevisionCandidate[] = [];
  const newestFirst = [...input.revisions].sort((a, b) => (b.number ?? -1) - (a.number ?? -1));
  for (const r of newestFirst) {
    const image = r.images[input.container];
    if (!image || image === input.currentImage) continue;
    const pinned = splitImage(image).digest;
    const seenRunning = input.running.find((x) => x.revisions.includes(r.revision))?.release;
    const release = pinned ?? seenRunning;
    if (!release || !release.startsWith("sha256:") || seen.some((s) => same(s, release))) continue;
    seen.push(release);
    out.push({
      release, revision: r.revision, number: r.number, specImage: image,
      evidence: pinned ? "template-digest" : "running-pods",
      label: `cluster revision ${r.number ?? r.revision} — not observed by Driftwatch (no soak evidence)`,
    });
  }
  return out;
}
