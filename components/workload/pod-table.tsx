import { Badge } from "@/components/ui/badge";
import { DataAge } from "@/components/ui/data-age";
import type { PodRowDto, WorkloadDetailDto } from "@/lib/schemas/workloads";

type Container = PodRowDto["containers"][number];

const CAUSE_TEXT: Record<NonNullable<Container["cause"]>, string> = {
  "manifest-unknown": "tag or digest not in the registry",
  platform: "no manifest for the node's platform",
  unauthorized: "registry refused the credentials",
  other: "see the message",
};

/** The container that explains the pod: the first one not ready (waiting first), else the first. */
function primary(p: PodRowDto): Container | undefined {
  return p.containers.find((c) => c.state === "waiting" && !c.isInit) ?? p.containers.find((c) => c.state === "waiting") ?? p.containers.find((c) => !c.ready && !c.isInit) ?? p.containers[0];
}

/** "3 pods · 2 ready · 1 cannot pull" — counted from the same list the table shows. */
export function PodCounts({ w }: { w: Pick<WorkloadDetailDto, "podList" | "pods"> }) {
  const total = w.podList.length;
  const ready = w.podList.filter((p) => p.ready).length;
  const pulling = w.podList.filter((p) => p.containers.some((c) => c.cause !== null)).length;
  return (
    <span data-pod-counts={`${ready}/${total}`}>
      {total} {total === 1 ? "pod" : "pods"} · {ready} ready
      {pulling ? <span className="font-medium text-rose-700"> · {pulling} cannot pull</span> : null}
      {w.pods.total !== total ? <span className="text-slate-500"> · {w.pods.total} desired</span> : null}
    </span>
  );
}

/** Every pod of the workload, the ones waiting to pull included, with where and why. */
export function PodTable({ pods }: { pods: PodRowDto[] }) {
  return (
    <section aria-labelledby="pods" className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <h2 id="pods" className="border-b border-slate-100 px-4 py-2 text-base font-semibold">
        Pods <span className="text-sm font-normal text-slate-500">({pods.length})</span>
      </h2>
      {pods.length === 0 ? <p className="px-4 py-2 text-sm text-slate-500">No pods.</p> : null}
      {pods.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs text-slate-600 uppercase">
              <tr>
                <th scope="col" className="px-4 py-1.5">Pod</th>
                <th scope="col" className="hidden px-4 py-1.5 sm:table-cell">Node</th>
                <th scope="col" className="px-4 py-1.5">Status</th>
                <th scope="col" className="hidden px-4 py-1.5 md:table-cell">Message</th>
                <th scope="col" className="hidden px-4 py-1.5 whitespace-nowrap md:table-cell">Last event</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {/* The pods that need attention first. */}
              {[...pods].sort((a, b) => Number(a.ready) - Number(b.ready) || a.name.localeCompare(b.name)).map((p) => (
                <PodLine key={p.name} p={p} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function PodLine({ p }: { p: PodRowDto }) {
  const c = primary(p);
  const many = p.containers.length > 1;
  return (
    <tr data-pod={p.name} data-pod-ready={String(p.ready)} className="align-top">
      <td className="px-4 py-2 font-mono text-xs">
        {p.name}
        <div className="mt-0.5 text-slate-600 sm:hidden">
          on <NodeName p={p} />
        </div>
      </td>
      <td className="hidden px-4 py-2 font-mono text-xs whitespace-nowrap sm:table-cell" data-pod-node={p.node ?? ""}>
        <NodeName p={p} />
      </td>
      <td className="px-4 py-2">
        <div className="flex flex-wrap items-center gap-1">
          {p.ready ? <Badge tone="ok">running</Badge> : c?.reason ? <Badge tone={c.cause ? "critical" : "warning"}>{c.reason}</Badge> : <Badge tone="warning">{p.phase.toLowerCase()}</Badge>}
          {c?.cause ? (
            <span data-pod-cause={c.cause} title={CAUSE_TEXT[c.cause]}>
              <Badge tone="critical">{c.cause}</Badge>
            </span>
          ) : null}
          {many && c ? <span className="text-xs text-slate-500">container {c.name}</span> : null}
        </div>
        {/* Narrow screens: message and last event under the status instead of in their own columns. */}
        {c?.message ? (
          <div className="mt-1 font-mono text-xs wrap-anywhere text-slate-700 md:hidden">
            <Message c={c} />
            {c.lastEventAt ? <LastEvent c={c} /> : null}
          </div>
        ) : null}
      </td>
      <td className="hidden max-w-xl px-4 py-2 font-mono text-xs break-words text-slate-700 md:table-cell" data-pod-message>
        {c?.message ? <Message c={c} /> : p.ready ? "" : "—"}
      </td>
      <td className="hidden px-4 py-2 text-xs whitespace-nowrap text-slate-600 md:table-cell" data-pod-last-event>
        {c?.lastEventAt ? <LastEvent c={c} /> : "—"}
      </td>
    </tr>
  );
}

function NodeName({ p }: { p: PodRowDto }) {
  return (
    <>
      {p.node ?? <span className="text-amber-700">unscheduled</span>}
      {p.architecture ? <span className="text-slate-500"> ({p.architecture})</span> : null}
    </>
  );
}

function Message({ c }: { c: Container }) {
  return (
    <>
      <span data-message-cause>{c.message}</span>
      {c.waitingMessage && c.waitingMessage !== c.message ? (
        <div className="mt-0.5 text-slate-500" data-pod-waiting-message>
          now: {c.waitingMessage}
        </div>
      ) : null}
    </>
  );
}

function LastEvent({ c }: { c: Container }) {
  return (
    <div className="text-slate-600">
      <DataAge at={c.lastEventAt} staleAfterMs={null} label="last reported" />
      {c.eventCount && c.eventCount > 1 ? <span className="text-slate-500"> (×{c.eventCount})</span> : null}
    </div>
  );
}
