import { expect, type Page } from "@playwright/test";
import { authPorts } from "../../playwright.auth.config";

/** Sign in through the test OpenID provider's login form (test/oidc: any password; the login picks the account). */
export async function signIn(page: Page, login: string) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?returnTo=%2F$/);
  await page.getByRole("link", { name: "Sign in with single sign-on" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(`http://127.0.0.1:${authPorts.oidc}/`);
}
