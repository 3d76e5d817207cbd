"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useState } from "react";
import { DigestChip } from "@/components/ui/digest-chip";
import { ApiError } from "@/lib/client/api";
import { pinRefusalSchema, usePinApply, usePinPreview, usePinPreviewAcross, type PinSubmit } from "@/lib/client/pin-hooks";
import type { PinClusterResultDto, PinIssueDto, PinPreviewDto } from "@/lib/schemas/pin";
import type { ContainerDto, WorkloadDetailDto } from "@/lib/schemas/workloads";
import { Issues, PinPreviewView } from "./pin-preview-view";
import { ConfirmStep } from "./pin-confirm-step";
import { environmentPeers, pinTargets } from "./pin-targets";

// Pin (or unpin) in steps: choose the release → preview (dry-run diff, platforms, managers) →
// reason (+ ticket, typed name in protected environments) → confirm. One idempotency key per
// dialog, so a double click or a retry changes the workload once.

type Step = "choose" | "preview" | "confirm";
const OVERRIDABLE: Record<string, "paused" | "gitops"> = { PAUSED: "paused", GITOPS_MANAGED: "gitops" };

export function PinDialog({ workload: w, container: c, action, onApplied }: { workload: WorkloadDetailDto; container: ContainerDto; action: "pin" | "unpin"; onApplied: (results: PinClusterResultDto[]) => void }) {
  const id = { cluster: w.cluster, namespace: w.namespace, kind: w.kind, name: w.name };
  const [open, setOpen] = useState(false);
  const [step, setStep] = useState<Step>(action === "pin" ? "choose" : "preview");
  const [digest, setDigest] = useState<string | null>(null);
  const [override, setOverride] = useState<{ paused?: boolean; gitops?: boolean }>({});
  const [peers, setPeers] = useState<string[]>([]);
  const [key] = useState(() => crypto.randomUUID());
  const preview = usePinPreview(id);
  const across = usePinPreviewAcross(id);
  const apply = usePinApply(id);
  const targets = pinTargets(w, c);
  const peerOptions = environmentPeers(w);

  const submit = (extra: Partial<PinSubmit> = {}): PinSubmit => ({
    action, container: c.name, ...(action === "pin" && digest ? { digest } : {}),
    ...(Object.keys(override).length ? { override } : {}),
    ...(peers.length ? { clusters: [w.cluster, ...peers].map((cluster) => ({ cluster })) } : {}), ...extra,
  });
  const runPreview = () => {
    setStep("preview");
    const s = submit();
    if (s.clusters) across.mutate(s);
    else preview.mutate(s);
  };
  const refusal = preview.error instanceof ApiError ? pinRefusalSchema.safeParse(preview.error.body).data : undefined;
  const shown: PinPreviewDto | undefined = peers.length ? across.data?.find((r) => r.cluster === w.cluster)?.preview : (preview.data ?? refusal?.preview);
  const refusals: PinIssueDto[] = peers.length ? (across.data ?? []).flatMap((r) => (r.reasons ?? []).map((x) => ({ ...x, message: `${r.cluster}: ${x.message}` }))) : (refusal?.preview?.refusals ?? []);
  const canContinue = peers.length ? (across.data ?? []).some((r) => r.status === 200) : preview.isSuccess;
  const overridable = [...new Set(refusals.map((r) => OVERRIDABLE[r.code]).filter((x): x is "paused" | "gitops" => !!x))];
  const pending = preview.isPending || across.isPending;

  const confirm = (fields: { reason: string; ticket?: string; confirmName?: string }) => {
    const clusters = peers.length ? (across.data ?? []).filter((r) => r.status === 200 && r.preview).map((r) => ({ cluster: r.cluster, resourceVersion: r.preview!.resourceVersion })) : undefined;
    apply.mutate(submit({ ...fields, idempotencyKey: key, ...(clusters ? { clusters } : { resourceVersion: shown!.resourceVersion }) }), {
      onSuccess: (results) => {
        setOpen(false);
        onApplied(results);
      },
    });
  };

  return (
    <Dialog.Root open={open} onOpenChange={(o) => { setOpen(o); if (o) { setStep(action === "pin" ? "choose" : "preview"); if (action === "unpin") preview.mutate(submit()); } }}>
      <Dialog.Trigger asChild>
        <button type="button" data-pin-open={`${action}:${c.name}`} className="rounded border border-sky-600 bg-sky-600 px-3 py-1 text-sm font-medium text-white hover:bg-sky-700">
          {action === "pin" ? `Pin ${c.name} to a digest…` : `Unpin ${c.name} (back to the tag)…`}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 max-h-[90vh] w-[min(46rem,96vw)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-4 shadow-xl" data-pin-step={step}>
          <Dialog.Title className="text-lg font-semibold">{action === "pin" ? "Pin" : "Unpin"} {w.namespace}/{w.name} · {c.name}</Dialog.Title>
          <Dialog.Description className="mb-3 text-sm break-all text-slate-600">{w.kind} in {w.cluster}{w.environment ? ` (${w.environment})` : ""}: {c.image}</Dialog.Description>
          {step === "choose" ? (
            <fieldset className="space-y-2">
              <legend className="text-sm font-semibold">1. Choose the release</legend>
              {targets.map((t) => (
                <label key={t.digest} className="flex cursor-pointer flex-wrap items-center gap-2 rounded border border-slate-200 px-2 py-1.5 text-sm has-[:checked]:border-sky-500 has-[:checked]:bg-sky-50" data-pin-target={t.digest}>
                  <input type="radio" name="target" value={t.digest} checked={digest === t.digest} onChange={() => setDigest(t.digest)} />
                  <DigestChip digest={t.digest} />
                  <span>{t.label}</span>
                  {t.notes.map((n) => <span key={n} className={`text-xs ${t.isGone ? "text-rose-700" : "text-slate-500"}`}>· {n}</span>)}
                </label>
              ))}
              {peerOptions.length ? (
                <div className="pt-1 text-sm">
                  {peerOptions.map((p) => (
                    <label key={p} className="mr-3 inline-flex items-center gap-1">
                      <input type="checkbox" checked={peers.includes(p)} onChange={(e) => setPeers((ps) => (e.target.checked ? [...ps, p] : ps.filter((x) => x !== p)))} data-pin-peer={p} />
                      also in {p} (same environment)
                    </label>
                  ))}
                </div>
              ) : null}
              <div className="flex justify-end gap-2 pt-2">
                <Dialog.Close className="rounded px-3 py-1 text-sm text-slate-700 hover:bg-slate-100">Cancel</Dialog.Close>
                <button type="button" disabled={!digest} onClick={runPreview} className="rounded bg-sky-600 px-3 py-1 text-sm font-medium text-white disabled:opacity-50">Preview</button>
              </div>
            </fieldset>
          ) : step === "preview" ? (
            <section aria-label="2. Preview" className="space-y-3">
              <h3 className="text-sm font-semibold">2. Preview</h3>
              {pending ? <p className="text-sm text-slate-600">Asking the registry and the API server (dry-run)…</p> : null}
              {preview.error && !refusal?.preview ? <p className="text-sm text-rose-700">{preview.error.message}</p> : null}
              {peers.length ? <ClusterAnswers results={across.data ?? []} /> : null}
              <Issues items={refusals} tone="critical" label="Refused" />
              {shown ? <PinPreviewView preview={shown} /> : null}
              {overridable.map((o) => (
                <label key={o} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" checked={!!override[o]} onChange={(e) => setOverride((x) => ({ ...x, [o]: e.target.checked }))} data-pin-override={o} />
                  {o === "gitops" ? "Pin anyway, knowing the GitOps controller may revert it" : "Change it anyway while paused (it rolls out on resume)"}
                </label>
              ))}
              <div className="flex justify-end gap-2">
                {action === "pin" ? <button type="button" onClick={() => setStep("choose")} className="rounded px-3 py-1 text-sm hover:bg-slate-100">Back</button> : null}
                {overridable.length ? <button type="button" onClick={runPreview} className="rounded border border-slate-300 px-3 py-1 text-sm">Preview again</button> : null}
                <button type="button" disabled={!canContinue || pending} onClick={() => setStep("confirm")} className="rounded bg-sky-600 px-3 py-1 text-sm font-medium text-white disabled:opacity-50">Continue</button>
              </div>
            </section>
          ) : (
            <ConfirmStep name={w.name} requiresTypedName={!!shown?.requiresTypedName} pending={apply.isPending} error={apply.error?.message ?? null} onBack={() => setStep("preview")} onConfirm={confirm} summary={shown ? `${shown.fromImage} → ${shown.toImage}` : ""} />
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function ClusterAnswers({ results }: { results: PinClusterResultDto[] }) {
  return (
    <ul aria-label="Per cluster" className="space-y-1 text-sm">
      {results.map((r) => (
        <li key={r.cluster} data-cluster-answer={r.cluster}>
          <span className="font-medium">{r.cluster}</span>: {r.status === 200 ? `ready (resourceVersion ${r.preview?.resourceVersion})` : `${r.code}: ${r.message}`}
        </li>
      ))}
    </ul>
  );
}
