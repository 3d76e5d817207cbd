"use client";

import { useEffect, useState } from "react";
import { SeverityMark } from "@/components/ui/severity-icon";

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m ago`;
  return `${Math.floor(h / 24)}d ago`;
}

/** A ticking "12s ago" that turns amber, then red, as data gets stale — with a triangle, then an octagon, and the word. */
export function DataAge({ at, staleAfterMs = 90_000, label }: { at: string | number | null | undefined; staleAfterMs?: number | null; label?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  if (at === null || at === undefined) return <span className="text-slate-500">{label ? `${label} ` : ""}never</span>;
  const t = typeof at === "number" ? at : Date.parse(at);
  const age = now - t;
  // Data age turns amber, then red, when it is stale; plain timestamps (null) never do.
  const severity = staleAfterMs === null ? null : age > staleAfterMs * 4 ? "critical" : age > staleAfterMs ? "warning" : null;
  const tone = severity === "critical" ? "text-rose-700 font-semibold" : severity === "warning" ? "text-amber-700 font-medium" : staleAfterMs === null ? "" : "text-slate-600";
  return (
    <time dateTime={new Date(t).toISOString()} title={new Date(t).toLocaleString()} data-stale-severity={severity ?? undefined} className={`${tone}${severity ? " inline-flex items-center gap-1" : ""}`}>
      {severity ? <SeverityMark severity={severity} className="h-3 w-3" /> : null}
      {severity ? <span className="sr-only">stale, </span> : null}
      {label ? `${label} ` : ""}
      {formatAge(age)}
    </time>
  );
}
