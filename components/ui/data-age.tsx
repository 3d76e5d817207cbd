"use client";

import { useEffect, useState } from "react";
import { SeverityMark } from "@/components/ui/severity-icon";
import { formatAbsolute, formatAge } from "@/components/ui/format-time";

export { formatAge };

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
    <time dateTime={new Date(t).toISOString()} title={formatAbsolute(t)} data-stale-severity={severity ?? undefined} className={`${tone}${severity ? " inline-flex items-center gap-1" : ""}`}>
      {severity ? <SeverityMark severity={severity} className="h-3 w-3" /> : null}
      {severity ? <span className="sr-only">stale, </span> : null}
      {label ? `${label} ` : ""}
      {formatAge(age)}
    </time>
  );
}
