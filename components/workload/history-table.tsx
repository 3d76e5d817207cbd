import { DigestChip } from "@/components/ui/digest-chip";
import { formatAbsolute, Timestamp } from "@/components/ui/timestamp";
import type { WorkloadDetailDto } from "@/lib/schemas/workloads";

/** `lastSeenAt` is set when the cluster cannot be reached: the open interval ends there, as far as anyone knows. */
export function HistoryTable({ history, lastSeenAt = null }: { history: WorkloadDetailDto["history"]; lastSeenAt?: string | null }) {
  if (history.length === 0) return <p className="text-sm text-slate-500">No history recorded yet.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      {/* Below `md` each interval is a stacked card: from → to, then status, then releases. */}
      <table className="min-w-full text-sm max-md:block">
        <thead className="bg-slate-50 text-left text-xs text-slate-600 uppercase max-md:sr-only">
          <tr>
            <th scope="col" className="px-3 py-1.5">From</th>
            <th scope="col" className="px-3 py-1.5">To</th>
            <th scope="col" className="px-3 py-1.5">Status</th>
            <th scope="col" className="px-3 py-1.5">Releases</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 max-md:block">
          {history.map((h) => (
            <tr key={h.from} className="align-top max-md:flex max-md:flex-wrap max-md:gap-x-2 max-md:gap-y-1 max-md:px-3 max-md:py-2">
              <td className="px-3 py-1.5 whitespace-nowrap max-md:p-0"><Timestamp at={h.from} /></td>
              <td className="px-3 py-1.5 whitespace-nowrap text-slate-600 max-md:p-0 max-md:whitespace-normal">
                <span aria-hidden className="md:hidden">→ </span>{h.to ? <Timestamp at={h.to} isRelativeShown={false} /> : lastSeenAt ? <span data-open-until="last-seen" className="text-rose-800" title={formatAbsolute(lastSeenAt)}>until last seen ({formatAbsolute(lastSeenAt)})</span> : "now"}</td>
              <td className="px-3 py-1.5 max-md:basis-full max-md:p-0">{h.status === "drift" ? h.driftKinds.join(", ") || "drift" : "in-sync"}</td>
              <td className="px-3 py-1.5 max-md:basis-full max-md:p-0">
                {h.containers.map((c) => (
                  <div key={c.name} className="flex flex-wrap items-center gap-1">
                    <span className="font-mono text-xs text-slate-500">{c.name}</span>
                    {c.releases.map((r) => (
                      <DigestChip key={r.release} digest={r.release} suffix={`×${r.pods}`} />
                    ))}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
