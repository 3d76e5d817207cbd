"use client";

import Link from "next/link";
import { releaseClasses } from "@/components/ui/digest-chip";
import { formatAbsolute } from "@/components/ui/timestamp";
import { formatDuration } from "@/components/releases/release-report";
import { useAuditChanges, useReleases } from "@/lib/client/audit-hooks";
import { shortDigest } from "@/lib/drift/format";
import type { ReleaseRowDto } from "@/lib/schemas/audit";

// A workload's releases as bars over time, one track per container, in the same colour per
// release as the digest chips; releases that overlapped (a rollout) get lanes of their own.
// Pins, unpins and rollbacks made through Driftwatch are marked where they happened.

type Id = { cluster: string; namespace: string; kind: string; name: string };
const MARK = { pin: "◆", unpin: "◇", rollback: "↩", "poll-now": "⟳", review: "✓" } as Record<string, string>;

/** Lanes for overlapping bars: each row goes into the first lane that is free at its start. */
function lanes(rows: ReleaseRowDto[], now: number): ReleaseRowDto[][] {
  const out: { end: number; rows: ReleaseRowDto[] }[] = [];
  for (const r of [...rows].sort((a, b) => Date.parse(a.from) - Date.parse(b.from))) {
    const start = Date.parse(r.from);
    const lane = out.find((l) => l.end <= start);
    const end = r.to ? Date.parse(r.to) : now;
    if (lane) {
      lane.rows.push(r);
      lane.end = end;
    } else out.push({ end, rows: [r] });
  }
  return out.map((l) => l.rows);
}

export function ReleaseTimeline({ id }: { id: Id }) {
  const releases = useReleases({ ...id }, 1000);
  const audit = useAuditChanges({ ...id });
  if (releases.isPending || releases.isError) return null;
  const rows = releases.data.pages.flatMap((p) => p.items);
  if (rows.length === 0) return null;
  const changes = (audit.data?.pages.flatMap((p) => p.items) ?? []).filter((c) => c.action !== "poll-now");
  // "Now" is when the report was fetched: rendering stays pure, the bars end where the data does.
  const now = releases.dataUpdatedAt;
  const t0 = Math.min(...rows.map((r) => Date.parse(r.from)), ...changes.map((c) => Date.parse(c.startedAt)));
  const span = Math.max(now - t0, 60_000);
  const x = (t: number) => `${(((t - t0) / span) * 100).toFixed(3)}%`;
  const w = (a: number, b: number) => `max(${(((b - a) / span) * 100).toFixed(3)}%, 3px)`;
  const containers = [...new Set(rows.map((r) => r.container))];
  return (
    <section aria-labelledby="timeline" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-timeline>
      <h2 id="timeline" className="mb-1 text-base font-semibold">Release timeline</h2>
      <p className="mb-3 flex flex-wrap justify-between gap-2 text-xs text-slate-500">
        <span>{formatAbsolute(new Date(t0))}</span>
        <span>now ({formatAbsolute(new Date(now))})</span>
      </p>
      <div className="relative pt-4">
        {containers.map((c) => (
          <div key={c} className="mb-2">
            <div className="mb-0.5 font-mono text-xs text-slate-600">{c}</div>
            {lanes(rows.filter((r) => r.container === c), now).map((lane, i) => (
              <div key={i} className="relative mb-0.5 h-6 rounded bg-slate-50">
                {lane.map((r) => {
                  const start = Date.parse(r.from);
                  const end = r.to ? Date.parse(r.to) : now;
                  const label = `${r.specImage}\n${r.digest}\n${formatAbsolute(r.from)} → ${r.to ? formatAbsolute(r.to) : "now"} (${formatDuration(r.durationSeconds)})\n${r.byDigest ? "by digest" : "by tag"}; changed by ${r.changedBy.name ?? "unknown"} (${r.changedBy.type})`;
                  return (
                    <span
                      key={r.from + r.digest + r.specImage}
                      title={label}
                      data-release={r.digest}
                      className={`absolute top-0 flex h-6 items-center overflow-hidden rounded px-1 font-mono text-[10px] whitespace-nowrap ring-1 ring-inset ${releaseClasses(r.digest)}`}
                      style={{ left: x(start), width: w(start, end) }}
                    >
                      {shortDigest(r.digest)}
                    </span>
                  );
                })}
              </div>
            ))}
          </div>
        ))}
        {changes.map((c) => (
          <Link
            key={c.correlationId}
            href={`/audit?correlationId=${encodeURIComponent(c.correlationId)}`}
            title={`${c.action} by ${c.actor} at ${formatAbsolute(c.startedAt)} — ${c.outcome ?? "no result"}`}
            data-mark={c.action}
            className="absolute top-3 bottom-0 w-px bg-slate-800"
            style={{ left: x(Date.parse(c.startedAt)) }}
          >
            <span aria-hidden className="absolute -top-4 -left-2 text-xs">{MARK[c.action] ?? "•"}</span>
            <span className="sr-only">{c.action} by {c.actor}</span>
          </Link>
        ))}
      </div>
      <p className="mt-2 text-xs text-slate-500">◆ pin · ↩ rollback · ◇ unpin (through Driftwatch; each links to its audit record). Colours match the release chips.</p>
    </section>
  );
}
