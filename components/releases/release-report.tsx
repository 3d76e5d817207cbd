"use client";

import Link from "next/link";
import { workloadHref } from "@/components/fleet/fleet-table";
import { ExportLinks, FilterBar, useUrlFilters, WORKLOAD_FILTER_FIELDS } from "@/components/audit/filter-bar";
import { Badge } from "@/components/ui/badge";
import { DigestChip } from "@/components/ui/digest-chip";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Spinner } from "@/components/ui/spinner";
import { Timestamp } from "@/components/ui/timestamp";
import { useReleases } from "@/lib/client/audit-hooks";
import { shortImageRef } from "@/lib/drift/format";
import type { ReleaseRowDto } from "@/lib/schemas/audit";
import { LoadMore } from "@/components/ui/load-more";
import { ScrollRegion } from "@/components/ui/scroll-region";

// What ran where, from when to when, deployed by digest or by tag, and who changed it: the
// report a manager hands an auditor, with the same filters as its CSV / NDJSON export.

const KEYS = ["from", "to", "environment", "cluster", "namespace", "kind", "name"] as const;

export function formatDuration(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : `${m}m ${seconds % 60}s`;
}

export function ChangedBy({ who }: { who: ReleaseRowDto["changedBy"] }) {
  if (who.type === "driftwatch") return <span title="changed through Driftwatch">{who.name} <Badge tone="accent">driftwatch</Badge></span>;
  if (who.type === "field-manager") return <span title="the Kubernetes field manager that set the image">{who.name} <Badge>field manager</Badge></span>;
  return <span className="text-slate-500" title="no record of who changed it (e.g. a moved tag pulled again)">unknown</span>;
}

export function ReleaseReport() {
  const [filters, setFilters] = useUrlFilters(KEYS);
  const q = useReleases(filters);
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <FilterBar fields={WORKLOAD_FILTER_FIELDS} filters={filters} onChange={setFilters} />
      <div className="mb-3 flex flex-wrap items-center gap-3 text-sm">
        <ExportLinks path="/api/releases" filters={filters} />
        <span className="text-slate-600">Exports hold every matching row (times in UTC); the table loads 200 at a time.</span>
      </div>
      {q.isPending ? <Spinner label="Loading the release report" /> : q.isError ? (
        <ErrorState title="Cannot load the release report" message={q.error.message} onRetry={() => q.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No releases match">Release history is recorded as polls see workloads; it is kept 400 days by default.</EmptyState>
      ) : (
        <ScrollRegion label="Release history table">
          <table className="min-w-full text-sm" aria-label="Release history">
            <thead className="bg-slate-50 text-left text-xs text-slate-600 uppercase">
              <tr>
                {["Workload / container", "Spec image", "Release", "From", "To", "Duration", "By", "Changed by"].map((h) => (
                  <th key={h} scope="col" className="px-3 py-1.5 whitespace-nowrap">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={`${r.cluster}/${r.namespace}/${r.kind}/${r.name}/${r.container}/${r.from}/${r.digest}/${r.specImage}`} className="align-top" data-report-row>
                  <td className="px-3 py-1.5">
                    <Link href={workloadHref(r)} className="font-medium hover:underline">{r.cluster}/{r.namespace}/{r.name}</Link>
                    <div className="text-xs text-slate-500">{r.kind}{r.environment ? ` · ${r.environment}` : ""}</div>
                    <div className="font-mono text-xs" data-container>{r.container}</div>
                  </td>
                  <td className="max-w-[18rem] min-w-[13rem] px-3 py-1.5 font-mono text-xs break-all" title={r.specImage}>{shortImageRef(r.specImage)}</td>
                  <td className="px-3 py-1.5">
                    <DigestChip digest={r.digest} />
                    {r.indexDigest ? <div className="text-xs text-slate-500" title={r.platformDigests.join("\n")}>index · {r.platformDigests.length} platforms</div> : null}
                  </td>
                  <td className="px-3 py-1.5 text-xs"><Timestamp at={r.from} isStacked /></td>
                  <td className="px-3 py-1.5 text-xs">{r.to ? <Timestamp at={r.to} isStacked /> : <Badge tone="ok">running</Badge>}</td>
                  <td className="px-3 py-1.5 text-xs whitespace-nowrap">{formatDuration(r.durationSeconds)}</td>
                  <td className="px-3 py-1.5">{r.byDigest ? <Badge tone="ok">digest</Badge> : <Badge tone="warning">tag</Badge>}</td>
                  <td className="px-3 py-1.5 text-xs">
                    <ChangedBy who={r.changedBy} />
                    {r.correlationId ? <div><Link className="underline" href={`/audit?correlationId=${encodeURIComponent(r.correlationId)}`}>audit record</Link></div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <LoadMore page={q} label="More rows" />
    </>
  );
}
