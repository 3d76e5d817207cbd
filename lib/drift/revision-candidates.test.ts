import { describe, expect, it } from "vitest";
import { digest } from "./fixtures";
import { revisionCandidates } from "./revision-candidates";

const A = digest("rev-a");
const B = digest("rev-b");
const C = digest("rev-c");
const img = (d: string) => `reg.example/shop/cart@${d}`;

describe("revisionCandidates", () => {
  it("offers pinned revisions newest first, not the current one nor releases already offered", () => {
    const out = revisionCandidates({
      container: "app",
      revisions: [{ revision: "h1", number: 1, images: { app: img(A) } }, { revision: "h3", number: 3, images: { app: img(C) } }, { revision: "h2", number: 2, images: { app: img(B) } }],
      currentImage: img(C),
      running: [],
      exclude: [C, A],
    });
    expect(out).toEqual([{ release: B, revision: "h2", number: 2, specImage: img(B), evidence: "template-digest", label: "cluster revision 2 — not observed by Driftwatch (no soak evidence)" }]);
  });

  it("a tag-only revision counts when its pods are seen running a digest; otherwise it is not offered", () => {
    const revisions = [{ revision: "old", number: 4, images: { app: "reg.example/shop/cart:3.0" } }, { revision: "gone", number: 3, images: { app: "reg.example/shop/cart:2.9" } }];
    const out = revisionCandidates({ container: "app", revisions, currentImage: "reg.example/shop/cart:3.1", running: [{ release: A, revisions: ["old"] }], exclude: [] });
    expect(out.map((c) => [c.release, c.number, c.evidence])).toEqual([[A, 4, "running-pods"]]);
  });
});
