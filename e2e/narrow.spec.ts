import { execFileSync } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { e2eDatabaseUrl } from "./support/database";

// A phone, 390 × 844: no page is wider than the screen (only the release report scrolls
// sideways, inside a labelled, focusable region), the nav folds behind a Menu button that works
// from the keyboard, and the fleet rows become cards that keep drift, releases and pods in view
// with the same keyboard model and table semantics as on a desktop.
test.use({ viewport: { width: 390, height: 844 } });

type Summary = {
  cluster: string; namespace: string; kind: string; name: string;
  findings: { kind: string }[];
  containers: { name: string; isInit: boolean; releases: { release: string; pods: string[] }[] }[];
  pods: { ready: number; total: number };
};

const WORKLOAD = "/workloads/prod-eu/shop/Deployment/checkout";
// Each page and what shows it has its data (so the width is measured on a filled page).
const PAGES = [
  ["fleet", "/", "[data-workload]"],
  ["workload", WORKLOAD, "[data-release-row]"],
  ["workload-elsewhere", "/workloads/prod-eu/shop/Deployment/payments", "[data-elsewhere]"],
  ["nodes", "/nodes", "[data-node-card]"],
  ["changes", "/changes", "[data-change]"],
  ["audit", "/audit", "[data-correlation]"],
  ["releases", "/releases", "[data-report-row]"],
] as const;

/** The document's width, and every element that scrolls sideways (with its role and name). */
const widths = (page: Page) =>
  page.evaluate(() => {
    const scrollers = [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth)
      .map((el) => `${el.getAttribute("role") ?? el.tagName.toLowerCase()}:${el.getAttribute("aria-label")}:${el.tabIndex}`);
    return { width: document.documentElement.scrollWidth, scrollers };
  });

/** axe on the header (the open menu included): serious and critical violations only. */
async function seriousInHeader(page: Page) {
  const result = await new AxeBuilder({ page }).include("header").analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
}

/** A change in the audit log with long images and a reason, so its card has something to wrap. */
function appendAuditChange() {
  const correlationId = `narrow-${Date.now()}`;
  const base = {
    correlationId, action: "pin", actor: "alice.operator@example.com", role: "operator", reason: "INC-733: every replica back on the build that passed the canary", ticket: "INC-733",
    cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "checkout", container: "app",
    fromImage: "registry.demo.internal/shop/checkout:2.4.1", toImage: `registry.demo.internal/shop/checkout:2.4.1@sha256:${"e".repeat(64)}`,
  };
  const events = [
    { ...base, phase: "intent", idempotencyKey: `${correlationId}-key`, details: {} },
    { ...base, phase: "result", outcome: "applied", details: {} },
  ];
  execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "e2e/support/append-audit.ts"], { input: JSON.stringify(events), env: { ...process.env, DATABASE_URL: e2eDatabaseUrl() }, encoding: "utf8" });
}

test("at 390 px no page is wider than the screen; the release report scrolls inside a labelled region", async ({ page, request }) => {
  test.setTimeout(120_000);
  expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
  appendAuditChange();
  const found: Record<string, { width: number; scrollers: string[] }> = {};
  for (const [name, url, ready] of PAGES) {
    await page.goto(url);
    await expect(page.locator(ready).first()).toBeVisible();
    await expect(page.getByTestId("user-name")).toBeVisible();
    await page.waitForLoadState("networkidle");
    found[name] = await widths(page);
    if (name === "workload") await page.screenshot({ path: "e2e-artifacts/workload-390.png", fullPage: true });
    if (name === "audit") await page.screenshot({ path: "e2e-artifacts/audit-390.png", fullPage: true });
  }
  expect(found).toEqual({
    fleet: { width: 390, scrollers: [] },
    workload: { width: 390, scrollers: [] },
    "workload-elsewhere": { width: 390, scrollers: [] },
    nodes: { width: 390, scrollers: [] },
    changes: { width: 390, scrollers: [] },
    audit: { width: 390, scrollers: [] },
    releases: { width: 390, scrollers: ["region:Release history table:0"] },
  });

  // The wide report: a visible hint, and the keyboard scrolls it once it has focus.
  const region = page.getByRole("region", { name: "Release history table" });
  await expect(page.locator("[data-scroll-hint]")).toHaveText("↔ Wider than the window: scroll the table sideways for more columns.");
  await expect(region).toHaveAccessibleDescription("Wider than the window: scroll the table sideways for more columns.");
  await region.focus();
  await expect(region).toBeFocused();
  // Before: more columns on the right only; after the arrow keys, on both sides.
  await expect(page.locator("[data-scroll-region] [class*=dw-scroll-fade]")).toHaveCount(1);
  await expect(page.locator("[data-scroll-region] .dw-scroll-fade-right")).toHaveCount(1);
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
  await expect.poll(() => region.evaluate((el) => el.scrollLeft > 0)).toBe(true);
  await expect(page.locator("[data-scroll-region] [class*=dw-scroll-fade]")).toHaveCount(2);
  await page.screenshot({ path: "e2e-artifacts/releases-390.png" });
});

