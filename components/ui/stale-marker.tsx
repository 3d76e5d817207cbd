"use client";

import { DataAge } from "@/components/ui/data-age";
import { SeverityIcon } from "@/components/ui/severity-icon";
import { formatAbsolute } from "@/components/ui/format-time";

/**
 * "last seen 4m 10s ago — cluster unreachable": what is shown is the last known state of a
 * cluster whose last poll failed. The age ticks from the time the data was last seen.
 */
export function StaleMarker({ lastSeenAt, compact = false }: { lastSeenAt: string | null; compact?: boolean }) {
  return (
    <span
      data-stale
      title={lastSeenAt ? `Last successful poll ${formatAbsolute(lastSeenAt)}; the cluster's last poll failed` : "The cluster has never been polled successfully"}
      className={`inline-flex items-center gap-1 rounded bg-rose-50 px-1.5 py-0.5 font-medium text-rose-800 ring-1 ring-rose-300 ring-inset ${compact ? "text-[11px]" : "text-xs"}`}
    >
      {/* The words already say it ("cluster unreachable"); the octagon says it without the rose. */}
      <SeverityIcon severity="critical" className="h-3 w-3" />
      <DataAge at={lastSeenAt} staleAfterMs={null} label="last seen" />
      {" — cluster unreachable"}
    </span>
  );
}
