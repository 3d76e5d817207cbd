import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

// Both themes on every page: no serious or critical axe violations; the dark theme follows the
// system and the toggle's choice is remembered by this browser. Screenshots for review.
const PAGES = [
  ["fleet", "/"],
  ["fleet-filtered", "/?drift=any&namespace=SHO"],
  ["workload", "/workloads/prod-eu/shop/Deployment/checkout"],
  ["nodes", "/nodes"],
  ["changes", "/changes"],
  ["audit", "/audit"],
  ["releases", "/releases"],
] as const;
// Desktop and a phone: the narrow layouts (folded nav, stacked tables, the report's scroll region) are checked too.
const SIZES = [["desktop", { width: 1440, height: 900 }], ["390", { width: 390, height: 844 }]] as const;

async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

for (const scheme of ["light", "dark"] as const) for (const [size, viewport] of SIZES) {
  test(`no serious or critical axe violations, ${scheme} theme, ${size}`, async ({ page, request }) => {
    test.setTimeout(120_000);
    expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme: scheme });
    const found: Record<string, string[]> = {};
    for (const [name, url] of PAGES) {
      await page.goto(url);
      await expect(page.locator("html")).toHaveClass(scheme === "dark" ? /\bdark\b/ : /^(?!.*\bdark\b).*$/);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      await page.waitForLoadState("networkidle");
      found[name] = await seriousViolations(page);
      if (size === "desktop" && (name === "fleet" || name === "workload")) await page.screenshot({ path: `e2e-artifacts/${name}-${scheme}.png`, fullPage: true });
    }
    expect(found).toEqual(Object.fromEntries(PAGES.map(([n]) => [n, []])));
  });
}

test("the theme toggle is remembered by this browser, across reloads", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");
  const toggle = page.getByRole("button", { name: /^Theme: / });
  await expect(toggle).toHaveAccessibleName("Theme: system (change)");
  await toggle.click(); // → light
  await toggle.click(); // → dark
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await expect(page.getByRole("button", { name: "Theme: dark (change)" })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem("driftwatch-theme"))).toBe("dark");
});

test("fleet at 390 px wide", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  await expect(page.locator("[data-cluster=prod-eu]")).toBeVisible();
  await page.screenshot({ path: "e2e-artifacts/fleet-390.png", fullPage: true });
});
