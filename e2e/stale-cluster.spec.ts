import { expect, test, type Page } from "@playwright/test";
import { simControl } from "./sim-control";

// A dead cluster never looks alive or empty: after staging goes down, its card keeps the last
// known counts "as of" their time, and its fleet rows, workload pages and nodes say when they
// were last seen and that the cluster is unreachable.
type Cluster = { name: string; status: string; stale: boolean; workloads: number | null; pods: number | null; nodes: number | null };

const shot = async (page: Page, name: string) => {
  await page.screenshot({ path: `e2e-artifacts/${name}.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `e2e-artifacts/${name}-390.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `e2e-artifacts/${name}-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
};

test("staging down: stale markers on the card, the fleet rows, a workload page and the Nodes page", async ({ page, request }) => {
  test.setTimeout(150_000);
  expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
  const clustersNow = async () => ((await (await request.get("/api/clusters")).json()) as { items: Cluster[] }).items;
  const before = (await clustersNow()).find((c) => c.name === "staging")!;
  expect(before).toMatchObject({ status: "ok", stale: false });
  expect(before.workloads).toBeGreaterThan(0);

  await simControl("POST", "/clusters/staging/down");
  try {
    const polled = (await (await request.post("/api/poll?wait=true")).json()) as { results: { cluster: string; status: string }[] };
    expect(polled.results.find((r) => r.cluster === "staging")?.status).toBe("failed");
    expect((await clustersNow()).find((c) => c.name === "staging")).toMatchObject({ status: "failed", stale: true, workloads: before.workloads, pods: before.pods, nodes: before.nodes });

    // The card: last known counts as of their time, never "0 workloads".
    await page.goto("/?cluster=staging");
    const card = page.locator("[data-cluster=staging]");
    await expect(card.locator("[data-cluster-counts]")).toContainText(`as of`);
    await expect(card.locator("[data-cluster-counts]")).toContainText(`${before.workloads} workloads · ${before.pods} pods · ${before.nodes} nodes`);
    await expect(card.locator("[data-stale]")).toContainText(/^last seen \d.* ago — cluster unreachable$/);
    await expect(card).not.toContainText("0 workloads · 0 pods");

    // Every staging row, and the age above the table, say so.
    const rows = page.locator("[data-workload^='staging/']");
    await expect(rows).toHaveCount(before.workloads!);
    await expect(rows.locator("[data-stale]")).toHaveCount(before.workloads!);
    await expect(page.locator("[data-fleet-data-age]")).toContainText("staging");
    await expect(page.locator("[data-fleet-data-age]")).toContainText("cluster unreachable");
    await expect(page.locator("[data-fleet-data-age]")).not.toContainText("refreshed");
    await shot(page, "stale-fleet");

    // A workload page: the marker, and the open history interval "until last seen".
    await page.goto("/workloads/staging/finance/Deployment/ledger");
    await expect(page.getByRole("heading", { level: 1, name: "ledger" })).toBeVisible();
    await expect(page.locator("header [data-stale]")).toContainText("cluster unreachable");
    await expect(page.locator("[data-open-until=last-seen]")).toHaveCount(1);
    await expect(page.locator("[data-open-until=last-seen]")).toContainText("until last seen");
    await shot(page, "stale-workload");

    // The Nodes page: every staging node carries the marker, the others none.
    await page.goto("/nodes");
    await expect(page.locator("[data-node-card]").first()).toBeVisible();
    const stagingCards = page.locator("section[data-node-card]").filter({ hasText: "staging" });
    await expect(stagingCards).toHaveCount(before.nodes!);
    await expect(stagingCards.locator("[data-stale]")).toHaveCount(before.nodes!);
    await expect(page.locator("[data-stale]")).toHaveCount(before.nodes!);
    await shot(page, "stale-nodes");

    // The Changes page: the age of what the polls found, and staging named as unreachable.
    await page.goto("/changes");
    await expect(page.locator("[data-clusters-data-age]")).toContainText("data from");
    await expect(page.locator("[data-clusters-data-age] [data-stale]")).toHaveCount(1);
    await expect(page.locator("[data-clusters-data-age]")).toContainText(/staging\s*last seen .* ago — cluster unreachable/);
  } finally {
    await simControl("POST", "/clusters/staging/up");
    expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
  }
  await page.goto("/?cluster=staging");
  await expect(page.locator("[data-cluster=staging] [data-cluster-counts]")).toContainText(/^ok · /);
  await expect(page.locator("[data-stale]")).toHaveCount(0);
});
