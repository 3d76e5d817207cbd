import { expect, test } from "@playwright/test";

test("the dashboard shell loads and every section is reachable", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle(/Driftwatch/);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const [label, heading] of [["Nodes", "Nodes"], ["Changes", "Changes"], ["Audit", "Audit"], ["Fleet", "Fleet"]] as const) {
    await nav.getByRole("link", { name: label }).click();
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expect(nav.getByRole("link", { name: label })).toHaveAttribute("aria-current", "page");
  }
  await page.screenshot({ path: "e2e-artifacts/shell-fleet.png", fullPage: true });
});

test("/api/health reports the database up", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ status: "ok", db: "up" });
  expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
});
