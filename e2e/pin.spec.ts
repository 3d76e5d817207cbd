import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { simControl } from "./sim-control";

// The operator's job: pin the skewed prod-eu shop/checkout to one digest through the workload
// page (choose → preview → reason → confirm → rollout to done), see it in sync after the next
// poll and in kubectl; then a direct pin of the Argo CD-managed cart, reverted by self-heal.
const kubeconfig = path.resolve(".test-data/e2e/sim/kubeconfig");
const kubectl = (...args: string[]) => execFileSync("/usr/bin/kubectl", ["--kubeconfig", kubeconfig, "--context", "prod-eu", "-n", "shop", ...args], { encoding: "utf8", timeout: 60_000 });
type Detail = { status: string; driftKinds: string[]; containers: { image: string; resolution: { digest: string } | null }[]; revisions: { number: number | null; images: Record<string, string> }[] };
type AuditList = { items: { correlationId: string; events: { phase: string; outcome: string | null; actor: string; reason: string | null; fromImage: string | null; toImage: string | null; container: string | null }[] }[] };

const poll = async (request: APIRequestContext) => expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
const shot = (page: Page, name: string) => page.screenshot({ path: `e2e-artifacts/${name}.png`, fullPage: true });

test("pin the skewed checkout to one digest: preview, reason, confirm, rollout done, in sync after the next poll", async ({ page, request }) => {
  test.setTimeout(150_000);
  await poll(request);
  const api = "/api/workloads/prod-eu/shop/Deployment/checkout";
  const before = (await (await request.get(api)).json()) as Detail;
  expect(before.driftKinds).toContain("skew");
  const image = before.containers[0]!.image;
  const digest = before.containers[0]!.resolution!.digest;

  await page.goto("/workloads/prod-eu/shop/Deployment/checkout");
  await expect(page.getByRole("heading", { level: 1, name: "checkout" })).toBeVisible();
  await page.locator('[data-pin-open="pin:app"]').click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toHaveAttribute("data-pin-step", "choose");
  await dialog.locator(`[data-pin-target="${digest}"] input`).check();
  await shot(page, "pin-1-choose");

  await dialog.getByRole("button", { name: "Preview" }).click();
  const preview = dialog.locator("[data-pin-preview]");
  await expect(preview).toBeVisible();
  await expect(preview.locator("[data-diff-path]")).toHaveCount(5);
  await expect(preview.locator('[data-diff-path="spec.template.spec.containers[name=app].image"]')).toContainText(`${image}@${digest}`);
  expect(await preview.locator("[data-platform]").evaluateAll((els) => els.map((e) => e.getAttribute("data-platform")))).toEqual(["linux/amd64", "linux/arm64"]);
  await expect(preview.locator('[data-platform="linux/arm64"]')).toContainText("covered");
  await shot(page, "pin-2-preview");

  await dialog.getByRole("button", { name: "Continue" }).click();
  const confirm = dialog.getByRole("button", { name: "Confirm" });
  await expect(confirm).toBeDisabled(); // a reason is required
  await dialog.getByLabel("Reason (required)").fill("stop the 2.4.1 skew: every replica on the rebuilt image");
  await shot(page, "pin-3-reason");
  await confirm.click();
  await expect(dialog).toBeHidden();

  const change = page.getByRole("region", { name: "Latest change" });
  await expect(change).toHaveAttribute("data-rollout-state", "succeeded", { timeout: 30_000 });
  await expect(change.locator("[data-rollout-progress]")).toHaveAttribute("value", "6");
  await expect(change.locator("[data-rollout-progress]")).toHaveAttribute("max", "6");
  await expect(change.locator("[data-audit-phase]")).toHaveCount(4);
  expect(await change.locator("[data-audit-phase]").evaluateAll((els) => els.map((e) => e.getAttribute("data-audit-phase")))).toEqual(["intent", "result", "rollout", "final"]);
  await shot(page, "pin-4-done");

  // The state survives a reload (it is read from the audit log, not kept in the page).
  await page.reload();
  await expect(page.getByRole("region", { name: "Latest change" })).toHaveAttribute("data-rollout-state", "succeeded");

  expect(kubectl("get", "deploy", "checkout", "-o", "jsonpath={.spec.template.spec.containers[0].image}")).toBe(`${image}@${digest}`);
  expect(kubectl("rollout", "history", "deploy/checkout")).toContain("stop the 2.4.1 skew: every replica on the rebuilt image (driftwatch: ");
  await poll(request);
  const after = (await (await request.get(api)).json()) as Detail;
  expect([after.status, after.driftKinds]).toEqual(["in-sync", []]);
  await page.reload();
  await expect(page.getByText("In sync: every pod runs the release the spec asks for.")).toBeVisible();
  await shot(page, "pin-5-in-sync");

  const audit = (await (await request.get(`/api/audit?action=pin&cluster=prod-eu&name=checkout`)).json()) as AuditList;
  const events = audit.items[0]!.events;
  expect(events.map((e) => e.phase)).toEqual(["intent", "result", "rollout", "final"]);
  for (const e of events) expect([e.container, e.fromImage, e.toImage, e.reason]).toEqual(["app", image, `${image}@${digest}`, "stop the 2.4.1 skew: every replica on the rebuilt image"]);

  // The Audit page lists the change's intent, result, rollout and final events.
  const correlationId = audit.items[0]!.correlationId;
  await page.goto(`/audit?correlationId=${correlationId}`);
  const card = page.locator(`[data-correlation="${correlationId}"]`);
  await expect(card.locator("[data-phase]")).toHaveCount(4);
  expect(await card.locator("[data-phase]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-phase")))).toEqual(["intent", "result", "rollout", "final"]);
  await expect(card).toContainText("stop the 2.4.1 skew");
  await shot(page, "pin-6-audit");
});

