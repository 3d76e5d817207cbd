"use client";

import Link from "next/link";
import { useState } from "react";
import { workloadHref } from "@/components/fleet/fleet-table";
import { Badge } from "@/components/ui/badge";
import { DataAge } from "@/components/ui/data-age";
import { DigestChip } from "@/components/ui/digest-chip";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Spinner } from "@/components/ui/spinner";
import { WaitingPods } from "@/components/nodes/waiting-pods";
import { StaleMarker } from "@/components/ui/stale-marker";
import { useClusters, useNodeMap } from "@/lib/client/hooks";

/** Which node runs which bytes: one card per node, one line per workload container. */
export function NodeMap({ initialCluster }: { initialCluster?: string } = {}) {
  // `?cluster=` (links from a cluster's strip or a search result) picks the cluster.
  const [cluster, setClusterState] = useState<string>(initialCluster ?? "");
  const setCluster = (c: string) => {
    setClusterState(c);
    const url = new URL(window.location.href);
    if (c) url.searchParams.set("cluster", c);
    else url.searchParams.delete("cluster");
    window.history.replaceState(null, "", url);
  };
  const clusters = useClusters();
  const map = useNodeMap(cluster || undefined);
  return (
    <>
      <div className="mb-3 flex items-center gap-3">
        <select aria-label="Cluster" value={cluster} onChange={(e) => setCluster(e.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
          <option value="">All clusters</option>
          {clusters.data?.items.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
        {map.data ? (
          <span className="ml-auto text-xs text-slate-600">
            {map.data.items.length} nodes · <DataAge at={oldestSeen(map.data.items.filter((n) => !n.stale))} label="data from" />
          </span>
        ) : null}
      </div>
      {map.isPending ? <Spinner label="Loading nodes" /> : null}
      {map.isError ? <ErrorState title="Cannot load nodes" message={map.error.message} onRetry={() => map.refetch()} /> : null}
      {map.data && map.data.items.length === 0 ? <EmptyState title="No nodes yet">Nodes appear after the first successful poll of a cluster.</EmptyState> : null}
      <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
        {map.data?.items.map((n) => (
          <section key={`${n.cluster}/${n.name}`} data-node-card={n.name} aria-label={`Node ${n.name}`} className="min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm">
            <header className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-3 py-2">
              <h2 className="font-mono text-sm font-semibold">{n.name}</h2>
              <Badge tone="accent">{n.os}/{n.architecture}</Badge>
              <span className="text-xs text-slate-500">{n.cluster}</span>
              {n.unschedulable ? <Badge tone="warning">cordoned</Badge> : null}
              {n.ready === false ? <Badge tone="critical">not ready</Badge> : null}
              {n.stale ? <StaleMarker lastSeenAt={n.lastSeenAt} compact /> : null}
            </header>
            <ul className="divide-y divide-slate-50 px-3 py-1 text-sm">
              {n.workloads.length === 0 && n.waiting.length === 0 ? <li className="py-1 text-slate-500">no tracked workload pods</li> : null}
              {n.workloads.map((w) => (
                <li key={`${w.namespace}/${w.kind}/${w.name}/${w.container}/${w.release}`} className="flex items-center gap-2 py-1">
                  <Link href={workloadHref({ cluster: n.cluster, ...w })} className="min-w-0 truncate hover:underline" title={`${w.namespace}/${w.name}`}>
                    {w.namespace}/{w.name}
                  </Link>
                  <span className="font-mono text-xs text-slate-500">{w.container}</span>
                  <span className="ml-auto">
                    <DigestChip digest={w.release} suffix={`×${w.pods.length}`} />
                  </span>
                </li>
              ))}
              <WaitingPods cluster={n.cluster} waiting={n.waiting} />
            </ul>
            <details className="border-t border-slate-100 px-3 py-1.5 text-xs text-slate-600">
              <summary className="cursor-pointer">{n.cachedImages.length} cached images</summary>
              <ul className="mt-1 space-y-0.5 font-mono break-all">
                {n.cachedImages.map((img, i) => (
                  <li key={i}>{img.names.join(" · ")}</li>
                ))}
              </ul>
            </details>
          </section>
        ))}
      </div>
    </>
  );
}

/** The age of the data shown: the oldest last successful poll of the reachable clusters (the others say so on each node). */
function oldestSeen(items: { lastSeenAt: string | null }[]): string | null {
  const times = items.flatMap((n) => (n.lastSeenAt ? [Date.parse(n.lastSeenAt)] : []));
  return times.length ? new Date(Math.min(...times)).toISOString() : null;
}
