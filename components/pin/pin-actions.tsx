"use client";

import { useCanOperate } from "@/lib/client/use-me";
import { splitImage } from "@/lib/drift/pin-plan";
import type { WorkloadDetailDto } from "@/lib/schemas/workloads";
import { PinDialog } from "./pin-dialog";

// The operator's entry points on the workload page: pin each container to a digest, or unpin a
// pinned one that has a tag to go back to. Hidden unless /api/me says operator; the server
// refuses a viewer (403) either way.

export function PinActions({ workload: w }: { workload: WorkloadDetailDto }) {
  const canOperate = useCanOperate();
  const containers = w.containers.filter((c) => !c.isInit);
  if (!canOperate || !containers.length) return null;
  return (
    <section aria-label="Pin or roll back" className="flex flex-wrap items-center gap-2">
      {containers.map((c) => (
        <span key={c.name} className="flex flex-wrap gap-2">
          <PinDialog workload={w} container={c} action="pin" onApplied={() => undefined} />
          {c.isPinned && splitImage(c.image).tag ? <PinDialog workload={w} container={c} action="unpin" onApplied={() => undefined} /> : null}
        </span>
      ))}
    </section>
  );
}
