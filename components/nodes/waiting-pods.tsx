import Link from "next/link";
import { workloadHref } from "@/components/fleet/fleet-table";
import { Badge } from "@/components/ui/badge";
import type { NodeEntryDto } from "@/lib/schemas/fleet";

/** Pods that hold this node but run nothing: waiting to pull (with the cause) or to start. */
export function WaitingPods({ cluster, waiting }: { cluster: string; waiting: NodeEntryDto["waiting"] }) {
  return waiting.map((w) => (
    <li key={`${w.namespace}/${w.kind}/${w.name}/${w.pod}`} data-waiting-pod={w.pod} className="min-w-0 py-1">
      <div className="flex flex-wrap items-center gap-2">
        <Link href={workloadHref({ cluster, ...w })} className="truncate hover:underline">
          {w.namespace}/{w.name}
        </Link>
        <span className="font-mono text-xs text-slate-500">{w.container}</span>
        <span className="ml-auto flex items-center gap-1">
          <Badge tone={w.cause ? "critical" : "warning"}>{w.reason}</Badge>
          {w.cause ? <Badge tone="critical">{w.cause}</Badge> : null}
        </span>
      </div>
      {w.message ? (
        <p className="mt-0.5 break-all font-mono text-xs text-slate-500">
          {w.pod}: {w.message}
        </p>
      ) : null}
    </li>
  ));
}
