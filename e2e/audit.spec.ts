import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { appendAudit, rollbackEvents } from "./support/audit-events";
import { e2eDatabaseUrl, queryDb } from "./support/database";
import { checkReleaseReport, kubectlFor, withKubectlRelease } from "./support/release-report";
import { shots } from "./support/screenshots";

// The manager's and auditor's path as the local operator (auth mode none): the release report for
// prod over the last 90 days, exported and checked against the database (a viewer does the same
// with a real sign-in in e2e/viewer-report.spec.ts; this one runs on the main suite's data, where
// earlier pins live); one change's phases on the Audit page, reviewed (and a self-review named as
// such), exported as NDJSON and compared with the stored rows; the workload's release timeline.
const query = <T>(sql: string, params: unknown[] = []) => queryDb<T>(e2eDatabaseUrl(), sql, params);

test("release report: prod, last 90 days, exported as CSV that matches the database", async ({ page, request }) => {
  test.setTimeout(150_000);
  const poll = async (cluster?: string) => expect((await request.post(`/api/poll?wait=true${cluster ? `&cluster=${cluster}` : ""}`)).status()).toBe(200);
  await withKubectlRelease({ page, kubectl: kubectlFor(".test-data/e2e"), poll }, (target) => checkReleaseReport({ page, dbUrl: e2eDatabaseUrl(), target, shotName: "release-report" }));
});

/** "✓ Reviewed by <who>[ (self-review)] at <absolute time>(<age>): <note>", exactly (the age is set off by a margin, not a space). */
const reviewText = (who: string, note: string) => new RegExp(`^✓ Reviewed by ${who} at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+?\\([^)]+ ago\\): ${note}$`);

test("audit: one change's phases together, a review mark, NDJSON that round-trips, and the workload timeline", async ({ page }) => {
  test.setTimeout(120_000);
  const correlationId = `e2e-${Date.now()}`;
  appendAudit(rollbackEvents(correlationId, "alice@example.com"));

  await page.goto("/audit");
  await page.getByLabel("Workload").fill("checkout");
  await page.getByLabel("Action").selectOption("rollback");
  await expect(page).toHaveURL(/action=rollback/);
  const card = page.locator(`[data-correlation="${correlationId}"]`);
  await expect(card.locator("[data-phase]")).toHaveCount(4);
  expect(await card.locator("[data-phase]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-phase")))).toEqual(["intent", "result", "rollout", "final"]);
  await expect(card).toContainText("alice@example.com");
  await expect(card).toContainText("INC-512");
  await expect(card.locator("time").first()).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+$/);

  await card.getByRole("link", { name: "permalink" }).click();
  await expect(page).toHaveURL(new RegExp(`/audit\\?correlationId=${correlationId}$`));
  await card.getByLabel(`Review note for ${correlationId}`).fill("checked against INC-512");
  await card.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(card.locator("[data-review]")).toHaveText(reviewText("local", "checked against INC-512"));
  await expect(card.locator("[data-self-review]")).toHaveCount(0);
  await expect(card.locator("[data-phase]")).toHaveCount(5);
  await shots(page, "audit-change");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export NDJSON" }).click()]);
  expect(download.suggestedFilename()).toBe(`driftwatch-audit_correlationId-${correlationId}.ndjson`);
  const exported = readFileSync((await download.path())!, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  const stored = await query<Record<string, unknown>>(`SELECT * FROM audit_event WHERE "correlationId" = $1 ORDER BY id`, [correlationId]);
  expect(exported).toEqual(stored.map((s) => ({ ...s, id: String(s.id), at: (s.at as Date).toISOString(), environment: "prod" })));
  expect(exported.map((e) => e.phase)).toEqual(["intent", "result", "rollout", "final", "review"]);

  await page.goto("/workloads/prod-eu/shop/Deployment/checkout");
  const timeline = page.locator("[data-timeline]");
  await expect(timeline.locator("[data-release]").first()).toBeVisible();
  await expect(timeline.locator(`a[href="/audit?correlationId=${correlationId}"][data-mark="rollback"]`)).toHaveCount(1);
  await timeline.scrollIntoViewIfNeeded();
  await shots(page, "workload-timeline");
});

test("audit: a review by the change's own author is shown as a self-review, in words", async ({ page }) => {
  const correlationId = `e2e-self-${Date.now()}`;
  appendAudit(rollbackEvents(correlationId, "local")); // auth mode none: the local operator made it, and reviews it
  await page.goto(`/audit?correlationId=${correlationId}`);
  const card = page.locator(`[data-correlation="${correlationId}"]`);
  await expect(card.locator("[data-phase]")).toHaveCount(4);
  await card.getByLabel(`Review note for ${correlationId}`).fill("my own emergency rollback");
  await card.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(card.locator("[data-review]")).toHaveText(reviewText("local \\(self-review\\)", "my own emergency rollback"));
  await expect(card.locator("[data-self-review]")).toHaveText("(self-review)");
  const [review] = await query<{ details: unknown }>(`SELECT details FROM audit_event WHERE "correlationId" = $1 AND phase = 'review'`, [correlationId]);
  expect(review!.details).toEqual({ selfReview: true, authMode: "none" });
  await card.scrollIntoViewIfNeeded();
  await shots(page, "audit-self-review");
});
