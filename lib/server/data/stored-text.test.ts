import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { boundText, boundTexts, MAX_STORED_TEXT_BYTES } from "./stored-text";

describe("boundText", () => {
  it("keeps a text that fits", () => {
    expect(boundText("x".repeat(1024))).toBe("x".repeat(1024));
  });

  it("cuts a longer one to exactly 1 KiB with a mark", () => {
    const cut = boundText("y".repeat(4 * 1024 * 1024));
    expect(cut).toBe(`${"y".repeat(1024 - " …[truncated]".length - 2)} …[truncated]`);
    expect(Buffer.byteLength(cut)).toBe(1024);
  });

  it("never exceeds the limit and never splits a character", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 2000 }), (s) => {
        const cut = boundText(s);
        expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_STORED_TEXT_BYTES);
        expect(cut.includes("\uFFFD")).toBe(s.includes("\uFFFD"));
        if (cut !== s) expect(s.startsWith(cut.slice(0, -" …[truncated]".length))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("boundTexts", () => {
  it("bounds every string in a JSON value and keeps its shape", () => {
    const long = "é".repeat(5000);
    const out = boundTexts({ a: [long, 1, null, { b: long, ok: true }], c: "short" });
    expect(out).toEqual({ a: [boundText(long), 1, null, { b: boundText(long), ok: true }], c: "short" });
    expect(Buffer.byteLength(boundText(long))).toBeLessThanOrEqual(1024);
  });
});
