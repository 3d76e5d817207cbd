import "server-only";
import { checkCandidate, lastKnownGoodCandidates, type HistoryInterval } from "@/lib/drift/lkg";
import type { ContainerSnapshot } from "@/lib/drift/state";
import type { Platform, TagResolution } from "@/lib/drift/observation";
import { getEnv } from "@/lib/server/env";
import { getRuntime } from "@/lib/server/poller/runtime";
import type { ContainerDto, WorkloadDetailDto } from "@/lib/schemas/workloads";

type StateRow = { from: Date; to: Date | null; containers: unknown };

const platformName = (p: Platform) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ""}`;

/** LKG candidates per container, each checked against the registry (still there? platforms?). */
export async function findLkgCandidates(opts: {
  states: StateRow[];
  containers: ContainerDto[];
  platforms: Platform[];
  now: Date;
}): Promise<WorkloadDetailDto["lkg"]> {
  const soakMs = getEnv().DRIFTWATCH_SOAK_MINUTES * 60_000;
  const out: WorkloadDetailDto["lkg"] = {};
  for (const c of opts.containers) {
    const intervals = containerIntervals(opts.states, c.name);
    const current = c.releases[0]?.release ?? null;
    const candidates = lastKnownGoodCandidates({ intervals, currentRelease: current, now: opts.now.toISOString(), soakMs }).slice(0, 5);
    out[c.name] = await Promise.all(
      candidates.map(async (cand) => {
        const answer = await checkDigest(c.reference, cand.release);
        const check = checkCandidate(cand, answer, opts.platforms);
        return {
          ...cand,
          check: { pullable: check.pullable, missingPlatforms: check.missingPlatforms.map(platformName), ...(check.reason ? { message: check.reason } : {}) },
        };
      }),
    );
  }
  return out;
}

/** One container's stored history intervals, oldest first. */
export function containerIntervals(states: readonly StateRow[], container: string): HistoryInterval[] {
  const oldestFirst = [...states].sort((a, b) => a.from.getTime() - b.from.getTime());
  return oldestFirst.flatMap((s) => {
    const snap = ((s.containers as ContainerSnapshot[]) ?? []).find((x) => x.name === container);
    return snap ? [{ from: s.from.toISOString(), to: s.to?.toISOString() ?? null, specImage: snap.specImage, releases: snap.releases, health: snap.health }] : [];
  });
}

async function checkDigest(reference: string | null, digest: string): Promise<TagResolution | null> {
  const runtime = getRuntime();
  if (!runtime || !reference || !digest.startsWith("sha256:")) return null;
  const repo = reference.replace(/[@:][^/]*$/, "");
  return runtime.resolveKey(`${repo}@${digest}`).catch(() => null);
}
