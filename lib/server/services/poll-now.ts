import "server-only";
import { AppError } from "@/lib/server/errors";
import { getRuntime } from "@/lib/server/poller/runtime";
import type { PollResultDto } from "@/lib/schemas/fleet";

/** Trigger polls now; with `wait`, answer with their results once they finished. */
export async function pollNow(opts: { cluster?: string; wait: boolean }): Promise<{ results: PollResultDto[]; accepted: string[] }> {
  const poller = getRuntime()?.poller;
  if (!poller) throw new AppError("UNAVAILABLE", "polling is not running in this process (DRIFTWATCH_POLLER=off, or no cluster is configured)");
  if (opts.cluster && !poller.clusters.includes(opts.cluster)) {
    throw new AppError("NOT_FOUND", `unknown cluster "${opts.cluster}"; known: ${poller.clusters.join(", ") || "none"}`);
  }
  const run = poller.pollNow(opts.cluster);
  const accepted = opts.cluster ? [opts.cluster] : poller.clusters;
  if (!opts.wait) {
    run.catch(() => {});
    return { results: [], accepted };
  }
  return { results: await run, accepted };
}