test("between phone and desktop (640, 768, 1024 px) no page is wider than the window and only the report scrolls sideways", async ({ page, request }) => {
  test.setTimeout(120_000);
  expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
  appendAuditChange();
  const found: Record<string, { width: number; scrollers: string[] }> = {};
  const expected: typeof found = {};
  for (const width of [640, 768, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [name, url, ready] of PAGES) {
      await page.goto(url);
      await expect(page.locator(ready).first()).toBeVisible();
      await expect(page.getByTestId("user-name")).toBeVisible();
      await page.waitForLoadState("networkidle");
      found[`${name}@${width}`] = await widths(page);
      expected[`${name}@${width}`] = { width, scrollers: name === "releases" ? ["region:Release history table:0"] : [] };
    }
  }
  expect(found).toEqual(expected);
});

test("the nav folds behind a Menu button: keyboard opens it, Escape closes it, every link is reachable", async ({ page }) => {
  const labels = ["Fleet", "Nodes", "Changes", "Releases", "Audit"];
  const headings = ["Fleet", "Nodes", "Changes", "Releases", "Audit"];
  await page.goto("/changes");
  const menu = page.getByRole("button", { name: "Menu" });
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  expect(await menu.getAttribute("aria-controls")).toBe(await page.locator("nav[aria-label=Main]").getAttribute("id"));
  // The theme toggle and the signed-in user stay in the header, outside the menu.
  await expect(page.getByRole("button", { name: /^Theme: / })).toBeVisible();
  await expect(page.getByRole("group", { name: "Signed in" })).toBeVisible();

  // Tab order: skip link, home link, then the Menu button.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(menu).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  await expect(menu).toBeFocused();
  const reached: string[] = [];
  for (let i = 0; i < labels.length; i++) {
    await page.keyboard.press("Tab");
    reached.push(await page.evaluate(() => document.activeElement?.textContent ?? ""));
  }
  expect(reached).toEqual(labels);
  await expect(nav.getByRole("link", { name: "Changes" })).toHaveAttribute("aria-current", "page");
  await page.screenshot({ path: "e2e-artifacts/nav-open-390.png" });
  expect(await seriousInHeader(page)).toEqual([]);
  // Escape from inside the menu closes it and puts focus back on the button.
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  // Space opens it too; Tab past the last link leaves the menu and closes it (on to the theme toggle).
  await page.keyboard.press("Space");
  await expect(nav).toBeVisible();
  for (let i = 0; i <= labels.length; i++) await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: /^Theme: / })).toBeFocused();
  await expect(menu).toHaveAttribute("aria-expanded", "false");

  // Every link opens its page from the keyboard, and the menu is closed on arrival.
  for (const [i, label] of labels.entries()) {
    await menu.focus();
    await page.keyboard.press("Enter");
    for (let t = 0; t <= i; t++) await page.keyboard.press("Tab");
    await expect(page.locator(":focus")).toHaveText(label);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: headings[i] })).toBeVisible();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(nav).toBeHidden();
    await menu.click();
    await expect(nav.getByRole("link", { name: label })).toHaveAttribute("aria-current", "page");
    await page.keyboard.press("Escape");
  }
});

