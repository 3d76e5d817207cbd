"use client";

import Link from "next/link";
import { useState } from "react";
import { workloadHref } from "@/components/fleet/fleet-table";
import { ExportLinks, FilterBar, useUrlFilters, WORKLOAD_FILTER_FIELDS } from "@/components/audit/filter-bar";
import { Badge, type Tone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Spinner } from "@/components/ui/spinner";
import { Timestamp } from "@/components/ui/timestamp";
import { useAuditChanges, useAuditVerify, useReviewChange } from "@/lib/client/audit-hooks";
import { shortImageRef } from "@/lib/drift/format";
import { AUDIT_ACTIONS, type AuditChangeDto } from "@/lib/schemas/audit";
import { LoadMore } from "@/components/ui/load-more";
import { useCanOperate } from "@/lib/client/use-me";

// The audit log: one card per change (pin, unpin, rollback, poll now) with all its phases in
// order, a permalink, and the review marks an operator adds afterwards.

const KEYS = ["from", "to", "environment", "cluster", "namespace", "kind", "name", "actor", "action", "outcome", "correlationId"] as const;
const FIELDS = [
  ...WORKLOAD_FILTER_FIELDS,
  { key: "actor", label: "Actor" },
  { key: "action", label: "Action", options: AUDIT_ACTIONS },
  { key: "outcome", label: "Outcome", options: ["applied", "succeeded", "failed", "reverted", "conflict", "forbidden", "error", "progressing", "reviewed"] },
];

const OUTCOME_TONE: Record<string, Tone> = { applied: "info", succeeded: "ok", progressing: "info", reviewed: "ok", failed: "critical", error: "critical", conflict: "warning", forbidden: "critical", reverted: "warning" };
const tone = (o: string | null): Tone => (o ? (OUTCOME_TONE[o] ?? "neutral") : "neutral");
const short = (image: string | null) => (image ? shortImageRef(image) : "∅");

export function AuditView() {
  const [filters, setFilters] = useUrlFilters(KEYS);
  const q = useAuditChanges(filters);
  const [isVerifying, setVerifying] = useState(false);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <FilterBar fields={FIELDS} filters={filters} onChange={setFilters} />
      <div className="mb-3 flex flex-wrap items-center gap-3 text-sm">
        <ExportLinks path="/api/audit" filters={filters} />
        <ChainStatus isRequested={isVerifying} onRequest={() => setVerifying(true)} />
      </div>
      {q.isPending ? <Spinner label="Loading the audit log" /> : q.isError ? (
        <ErrorState title="Cannot load the audit log" message={q.error.message} onRetry={() => q.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No recorded changes match">Pins, unpins, rollbacks and polls started by hand are recorded here: intent before, result after.</EmptyState>
      ) : (
        <ol className="space-y-3" aria-label="Changes">
          {items.map((c) => <ChangeCard key={c.correlationId} change={c} />)}
        </ol>
      )}
      <LoadMore page={q} label="Older changes" />
    </>
  );
}

function ChainStatus({ isRequested, onRequest }: { isRequested: boolean; onRequest: () => void }) {
  const v = useAuditVerify(isRequested);
  if (!isRequested) return <button type="button" onClick={onRequest} className="text-sm text-slate-700 underline">Verify the hash chain</button>;
  if (v.isPending) return <span className="text-slate-600">verifying…</span>;
  if (v.isError) return <span className="text-rose-700">verification failed: {v.error.message}</span>;
  return v.data.ok ? (
    <span data-chain="ok"><Badge tone="ok">chain intact</Badge> <span className="text-slate-600">{v.data.checked} events verified</span></span>
  ) : (
    <span data-chain="broken">
      <Badge tone="critical">chain broken</Badge>{" "}
      <Link className="text-rose-800 underline" href={`/audit?correlationId=${encodeURIComponent(v.data.firstBreak!.correlationId)}`}>event {v.data.firstBreak!.id}</Link>{" "}
      <span className="text-rose-800">{v.data.firstBreak!.message}</span>
    </span>
  );
}

