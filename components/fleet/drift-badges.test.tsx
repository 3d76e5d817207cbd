import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DriftBadges } from "./drift-badges";
import type { FindingDto } from "@/lib/schemas/workloads";

const finding = (kind: FindingDto["kind"], severity: FindingDto["severity"]): FindingDto => ({ kind, severity, container: "app", message: kind });
const badges = (findings: FindingDto[], status: "in-sync" | "drift") =>
  [...renderToStaticMarkup(<DriftBadges findings={findings} status={status} />).matchAll(/<span[^>]*>([^<]+)<\/span>/g)].map((m) => m[1]);

describe("the row badge", () => {
  it.each([
    ["nothing found", [], "in-sync", ["in-sync"]],
    ["a versioned floating tag (info)", [finding("floating-tag", "info")], "in-sync", ["in-sync", "floating-tag"]],
    ["an image that cannot be verified (info)", [finding("unverifiable", "info"), finding("floating-tag", "info")], "in-sync", ["floating-tag", "unverifiable"]],
    ["drift", [finding("skew", "warning"), finding("unverifiable", "warning")], "drift", ["skew", "unverifiable"]],
  ] as const)("%s: %j", (_name, findings, status, expected) => {
    expect(badges([...findings], status)).toEqual(expected);
  });
});