test("a fleet row at 390 px is a card with its drift kinds, release chips and pods, and the keyboard model holds", async ({ page, request }) => {
  expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");
  const key = "prod-eu/shop/Deployment/checkout";
  const row = page.locator(`tr[data-workload="${key}"]`);
  await expect(row).toBeVisible();
  // The row as the API has it, compared with what the card shows (retried: a poll may land between the two reads).
  await expect(async () => {
    const list = (await (await request.get("/api/workloads?cluster=prod-eu&namespace=shop")).json()) as { items: Summary[] };
    const w = list.items.find((i) => `${i.cluster}/${i.namespace}/${i.kind}/${i.name}` === key)!;
    const shown = await row.evaluate((tr) => {
      // Visible words only: icons (aria-hidden, svg) and screen-reader-only text are not the kind's name.
      const words = (el: Element) => {
        const c = el.cloneNode(true) as Element;
        c.querySelectorAll("[aria-hidden], svg, .sr-only").forEach((n) => n.remove());
        return (c.textContent ?? "").trim();
      };
      const cells = tr.querySelectorAll(":scope > td");
      return {
        kinds: [...cells[2]!.querySelectorAll(":scope > span > span")].map(words).sort(),
        chips: [...tr.querySelectorAll("[data-release]")].map((c) => [c.getAttribute("data-release"), c.textContent]),
        pods: cells[4]!.textContent,
      };
    });
    expect(shown).toEqual({
      kinds: [...new Set(w.findings.map((f) => f.kind))].sort(),
      chips: w.containers.filter((c) => !c.isInit).flatMap((c) => c.releases.map((r) => [r.release, `${r.release.slice(7, 19)}×${r.pods.length}`])),
      pods: `pods ${w.pods.ready < w.pods.total ? "not all ready: " : ""}${w.pods.ready}/${w.pods.total}`,
    });
  }).toPass({ timeout: 20_000 });
  // All of it on screen without sideways scrolling.
  await row.scrollIntoViewIfNeeded();
  const boxes = await row.locator("[data-release], td").evaluateAll((els) => els.map((e) => { const b = e.getBoundingClientRect(); return b.left >= 0 && b.right <= window.innerWidth; }));
  expect(boxes.every(Boolean)).toBe(true);
  await page.screenshot({ path: "e2e-artifacts/fleet-390-light.png", fullPage: true });

  // Rows are one Tab stop; arrows, j/k, Home/End move; Enter opens.
  const rows = page.locator("tbody tr[data-workload]");
  const count = await rows.count();
  expect(await page.locator("tbody tr[data-workload][tabindex='0']").count()).toBe(1);
  await rows.first().focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("j");
  await expect(rows.nth(2)).toBeFocused();
  await page.keyboard.press("k");
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press("End");
  await expect(rows.nth(count - 1)).toBeFocused();
  await page.keyboard.press("Home");
  await expect(rows.first()).toBeFocused();
  await page.keyboard.press("ArrowDown");
  expect(await page.locator("tbody tr[data-workload][tabindex='0']").evaluateAll((r) => r.map((e) => e.getAttribute("data-workload")))).toEqual([await rows.nth(1).getAttribute("data-workload")]);
  const opened = (await rows.nth(1).getAttribute("data-workload"))!;
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/workloads/${opened.split("/").map(encodeURIComponent).join("/")}$`));
  await page.goBack();
  await expect(page.locator(`tr[data-workload="${opened}"]`)).toBeFocused();
});

test("the fleet cards keep the table's accessible semantics (Chromium's accessibility tree, 390 px vs 1440 px)", async ({ page }) => {
  const tree = async () => {
    await page.goto("/");
    await expect(page.locator("[data-workload]").first()).toBeVisible();
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[] };
    const live = nodes.filter((n) => !n.ignored);
    const count = (role: string) => live.filter((n) => n.role?.value === role).length;
    return { table: count("table"), row: count("row"), cell: count("cell"), columnheader: live.filter((n) => n.role?.value === "columnheader").map((n) => n.name?.value?.toLowerCase()) };
  };
  const narrow = await tree();
  await page.setViewportSize({ width: 1440, height: 900 });
  const wide = await tree();
  expect(narrow).toEqual(wide);
  expect(narrow.columnheader).toEqual(["workload", "cluster", "drift", "running releases", "pods", "since"]);
});

test("fleet at 390 px in the dark theme", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await expect(page.locator("[data-workload]").first()).toBeVisible();
  await page.screenshot({ path: "e2e-artifacts/fleet-390-dark.png", fullPage: true });
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await page.screenshot({ path: "e2e-artifacts/nav-open-390-dark.png" });
  expect(await seriousInHeader(page)).toEqual([]);
});
