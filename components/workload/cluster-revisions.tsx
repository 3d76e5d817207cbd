import { CopyButton } from "@/components/ui/copy-button";
import { Timestamp } from "@/components/ui/timestamp";
import type { WorkloadDetailDto } from "@/lib/schemas/workloads";

// The cluster's own revision history (ReplicaSets / ControllerRevisions), newest first: the
// rollback candidates without soak evidence come from here, so the page shows where they came from.
// Each says when the cluster made it (the object's creationTimestamp), as `kubectl get rs` does.
export function ClusterRevisions({ revisions }: { revisions: WorkloadDetailDto["revisions"] }) {
  if (revisions.length === 0) return null;
  const sorted = [...revisions].sort((a, b) => (b.number ?? -1) - (a.number ?? -1));
  return (
    <section aria-labelledby="cluster-revisions" className="rounded-lg border border-slate-200 bg-white px-4 py-2 shadow-sm">
      <h2 id="cluster-revisions" className="text-base font-semibold">Cluster revisions</h2>
      <ul className="mt-1 space-y-1 text-xs">
        {sorted.map((r) => (
          <li key={r.revision} data-cluster-revision={r.number ?? ""} className="flex flex-wrap items-center gap-2">
            <span className="w-8 font-semibold tabular-nums">#{r.number ?? "?"}</span>
            <span className="font-mono text-slate-500">{r.revision}</span>
            <span data-revision-created={r.createdAt ?? ""} className="text-slate-600">
              {r.createdAt ? <>created <Timestamp at={r.createdAt} /></> : "created: not known"}
            </span>
            {Object.entries(r.images).map(([container, image]) => (
              <span key={container} className="inline-flex min-w-0 items-center gap-1 font-mono break-all">
                {container}={image}
                <CopyButton text={image} label={`Copy image ${image}`} />
              </span>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
