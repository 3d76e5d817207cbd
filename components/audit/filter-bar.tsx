"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, type FormEvent } from "react";
import { exportHref, type Filters } from "@/lib/client/audit-hooks";

// One filter bar for the audit log, the release report and the changes feed. The filters live in
// the URL, so every filtered view is a link (a permalink to "prod, last quarter").

export type FilterField = { key: string; label: string; options?: readonly string[]; placeholder?: string };

/** The workload filters the audit log, the release report and the changes feed share. */
export const WORKLOAD_FILTER_FIELDS: FilterField[] = [
  { key: "environment", label: "Environment" },
  { key: "cluster", label: "Cluster" },
  { key: "namespace", label: "Namespace" },
  { key: "kind", label: "Kind", options: ["Deployment", "StatefulSet", "DaemonSet"] },
  { key: "name", label: "Workload" },
];

const exportLink = "rounded-md border border-slate-300 bg-white px-2.5 py-1 hover:bg-slate-50";

/** "Export CSV" and "Export NDJSON" of `path` with the filters shown. */
export function ExportLinks({ path, filters }: { path: string; filters: Filters }) {
  return (
    <>
      <a className={exportLink} href={exportHref(path, filters, "csv")} download>Export CSV</a>
      <a className={exportLink} href={exportHref(path, filters, "ndjson")} download>Export NDJSON</a>
    </>
  );
}

const DAY = 86_400_000;
const input = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

/** The filters in the URL, restricted to the given keys. */
export function useUrlFilters(keys: readonly string[]): [Filters, (next: Filters) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = useMemo(() => Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v)), [params, keys]) as Filters;
  const set = (next: Filters) => {
    const sp = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) sp.set(k, v);
    const qs = sp.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
  return [filters, set];
}

const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();
const dateOf = (iso?: string) => (iso ? iso.slice(0, 10) : "");

export function FilterBar({ fields, filters, onChange, hasRange = true, sinceKey = "from", untilKey = "to" }: {
  fields: FilterField[]; filters: Filters; onChange: (f: Filters) => void; hasRange?: boolean; sinceKey?: string; untilKey?: string;
}) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const next: Filters = {};
    for (const f of fields) next[f.key] = String(data.get(f.key) ?? "").trim() || undefined;
    if (hasRange) {
      const from = String(data.get(sinceKey) ?? "");
      const to = String(data.get(untilKey) ?? "");
      next[sinceKey] = from ? `${from}T00:00:00.000Z` : undefined;
      // The "to" day is included: the range ends at the next midnight (UTC).
      next[untilKey] = to ? new Date(Date.parse(`${to}T00:00:00.000Z`) + DAY).toISOString() : undefined;
    }
    onChange(next);
  };
  const lastDays = (n: number) => onChange({ ...filters, [sinceKey]: daysAgo(n), [untilKey]: undefined });
  const toDay = filters[untilKey] ? new Date(Date.parse(filters[untilKey]!) - DAY).toISOString() : undefined;
  return (
    <form role="search" onSubmit={submit} className="mb-3 flex flex-wrap items-end gap-2" key={JSON.stringify(filters)}>
      {fields.map((f) => (
        <label key={f.key} className="flex flex-col text-xs text-slate-600">
          {f.label}
          {f.options ? (
            <select name={f.key} defaultValue={filters[f.key] ?? ""} className={input} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
              <option value="">any</option>
              {f.options.map((o) => <option key={o} value={o}>{o}</option>)}
            </select>
          ) : (
            <input name={f.key} defaultValue={filters[f.key] ?? ""} placeholder={f.placeholder ?? "any"} className={`${input} w-32`} />
          )}
        </label>
      ))}
      {hasRange ? (
        <>
          <label className="flex flex-col text-xs text-slate-600">
            From (UTC day)
            <input type="date" name={sinceKey} defaultValue={dateOf(filters[sinceKey])} className={input} />
          </label>
          <label className="flex flex-col text-xs text-slate-600">
            To (UTC day, included)
            <input type="date" name={untilKey} defaultValue={dateOf(toDay)} className={input} />
          </label>
        </>
      ) : null}
      <button type="submit" className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">Apply</button>
      {hasRange ? (
        <span className="flex gap-1" aria-label="Quick ranges">
          {[7, 30, 90].map((n) => (
            <button key={n} type="button" onClick={() => lastDays(n)} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-xs hover:bg-slate-50">
              Last {n} days
            </button>
          ))}
        </span>
      ) : null}
      {Object.keys(filters).length ? (
        <button type="button" onClick={() => onChange({})} className="px-2 py-1.5 text-xs text-slate-600 underline">Clear</button>
      ) : null}
    </form>
  );
}
