"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { ClusterStrip } from "@/components/fleet/cluster-strip";
import { DriftSummary } from "@/components/fleet/drift-summary";
import { FleetFilters } from "@/components/fleet/fleet-filters";
import { FleetDataAge } from "@/components/fleet/fleet-data-age";
import { FleetTable } from "@/components/fleet/fleet-table";
import { RegistryBanner } from "@/components/fleet/registry-banner";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Spinner } from "@/components/ui/spinner";
import { useClusters, useWorkloads, type WorkloadFilters } from "@/lib/client/hooks";

const KEYS = ["cluster", "namespace", "kind", "drift", "q", "cursor"] as const;

export function FleetView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = useMemo(() => Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? undefined])) as WorkloadFilters, [params]);
  const workloads = useWorkloads(filters);
  const clusters = useClusters();
  const setFilters = (f: WorkloadFilters) => {
    const sp = new URLSearchParams();
    for (const k of KEYS) if (f[k]) sp.set(k, f[k]!);
    router.replace(`${pathname}${sp.size ? `?${sp}` : ""}`, { scroll: false });
  };
  const clusterNames = clusters.data?.items.map((c) => c.name) ?? [];
  const drifted = workloads.data?.items.filter((w) => w.status === "drift").length ?? 0;
  return (
    <>
      <ClusterStrip />
      <RegistryBanner />
      <FleetFilters filters={filters} clusters={clusterNames} onChange={setFilters} />
      <DriftSummary cluster={filters.cluster} active={filters.drift} onSelect={(drift) => setFilters({ ...filters, drift, cursor: undefined })} />
      {workloads.isPending ? <Spinner label="Loading workloads" /> : null}
      {workloads.isError ? <ErrorState title="Cannot load workloads" message={workloads.error.message} onRetry={() => workloads.refetch()} /> : null}
      {workloads.data ? (
        <>
          <div className="mb-2 flex items-center gap-3 text-xs text-slate-600" aria-live="polite">
            <span>
              {workloads.data.total} workload{workloads.data.total === 1 ? "" : "s"}
              {drifted ? ` · ${drifted} with drift on this page` : ""}
            </span>
            <span className="ml-auto">
              <FleetDataAge items={workloads.data.items} staleAfterMs={(clusters.data?.polling.intervalSeconds ?? 30) * 3000} />
              {workloads.isFetching ? " · refreshing…" : ""}
            </span>
          </div>
          {workloads.data.items.length === 0 ? (
            <EmptyState title={Object.values(filters).some(Boolean) ? "No workload matches these filters" : "No workloads yet"}>
              {Object.values(filters).some(Boolean)
                ? "Clear a filter to see more."
                : "Workloads appear after the first successful poll of a cluster. Check the cluster cards above for errors."}
            </EmptyState>
          ) : (
            <FleetTable items={workloads.data.items} />
          )}
          <div className="mt-3 flex gap-2">
            {filters.cursor ? (
              <button type="button" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm" onClick={() => setFilters({ ...filters, cursor: undefined })}>
                First page
              </button>
            ) : null}
            {workloads.data.nextCursor ? (
              <button type="button" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm" onClick={() => setFilters({ ...filters, cursor: workloads.data!.nextCursor! })}>
                Next page
              </button>
            ) : null}
          </div>
        </>
      ) : null}
    </>
  );
}
