import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";

// The security baseline in the default `none` mode, against the real server: CSRF, the Host
// allowlist (DNS rebinding), security headers on pages and API responses, and a CSP the app
// itself never violates.

const port = Number(process.env.E2E_PORT ?? 3100);

/** Raw HTTP (fetch and Playwright may not forge Host); answers status, headers and body. */
function raw(method: string, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(method === "GET" ? undefined : "x");
  });
}

test("a cross-origin POST is refused with 403 and polls nothing", async () => {
  const res = await raw("POST", "/api/poll?cluster=prod-eu", { origin: "https://evil.example", "content-type": "text/plain" });
  expect([res.status, res.headers["content-type"], JSON.parse(res.body).code]).toEqual([403, "application/problem+json", "CROSS_ORIGIN"]);
  const form = await raw("POST", "/api/poll", { "sec-fetch-site": "cross-site", "content-type": "application/x-www-form-urlencoded" });
  expect(form.status).toBe(403);
});

test("a wrong Host is answered 421 on the API and on pages", async () => {
  const api = await raw("GET", "/api/clusters", { host: `attacker.example:${port}` });
  const page = await raw("GET", "/", { host: `attacker.example:${port}` });
  expect([api.status, JSON.parse(api.body).code, page.status, api.body.includes("prod-eu")]).toEqual([421, "HOST_NOT_ALLOWED", 421, false]);
  const ok = await raw("GET", "/api/clusters", { host: `localhost:${port}` });
  expect(ok.status).toBe(200);
});

const EXPECTED = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
};

test("security headers on a page and an API response", async ({ request }) => {
  for (const path of ["/", "/api/clusters"]) {
    const res = await request.get(path);
    expect(res.status()).toBe(200);
    const h = res.headers();
    expect(Object.fromEntries(Object.keys(EXPECTED).map((k) => [k, h[k]]))).toEqual(EXPECTED);
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["strict-transport-security"]).toBeUndefined(); // plain http on loopback
  }
  const page = (await request.get("/")).headers()["content-security-policy"];
  expect(page).toMatch(/^default-src 'self'; script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'; style-src 'self' 'nonce-/);
  expect((await request.get("/api/clusters")).headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
});

test("pages run under the CSP with no violation, and Poll now still works", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Fleet" })).toBeVisible();
  await page.getByRole("button", { name: "Poll now" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^polled 3: / })).toBeVisible();
  for (const path of ["/nodes", "/changes"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  expect(violations).toEqual([]);
});

test("the pin dialog opens under the CSP: no violation, and the page behind it is scroll-locked", async ({ page, request }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
  await page.goto("/workloads/prod-eu/shop/Deployment/checkout");
  await expect(page.getByRole("heading", { level: 1, name: "checkout" })).toBeVisible();
  expect(await page.evaluate(() => getComputedStyle(document.body).overflow)).toBe("visible");
  await page.locator('[data-pin-open="pin:app"]').click();
  await expect(page.getByRole("dialog")).toBeVisible();
  // Radix locks scrolling with an injected <style>; a CSP that refused it would leave "visible".
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).overflow)).toBe("hidden");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
  expect(violations).toEqual([]);
});
