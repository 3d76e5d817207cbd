import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { authPorts, idpKeyFile } from "../playwright.auth.config";
import { forgeToken, mintToken } from "../test/oidc/provider";
import { signIn } from "./support/sign-in";

// Real sign-in (playwright.auth.config.ts): Chromium logs in through a real OpenID provider;
// viewers may look, operators may change; sign-out ends the session; scripts use bearer tokens
// from the issuer; proxy mode believes identity headers only from its trusted proxy address.

const idp = () => JSON.parse(readFileSync(idpKeyFile, "utf8"));

/** fetch() from inside the page: a real same-origin browser request with the session cookie. */
const browserFetch = (page: Page, method: string, path: string) =>
  page.evaluate(
    async ([m, p]) => {
      const res = await fetch(p!, { method: m, headers: { "content-type": "application/json", accept: "application/json" }, body: m === "GET" ? undefined : "{}" });
      return { status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.json() };
    },
    [method, path],
  );

test("anonymous: pages redirect to sign-in, the API answers 401", async ({ page, request }) => {
  for (const path of ["/", "/nodes", "/workloads/prod-eu/shop/Deployment/checkout"]) {
    await page.goto(path);
    await expect(page).toHaveURL(`http://127.0.0.1:${authPorts.oidc}/login?returnTo=${encodeURIComponent(path)}`);
  }
  await expect(page.getByRole("link", { name: "Sign in with single sign-on" })).toBeVisible();
  await page.screenshot({ path: "e2e-artifacts/auth-login.png" });
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
  const statuses = [];
  for (const path of ["/api/me", "/api/clusters", "/api/workloads", "/api/metrics"]) statuses.push((await request.get(path)).status());
  statuses.push((await request.post("/api/poll")).status());
  expect(statuses).toEqual([401, 401, 401, 401, 401]);
  expect((await request.get("/api/health")).status()).toBe(200);
});

