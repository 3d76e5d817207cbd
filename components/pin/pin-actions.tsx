"use client";

import { useState } from "react";
import { useCanOperate } from "@/lib/client/use-me";
import { splitImage } from "@/lib/drift/pin-plan";
import type { PinClusterResultDto } from "@/lib/schemas/pin";
import type { WorkloadDetailDto } from "@/lib/schemas/workloads";
import { PinDialog } from "./pin-dialog";

// The operator's entry points on the workload page: pin each container to a digest, or unpin a
// pinned one that has a tag to go back to. Hidden unless /api/me says operator; the server
// refuses a viewer (403) either way. After an environment-wide change, each cluster's answer.

export function PinActions({ workload: w }: { workload: WorkloadDetailDto }) {
  const canOperate = useCanOperate();
  const [results, setResults] = useState<PinClusterResultDto[]>([]);
  const containers = w.containers.filter((c) => !c.isInit);
  if (!canOperate || !containers.length) return null;
  return (
    <section aria-label="Pin or roll back" className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {containers.map((c) => (
          <span key={c.name} className="flex flex-wrap gap-2">
            <PinDialog workload={w} container={c} action="pin" onApplied={setResults} />
            {c.isPinned && splitImage(c.image).tag ? <PinDialog workload={w} container={c} action="unpin" onApplied={setResults} /> : null}
          </span>
        ))}
      </div>
      {results.length > 1 ? (
        <ul aria-label="Answers per cluster" className="rounded border border-slate-200 bg-white px-3 py-2 text-sm">
          {results.map((r) => (
            <li key={r.cluster} data-cluster-result={r.cluster} data-status={r.status}>
              <span className="font-medium">{r.cluster}</span>: {r.status === 202 ? "accepted, rolling out" : `${r.code ?? r.status}: ${r.message ?? ""}`}
              {r.correlationId ? <span className="ml-1 text-xs text-slate-500">(change {r.correlationId.slice(0, 8)})</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
