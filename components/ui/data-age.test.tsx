import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { findByAttr, parseMarkup, spokenText } from "@/test/spoken-text";
import { DataAge } from "./data-age";
import { StaleMarker } from "./stale-marker";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();
const read = (el: React.ReactElement) => {
  const root = parseMarkup(renderToStaticMarkup(el));
  return [spokenText(root), findByAttr(root, "data-severity-icon").map((i) => i.attrs["data-severity-icon"]).join(",")];
};

describe("data age says stale in words and by icon, not only in amber and red", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it.each([
    ["fresh", 30, ["data 30s ago", ""]],
    ["stale (over the limit)", 120, ["warning: stale, data 2m 0s ago", "warning"]],
    ["very stale (over four times the limit)", 400, ["critical: stale, data 6m 40s ago", "critical"]],
  ] as const)("%s", (_name, seconds, expected) => {
    expect(read(<DataAge at={ago(seconds)} staleAfterMs={90_000} label="data" />)).toEqual(expected);
  });

  it("a plain timestamp (no staleness) never warns, however old", () => {
    expect(read(<DataAge at={ago(86_400 * 3)} staleAfterMs={null} label="since" />)).toEqual(["since 3d ago", ""]);
  });

  it("the stale-cluster marker keeps its words and gains the critical icon", () => {
    expect(read(<StaleMarker lastSeenAt={ago(250)} />)).toEqual(["last seen 4m 10s ago — cluster unreachable", "critical"]);
  });
});
