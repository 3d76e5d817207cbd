import "server-only";
import { getDb } from "@/lib/server/db/client";
import { countByDriftKind } from "@/lib/server/data/workloads";
import { DRIFT_KIND_NAMES, type DriftSummaryDto } from "@/lib/schemas/workloads";

export async function getDriftSummary(q: { cluster?: string }): Promise<DriftSummaryDto> {
  const counts = await countByDriftKind(getDb(), q);
  // Only the kinds the API names (a stored kind from an older version would not validate).
  const byKind = Object.fromEntries(DRIFT_KIND_NAMES.filter((k) => counts.byKind[k]).map((k) => [k, counts.byKind[k]!]));
  return { total: counts.total, drift: counts.drift, byKind };
}
