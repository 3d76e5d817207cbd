"use client";

import { DataAge } from "@/components/ui/data-age";
import { formatAbsolute } from "@/components/ui/format-time";
import { ErrorState } from "@/components/ui/error-state";
import { SeverityIcon, SeverityMark, type Severity } from "@/components/ui/severity-icon";
import { Spinner } from "@/components/ui/spinner";
import { StaleMarker } from "@/components/ui/stale-marker";
import { useClusters, usePollNow } from "@/lib/client/hooks";
import { useCanOperate } from "@/lib/client/use-me";
import type { ClusterDto, PollResultDto } from "@/lib/schemas/fleet";

// The status has its word in the card ("ok", "partial", "failed", "not polled yet"); the icon's
// shape repeats it for the eye, so it is decorative. Not polled yet has no severity: a grey ring.
const STATUS: Record<string, { severity: Severity; colour: string } | undefined> = {
  ok: { severity: "ok", colour: "text-emerald-800" },
  partial: { severity: "warning", colour: "text-amber-700" },
  failed: { severity: "critical", colour: "text-rose-700" },
};

/** Every cluster with its freshness and last error: one dead cluster never hides the others. */
export function ClusterStrip() {
  const clusters = useClusters();
  const pollNow = usePollNow();
  const canOperate = useCanOperate();
  if (clusters.isPending) return <Spinner label="Loading clusters" />;
  if (clusters.isError) return <ErrorState title="Cannot load clusters" message={clusters.error.message} onRetry={() => clusters.refetch()} />;
  const { items, polling, configErrors } = clusters.data;
  const staleAfter = polling.intervalSeconds * 1000 * 3;
  return (
    <section aria-label="Clusters" className="mb-5">
      <div className="mb-2 flex flex-wrap items-center gap-3 text-sm text-slate-600">
        <span>
          {items.length} cluster{items.length === 1 ? "" : "s"} · polled every {polling.intervalSeconds}s{polling.isDemo ? " · simulated demo fleet" : ""}
        </span>
        {canOperate ? <button
          type="button"
          onClick={() => pollNow.mutate(undefined)}
          disabled={pollNow.isPending}
          className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-800 shadow-sm hover:bg-slate-100 disabled:opacity-60"
        >
          {pollNow.isPending ? "Polling…" : "Poll now"}
        </button> : null}
        {pollNow.isError ? <span className="inline-flex items-center gap-1 text-rose-700"><SeverityMark severity="critical" className="h-3 w-3" />Poll failed: {pollNow.error.message}</span> : null}
        {pollNow.isSuccess ? <PollOutcome results={pollNow.data.results} /> : null}
      </div>
      {configErrors.map((e) => (
        <p key={e.source} role="alert" className="mb-2 flex items-start gap-1.5 rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
          <SeverityMark severity="critical" className="mt-0.5 h-3.5 w-3.5" />
          <span>Configuration problem in <code className="font-mono">{e.source}</code>: {e.message}</span>
        </p>
      ))}
      {items.length === 0 && configErrors.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white px-3 py-2 text-sm text-slate-600">
          No cluster configured. Set <code className="font-mono">DRIFTWATCH_KUBECONFIG</code> (see the README), or start without one to get the simulated demo fleet.
        </p>
      ) : null}
      <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {items.map((c) => (
          <li key={c.name} data-cluster={c.name} className="rounded-lg border border-slate-200 bg-white px-3 py-2 shadow-sm">
            <div className="flex items-center gap-2">
              {STATUS[c.status] ? (
                <span data-cluster-status-icon={c.status} className={STATUS[c.status]!.colour}><SeverityIcon severity={STATUS[c.status]!.severity} /></span>
              ) : (
                <span aria-hidden data-cluster-status-icon={c.status} className="h-3 w-3 rounded-full border-2 border-slate-400" />
              )}
              <span className="font-medium">{c.name}</span>
              {c.environment ? <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-600">{c.environment}</span> : null}
              <span className="ml-auto text-xs">
                <DataAge at={c.lastSuccessAt} staleAfterMs={staleAfter} label="data" />
              </span>
            </div>
            <ClusterCounts cluster={c} />
            {c.error ? (
              // A poll that succeeded can still carry notes (a list with a gap, a pull secret it could not read): amber, not red.
              <p className={`mt-1 flex items-start gap-1 text-xs break-words ${c.status === "ok" || c.status === "partial" ? "text-amber-800" : "text-rose-700"}`} title={c.error.message}>
                <SeverityMark severity={c.status === "ok" || c.status === "partial" ? "warning" : "critical"} className="mt-px h-3 w-3" />
                <span className="min-w-0">
                {c.error.code ? `${c.error.code}: ` : c.status === "ok" ? "note: " : ""}
                {c.error.message}
                </span>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What "Poll now" did, in one line: a skipped cluster (another replica's, or the database away) says why. */
function PollOutcome({ results }: { results: PollResultDto[] }) {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const notOk = results.filter((r) => r.status !== "ok" && r.error);
  return (
    <span role="status" className="text-xs text-slate-600">
      polled {results.length}: {[...counts].map(([s, n]) => `${n} ${s}`).join(", ")}
      {notOk.map((r) => (
        <span key={r.cluster} className={`ml-2 inline-flex items-center gap-1 ${r.status === "failed" ? "text-rose-700" : "text-amber-800"}`}>
          <SeverityMark severity={r.status === "failed" ? "critical" : "warning"} className="h-3 w-3" />
          {r.cluster}: {r.error!.message}
        </span>
      ))}
    </span>
  );
}

/** The last known counts; for a cluster that cannot be reached, "as of" the poll that saw them. */
function ClusterCounts({ cluster: c }: { cluster: ClusterDto }) {
  const counts = c.workloads === null ? "" : `${c.workloads} workloads · ${c.pods} pods · ${c.nodes} nodes`;
  if (c.stale) {
    return (
      <div className="mt-1 space-y-1 text-xs text-slate-600" data-cluster-counts>
        <div>
          failed{counts && c.countsAsOf ? ` · as of ${formatAbsolute(c.countsAsOf, { isDateShown: false })}: ${counts}` : " · never seen"}
        </div>
        <StaleMarker lastSeenAt={c.lastSuccessAt} />
      </div>
    );
  }
  return (
    <div className="mt-1 text-xs text-slate-500" data-cluster-counts>
      {c.status === "unknown" ? "not polled yet" : c.status}
      {counts ? ` · ${counts}` : ""}
      {c.lastPoll?.durationMs != null ? ` · ${c.lastPoll.durationMs} ms` : ""}
    </div>
  );
}
