"use client";

import { formatAbsolute, formatAge } from "@/components/ui/format-time";
import { useEffect, useState } from "react";

// An absolute time with its zone ("2026-12-01 14:28:20 UTC"), and how long ago beside it: a
// manager's report needs the first, an SRE the second. The zone is the browser's own.

export { formatAbsolute };

/** `isStacked` puts the age on its own line (narrow table columns). */
export function Timestamp({ at, isRelativeShown = true, isStacked = false }: { at: string; isRelativeShown?: boolean; isStacked?: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  return (
    <span className={isStacked ? "inline-block" : "whitespace-nowrap"}>
      <time dateTime={at} title={at} className="whitespace-nowrap">{formatAbsolute(at)}</time>
      {isRelativeShown ? <span className={`text-slate-500 ${isStacked ? "block whitespace-nowrap" : "ml-1"}`}>({formatAge(now - Date.parse(at))})</span> : null}
    </span>
  );
}
