"use client";

import { formatAbsolute, formatAge } from "@/components/ui/format-time";
import { useEffect, useState } from "react";

// An absolute time with its zone ("2026-12-01 14:28:20 UTC"), and how long ago beside it: a
// manager's report needs the first, an SRE the second. The zone is the browser's own.

export { formatAbsolute };

export function Timestamp({ at, isRelativeShown = true }: { at: string; isRelativeShown?: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  return (
    <span className="whitespace-nowrap">
      <time dateTime={at} title={at}>{formatAbsolute(at)}</time>
      {isRelativeShown ? <span className="ml-1 text-slate-500">({formatAge(now - Date.parse(at))})</span> : null}
    </span>
  );
}
