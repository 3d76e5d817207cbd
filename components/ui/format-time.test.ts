import { describe, expect, it } from "vitest";
import { formatAbsolute, formatAge } from "./format-time";

// Times are formatted in the machine's zone (UTC on CI, where the exact text is asserted); in any
// other zone the test still checks that the zone is named.
const zone = new Intl.DateTimeFormat("en-CA", { timeZoneName: "short" }).formatToParts(new Date("2026-12-01T14:28:20Z")).find((p) => p.type === "timeZoneName")!.value;

describe("formatAbsolute", () => {
  it.each<string | number | Date>(["2026-12-01T14:28:20Z", Date.parse("2026-12-01T14:28:20Z"), new Date("2026-12-01T14:28:20Z")])("names the zone for %s", (at) => {
    if (zone !== "UTC") return expect(formatAbsolute(at).endsWith(` ${zone}`)).toBe(true);
    expect(formatAbsolute(at)).toBe("2026-12-01 14:28:20 UTC");
  });
  it("gives the clock alone, with its zone, when the date is not wanted", () => {
    const s = formatAbsolute("2026-12-01T00:05:09Z", { isDateShown: false });
    expect(zone === "UTC" ? s : s.endsWith(` ${zone}`)).toBe(zone === "UTC" ? "00:05:09 UTC" : true);
  });
});

describe("formatAge", () => {
  it.each([
    [0, "0s ago"], [59_400, "59s ago"], [60_000, "1m 0s ago"], [3_599_000, "59m 59s ago"],
    [3_600_000, "1h 0m ago"], [47 * 3_600_000 + 59 * 60_000, "47h 59m ago"], [48 * 3_600_000, "2d ago"], [-5_000, "0s ago"],
  ])("%i ms → %s", (ms, text) => expect(formatAge(ms)).toBe(text));
});
