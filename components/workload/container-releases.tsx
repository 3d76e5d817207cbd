import { Badge } from "@/components/ui/badge";
import { SeverityIcon } from "@/components/ui/severity-icon";
import { DigestChip } from "@/components/ui/digest-chip";
import { DataAge } from "@/components/ui/data-age";
import { formatAbsolute, formatAge } from "@/components/ui/format-time";
import { CopyButton } from "@/components/ui/copy-button";
import { RollbackCommand, type Target } from "@/components/workload/rollback-command";
import type { ContainerDto, WorkloadDetailDto } from "@/lib/schemas/workloads";

type Lkg = WorkloadDetailDto["lkg"][string];

/** A container's releases: which pods on which nodes run which bytes, what the tag says now, LKG. */
export function ContainerReleases({ container: c, lkg, nodes, target }: { container: ContainerDto; lkg: Lkg; nodes: WorkloadDetailDto["nodes"]; target: Target }) {
  const arch = new Map(nodes.map((n) => [n.name, n.architecture]));
  const now = c.resolution?.status === "ok" ? c.resolution.digest : null;
  return (
    <section aria-label={`Container ${c.name}`} className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-4 py-2">
        <h2 className="text-base font-semibold">{c.name}</h2>
        {c.isInit ? <Badge>init</Badge> : null}
        <code className="font-mono text-xs break-all text-slate-700">{c.image}</code>
        <CopyButton text={c.image} label={`Copy image ${c.image}`} />
        <Badge tone={c.isPinned ? "ok" : "warning"}>{c.isPinned ? "pinned by digest" : "floating tag"}</Badge>
        <span className="text-xs text-slate-500">pull policy {c.pullPolicy}</span>
      </div>
      <div className="px-4 py-2 text-sm">
        <span className="text-slate-600">Registry now: </span>
        {c.resolution === null ? (
          <span className="text-slate-500">not resolved (pinned or no tag)</span>
        ) : c.resolution.status === "ok" ? (
          <span className="inline-flex flex-wrap items-center gap-1">
            <code className="font-mono text-xs break-all">{c.resolution.reference}</code>
            <CopyButton text={c.resolution.reference} label={`Copy reference ${c.resolution.reference}`} /> →{" "}
            <DigestChip digest={c.resolution.digest} />
            <CopyButton text={c.resolution.digest} label="Copy registry digest" />
            {c.resolution.platforms.length ? (
              <span className="text-xs text-slate-500">index: {c.resolution.platforms.map((p) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ""}`).join(", ")}</span>
            ) : null}
            {c.resolution.since ? (
              <span className="text-xs text-slate-500" data-resolution-since>
                · <DataAge at={c.resolution.since} staleAfterMs={null} label="this answer since" />
              </span>
            ) : null}
          </span>
        ) : (
          <span className="text-rose-700">
            {c.resolution.code}: {c.resolution.message}
          </span>
        )}
        {c.resolution?.stale ? <StaleAnswer resolution={c.resolution} /> : null}
      </div>
      {/* Below `sm` each release is a stacked card (same table, CSS only): chip and counts, then its pods. */}
      <table className="min-w-full text-sm max-sm:block">
        <thead className="bg-slate-50 text-left text-xs text-slate-600 uppercase max-sm:sr-only">
          <tr>
            <th scope="col" className="px-4 py-1.5">Release</th>
            <th scope="col" className="px-4 py-1.5">Pods on nodes</th>
            <th scope="col" className="px-4 py-1.5">Revisions</th>
            <th scope="col" className="px-4 py-1.5 text-right">Ready / restarts</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 max-sm:block">
          {c.releases.map((r) => (
            <tr key={r.release} data-release-row={r.release} className="align-top max-sm:grid max-sm:grid-cols-[minmax(0,1fr)_auto] max-sm:gap-x-3 max-sm:gap-y-1 max-sm:px-4 max-sm:py-2">
              <td className="px-4 py-2 max-sm:p-0">
                <span className="inline-flex flex-wrap items-center gap-1">
                  <DigestChip digest={r.release} />
                  <CopyButton text={r.release} label={`Copy digest ${r.release}`} />
                  {now && (r.release === now || r.digests.includes(now)) ? (
                    <span className="text-xs font-medium text-slate-700" data-registry-now>= registry now</span>
                  ) : null}
                </span>
              </td>
              <td className="px-4 py-2 max-sm:col-span-2 max-sm:row-start-2 max-sm:p-0">
                <ul className="space-y-0.5">
                  {r.placements.map((p) => (
                    <li key={p.pod} className="font-mono text-xs wrap-anywhere">
                      {/* Not ready: amber, and a triangle with the words for who cannot tell amber apart. */}
                      {p.isReady ? <span>{p.pod}</span> : <span className="text-amber-700" data-pod-not-ready><SeverityIcon severity="warning" className="mr-0.5 inline h-3 w-3 align-[-2px]" /><span className="sr-only">not ready: </span>{p.pod}</span>}
                      <span className="text-slate-500"> on </span>
                      <span data-node={p.node ?? ""}>{p.node ?? "unscheduled"}</span>
                      {p.node && arch.get(p.node) ? <span className="text-slate-400"> ({arch.get(p.node)})</span> : null}
                    </li>
                  ))}
                </ul>
              </td>
              <td className="px-4 py-2 font-mono text-xs max-sm:col-span-2 max-sm:row-start-3 max-sm:p-0">
                <span className="font-sans text-slate-600 sm:hidden">{r.revisions.length === 1 ? "revision " : "revisions "}</span>
                {r.revisions.join(", ")}
              </td>
              <td className="px-4 py-2 text-right tabular-nums max-sm:col-start-2 max-sm:row-start-1 max-sm:p-0 max-sm:text-xs">
                <span className="text-slate-600 sm:hidden">ready </span>
                {r.readyPods}/{r.pods.length} · <span className="text-slate-600 sm:hidden">restarts </span>
                {r.restarts}
              </td>
            </tr>
          ))}
          {c.releases.length === 0 ? (
            <tr>
              <td colSpan={4} className="px-4 py-2 text-slate-500 max-sm:block">No pod runs this container yet (see pull failures above).</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <div className="border-t border-slate-100 px-4 py-2">
        <h3 className="text-sm font-semibold">Rollback candidates</h3>
        {lkg.length === 0 ? (
          <p className="text-sm text-slate-500">None yet: a release qualifies after running healthy on every replica for the soak window.</p>
        ) : (
          <ul className="mt-1 space-y-1" aria-label={`LKG candidates for ${c.name}`}>
            {lkg.map((cand) => (
              <li key={cand.release} data-lkg={cand.release} className="flex flex-wrap items-center gap-2 text-sm">
                <DigestChip digest={cand.release} />
                {cand.source === "cluster-revision" ? (
                  <span className="text-slate-600" data-revision-candidate={cand.revision ?? ""}>{cand.label}</span>
                ) : (
                  <span className="text-slate-600">
                    healthy for {formatAge(cand.soakedMs).replace(" ago", "")} from {formatAbsolute(cand.from)}
                  </span>
                )}
                {cand.rolledAwayWhileFailing ? <Badge tone="warning">rolled away from while failing ({cand.rolledAwayWhileFailing.reason})</Badge> : null}
                {cand.check.pullable === true ? <Badge tone="ok">still in registry</Badge> : cand.check.pullable === false ? <Badge tone="critical">gone from registry</Badge> : <Badge>registry not checked</Badge>}
                {cand.check.missingPlatforms.length ? <Badge tone="critical">missing {cand.check.missingPlatforms.join(", ")}</Badge> : null}
                {cand.release.startsWith("sha256:") ? <RollbackCommand target={target} container={c.name} image={c.image} release={cand.release} /> : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

/** A kept answer: when the registry gave it, and what the registry does now (the findings say the same). */
function StaleAnswer({ resolution: r }: { resolution: NonNullable<ContainerDto["resolution"]> }) {
  const s = r.stale!;
  return (
    <p className="mt-1 text-xs text-amber-800" data-resolution-stale={s.status}>
      Last answer as of {formatAbsolute(r.checkedAt)} (<DataAge at={r.checkedAt} staleAfterMs={null} />): registry{" "}
      <code className="font-mono">{s.registry}</code> {s.status} since {formatAbsolute(s.since, { isDateShown: false })}
      {s.retryAfterSeconds !== undefined ? `, retry after ${s.retryAfterSeconds} s` : ""} ({s.code}).
    </p>
  );
}
