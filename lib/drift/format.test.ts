import { describe, expect, it } from "vitest";
import { digest } from "./fixtures";
import { describeAge, RELEASE_PALETTE_SIZE, releaseColor, shortDigest, shortImageRef } from "./format";

describe("shortImageRef", () => {
  const d = "0123456789abcdef".repeat(4);
  it.each([
    [`reg/shop/checkout:2.4.1@sha256:${d}`, "reg/shop/checkout:2.4.1@sha256:0123456789ab…"],
    [`reg/shop/checkout@sha256:${d}`, "reg/shop/checkout@sha256:0123456789ab…"],
    ["reg/shop/checkout:2.4.1", "reg/shop/checkout:2.4.1"],
    [`reg/shop/checkout@sha256:${d.slice(1)}`, `reg/shop/checkout@sha256:${d.slice(1)}`],
  ])("%s → %s", (image, want) => expect(shortImageRef(image)).toBe(want));
});

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
  // The colour is the first 32 bits of the digest modulo the palette: the same release gets the
  // same colour on every page and in every session, whatever else is on screen.
  it.each([
    ["sha256:0000000a" + "0".repeat(56), 8, 2],
    ["sha256:00000008" + "f".repeat(56), 8, 0],
    ["sha256:ffffffff" + "0".repeat(56), 8, 7],
    ["sha256:ABCDEF12" + "0".repeat(56), 8, 2],
    ["sha256:ABCDEF12" + "0".repeat(56), 5, 2882400018 % 5],
    ["reg.example/app@sha256:00000013" + "0".repeat(56), 8, 3],
    ["unverifiable:sha256:00000006" + "0".repeat(56), 8, 6],
    // not a digest: djb2 of "abc" is 193485963
    ["abc", 8, 3],
    ["abc", 7, 193485963 % 7],
    ["anything", 0, 0],
  ])("%s in a palette of %i → %i", (input, size, expected) => {
    expect(releaseColor(input, size)).toBe(expected);
  });

  it("defaults to the palette size and stays within it", () => {
    expect(RELEASE_PALETTE_SIZE).toBe(8);
    expect(releaseColor("sha256:0000000f" + "0".repeat(56))).toBe(7);
    const colours = Array.from({ length: 50 }, (_, i) => releaseColor(digest(`c${i}`), 5));
    expect(colours.filter((c) => !Number.isInteger(c) || c < 0 || c >= 5)).toEqual([]);
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
