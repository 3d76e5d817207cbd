import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { findByAttr, parseMarkup, spokenText } from "@/test/spoken-text";
import { DriftBadges } from "./drift-badges";
import type { FindingDto } from "@/lib/schemas/workloads";

const finding = (kind: FindingDto["kind"], severity: FindingDto["severity"]): FindingDto => ({ kind, severity, container: "app", message: kind });

/** Each badge as a screen reader reads it, with the shape of its (aria-hidden) icon. */
const badges = (findings: FindingDto[], status: "in-sync" | "drift") =>
  findByAttr(parseMarkup(renderToStaticMarkup(<DriftBadges findings={findings} status={status} />)), "data-tone").map((b) => [
    spokenText(b),
    findByAttr(b, "data-severity-icon").map((i) => i.attrs["data-severity-icon"]).join(","),
  ]);

describe("the row badge says its severity in words and by icon shape, not by colour alone", () => {
  it.each([
    ["nothing found", [], "in-sync", [["ok: in-sync", "ok"]]],
    ["a versioned floating tag (info)", [finding("floating-tag", "info")], "in-sync", [["ok: in-sync", "ok"], ["info: floating-tag", "info"]]],
    ["a floating tag that counts as drift (latest: warning)", [finding("floating-tag", "warning")], "drift", [["warning: floating-tag", "warning"]]],
    ["an image that cannot be verified (info)", [finding("unverifiable", "info"), finding("floating-tag", "info")], "in-sync", [["info: floating-tag", "info"], ["info: unverifiable", "info"]]],
    ["drift", [finding("skew", "warning"), finding("unverifiable", "warning")], "drift", [["warning: skew", "warning"], ["warning: unverifiable", "warning"]]],
    ["worst first, one badge per kind", [finding("floating-tag", "info"), finding("pull-failing", "critical"), finding("floating-tag", "warning")], "drift", [["critical: pull-failing", "critical"], ["warning: floating-tag", "warning"]]],
  ] as const)("%s: %j", (_name, findings, status, expected) => {
    expect(badges([...findings], status)).toEqual(expected);
  });
});
