"use client";

import { useEffect, useId, useRef, useState, type Ref } from "react";
import { useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { searchResultSchema } from "@/lib/schemas/search";
import { describeMatch } from "@/components/search/search-where";

// The fleet's one search box: digest prefix, image, node, pod, workload, namespace or cluster.
// Typing is debounced (one request once typing pauses); results say where each match runs; the
// list is a combobox: ↓/↑ move, Enter opens the workload, Escape closes.

const DEBOUNCE_MS = 250;

const hrefOf = (i: { cluster: string; namespace: string; kind: string; name: string }) =>
  `/workloads/${[i.cluster, i.namespace, i.kind, i.name].map(encodeURIComponent).join("/")}`;

export function useDebounced<T>(value: T, ms = DEBOUNCE_MS): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function FleetSearch({ initial, inputRef, onQuery }: { initial?: string; inputRef?: Ref<HTMLInputElement>; onQuery?: (q: string) => void }) {
  const router = useRouter();
  const listId = useId();
  const [text, setText] = useState(initial ?? "");
  const [open, setOpen] = useState(!!initial);
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim());
  // The table below filters by the same words, once typing pauses (one request, not one a key).
  const lastQuery = useRef(initial ?? "");
  useEffect(() => {
    if (q === lastQuery.current) return;
    lastQuery.current = q;
    onQuery?.(q);
  }, [q, onQuery]);
  const enabled = q.length >= 2;
  const result = useQuery({
    queryKey: ["search", q],
    queryFn: () => apiFetch(`/api/search?q=${encodeURIComponent(q)}`, searchResultSchema),
    enabled,
    staleTime: 5_000,
  });
  const items = enabled ? (result.data?.items ?? []) : [];
  const boxRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onDown = (e: MouseEvent) => { if (!boxRef.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, []);

  const onKey = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") { e.preventDefault(); setOpen(true); setActive((a) => Math.min(a + 1, items.length - 1)); }
    else if (e.key === "ArrowUp") { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
    else if (e.key === "Enter" && open && items[active]) { e.preventDefault(); router.push(hrefOf(items[active])); }
    else if (e.key === "Escape") { setOpen(false); }
  };
  const showList = open && enabled;
  return (
    <div ref={boxRef} className="relative">
      <input
        ref={inputRef}
        type="search"
        role="combobox"
        aria-label="Search the fleet"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && items[active] ? `${listId}-${active}` : undefined}
        placeholder="Search digest, image, node, pod, workload  ( / )"
        value={text}
        onChange={(e) => { setText(e.target.value); setOpen(true); setActive(0); }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKey}
        className="w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm sm:w-96 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
      />
      {showList ? (
        <div className="absolute left-0 z-20 mt-1 w-full min-w-[22rem] rounded-md border border-slate-300 bg-white shadow-lg sm:w-[36rem] dark:border-slate-600 dark:bg-slate-900">
          <p role="status" className="border-b border-slate-200 px-3 py-1.5 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-300">
            {result.isError ? `Search failed: ${result.error.message}` : result.isFetching && !result.data ? "Searching…" : `${items.length}${result.data?.truncated ? "+" : ""} match${items.length === 1 ? "" : "es"} for “${q}”`}
          </p>
          <ul id={listId} role="listbox" aria-label="Search results" className="max-h-96 overflow-y-auto">
            {items.map((item, i) => {
              const { subject, where } = describeMatch(item);
              return (
                <li
                  key={`${item.cluster}/${item.namespace}/${item.kind}/${item.name}`}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  onMouseEnter={() => setActive(i)}
                  onMouseDown={(e) => { e.preventDefault(); router.push(hrefOf(item)); }}
                  className={`cursor-pointer px-3 py-2 text-sm ${i === active ? "bg-sky-100 outline-2 -outline-offset-2 outline-sky-700 dark:bg-sky-950 dark:outline-sky-400" : ""}`}
                >
                  <span className="font-mono text-slate-900 dark:text-slate-100">{subject}</span>{" "}
                  <span className="text-slate-700 dark:text-slate-300">{where}</span>
                  {item.status === "drift" ? " " : null}
                  {item.status === "drift" ? <span className="ml-2 rounded bg-amber-100 px-1 text-xs font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100">⚠ drift</span> : null}
                  {" "}
                  <span className="ml-2 text-xs text-slate-600 dark:text-slate-400">({item.matched})</span>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