test("a viewer sees the fleet and their name, gets 403 from POST /api/poll, and signs out", async ({ page }) => {
  await signIn(page, "victor");
  await expect(page.getByTestId("user-name")).toHaveText("Victor Viewer");
  await expect(page.getByTestId("user-role")).toHaveText("viewer");
  await expect(page.getByRole("heading", { level: 1, name: "Fleet" })).toBeVisible();
  await expect(page.getByText(/3 clusters · polled every/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Poll now" })).toHaveCount(0);
  await page.screenshot({ path: "e2e-artifacts/auth-viewer.png" });
  const me = await browserFetch(page, "GET", "/api/me");
  expect(me).toEqual({ status: 200, retryAfter: null, body: { user: "Victor Viewer", email: "victor@example.com", role: "viewer", mode: "oidc" } });
  const poll = await browserFetch(page, "POST", "/api/poll?cluster=staging");
  expect([poll.status, poll.body.code]).toEqual([403, "FORBIDDEN"]);

  const session = (await page.context().cookies()).find((c) => c.name === "driftwatch_session");
  expect([session?.httpOnly, session?.sameSite]).toEqual([true, "Lax"]);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?loggedOut=1$/);
  await expect(page.getByRole("status")).toHaveText("You are signed out.");
  expect((await browserFetch(page, "GET", "/api/me")).status).toBe(401);
  await page.goto("/nodes");
  await expect(page).toHaveURL(/\/login\?returnTo=%2Fnodes$/);
  // A copy of the cookie taken before sign-out no longer works either.
  const replay = await page.request.get("/api/me", { headers: { cookie: `driftwatch_session=${session!.value}` } });
  expect(replay.status()).toBe(401);
});

test("an operator polls (2xx), and a second poll of the same cluster within 10 s gets 429 with Retry-After", async ({ browser }) => {
  const context = await browser.newContext(); // no IdP session from the viewer's test
  const page = await context.newPage();
  await signIn(page, "ana");
  await expect(page.getByTestId("user-name")).toHaveText("Ana Operator");
  await expect(page.getByTestId("user-role")).toHaveText("operator");
  await expect(page.getByRole("button", { name: "Poll now" })).toBeVisible();
  await page.screenshot({ path: "e2e-artifacts/auth-operator.png" });
  expect((await new AxeBuilder({ page }).include("header").analyze()).violations.map((v) => v.id)).toEqual([]);
  const first = await browserFetch(page, "POST", "/api/poll?cluster=staging&wait=true");
  const second = await browserFetch(page, "POST", "/api/poll?cluster=staging&wait=true");
  expect([first.status, first.body.results.map((r: { cluster: string }) => r.cluster)]).toEqual([200, ["staging"]]);
  expect([second.status, second.body.code, Number(second.retryAfter) >= 1 && Number(second.retryAfter) <= 10]).toEqual([429, "TOO_MANY_REQUESTS", true]);
  // A cross-origin page cannot use Ana's session.
  const forged = await page.request.post("/api/poll?cluster=prod-eu", { headers: { origin: "https://evil.example", "content-type": "application/json" }, data: "{}" });
  // Nor can a script holding only her cookie (no Origin, no bearer token).
  const cookieOnly = await page.request.post("/api/poll?cluster=prod-eu", { headers: { "content-type": "application/json" }, data: "{}" });
  expect([forged.status(), cookieOnly.status(), (await cookieOnly.json()).code]).toEqual([403, 403, "CROSS_ORIGIN"]);
  await page.setViewportSize({ width: 390, height: 844 });
  // On a phone the sections are behind the Menu button; who is signed in and Sign out stay in view.
  await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport();
  await expect(page.getByTestId("user-name")).toBeInViewport();
  await page.getByRole("button", { name: "Menu" }).click();
  await page.screenshot({ path: "e2e-artifacts/auth-operator-390.png" });
  // The session ends under an open page (expiry): the next in-app navigation's API calls get 401
  // and the page goes to sign-in (the server refuses the data either way).
  await context.clearCookies();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Nodes" }).click();
  await expect(page).toHaveURL(/\/login\?returnTo=%2Fnodes$/);
  await context.close();
});

test("scripts: a bearer token from the issuer is accepted; forged, expired or cookie-only changes are not", async ({ playwright }) => {
  const api = await playwright.request.newContext({ baseURL: `http://127.0.0.1:${authPorts.oidc}` });
  const claims = { sub: "ana", aud: "driftwatch", email: "ana@example.com", name: "Ana Operator" };
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  const valid = await mintToken(idp(), claims, 300);
  const me = await api.get("/api/me", { headers: bearer(valid) });
  expect([me.status(), await me.json()]).toEqual([200, { user: "Ana Operator", email: "ana@example.com", role: "operator", mode: "oidc" }]);
  const poll = await api.post("/api/poll?cluster=prod-us", { headers: bearer(valid) });
  expect(poll.status()).toBe(202);
  const expired = await mintToken(idp(), claims, -60);
  const forged = await forgeToken(idp().issuer, claims);
  const otherAudience = await mintToken(idp(), { ...claims, aud: "someone-else" }, 300);
  const statuses = [];
  for (const t of [expired, forged, otherAudience]) statuses.push((await api.get("/api/me", { headers: bearer(t) })).status());
  expect(statuses).toEqual([401, 401, 401]);
  await api.dispose();
});

/** Raw HTTP from a chosen loopback source address (127.0.0.2 is the trusted proxy). */
function fromAddress(localAddress: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: authPorts.proxy, localAddress, path, headers: { host: `127.0.0.1:${authPorts.proxy}`, ...headers } }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: body ? JSON.parse(body) : undefined }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("proxy mode: identity headers only from the trusted proxy; forged or expired ID tokens refused", async () => {
  const ana = { "x-forwarded-user": "ana", "x-forwarded-email": "ana@example.com", "x-forwarded-groups": "sre,developers" };
  const trusted = await fromAddress("127.0.0.2", "/api/me", ana);
  expect(trusted).toEqual({ status: 200, body: { user: "ana", email: "ana@example.com", role: "operator", mode: "proxy" } });
  const untrusted = await fromAddress("127.0.0.3", "/api/me", ana);
  const spoofedForwardedFor = await fromAddress("127.0.0.3", "/api/me", { ...ana, "x-forwarded-for": "127.0.0.2", "x-driftwatch-peer": "127.0.0.2" });
  const noHeaders = await fromAddress("127.0.0.2", "/api/clusters", {});
  expect([untrusted.status, spoofedForwardedFor.status, noHeaders.status]).toEqual([401, 401, 401]);

  const claims = { sub: "ana", aud: "driftwatch", email: "ana@example.com" };
  const valid = await mintToken(idp(), claims, 300);
  const withToken = async (t: string, from = "127.0.0.2") => (await fromAddress(from, "/api/me", { ...ana, authorization: `Bearer ${t}` })).status;
  const results = [await withToken(valid), await withToken(await mintToken(idp(), claims, -60)), await withToken(await forgeToken(idp().issuer, claims)), await withToken(await mintToken(idp(), { ...claims, email: "mallory@example.com" }, 300)), await withToken(valid, "127.0.0.3")];
  expect(results).toEqual([200, 401, 401, 401, 401]);
});
