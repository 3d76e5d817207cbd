"use client";

import { formatAge } from "@/components/ui/data-age";
import { useEffect, useState } from "react";

// An absolute time with its zone ("2026-12-01 14:28:20 UTC"), and how long ago beside it: a
// manager's report needs the first, an SRE the second. The zone is the browser's own.

const parts = (d: Date) => {
  const f = new Intl.DateTimeFormat("en-CA", {
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false, timeZoneName: "short",
  }).formatToParts(d);
  const get = (t: string) => f.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour") === "24" ? "00" : get("hour")}:${get("minute")}:${get("second")} ${get("timeZoneName")}`;
};

export function formatAbsolute(at: string | Date): string {
  return parts(typeof at === "string" ? new Date(at) : at);
}

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
