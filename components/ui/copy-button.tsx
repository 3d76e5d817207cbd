"use client";

import { useEffect, useState } from "react";

// Digests and image references are too long to select by hand; a copy button puts the exact
// full text on the clipboard and says so in a polite live region (screen readers hear "Copied").
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(t);
  }, [state]);
  const copy = () => {
    navigator.clipboard.writeText(text).then(() => setState("copied"), () => setState("failed"));
  };
  return (
    <span className="inline-flex shrink-0 items-center gap-1">
      <button
        type="button"
        onClick={copy}
        aria-label={label}
        title={label}
        data-copy={text}
        className="shrink-0 rounded border border-slate-300 px-1 text-[10px] whitespace-nowrap leading-4 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-700"
      >
        Copy
      </button>
      <span aria-live="polite" className="text-[10px] text-slate-600">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : ""}
      </span>
    </span>
  );
}
