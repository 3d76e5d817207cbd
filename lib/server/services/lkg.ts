import "server-only";
import { checkCandidate, lastKnownGoodCandidates, type HistoryInterval } from "@/lib/drift/lkg";
import type { ContainerSnapshot } from "@/lib/drift/state";
import { platformMatches } from "@/lib/drift/platforms";
import { revisionCandidates } from "@/lib/drift/revision-candidates";
import { releasesRolledAwayWhileFailing } from "@/lib/drift/rolled-away";
import type { Platform, TagResolution } from "@/lib/drift/observation";
import { getEnv } from "@/lib/server/env";
import { getRuntime } from "@/lib/server/poller/runtime";
import type { ContainerDto, WorkloadDetailDto } from "@/lib/schemas/workloads";

type StateRow = { from: Date; to: Date | null; containers: unknown };

const platformName = (p: Platform) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ""}`;

type Revision = { revision: string; number: number | null; images: Record<string, string> };
type Candidate = WorkloadDetailDto["lkg"][string][number];

/**
 * Rollback candidates per container: observed last-known-good releases first, then the cluster's
 * own revisions (no soak evidence), each checked against the registry (still there, index
 * children the nodes need too? platforms?) and marked when the workload left it while failing.
 */
export async function findLkgCandidates(opts: {
  states: StateRow[];
  containers: ContainerDto[];
  platforms: Platform[];
  revisions?: Revision[];
  now: Date;
  /** The registry check (default: the runtime's, with the pull secrets polls saw). */
  resolveKey?: (key: string) => Promise<TagResolution>;
  soakMs?: number;
}): Promise<WorkloadDetailDto["lkg"]> {
  const soakMs = opts.soakMs ?? getEnv().DRIFTWATCH_SOAK_MINUTES * 60_000;
  const out: WorkloadDetailDto["lkg"] = {};
  for (const c of opts.containers) {
    const intervals = containerIntervals(opts.states, c.name);
    const current = c.releases[0]?.release ?? null;
    const observed = lastKnownGoodCandidates({ intervals, currentRelease: current, now: opts.now.toISOString(), soakMs }).slice(0, 5);
    const fromRevisions = revisionCandidates({
      container: c.name, revisions: opts.revisions ?? [], currentImage: c.image,
      running: c.releases.map((r) => ({ release: r.release, revisions: r.revisions })),
      exclude: [...observed.map((o) => o.release), ...c.releases.map((r) => r.release), ...(c.resolution?.status === "ok" ? [c.resolution.digest] : [])],
    }).slice(0, 5);
    const failing = new Map(releasesRolledAwayWhileFailing(intervals).map((f) => [f.release, { at: f.at, reason: f.reason }]));
    const all: Omit<Candidate, "check">[] = [
      ...observed.map((o) => ({ ...o, source: "observed" as const })),
      ...fromRevisions.map((r) => ({ release: r.release, from: "", to: null, soakedMs: 0, specImage: r.specImage, source: "cluster-revision" as const, revision: r.number, label: r.label })),
    ];
    out[c.name] = await Promise.all(
      all.map(async (cand) => ({ ...cand, rolledAwayWhileFailing: failing.get(cand.release) ?? null, check: await checkRelease(c.reference, cand.release, opts.platforms, opts.resolveKey) })),
    );
  }
  return out;
}

/** The registry's answer for a candidate, and for each index child the nodes' platforms need. */
async function checkRelease(reference: string | null, digest: string, platforms: Platform[], resolveKey?: (key: string) => Promise<TagResolution>): Promise<Candidate["check"]> {
  const answer = await checkDigest(reference, digest, resolveKey);
  const check = checkCandidate({ release: digest }, answer, platforms);
  const base = { pullable: check.pullable, missingPlatforms: check.missingPlatforms.map(platformName), ...(check.reason ? { message: check.reason } : {}) };
  if (answer?.status !== "ok" || check.pullable !== true) return base;
  const needed = answer.platforms.filter((m) => platforms.some((p) => platformMatches(m, p)));
  for (const child of needed) {
    const a = await checkDigest(reference, child.digest, resolveKey);
    if (a?.status === "error" && (a.code === "MANIFEST_UNKNOWN" || a.code === "NAME_UNKNOWN")) {
      return { ...base, pullable: false, message: `the ${platformName(child)} manifest ${child.digest} is gone from the registry (the index still answers)` };
    }
  }
  return base;
}

/** One container's stored history intervals, oldest first. */
export function containerIntervals(states: readonly StateRow[], container: string): HistoryInterval[] {
  const oldestFirst = [...states].sort((a, b) => a.from.getTime() - b.from.getTime());
  return oldestFirst.flatMap((s) => {
    const snap = ((s.containers as ContainerSnapshot[]) ?? []).find((x) => x.name === container);
    return snap ? [{ from: s.from.toISOString(), to: s.to?.toISOString() ?? null, specImage: snap.specImage, releases: snap.releases, health: snap.health }] : [];
  });
}

async function checkDigest(reference: string | null, digest: string, resolveKey?: (key: string) => Promise<TagResolution>): Promise<TagResolution | null> {
  const resolve = resolveKey ?? getRuntime()?.resolveKey;
  if (!resolve || !reference || !digest.startsWith("sha256:")) return null;
  const repo = reference.replace(/[@:][^/]*$/, "");
  return resolve(`${repo}@${digest}`).catch(() => null);
}
