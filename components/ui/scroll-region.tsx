"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";

/**
 * A genuinely wide table on a narrow screen: a labelled, focusable region that scrolls sideways
 * (the keyboard scrolls it with the arrow keys once focused), a visible hint while it overflows,
 * and a fade on the edge that still has columns behind it.
 */
export function ScrollRegion({ label, className = "", children }: { label: string; className?: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const hintId = useId();
  const [edges, setEdges] = useState({ isWide: false, hasLeft: false, hasRight: false });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const max = el.scrollWidth - el.clientWidth;
      const next = { isWide: max > 1, hasLeft: el.scrollLeft > 1, hasRight: el.scrollLeft < max - 1 };
      setEdges((prev) => (prev.isWide === next.isWide && prev.hasLeft === next.hasLeft && prev.hasRight === next.hasRight ? prev : next));
    };
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    if (el.firstElementChild) ro.observe(el.firstElementChild);
    el.addEventListener("scroll", measure, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener("scroll", measure);
    };
  }, []);
  return (
    <div className={className} data-scroll-region={edges.isWide ? "wide" : "fits"}>
      {edges.isWide ? (
        <p id={hintId} className="mb-1 text-xs text-slate-600" data-scroll-hint>
          <span aria-hidden>↔ </span>Wider than the window: scroll the table sideways for more columns.
        </p>
      ) : null}
      <div className="relative rounded-lg border border-slate-200 bg-white shadow-sm">
        <div
          ref={ref}
          role="region"
          aria-label={label}
          aria-describedby={edges.isWide ? hintId : undefined}
          tabIndex={0}
          // relative: absolutely positioned content (screen-reader-only words) is clipped here, not widening the page.
          className="relative overflow-x-auto rounded-lg focus-visible:outline-offset-0"
        >
          {children}
        </div>
        {edges.hasLeft ? <span aria-hidden className="dw-scroll-fade-left pointer-events-none absolute inset-y-0 left-0 w-6 rounded-l-lg" /> : null}
        {edges.hasRight ? <span aria-hidden className="dw-scroll-fade-right pointer-events-none absolute inset-y-0 right-0 w-6 rounded-r-lg" /> : null}
      </div>
    </div>
  );
}
