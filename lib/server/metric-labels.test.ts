import { describe, expect, it } from "vitest";
import { boundedLabels } from "./metric-labels";

describe("boundedLabels", () => {
  it("keeps known values and the first max others, then says other", () => {
    const label = boundedLabels({ known: ["ghcr.io"], max: 2 });
    expect(["a.io", "ghcr.io", "b.io", "c.io", "a.io", "d.io", "ghcr.io", "b.io"].map(label)).toEqual(["a.io", "ghcr.io", "b.io", "other", "a.io", "other", "ghcr.io", "b.io"]);
  });

  it("has at most max + known distinct values however many it is given", () => {
    const label = boundedLabels({ known: ["k"], max: 50 });
    const out = new Set(Array.from({ length: 10_000 }, (_, i) => label(`r${i}.example`)).concat(label("k")));
    expect(out.size).toBe(52); // 50 + "other" + "k"
  });
});
