import "server-only";
import { displayStatus } from "@/lib/drift/status";
import { getDb } from "@/lib/server/db/client";
import { countByDriftKind } from "@/lib/server/data/workloads";
import { countStatusGroups } from "@/lib/server/data/workload-status-counts";
import { DRIFT_KIND_NAMES, type DriftSummaryDto } from "@/lib/schemas/workloads";

export async function getDriftSummary(q: { cluster?: string }): Promise<DriftSummaryDto> {
  const db = getDb();
  const [counts, groups] = await Promise.all([countByDriftKind(db, q), countStatusGroups(db, q)]);
  // Only the kinds the API names (a stored kind from an older version would not validate).
  const byKind = Object.fromEntries(DRIFT_KIND_NAMES.filter((k) => counts.byKind[k]).map((k) => [k, counts.byKind[k]!]));
  // The same precedence as the row badge and the workload page.
  const byStatus: DriftSummaryDto["byStatus"] = { drift: 0, unverifiable: 0, "in-sync": 0 };
  for (const g of groups) {
    byStatus[displayStatus({ status: g.status === "drift" ? "drift" : "in-sync", driftKinds: g.isUnverifiable ? ["unverifiable"] : [] })] += g.count;
  }
  return { total: counts.total, drift: counts.drift, byKind, byStatus };
}
