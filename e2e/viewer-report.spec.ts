import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { authPorts, idpKeyFile, oidcDataDir } from "../playwright.auth.config";
import { mintToken } from "../test/oidc/provider";
import { appendAudit, rollbackEvents } from "./support/audit-events";
import { e2eDatabaseUrl } from "./support/database";
import { checkReleaseReport, kubectlFor, withKubectlRelease } from "./support/release-report";
import { expectedReleaseRows } from "./support/release-rows";
import { shots } from "./support/screenshots";
import { signIn } from "./support/sign-in";

// The auditor's path with a real sign-in (playwright.auth.config.ts): Victor, a viewer, signs in
// through the OpenID provider, sees no operator controls, filters the release report to prod and
// the last 90 days, exports it as CSV (compared cell by cell with the database), and reads a
// workload's release timeline. The release change behind it is made with kubectl, and the polls
// by a script holding an operator's bearer token: a viewer may do neither.

test("a viewer exports the prod release report of the last 90 days, exactly as stored, and reads a workload's timeline", async ({ page, playwright }) => {
  test.setTimeout(180_000);
  const oidcUrl = `http://127.0.0.1:${authPorts.oidc}`;
  const idp = JSON.parse(readFileSync(idpKeyFile, "utf8"));
  const token = await mintToken(idp, { sub: "release-report-setup", aud: "driftwatch", email: "ana@example.com", name: "Release report setup" }, 900);
  const operator = await playwright.request.newContext({ baseURL: oidcUrl, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const poll = async (cluster?: string) => expect((await operator.post(`/api/poll?wait=true${cluster ? `&cluster=${cluster}` : ""}`)).status()).toBe(200);
  const dbUrl = e2eDatabaseUrl(oidcDataDir);

  await signIn(page, "victor");
  await expect(page.getByTestId("user-role")).toHaveText("viewer");
  await withKubectlRelease({ page, kubectl: kubectlFor(oidcDataDir), poll }, async (target) => {
    await checkReleaseReport({ page, dbUrl, target, shotName: "viewer-release-report" });
    await expect(page.getByTestId("user-name")).toHaveText("Victor Viewer");
    await expect(page.getByTestId("user-role")).toHaveText("viewer");
    await expect(page.getByRole("button", { name: "Poll now" })).toHaveCount(0);

    // The timeline: one bar per release interval of the workload, all of its history.
    await page.goto("/workloads/prod-eu/shop/Deployment/checkout");
    await expect(page.getByRole("heading", { level: 1, name: "checkout" })).toBeVisible();
    const timeline = page.locator("[data-timeline]");
    await expect(timeline.locator("[data-release]").first()).toBeVisible();
    const stored = (await expectedReleaseRows(dbUrl, { environment: "prod", from: new Date(0), exportWindow: { start: 0, end: 0 } }))
      .map((r) => r.cells)
      .filter(([cluster, , namespace, kind, name]) => `${cluster}/${namespace}/${kind}/${name}` === "prod-eu/shop/Deployment/checkout")
      .map((cells) => cells[7]!);
    expect(stored.length).toBeGreaterThan(1);
    const bars = await timeline.locator("[data-release]").evaluateAll((els) => els.map((e) => e.getAttribute("data-release")!));
    expect(bars.sort()).toEqual(stored.sort());
    // A viewer gets no pin or rollback buttons (an operator sees them here: e2e/pin.spec.ts), no Poll now.
    await expect(page.getByRole("region", { name: "Pin or roll back" })).toHaveCount(0);
    await expect(page.locator("[data-pin-open]")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Poll now" })).toHaveCount(0);
    await timeline.scrollIntoViewIfNeeded();
    await shots(page, "viewer-workload-timeline");
  });
  await operator.dispose();
});

test("a viewer reads a change on the Audit page but is offered no review (an operator's act)", async ({ page }) => {
  const correlationId = `e2e-viewer-${Date.now()}`;
  appendAudit(rollbackEvents(correlationId, "ana@example.com"), e2eDatabaseUrl(oidcDataDir));
  await signIn(page, "victor");
  await page.goto(`/audit?correlationId=${correlationId}`);
  const card = page.locator(`[data-correlation="${correlationId}"]`);
  await expect(card.locator("[data-phase]")).toHaveCount(4);
  await expect(card.getByText("Not reviewed.", { exact: true })).toBeVisible();
  await expect(card.getByRole("button", { name: "Mark reviewed" })).toHaveCount(0);
  await expect(card.getByLabel(`Review note for ${correlationId}`)).toHaveCount(0);
});
