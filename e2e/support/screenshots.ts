import type { Page } from "@playwright/test";

/** e2e-artifacts/<name>.png, -dark.png and -390.png (a phone's width), full page. */
export async function shots(page: Page, name: string) {
  await page.screenshot({ path: `e2e-artifacts/${name}.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: `e2e-artifacts/${name}-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `e2e-artifacts/${name}-390.png`, fullPage: true });
  await page.setViewportSize(size);
}