function ChangeCard({ change: c }: { change: AuditChangeDto }) {
  const workload = { cluster: c.cluster, namespace: c.namespace, kind: c.kind, name: c.name };
  return (
    <li className="rounded-lg border border-slate-200 bg-white shadow-sm" data-correlation={c.correlationId}>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-4 py-2 text-sm">
        <Badge tone="accent">{c.action}</Badge>
        <Link href={workloadHref(workload)} className="font-medium hover:underline">{c.cluster}/{c.namespace}/{c.name}</Link>
        {c.environment ? <span className="text-xs text-slate-500">{c.environment}</span> : null}
        <span className="text-slate-600">by <strong>{c.actor}</strong></span>
        <Badge tone={tone(c.outcome)}>{c.outcome ?? "no result yet"}</Badge>
        <span className="text-xs text-slate-600"><Timestamp at={c.startedAt} /></span>
        <Link href={`/audit?correlationId=${encodeURIComponent(c.correlationId)}`} className="ml-auto text-xs text-slate-600 underline" title={c.correlationId}>permalink</Link>
      </div>
      {/* Below `lg` each event is a stacked line group (same table, CSS only) instead of six columns. */}
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm max-lg:block">
          <caption className="sr-only">Events of change {c.correlationId}</caption>
          <thead className="text-left text-xs text-slate-500 uppercase max-lg:sr-only">
            <tr>
              <th scope="col" className="px-4 py-1">Phase</th>
              <th scope="col" className="px-2 py-1">At</th>
              <th scope="col" className="px-2 py-1">Who</th>
              <th scope="col" className="px-2 py-1">Outcome</th>
              <th scope="col" className="px-2 py-1">Image</th>
              <th scope="col" className="px-2 py-1">Reason / ticket</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-50 max-lg:block">
            {c.events.map((e) => (
              <tr key={e.id} data-phase={e.phase} className="align-top max-lg:flex max-lg:flex-wrap max-lg:items-center max-lg:gap-x-2 max-lg:gap-y-0.5 max-lg:px-4 max-lg:py-1.5">
                <td className="px-4 py-1 font-medium max-lg:p-0">{e.phase}</td>
                <td className="px-2 py-1 text-xs text-slate-700 max-lg:p-0"><Timestamp at={e.at} /></td>
                <td className="px-2 py-1 max-lg:p-0 max-lg:text-xs">{e.actor}{e.role ? <span className="text-xs text-slate-500"> ({e.role})</span> : null}</td>
                <td className="px-2 py-1 max-lg:p-0">{e.outcome ? <Badge tone={tone(e.outcome)}>{e.outcome}</Badge> : <span className="text-slate-400">—</span>}</td>
                <td className="px-2 py-1 font-mono text-xs break-all max-lg:basis-full max-lg:p-0">{e.fromImage || e.toImage ? <>{short(e.fromImage)} → {short(e.toImage)}</> : <span className="text-slate-400">—</span>}</td>
                <td className="px-2 py-1 text-xs max-lg:basis-full max-lg:p-0 max-lg:empty:hidden">{e.reason ?? ""}{e.ticket ? <span className="ml-1 rounded bg-slate-100 px-1">{e.ticket}</span> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ReviewLine change={c} />
    </li>
  );
}

function ReviewLine({ change: c }: { change: AuditChangeDto }) {
  const review = useReviewChange();
  const canReview = useCanOperate();
  const [note, setNote] = useState("");
  return (
    <div className="flex flex-wrap items-center gap-2 border-t border-slate-100 px-4 py-2 text-sm">
      {c.reviews.map((r) => (
        <span key={r.by + r.at} data-review={r.by} className="text-emerald-800">
          ✓ Reviewed by <strong>{r.by}</strong>
          {/* Said in words, not only by colour: a change its own author reviewed had no second pair of eyes. */}
          {r.isSelfReview ? <> <span data-self-review className="font-medium text-amber-900" title="The reviewer also made this change">(self-review)</span></> : null}
          {" "}at <Timestamp at={r.at} />{r.note ? `: ${r.note}` : ""}
        </span>
      ))}
      {c.reviews.length === 0 && !canReview ? <span className="text-slate-500">Not reviewed.</span> : null}
      {c.reviews.length === 0 && canReview ? (
        <form className="flex flex-wrap items-center gap-2" onSubmit={(e) => { e.preventDefault(); review.mutate({ correlationId: c.correlationId, note: note || undefined }); }}>
          <span className="text-slate-500">Not reviewed.</span>
          <input aria-label={`Review note for ${c.correlationId}`} value={note} onChange={(e) => setNote(e.target.value)} placeholder="review note (optional)" className="w-56 rounded-md border border-slate-300 px-2 py-1 text-sm" />
          <button type="submit" disabled={review.isPending} className="rounded-md border border-slate-300 bg-white px-2.5 py-1 hover:bg-slate-50">Mark reviewed</button>
          {review.isError ? <span className="text-rose-700">{review.error.message}</span> : null}
        </form>
      ) : null}
    </div>
  );
}
