import type { ReactNode } from "react";

// Severity never by colour alone: each tone has its own shape (check, "i", triangle, octagon)
// and a word for screen readers. The icons are decorative (aria-hidden); the word is the text.

export type Severity = "ok" | "info" | "warning" | "critical";

/** What a screen reader says before the label ("warning: floating-tag"). */
export const SEVERITY_WORD: Record<Severity, string> = { ok: "ok", info: "info", warning: "warning", critical: "critical" };

const PATHS: Record<Severity, ReactNode> = {
  // circle with a check mark
  ok: <><circle cx="8" cy="8" r="6.25" /><path d="M5.25 8.25 7.1 10.1 10.9 6" /></>,
  // circle with an "i"
  info: <><circle cx="8" cy="8" r="6.25" /><path d="M8 7.25v3.75" /><path d="M8 4.9v.1" /></>,
  // triangle with a "!"
  warning: <><path d="M8 1.9 14.6 13.6H1.4Z" /><path d="M8 6.3v3.4" /><path d="M8 11.6v.1" /></>,
  // octagon with a cross
  critical: <><path d="M5.4 1.75h5.2l3.65 3.65v5.2l-3.65 3.65H5.4L1.75 10.6V5.4Z" /><path d="m5.9 5.9 4.2 4.2M10.1 5.9l-4.2 4.2" /></>,
};

export function SeverityIcon({ severity, className = "h-3.5 w-3.5" }: { severity: Severity; className?: string }) {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" data-severity-icon={severity} className={`shrink-0 ${className}`}>
      {PATHS[severity]}
    </svg>
  );
}

/** Icon plus the hidden word: "warning: " for a screen reader, a triangle for the eye. */
export function SeverityMark({ severity, className }: { severity: Severity; className?: string }) {
  return (
    <>
      <SeverityIcon severity={severity} className={className} />
      <span className="sr-only">{SEVERITY_WORD[severity]}: </span>
    </>
  );
}
