"use client";

import { useDriftSummary } from "@/lib/client/hooks";
import { DRIFT_KIND_NAMES } from "@/lib/schemas/workloads";

/** One line of counts per drift kind; each is a filter (pressed when active). */
export function DriftSummary({ cluster, active, onSelect }: { cluster?: string; active?: string; onSelect: (drift: string | undefined) => void }) {
  const q = useDriftSummary(cluster);
  if (!q.data) return null;
  const { total, drift, byKind, byStatus } = q.data;
  const kinds = DRIFT_KIND_NAMES.filter((k) => byKind[k]);
  const chip = (value: string | undefined, label: string, count: number, key: string) => {
    const pressed = active === value;
    return (
      <button
        key={key}
        type="button"
        aria-pressed={pressed}
        data-summary={key}
        onClick={() => onSelect(pressed ? undefined : value)}
        className={`rounded-full px-2.5 py-0.5 text-xs ring-1 ring-inset ${pressed ? "bg-slate-800 text-white ring-slate-800" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-100"}`}
      >
        {label} <span className="font-semibold">{count}</span>
      </button>
    );
  };
  return (
    <nav aria-label="Workload counts by finding" className="mb-3 flex flex-wrap items-center gap-1.5">
      {chip(undefined, "all", total, "all")}
      {chip("any", "drift", drift, "any")}
      {kinds.map((k) => chip(k, k, byKind[k]!, k))}
      <span className="ml-1 text-xs text-slate-600" data-summary-status>
        {byStatus["in-sync"]} in-sync
        {byStatus.unverifiable ? ` · ${byStatus.unverifiable} cannot be verified (nothing found wrong)` : ""}
      </span>
    </nav>
  );
}
