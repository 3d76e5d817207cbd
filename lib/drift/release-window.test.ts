import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { releaseIntervals, type ReleaseInterval, type StateInterval } from "./release-intervals";
import { needsEarlierStates, needsLaterStates } from "./release-window";

// The release report loads only the states overlapping its range, then steps outward while
// these functions ask for more. Whatever the history, the rows it reports must be exactly those
// of the whole history cut to the range, with the same true starts and ends.

const t = (h: number) => new Date(Date.UTC(2026, 9, 1, h));
const overlaps = (iv: ReleaseInterval, from: Date, to: Date) => iv.from < to && (iv.to === null || iv.to > from);

/** A workload's history: states one after another, sometimes with a gap, the last maybe open. */
const historyArb = fc
  .array(
    fc.record({
      gap: fc.boolean(),
      hours: fc.integer({ min: 1, max: 3 }),
      containers: fc.array(
        fc.record({ name: fc.constantFrom("app", "side"), spec: fc.constantFrom("r/x:1", "r/x:2"), releases: fc.array(fc.record({ d: fc.constantFrom("a", "b", "c"), pods: fc.nat(2) }), { maxLength: 2 }) }),
        { maxLength: 2 },
      ),
    }),
    { minLength: 1, maxLength: 14 },
  )
  .chain((steps) => fc.record({ steps: fc.constant(steps), isOpen: fc.boolean(), a: fc.integer({ min: -2, max: 50 }), b: fc.integer({ min: 0, max: 50 }), chunk: fc.integer({ min: 1, max: 3 }) }))
  .map(({ steps, isOpen, a, b, chunk }) => {
    let at = 0;
    const states: StateInterval[] = steps.map((s, i) => {
      at += s.gap && i > 0 ? 1 : 0;
      const from = at;
      at += s.hours;
      const containers = [...new Map(s.containers.map((c) => [c.name, c])).values()].map((c) => ({
        name: c.name, specImage: c.spec, releases: [...new Map(c.releases.map((r) => [r.d, { release: `sha256:${r.d}`, pods: r.pods, readyPods: r.pods }])).values()],
      }));
      return { from: t(from), to: isOpen && i === steps.length - 1 ? null : t(at), containers };
    });
    return { states, from: t(Math.min(a, a + b)), to: t(a + b + 1), chunk };
  });

/** What lib/server/data/releases.ts does: the overlapping states, then `chunk` more at a time outward. */
function loadWindow(all: StateInterval[], from: Date, to: Date, chunk: number): StateInterval[] {
  let lo = all.findIndex((s) => s.to === null || s.to > from);
  if (lo < 0) return [];
  let hi = all.findLastIndex((s) => s.from < to) + 1;
  if (hi <= lo) return [];
  while (lo > 0 && needsEarlierStates(all.slice(lo, hi), from)) lo = Math.max(0, lo - chunk);
  while (hi < all.length && needsLaterStates(all.slice(lo, hi), to)) hi = Math.min(all.length, hi + chunk);
  return all.slice(lo, hi);
}

describe("release report window", () => {
  it("reports every release of a range with its true start and end from the window's states alone", () => {
    fc.assert(
      fc.property(historyArb, ({ states, from, to, chunk }) => {
        const whole = releaseIntervals(states).filter((iv) => overlaps(iv, from, to));
        const windowed = releaseIntervals(loadWindow(states, from, to, chunk)).filter((iv) => overlaps(iv, from, to));
        expect(windowed).toEqual(whole);
      }),
      { numRuns: 2000 },
    );
  });

  const st = (from: number, to: number | null, release: string, spec = "r/x:1"): StateInterval => ({
    from: t(from), to: to === null ? null : t(to), containers: [{ name: "app", specImage: spec, releases: [{ release, pods: 1, readyPods: 1 }] }],
  });

  it("asks for the state before the range while the release running at its start may have begun earlier", () => {
    expect(needsEarlierStates([st(10, 20, "a")], t(12))).toBe(true); // how did `a` begin?
    expect(needsEarlierStates([st(5, 10, "a"), st(10, 20, "a")], t(12))).toBe(true);
    expect(needsEarlierStates([st(5, 10, "b"), st(10, 20, "a")], t(12))).toBe(false); // `a` began at 10, after `b`
    expect(needsEarlierStates([st(4, 9, "a"), st(10, 20, "a")], t(12))).toBe(false); // a gap: first seen at 10
  });

  it("asks for the state after the range while the release running at its end may go on", () => {
    expect(needsLaterStates([st(10, 20, "a")], t(15))).toBe(true);
    expect(needsLaterStates([st(10, null, "a")], t(15))).toBe(false); // still running
    expect(needsLaterStates([st(10, 20, "a"), st(20, 30, "b")], t(15))).toBe(false); // `a` ended at 20
    expect(needsLaterStates([st(10, 20, "a"), st(20, 30, "a")], t(15))).toBe(true);
  });
});
