import { expect, test } from "@playwright/test";

// Keyboard-first fleet: a skip link, the table as one Tab stop (roving tabindex, arrows inside),
// and after Back the focus is on the row you opened.
test("the first Tab reaches a skip link to the content", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("[data-cluster=prod-eu]")).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await skip.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
});

test("one Tab stop for the rows, arrows inside, focus restored after Back", async ({ page, request }) => {
  expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
  await page.goto("/");
  await expect(page.locator("[data-cluster=prod-eu]")).toContainText("ok");

  const rows = page.locator("tbody tr[data-workload]");
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  expect(count).toBe(30);
  // exactly one row is a Tab stop
  expect(await page.locator("tbody tr[data-workload][tabindex='0']").count()).toBe(1);
  await rows.first().focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const third = rows.nth(2);
  await expect(third).toBeFocused();
  expect(await page.locator("tbody tr[data-workload][tabindex='0']").count()).toBe(1);
  await expect(third).toHaveAttribute("tabindex", "0");
  const key = await third.getAttribute("data-workload");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/workloads/${key!.split("/").map(encodeURIComponent).join("/")}$`));
  await page.goBack();
  await expect(page.locator(`tr[data-workload="${key}"]`)).toBeFocused();
});
