"use client";

import Link from "next/link";
import { DriftBadges } from "@/components/fleet/drift-badges";
import { Badge } from "@/components/ui/badge";
import { DataAge } from "@/components/ui/data-age";
import { DigestChip } from "@/components/ui/digest-chip";
import { ErrorState } from "@/components/ui/error-state";
import { Spinner } from "@/components/ui/spinner";
import { StaleMarker } from "@/components/ui/stale-marker";
import { ContainerReleases } from "@/components/workload/container-releases";
import { ClusterRevisions } from "@/components/workload/cluster-revisions";
import { Elsewhere } from "@/components/workload/elsewhere";
import { HistoryTable } from "@/components/workload/history-table";
import { PodCounts, PodTable } from "@/components/workload/pod-table";
import { PinActions } from "@/components/pin/pin-actions";
import { RolloutProgress } from "@/components/pin/rollout-progress";
import { ReleaseTimeline } from "@/components/workload/release-timeline";
import { useWorkload } from "@/lib/client/hooks";
import type { WorkloadDetailDto } from "@/lib/schemas/workloads";

type Id = { cluster: string; namespace: string; kind: string; name: string };

export function WorkloadDetail({ id }: { id: Id }) {
  const q = useWorkload(id);
  if (q.isPending) return <Spinner label="Loading workload" />;
  if (q.isError) return <ErrorState title={`Cannot load ${id.namespace}/${id.name}`} message={q.error.message} onRetry={() => q.refetch()} />;
  const w = q.data;
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-start gap-4">
        <div>
          <p className="text-sm text-slate-500">
            <Link href="/" className="hover:underline">Fleet</Link> / {w.cluster} / {w.namespace} / {w.kind}
          </p>
          <h1 className="text-xl font-semibold">{w.name}</h1>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <DriftBadges findings={w.findings} status={w.status} />
            {w.managedBy ? <Badge tone="warning" title="Direct patches will be reverted by the GitOps controller">managed by {w.managedBy}</Badge> : null}
            {w.stale ? <StaleMarker lastSeenAt={w.lastSeenAt} /> : null}
          </div>
        </div>
        <div className="ml-auto text-right text-xs text-slate-600">
          <div>
            <DataAge at={w.observedAt} label="observed" />
          </div>
          <div>
            <DataAge at={w.since} staleAfterMs={null} label="state since" />
          </div>
          {w.driftSince ? (
            <div data-drift-since>
              <DataAge at={w.driftSince} staleAfterMs={null} label="drifting since" />
            </div>
          ) : null}
          <div>
            <PodCounts w={w} />
          </div>
        </div>
      </header>

      <Findings w={w} />

      <PinActions workload={w} />
      <RolloutProgress id={id} change={w.change} />

      <PodTable pods={w.podList} />

      {w.containers.map((c) => (
        <ContainerReleases key={c.name} container={c} lkg={w.lkg[c.name] ?? []} nodes={w.nodes} target={w} />
      ))}

      <ClusterRevisions revisions={w.revisions} />

      <Elsewhere workload={w} items={w.elsewhere} />

      <ReleaseTimeline id={id} />

      <section aria-labelledby="history">
        <h2 id="history" className="mb-2 text-base font-semibold">History</h2>
        <HistoryTable history={w.history} lastSeenAt={w.stale ? w.lastSeenAt : null} />
      </section>
    </div>
  );
}

function Findings({ w }: { w: WorkloadDetailDto }) {
  if (w.findings.length === 0) return <p className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">In sync: every pod runs the release the spec asks for.</p>;
  return (
    <section aria-labelledby="findings" className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <h2 id="findings" className="border-b border-slate-100 px-4 py-2 text-base font-semibold">Findings</h2>
      <ul className="divide-y divide-slate-100">
        {w.findings.map((f, i) => (
          <li key={i} className="flex items-start gap-3 px-4 py-2 text-sm">
            <Badge tone={f.severity === "critical" ? "critical" : f.severity === "warning" ? "warning" : "info"}>{f.kind}</Badge>
            <span className="min-w-0 flex-1 wrap-anywhere">
              {f.message}
              {f.container ? <span className="ml-1 text-xs text-slate-500">(container {f.container})</span> : null}
            </span>
            {typeof f.details?.release === "string" ? <DigestChip digest={f.details.release} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