test("the Argo CD-managed cart: a cluster-revision candidate on the first poll, who reverts it, the Git patch, and the revert shown", async ({ page, request }) => {
  test.setTimeout(150_000);
  await poll(request);
  const cart = (await (await request.get("/api/workloads/prod-eu/shop/Deployment/cart")).json()) as Detail;
  const older = cart.revisions.find((r) => r.number === 2)!.images.app!;
  const digest = older.slice(older.indexOf("@") + 1);

  await page.goto("/workloads/prod-eu/shop/Deployment/cart");
  await expect(page.locator('[data-revision-candidate="2"]')).toHaveText("cluster revision 2 — not observed by Driftwatch (no soak evidence)");
  await shot(page, "pin-cart-revision-candidates");
  await page.locator('[data-pin-open="pin:app"]').click();
  const dialog = page.getByRole("dialog");
  await dialog.locator(`[data-pin-target="${digest}"] input`).check();
  await dialog.getByRole("button", { name: "Preview" }).click();
  await expect(dialog.getByRole("list", { name: "Refused" }).locator('[data-issue="GITOPS_MANAGED"]')).toBeVisible();
  await expect(dialog.locator('[data-manager="argocd"]')).toContainText("Argo CD application shop-prod-eu: with self-heal on it re-syncs about 5 s after a live change");
  await expect(dialog.locator('[data-git-patch="kustomization.yaml"]')).toContainText(`digest: ${digest}`);
  await expect(dialog.locator('[data-git-patch="Helm values"]')).toContainText(`digest: ${digest}`);
  await shot(page, "pin-cart-gitops-refused");

  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "pin-cart-gitops-390");
  await page.setViewportSize({ width: 1440, height: 900 });

  await dialog.locator('[data-pin-override="gitops"]').check();
  await dialog.getByRole("button", { name: "Preview again" }).click();
  await expect(dialog.getByRole("list", { name: "Warnings" }).locator('[data-issue="GITOPS_MANAGED"]')).toBeVisible();
  await dialog.getByRole("button", { name: "Continue" }).click();
  await dialog.getByLabel("Reason (required)").fill("cart 3.1.0 breaks checkout; rolling back before the Git revert lands");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  const change = page.getByRole("region", { name: "Latest change" });
  await expect(change).toHaveAttribute("data-rollout-state", "reverted", { timeout: 45_000 });
  await expect(change.locator("[data-reverted-by]")).toContainText("reverted by argocd-controller at ");
  await shot(page, "pin-cart-reverted");
});

test("across the environment: one action pins payments in prod-eu and prod-us; with prod-us down, prod-eu is pinned and prod-us reports its error", async ({ page, request }) => {
  test.setTimeout(150_000);
  await poll(request);
  const eu = (await (await request.get("/api/workloads/prod-eu/shop/Deployment/payments")).json()) as Detail;
  const image = eu.containers[0]!.image;
  const digest = eu.containers[0]!.resolution!.digest;

  await page.goto("/workloads/prod-eu/shop/Deployment/payments");
  await page.locator('[data-pin-open="pin:app"]').click();
  const dialog = page.getByRole("dialog");
  await dialog.locator(`[data-pin-target="${digest}"] input`).check();
  await dialog.locator('[data-pin-peer="prod-us"]').check();
  await dialog.getByRole("button", { name: "Preview" }).click();
  await expect(dialog.locator('[data-cluster-answer="prod-eu"]')).toContainText("ready");
  await expect(dialog.locator('[data-cluster-answer="prod-us"]')).toContainText("ready");
  await shot(page, "pin-env-preview");
  await dialog.getByRole("button", { name: "Continue" }).click();
  await dialog.getByLabel("Reason (required)").fill("one payments release across prod");
  await simControl("POST", "/clusters/prod-us/down");
  try {
    await dialog.getByRole("button", { name: "Confirm" }).click();
    const answers = page.getByRole("list", { name: "Answers per cluster" });
    await expect(answers.locator('[data-cluster-result="prod-eu"]')).toHaveAttribute("data-status", "202");
    await expect(answers.locator('[data-cluster-result="prod-us"]')).toHaveAttribute("data-status", "503");
    await expect(answers.locator('[data-cluster-result="prod-us"]')).toContainText("UNAVAILABLE");
    await shot(page, "pin-env-answers");
    expect(kubectl("get", "deploy", "payments", "-o", "jsonpath={.spec.template.spec.containers[0].image}")).toBe(`${image}@${digest}`);
    for (const cluster of ["prod-eu", "prod-us"]) {
      const audit = (await (await request.get(`/api/audit?action=pin&cluster=${cluster}&name=payments`)).json()) as AuditList;
      expect(audit.items[0]!.events.slice(0, 2).map((e) => [e.phase, e.outcome])).toEqual([["intent", null], ["result", cluster === "prod-eu" ? "applied" : "error"]]);
    }
  } finally {
    await simControl("POST", "/clusters/prod-us/up");
  }
});
