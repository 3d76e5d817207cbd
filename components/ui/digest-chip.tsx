import { releaseColor, shortDigest } from "@/lib/drift/format";

// A release shown as its short digest on a stable colour: the same bytes get the same colour on
// every page, so a split (two colours in one row) is visible without reading digests.
const PALETTE = [
  "bg-sky-100 text-sky-900 ring-sky-400",
  "bg-amber-100 text-amber-900 ring-amber-400",
  "bg-violet-100 text-violet-900 ring-violet-400",
  "bg-emerald-100 text-emerald-900 ring-emerald-400",
  "bg-cyan-100 text-cyan-900 ring-cyan-400", // never rose or red: those mean failure
  "bg-lime-100 text-lime-900 ring-lime-500",
  "bg-fuchsia-100 text-fuchsia-900 ring-fuchsia-400",
  "bg-orange-100 text-orange-900 ring-orange-400",
  "bg-teal-100 text-teal-900 ring-teal-400",
  "bg-indigo-100 text-indigo-900 ring-indigo-400",
];

/** The release's stable colour classes (also used by the release timeline's bars). */
export function releaseClasses(digest: string): string {
  const isUnverifiable = !digest.startsWith("sha256:") || digest.startsWith("unverifiable:");
  return isUnverifiable ? "bg-slate-100 text-slate-600 ring-slate-300 italic" : PALETTE[releaseColor(digest, PALETTE.length)]!;
}

export function DigestChip({ digest, suffix }: { digest: string; suffix?: string }) {
  const cls = releaseClasses(digest);
  return (
    <span title={digest} data-release={digest} className={`inline-flex items-center rounded px-1.5 py-0.5 font-mono text-xs ring-1 ring-inset ${cls}`}>
      {shortDigest(digest)}
      {suffix ? <span className="ml-1 font-sans opacity-80">{suffix}</span> : null}
    </span>
  );
}
