import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { findByAttr, parseMarkup, spokenText } from "@/test/spoken-text";
import { Badge, type Tone } from "./badge";

const render = (tone: Tone | undefined, label: string) => {
  const root = parseMarkup(renderToStaticMarkup(<Badge tone={tone}>{label}</Badge>));
  const icons = findByAttr(root, "data-severity-icon");
  // The visible label is an element of its own (found by its exact text).
  const visible = root.children.flatMap((b) => (typeof b === "string" ? [] : b.children)).flatMap((c) => (typeof c !== "string" && c.tag === "span" && !c.attrs.class ? [spokenText(c)] : []));
  return [spokenText(root), icons.map((i) => `${i.attrs["data-severity-icon"]}/${i.attrs["aria-hidden"]}`).join(","), visible.join("|")];
};

describe("Badge", () => {
  it.each([
    ["ok", "running", ["ok: running", "ok/true", "running"]],
    ["info", "floating-tag", ["info: floating-tag", "info/true", "floating-tag"]],
    ["warning", "floating-tag", ["warning: floating-tag", "warning/true", "floating-tag"]],
    ["critical", "not ready", ["critical: not ready", "critical/true", "not ready"]],
    // categories carry no severity: no icon, no word
    ["neutral", "init", ["init", "", "init"]],
    ["accent", "linux/arm64", ["linux/arm64", "", "linux/arm64"]],
    [undefined, "field manager", ["field manager", "", "field manager"]],
  ] as const)("%s %s → %j", (tone, label, expected) => {
    expect(render(tone, label)).toEqual(expected);
  });

  it("each severity has its own icon shape", () => {
    const shapes = (["ok", "info", "warning", "critical"] as const).map((t) => renderToStaticMarkup(<Badge tone={t}>x</Badge>).replace(/^.*?<svg/, "<svg").replace(/<\/svg>.*$/, ""));
    expect(new Set(shapes).size).toBe(4);
  });
});
