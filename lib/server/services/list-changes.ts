import "server-only";
import { getDb } from "@/lib/server/db/client";
import { listTransitions } from "@/lib/server/data/workloads";
import { listTagMoves } from "@/lib/server/data/tag-resolutions";
import type { Transition } from "@/lib/server/data/workload-states";
import type { ChangeDto, ChangeListDto } from "@/lib/schemas/fleet";

const DAY = 24 * 3600 * 1000;

/** Release transitions and tag moves across the fleet, newest first. Default window: 7 days. */
export async function listChanges(opts: { since?: string; limit: number }): Promise<ChangeListDto> {
  const since = opts.since ? new Date(opts.since) : new Date(Date.now() - 7 * DAY);
  const db = getDb();
  const [transitions, moves] = await Promise.all([
    listTransitions(db, { since, take: opts.limit }),
    listTagMoves(db, { since, take: opts.limit }),
  ]);
  const items: ChangeDto[] = [];
  for (const t of transitions) {
    for (const c of (t.changes as Transition[]) ?? []) {
      items.push({
        type: "release",
        at: t.from.toISOString(),
        cluster: t.workload.cluster.name,
        environment: t.workload.cluster.environment,
        namespace: t.workload.namespace,
        kind: t.workload.kind,
        name: t.workload.name,
        container: c.container,
        ...(c.fromSpecImage !== c.toSpecImage ? { fromImage: c.fromSpecImage ?? undefined, toImage: c.toSpecImage ?? undefined } : {}),
        fromReleases: c.type === "release-change" ? c.fromReleases : [],
        toReleases: c.type === "release-change" ? c.toReleases : [],
      });
    }
  }
  for (const m of moves) {
    items.push({
      type: "tag",
      at: m.from.toISOString(),
      reference: m.reference,
      fromDigest: m.previousDigest,
      toDigest: m.digest,
      error: m.errorCode ? { code: m.errorCode, message: m.errorMessage } : null,
    });
  }
  items.sort((a, b) => b.at.localeCompare(a.at));
  return { items: items.slice(0, opts.limit) };
}
