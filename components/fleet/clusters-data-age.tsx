"use client";

import { DataAge } from "@/components/ui/data-age";
import { StaleMarker } from "@/components/ui/stale-marker";
import { useClusters } from "@/lib/client/hooks";

/**
 * How old what polls found is: the oldest last successful poll of the reachable clusters, and
 * each unreachable cluster with when it was last seen (for pages built from every cluster's polls).
 */
export function ClustersDataAge() {
  const clusters = useClusters();
  const items = clusters.data?.items ?? [];
  const live = items.filter((c) => !c.stale && c.lastSuccessAt);
  const oldest = live.length ? new Date(Math.min(...live.map((c) => Date.parse(c.lastSuccessAt!)))).toISOString() : null;
  const staleAfterMs = (clusters.data?.polling.intervalSeconds ?? 30) * 3000;
  return (
    <span className="inline-flex flex-wrap items-center justify-end gap-2" data-clusters-data-age>
      {live.length ? <DataAge at={oldest} staleAfterMs={staleAfterMs} label="data from" /> : null}
      {items.filter((c) => c.stale).map((c) => (
        <span key={c.name} className="inline-flex items-center gap-1">
          <span className="font-medium text-slate-700">{c.name}</span>
          <StaleMarker lastSeenAt={c.lastSuccessAt} compact />
        </span>
      ))}
    </span>
  );
}
