"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { DataAge } from "@/components/ui/data-age";
import { DigestChip } from "@/components/ui/digest-chip";
import { DriftBadges } from "@/components/fleet/drift-badges";
import { StaleMarker } from "@/components/ui/stale-marker";
import { SeverityIcon } from "@/components/ui/severity-icon";
import { onRowKey, rememberRow, useRestoreRowFocus } from "@/components/fleet/use-row-focus";
import type { WorkloadSummaryDto } from "@/lib/schemas/workloads";

export const workloadHref = (w: Pick<WorkloadSummaryDto, "cluster" | "namespace" | "kind" | "name">) =>
  `/workloads/${[w.cluster, w.namespace, w.kind, w.name].map(encodeURIComponent).join("/")}`;

// Below `md` the same table lays its rows out as stacked cards (CSS only: one tree, so the
// keyboard model and the table semantics are the same at every width).
export function FleetTable({ items }: { items: WorkloadSummaryDto[] }) {
  const router = useRouter();
  useRestoreRowFocus(items.length);
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full text-sm max-md:block">
        <thead className="bg-slate-50 text-left max-md:sr-only text-xs font-semibold tracking-wide text-slate-600 uppercase">
          <tr>
            <th scope="col" className="px-3 py-2">Workload</th>
            <th scope="col" className="px-3 py-2">Cluster</th>
            <th scope="col" className="px-3 py-2">Drift</th>
            <th scope="col" className="px-3 py-2">Running releases</th>
            <th scope="col" className="px-3 py-2 text-right">Pods</th>
            <th scope="col" className="px-3 py-2 text-right" title="Drifting: since when, without a break. In sync: since when nothing changed (releases, health, findings)">Since</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 max-md:block">
          {items.map((w, i) => {
            const href = workloadHref(w);
            const key = `${w.cluster}/${w.namespace}/${w.kind}/${w.name}`;
            return (
              <tr
                key={key}
                data-workload={key}
                tabIndex={i === 0 ? 0 : -1}
                onKeyDown={(e) => onRowKey(e, () => { rememberRow(key); router.push(href); })}
                onClick={(e) => {
                  rememberRow(key);
                  if (!(e.target as HTMLElement).closest("a")) router.push(href);
                }}
                className="cursor-pointer align-top hover:bg-slate-50 max-md:grid max-md:grid-cols-[minmax(0,1fr)_auto] max-md:gap-x-3 max-md:gap-y-1.5 max-md:px-3 max-md:py-2.5 focus:bg-sky-50 focus-visible:outline-3 focus-visible:-outline-offset-3 focus-visible:outline-sky-700"
              >
                <td className="px-3 py-2 max-md:p-0">
                  <Link href={href} className="font-medium text-slate-900 hover:underline" tabIndex={-1}>
                    {w.name}
                  </Link>
                  <div className="text-xs text-slate-500">
                    {w.namespace} · {w.kind}
                    {w.managedBy ? ` · managed by ${w.managedBy}` : ""}
                  </div>
                </td>
                <td className="px-3 py-2 whitespace-nowrap max-md:p-0 max-md:text-right">
                  {w.cluster}
                  {w.environment ? <div className="text-xs text-slate-500">{w.environment}</div> : null}
                  {w.stale ? <StaleMarker lastSeenAt={w.lastSeenAt} compact /> : null}
                </td>
                <td className="px-3 py-2 max-md:col-span-2 max-md:p-0">
                  <DriftBadges findings={w.findings} status={w.status} />
                </td>
                <td className="px-3 py-2 max-md:col-span-2 max-md:p-0">
                  {w.containers.filter((c) => !c.isInit).map((c) => (
                    <div key={c.name} className="flex flex-wrap items-center gap-1 py-0.5">
                      <span className="max-w-xs truncate font-mono text-xs text-slate-600" title={c.image}>
                        {c.name}
                      </span>
                      {c.releases.length === 0 ? <span className="text-xs text-slate-400">none running</span> : null}
                      {c.releases.map((r) => (
                        <DigestChip key={r.release} digest={r.release} suffix={`×${r.pods.length}`} />
                      ))}
                    </div>
                  ))}
                </td>
                <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums max-md:p-0 max-md:text-left">
                  <span className="text-xs text-slate-600 md:hidden">pods </span>
                  <span className={w.pods.ready < w.pods.total ? "font-semibold text-amber-700" : ""}>
                    {/* Not only amber: a triangle, and words for a screen reader. */}
                    {w.pods.ready < w.pods.total ? <><SeverityIcon severity="warning" className="mr-0.5 inline h-3 w-3 align-[-1px]" /><span className="sr-only">not all ready: </span></> : null}
                    {w.pods.ready}
                  </span>/{w.pods.total}
                </td>
                <td className="px-3 py-2 text-right text-xs whitespace-nowrap text-slate-600 max-md:self-end max-md:p-0">
                  {w.driftSince ? <DataAge at={w.driftSince} staleAfterMs={null} label="drifting since" /> : <DataAge at={w.since} staleAfterMs={null} label="unchanged since" />}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
