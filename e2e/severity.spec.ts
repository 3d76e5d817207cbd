import { expect, test } from "@playwright/test";

// Severity is never colour alone: every drift badge on the fleet page reads "warning: skew",
// "info: floating-tag" … (a hidden word, and an icon whose shape differs per severity), and each
// cluster card's status has its icon. Checked against what the API says of every workload.
type Finding = { kind: string; severity: "info" | "warning" | "critical" };
type Item = { cluster: string; namespace: string; kind: string; name: string; status: "in-sync" | "drift"; findings: Finding[] };
const RANK = { critical: 0, warning: 1, info: 2 } as const;

function expectedBadges(w: Item): string[][] {
  const worst = new Map<string, Finding>();
  for (const f of w.findings) if (!worst.has(f.kind) || RANK[f.severity] < RANK[worst.get(f.kind)!.severity]) worst.set(f.kind, f);
  const kinds = [...worst.values()].sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.kind.localeCompare(b.kind));
  const inSync = w.status === "in-sync" && !worst.has("unverifiable");
  return [...(inSync ? [["ok: in-sync", "ok"]] : []), ...kinds.map((f) => [`${f.severity}: ${f.kind}`, f.severity])];
}

test("every fleet row's badges say their severity in words and by icon; cluster cards show theirs", async ({ page, request }) => {
  expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
  const { items, total } = (await (await request.get("/api/workloads?limit=200")).json()) as { items: Item[]; total: number };
  expect(items.length).toBe(total);
  // The demo has both kinds of floating tag: a versioned one (info) and `latest`-like (warning).
  const floating = items.flatMap((w) => w.findings.filter((f) => f.kind === "floating-tag").map((f) => f.severity));
  expect([...new Set(floating)].sort()).toEqual(["info", "warning"]);

  await page.goto("/");
  const rows = page.locator("tr[data-workload]");
  await expect(rows).toHaveCount(total);
  const shown = await rows.evaluateAll((trs) =>
    Object.fromEntries(trs.map((tr) => [tr.getAttribute("data-workload"), [...tr.querySelectorAll("[data-tone]")].map((b) => [b.textContent, [...b.querySelectorAll("svg[aria-hidden=true][data-severity-icon]")].map((s) => s.getAttribute("data-severity-icon")).join(",")])])),
  );
  expect(shown).toEqual(Object.fromEntries(items.map((w) => [`${w.cluster}/${w.namespace}/${w.kind}/${w.name}`, expectedBadges(w)])));

  const cards = await page.locator("[data-cluster]").evaluateAll((els) => els.map((el) => [el.getAttribute("data-cluster"), el.querySelector("[data-cluster-status-icon] svg")?.getAttribute("data-severity-icon") ?? null]));
  const clusters = ((await (await request.get("/api/clusters")).json()) as { items: { name: string; status: string }[] }).items;
  const ICON: Record<string, string> = { ok: "ok", partial: "warning", failed: "critical" };
  expect(cards.sort()).toEqual(clusters.map((c) => [c.name, ICON[c.status] ?? null]).sort());
  expect(clusters.map((c) => c.name).sort()).toEqual(["prod-eu", "prod-us", "staging"]);
  await page.screenshot({ path: "e2e-artifacts/severity-fleet.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: "e2e-artifacts/severity-fleet-dark.png", fullPage: true });
});
