import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";

// Pull failures are not a dead end: prod-eu shop/search (its tag deleted by a retention job) has
// a pod that cannot pull. After the kubelet has backed off several times, the workload page
// lists that pod with its node, the back-off message and the cause `manifest-unknown`, and the
// Nodes page shows it on its node.
const kubeconfig = path.resolve(".test-data/e2e/sim/kubeconfig");
const kubectl = (...args: string[]) => execFileSync("/usr/bin/kubectl", ["--kubeconfig", kubeconfig, "--context", "prod-eu", "-n", "shop", ...args], { encoding: "utf8", timeout: 60_000 });
type K8sEvent = { reason: string; message: string; count?: number; involvedObject: { name: string } };
type K8sPod = { metadata: { name: string }; spec: { nodeName: string }; status: { containerStatuses?: { state: { waiting?: { reason: string; message: string } } }[] } };

test("the waiting search pod: node, back-off message and manifest-unknown after several back-offs", async ({ page, request }) => {
  test.setTimeout(120_000);
  const pods = () => (JSON.parse(kubectl("get", "pods", "-l", "app=search", "-o", "json")) as { items: K8sPod[] }).items;
  const failing = pods().filter((p) => p.status.containerStatuses?.[0]?.state.waiting);
  expect(failing).toHaveLength(1);
  const pod = failing[0]!.metadata.name;
  const node = failing[0]!.spec.nodeName;

  // Wait (by condition, not by time) until the kubelet has backed off at least 3 times and is backing off now.
  const backOffs = () => {
    const events = (JSON.parse(kubectl("get", "events", "--field-selector", `involvedObject.name=${pod}`, "-o", "json")) as { items: K8sEvent[] }).items;
    return events.find((e) => e.reason === "BackOff")?.count ?? 0;
  };
  await expect.poll(backOffs, { timeout: 60_000, intervals: [1_000] }).toBeGreaterThanOrEqual(3);

  // A kubelet is in ErrImagePull for a moment after each retry and in ImagePullBackOff between
  // retries: poll and load the page until Driftwatch saw the pod backing off.
  const table = page.getByRole("region", { name: /^Pods/ });
  const rows = table.locator("[data-pod]");
  const row = table.locator(`[data-pod="${pod}"]`);
  const message = row.locator("[data-pod-message]");
  await expect(async () => {
    expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
    await page.goto("/workloads/prod-eu/shop/Deployment/search");
    await expect(page.getByRole("heading", { level: 1, name: "search" })).toBeVisible();
    await expect(row).toContainText("ImagePullBackOff", { timeout: 3_000 });
    await expect(message.locator("[data-pod-waiting-message]")).toHaveText(/^now: Back-off pulling image ".*\/shop\/search:1\.2"$/, { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(rows).toHaveCount(3);
  // The header counts the same pods the table lists.
  await expect(page.locator("[data-pod-counts]")).toHaveAttribute("data-pod-counts", "2/3");
  await expect(page.locator("[data-pod-counts]")).toContainText("3 pods · 2 ready · 1 cannot pull");
  expect((await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-pod-ready")))).sort()).toEqual(["false", "true", "true"]);

  await expect(row.locator("[data-pod-node]")).toHaveAttribute("data-pod-node", node);
  await expect(row.locator("[data-pod-node]")).toContainText("(amd64)");
  await expect(row.locator("[data-pod-cause]")).toHaveAttribute("data-pod-cause", "manifest-unknown");
  await expect(message.locator("[data-message-cause]")).toHaveText(/^Failed to pull image ".*\/shop\/search:1\.2": .*not found$/);
  await expect(row.locator("[data-pod-last-event]")).toHaveText(/^last reported (\d+m )?\d+s ago \(×([2-9]|\d\d+)\)$/);
  await expect(rows.first()).toHaveAttribute("data-pod", pod); // the pod that needs attention first
  await page.screenshot({ path: "e2e-artifacts/pull-failure-search.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: "e2e-artifacts/pull-failure-search-dark.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "e2e-artifacts/pull-failure-search-390.png", fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });

  // The Nodes page shows the waiting pod on its node, with the same cause.
  await page.goto("/nodes");
  const waiting = page.locator(`[data-node-card="${node}"] [data-waiting-pod="${pod}"]`);
  await expect(waiting).toContainText("shop/search");
  await expect(waiting).toContainText("ImagePullBackOff");
  await expect(waiting).toContainText("manifest-unknown");
  // Every waiting pod of the demo: search (1), image-resizer on amd64 nodes (2), staging ledger (1).
  await expect(page.locator("[data-waiting-pod]")).toHaveCount(4);
  await waiting.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "e2e-artifacts/pull-failure-nodes.png", fullPage: true });
});
