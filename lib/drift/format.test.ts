import { describe, expect, it } from "vitest";
import { digest } from "./fixtures";
import { describeAge, releaseColor, shortDigest } from "./format";

describe("shortDigest", () => {
  it.each([
    ["sha256:abcd1234ef567890aaaabbbbccccddddeeeeffff0000111122223333444455556666", "abcd1234ef56"],
    ["unverifiable:sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "0123456789ab"],
    ["reg.example/x@sha256:ABCDEF1234567890ABCDEF1234567890ABCDEF1234567890ABCDEF1234567890", "abcdef123456"],
    ["not-a-digest", "not-a-digest"],
  ])("%s → %s", (input, expected) => {
    expect(shortDigest(input)).toBe(expected);
  });
});

describe("releaseColor", () => {
  it("is stable and within the palette", () => {
    for (let i = 0; i < 50; i++) {
      const d = digest(`c${i}`);
      expect(releaseColor(d)).toBe(releaseColor(d));
      expect(releaseColor(d, 5)).toBeGreaterThanOrEqual(0);
      expect(releaseColor(d, 5)).toBeLessThan(5);
    }
    expect(releaseColor("sha256:0000000a" + "0".repeat(56), 8)).toBe(2);
    expect(releaseColor("anything", 0)).toBe(0);
  });

  it("spreads digests over the palette", () => {
    const used = new Set(Array.from({ length: 64 }, (_, i) => releaseColor(digest(`spread${i}`))));
    expect(used.size).toBeGreaterThanOrEqual(6);
  });
});

describe("describeAge", () => {
  it.each([
    [-5, "0s"],
    [0, "0s"],
    [45_000, "45s"],
    [12 * 60_000 + 5_000, "12m"],
    [60 * 60_000, "1h"],
    [(3 * 60 + 5) * 60_000, "3h 5m"],
    [48 * 3600_000, "2d"],
    [(52 * 60 + 30) * 60_000, "2d 4h"],
  ])("%i ms → %s", (ms, expected) => {
    expect(describeAge(ms)).toBe(expected);
  });
});
