"use client";

import { useState } from "react";

// Step 3: why (required), an optional ticket link, and in protected environments the workload's
// name typed. The confirm button stays disabled while a submit is in flight (and the dialog's
// idempotency key makes a second one harmless anyway).

export function ConfirmStep(p: {
  name: string;
  summary: string;
  requiresTypedName: boolean;
  pending: boolean;
  error: string | null;
  onBack: () => void;
  onConfirm: (fields: { reason: string; ticket?: string; confirmName?: string }) => void;
}) {
  const [reason, setReason] = useState("");
  const [ticket, setTicket] = useState("");
  const [typed, setTyped] = useState("");
  const ready = reason.trim().length > 0 && (!p.requiresTypedName || typed === p.name) && !p.pending;
  return (
    <form
      aria-label="3. Reason and confirm"
      className="space-y-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) p.onConfirm({ reason: reason.trim(), ...(ticket.trim() ? { ticket: ticket.trim() } : {}), ...(p.requiresTypedName ? { confirmName: typed } : {}) });
      }}
    >
      <h3 className="font-semibold">3. Reason and confirm</h3>
      <p className="font-mono text-xs break-all text-slate-700">{p.summary}</p>
      <label className="block">
        <span className="font-medium">Reason (required)</span>
        <textarea name="reason" required rows={2} value={reason} onChange={(e) => setReason(e.target.value)} className="mt-1 block w-full rounded border border-slate-300 px-2 py-1" placeholder="why this change, for the audit log and kubectl rollout history" />
      </label>
      <label className="block">
        <span className="font-medium">Ticket link (optional)</span>
        <input name="ticket" type="url" value={ticket} onChange={(e) => setTicket(e.target.value)} className="mt-1 block w-full rounded border border-slate-300 px-2 py-1" placeholder="https://…" />
      </label>
      {p.requiresTypedName ? (
        <label className="block">
          <span className="font-medium">Protected environment: type <code>{p.name}</code> to confirm</span>
          <input name="confirmName" value={typed} onChange={(e) => setTyped(e.target.value)} className="mt-1 block w-full rounded border border-slate-300 px-2 py-1 font-mono" autoComplete="off" />
        </label>
      ) : null}
      {p.error ? <p role="alert" className="text-rose-700">{p.error}</p> : null}
      <div className="flex justify-end gap-2">
        <button type="button" onClick={p.onBack} className="rounded px-3 py-1 hover:bg-slate-100">Back</button>
        <button type="submit" disabled={!ready} className="rounded bg-rose-600 px-3 py-1 font-medium text-white disabled:opacity-50">{p.pending ? "Applying…" : "Confirm"}</button>
      </div>
    </form>
  );
}
