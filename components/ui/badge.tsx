import type { ReactNode } from "react";
import { SeverityMark, type Severity } from "@/components/ui/severity-icon";

const TONES = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-300",
  /** A category, not a severity (an architecture, an audit action): tinted, no icon. */
  accent: "bg-sky-50 text-sky-800 ring-sky-300",
  ok: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  info: "bg-sky-50 text-sky-800 ring-sky-300",
  warning: "bg-amber-50 text-amber-900 ring-amber-300",
  critical: "bg-rose-50 text-rose-800 ring-rose-300",
} as const;

export type Tone = keyof typeof TONES;

/**
 * A label on a tint. A tone that means something (ok, info, warning, critical) also carries its
 * icon and, for screen readers, its word ("warning: floating-tag"), so no meaning is colour only;
 * neutral and accent badges are categories, with no icon. The label keeps its own element, so it can be
 * found by its exact text.
 */
export function Badge({ tone = "neutral", children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span title={title} data-tone={tone} className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap ${TONES[tone]}`}>
      {tone === "neutral" || tone === "accent" ? null : <SeverityMark severity={tone satisfies Severity} className="h-3 w-3" />}
      <span>{children}</span>
    </span>
  );
}
