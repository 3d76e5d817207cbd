"use client";

import { useEffect, useRef } from "react";
import { DRIFT_KIND_NAMES } from "@/lib/schemas/workloads";
import type { WorkloadFilters } from "@/lib/client/hooks";
import { FleetSearch } from "@/components/search/fleet-search";

const select = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

export function FleetFilters({ filters, clusters, onChange }: { filters: WorkloadFilters; clusters: string[]; onChange: (f: WorkloadFilters) => void }) {
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // "/" jumps to search, as in most dashboards.
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key === "/" && !["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName)) {
        e.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  const set = (k: keyof WorkloadFilters, v: string) => onChange({ ...filters, [k]: v || undefined, cursor: undefined });
  return (
    <div role="search" className="mb-3 flex flex-wrap items-center gap-2">
      <FleetSearch inputRef={search} initial={filters.q} onQuery={(q) => set("q", q)} />
      <select aria-label="Drift" className={select} value={filters.drift ?? ""} onChange={(e) => set("drift", e.target.value)}>
        <option value="">All workloads</option>
        <option value="any">Drift only</option>
        {DRIFT_KIND_NAMES.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      <select aria-label="Cluster" className={select} value={filters.cluster ?? ""} onChange={(e) => set("cluster", e.target.value)}>
        <option value="">All clusters</option>
        {clusters.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <select aria-label="Kind" className={select} value={filters.kind ?? ""} onChange={(e) => set("kind", e.target.value)}>
        <option value="">All kinds</option>
        <option value="Deployment">Deployment</option>
        <option value="StatefulSet">StatefulSet</option>
        <option value="DaemonSet">DaemonSet</option>
      </select>
      <input
        aria-label="Namespace"
        placeholder="namespace"
        defaultValue={filters.namespace ?? ""}
        onChange={(e) => set("namespace", e.target.value)}
        className="w-36 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm"
      />
    </div>
  );
}
