import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";

// The SRE's path through an incident on the demo fleet: find the drift, open the split
// workload, see which nodes run which bytes, and find the last-known-good release.
const kubeconfig = path.resolve(".test-data/e2e/sim/kubeconfig");
const kubectl = (...args: string[]) => execFileSync("/usr/bin/kubectl", ["--kubeconfig", kubeconfig, "--context", "prod-eu", "-n", "shop", ...args], { encoding: "utf8", timeout: 60_000 });
type Detail = { containers: { image: string; releases: { release: string; nodes: string[]; pods: string[] }[] }[] };

test("browse drift, open the split checkout, see its releases on their nodes and an LKG candidate", async ({ page, request }) => {
  test.setTimeout(120_000);
  const poll = async () => expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
  await poll();

  await page.goto("/");
  await expect(page.locator("[data-cluster=prod-eu]")).toContainText("ok");
  await page.getByLabel("Drift").selectOption("any");
  await expect(page).toHaveURL(/drift=any/);
  const checkoutRow = page.locator('[data-workload="prod-eu/shop/Deployment/checkout"]');
  await expect(checkoutRow).toContainText("skew");
  await expect(page.locator('[data-workload="prod-eu/shop/Deployment/frontend"]')).toHaveCount(0); // multi-arch: in-sync
  await page.screenshot({ path: "e2e-artifacts/fleet-drift.png", fullPage: true });

  // The split: 2 pods on the old build (the nodes that cached it), 4 on the rebuilt tag.
  const api = "/api/workloads/prod-eu/shop/Deployment/checkout";
  const before = (await (await request.get(api)).json()) as Detail;
  const old = before.containers[0]!.releases.find((r) => r.pods.length === 2)!;
  expect(old.nodes.sort()).toEqual(["eu-node-1", "eu-node-2"]);

  // History: pin every replica to the old build, let it soak, then go back to the floating tag.
  const image = before.containers[0]!.image;
  const repo = image.slice(0, image.lastIndexOf(":"));
  kubectl("set", "image", "deploy/checkout", `app=${repo}@${old.release}`);
  kubectl("rollout", "status", "deploy/checkout", "--timeout=30s");
  await poll();
  await page.waitForTimeout(4_000); // soak window in this test: 3 s
  await poll();
  kubectl("set", "image", "deploy/checkout", `app=${image}`);
  kubectl("rollout", "status", "deploy/checkout", "--timeout=30s");
  await poll();

  await checkoutRow.click();
  await expect(page).toHaveURL(/\/workloads\/prod-eu\/shop\/Deployment\/checkout$/);
  await expect(page.getByRole("heading", { level: 1, name: "checkout" })).toBeVisible();
  const releaseRows = page.locator("[data-release-row]");
  await expect(releaseRows).toHaveCount(2);
  const oldRow = page.locator(`[data-release-row="${old.release}"]`);
  await expect(oldRow.locator("[data-node]")).toHaveCount(2);
  expect((await oldRow.locator("[data-node]").allTextContents()).sort()).toEqual(["eu-node-1", "eu-node-2"]);
  const lkg = page.getByRole("list", { name: "LKG candidates for app" });
  await expect(lkg.locator(`[data-lkg="${old.release}"]`)).toBeVisible();
  await expect(lkg).toContainText("still in registry");
  await page.screenshot({ path: "e2e-artifacts/workload-checkout.png", fullPage: true });
});

test("nodes and changes pages show the digest map and the feed", async ({ page }) => {
  await page.goto("/nodes");
  await expect(page.locator("[data-node-card=eu-node-1]")).toContainText("checkout");
  await page.screenshot({ path: "e2e-artifacts/nodes.png", fullPage: true });
  await page.goto("/changes");
  await expect(page.locator("[data-change=tag]").first()).toContainText("search:1.2");
  await page.screenshot({ path: "e2e-artifacts/changes.png", fullPage: true });
});

test("payments in prod-eu: cross-cluster drift against prod-us, promotion lag to staging", async ({ page, request }) => {
  expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
  await page.goto("/workloads/prod-eu/shop/Deployment/payments");
  const elsewhere = page.getByRole("region", { name: "In other clusters" });
  await expect(elsewhere.locator("[data-elsewhere=prod-us]")).toHaveAttribute("data-relation", "cross-cluster");
  await expect(elsewhere.locator("[data-elsewhere=prod-us]")).toContainText("cross-cluster drift");
  await expect(elsewhere.locator("[data-elsewhere=staging]")).toContainText("promotion lag");
  await elsewhere.getByRole("link", { name: "staging" }).click();
  await expect(page).toHaveURL(/\/workloads\/staging\/shop\/Deployment\/payments$/);
  await expect(page.getByRole("region", { name: "In other clusters" }).locator("[data-elsewhere=prod-eu]")).toContainText("promotion lag");
  await page.screenshot({ path: "e2e-artifacts/workload-payments-elsewhere.png", fullPage: true });
});

test("the drift summary filters by kind, and a second press clears it", async ({ page, request }) => {
  expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
  await page.goto("/");
  const summary = page.getByRole("navigation", { name: "Workload counts by finding" });
  await summary.locator("[data-summary=skew]").click();
  await expect(page).toHaveURL(/drift=skew/);
  await expect(page.locator('[data-workload="prod-eu/shop/Deployment/checkout"]')).toBeVisible();
  await expect(page.locator('[data-workload="prod-eu/shop/Deployment/search"]')).toHaveCount(0);
  await expect(summary.locator("[data-summary=skew]")).toHaveAttribute("aria-pressed", "true");
  await summary.locator("[data-summary=skew]").click();
  await expect(page).not.toHaveURL(/drift=/);
});

test("Poll now says what it did", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Poll now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "polled 3" })).toContainText("3 ok", { timeout: 30_000 });
});

test("the fleet table works from the keyboard: / to search, arrows between rows, Enter to open", async ({ page, request }) => {
  expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
  await page.goto("/?drift=any");
  const rows = page.locator("[data-workload]");
  await expect(rows.first()).toBeVisible();
  await page.keyboard.press("/");
  await expect(page.getByPlaceholder(/Search/)).toBeFocused();
  await page.keyboard.type("checkout");
  await expect(rows).toHaveCount(1);
  await rows.first().focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/workloads\/prod-eu\/shop\/Deployment\/checkout$/);
  await page.goBack();
  await page.getByPlaceholder(/Search/).fill("");
  await expect(rows.nth(1)).toBeVisible();
  await rows.first().focus();
  await page.keyboard.press("ArrowDown");
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(rows.first()).toBeFocused();
});
