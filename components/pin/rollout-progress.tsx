"use client";

import { Badge, type Tone } from "@/components/ui/badge";
import { formatAbsolute } from "@/components/ui/format-time";
import { useWorkload } from "@/lib/client/hooks";
import { useChangeEvents, type WorkloadId } from "@/lib/client/pin-hooks";
import type { WorkloadChangeDto } from "@/lib/schemas/pin";

// The newest change of the workload and its rollout, live: a progress bar (updated and ready of
// desired) from the workload detail, refreshed while the change runs, so it survives a reload;
// and the change's audit events as they are written.

const TONE: Record<string, Tone> = { succeeded: "ok", complete: "ok", applied: "info", progressing: "info", intent: "info", failed: "critical", conflict: "critical", forbidden: "critical", error: "critical", reverted: "warning", "not-applied": "warning", "timed-out": "warning" };

export function RolloutProgress({ id, change }: { id: WorkloadId; change: WorkloadChangeDto | null | undefined }) {
  const isLive = !!change && (!change.isDone || (change.state === "succeeded" && !change.revertedBy));
  useWorkload(id, { refetchInterval: change && !change.isDone ? 1500 : isLive ? 5000 : false });
  const version = change ? `${change.state}:${change.rollout?.updated ?? ""}:${change.rollout?.ready ?? ""}:${change.revertedBy ?? ""}` : "";
  const events = useChangeEvents(change?.correlationId ?? null, isLive, version);
  if (!change) return null;
  const r = change.rollout;
  return (
    <section aria-label="Latest change" data-rollout-state={change.state} className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm shadow-sm">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-base font-semibold">Latest change</h2>
        <Badge tone={TONE[change.state] ?? "neutral"}>{change.state}</Badge>
        <span className="text-slate-600">
          {change.action} of {change.container} by {change.actor} at {formatAbsolute(change.at)}
          {change.reason ? <> — “{change.reason}”</> : null}
        </span>
      </div>
      <p className="mt-1 font-mono text-xs break-all text-slate-700">{change.fromImage} → {change.toImage}</p>
      {r ? (
        <div className="mt-2">
          <label className="block text-xs text-slate-600" htmlFor={`rollout-${change.correlationId}`}>
            rollout: {r.updated}/{r.desired} updated · {r.ready}/{r.desired} ready · {r.old} old — {r.message}
          </label>
          <progress id={`rollout-${change.correlationId}`} data-rollout-progress className="h-2 w-full" value={Math.min(r.updated, r.ready)} max={Math.max(1, r.desired)} />
        </div>
      ) : !change.isDone ? <p className="mt-2 text-xs text-slate-600">waiting for the rollout to start…</p> : null}
      {change.revertedBy ? (
        <p className="mt-2 text-amber-900" data-reverted-by={change.revertedBy}>
          reverted by {change.revertedBy} at {change.revertedAt ? formatAbsolute(change.revertedAt) : "an unknown time"}
        </p>
      ) : change.message && change.isDone ? <p className="mt-2 text-slate-700">{change.message}</p> : null}
      {events.data?.length ? (
        <ol aria-label="Audit events of this change" className="mt-2 space-y-0.5 text-xs text-slate-600">
          {events.data.map((e) => (
            <li key={e.id} data-audit-phase={e.phase}>
              {formatAbsolute(e.at, { isDateShown: false })} · <span className="font-medium">{e.phase}</span>{e.outcome ? ` · ${e.outcome}` : ""}
              {typeof e.details.message === "string" ? ` · ${e.details.message}` : ""}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
