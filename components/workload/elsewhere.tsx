import Link from "next/link";
import { workloadHref } from "@/components/fleet/fleet-table";
import { Badge, type Tone } from "@/components/ui/badge";
import { DigestChip } from "@/components/ui/digest-chip";
import type { ElsewhereDto } from "@/lib/schemas/workloads";

const RELATION: Record<ElsewhereDto["relation"], { label: string; tone: Tone; title: string }> = {
  "same-release": { label: "same release", tone: "ok", title: "Runs the release most pods run here (as the cross-cluster findings judge it)" },
  "cross-cluster": { label: "cross-cluster drift", tone: "warning", title: "Same environment, different release: drift" },
  "promotion-lag": { label: "promotion lag", tone: "neutral", title: "Another environment, different release: a promotion not (yet) made, not drift" },
  "different-release": { label: "different release", tone: "neutral", title: "Different release; set DRIFTWATCH_ENVIRONMENTS to tell drift from promotion lag" },
  "not-comparable": { label: "nothing to compare", tone: "neutral", title: "No container runs a pod on both sides yet, so no release can be compared" },
};

/** The same workload in the other clusters: drift within an environment, promotion lag across. */
export function Elsewhere({ workload, items }: { workload: { namespace: string; kind: string; name: string }; items: ElsewhereDto[] }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="elsewhere" className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <h2 id="elsewhere" className="border-b border-slate-100 px-4 py-2 text-base font-semibold">In other clusters</h2>
      {/* Below `sm` each cluster is a stacked card (same table, CSS only): cluster and relation, then releases. */}
      <table className="w-full text-sm max-sm:block">
        <thead className="bg-slate-50 text-left text-xs tracking-wide text-slate-500 uppercase max-sm:sr-only">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Cluster</th>
            <th scope="col" className="px-4 py-2 font-medium">Releases</th>
            <th scope="col" className="px-4 py-2 font-medium">Compared with this one</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 max-sm:block">
          {items.map((e) => {
            const r = RELATION[e.relation];
            return (
              <tr key={e.cluster} data-elsewhere={e.cluster} data-relation={e.relation} className="max-sm:grid max-sm:grid-cols-[minmax(0,1fr)_auto] max-sm:gap-x-3 max-sm:gap-y-1 max-sm:px-4 max-sm:py-2">
                <td className="px-4 py-2 align-top max-sm:p-0">
                  <Link href={workloadHref({ ...workload, cluster: e.cluster })} className="font-medium hover:underline">{e.cluster}</Link>
                  {e.environment ? <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs text-slate-600">{e.environment}</span> : null}
                </td>
                <td className="px-4 py-2 align-top max-sm:col-span-2 max-sm:row-start-2 max-sm:p-0">
                  {e.containers.map((c) => (
                    <div key={c.name} className="flex flex-wrap items-center gap-1">
                      <span className="font-mono text-xs text-slate-500">{c.name}</span>
                      {c.releases.length ? c.releases.map((rel) => <DigestChip key={rel} digest={rel} />) : <span className="text-xs text-slate-400">none running</span>}
                    </div>
                  ))}
                </td>
                <td className="px-4 py-2 align-top max-sm:col-start-2 max-sm:row-start-1 max-sm:p-0">
                  <Badge tone={r.tone} title={r.title}>{r.label}</Badge>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
