"use client";

import { DataAge } from "@/components/ui/data-age";
import { StaleMarker } from "@/components/ui/stale-marker";
import type { WorkloadSummaryDto } from "@/lib/schemas/workloads";

/**
 * The age of the rows shown, not of the browser's last fetch: the oldest last successful poll
 * among the reachable clusters listed, and, for each cluster that cannot be reached, when it was
 * last seen.
 */
export function FleetDataAge({ items, staleAfterMs }: { items: WorkloadSummaryDto[]; staleAfterMs: number }) {
  const byCluster = new Map(items.map((w) => [w.cluster, w]));
  const live = [...byCluster.values()].filter((w) => !w.stale && w.observedAt);
  const stale = [...byCluster.values()].filter((w) => w.stale).sort((a, b) => a.cluster.localeCompare(b.cluster));
  const oldest = live.length ? new Date(Math.min(...live.map((w) => Date.parse(w.observedAt!)))).toISOString() : null;
  return (
    <span className="inline-flex flex-wrap items-center justify-end gap-2" data-fleet-data-age>
      {live.length ? <DataAge at={oldest} staleAfterMs={staleAfterMs} label="data from" /> : null}
      {stale.map((w) => (
        <span key={w.cluster} className="inline-flex items-center gap-1">
          <span className="font-medium text-slate-700">{w.cluster}</span>
          <StaleMarker lastSeenAt={w.lastSeenAt} compact />
        </span>
      ))}
    </span>
  );
}
