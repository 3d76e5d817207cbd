import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";

// The workload page's "Cluster revisions": number, image and when the cluster made each one,
// the same creationTimestamp `kubectl get rs` / `get controllerrevisions` show.
const kubeconfig = path.resolve(".test-data/e2e/sim/kubeconfig");
type KubeItem = { metadata: { creationTimestamp: string; annotations?: Record<string, string>; ownerReferences?: { name: string }[] }; revision?: number };
const kubectlItems = (ns: string, resource: string, owner: string): KubeItem[] =>
  (JSON.parse(execFileSync("/usr/bin/kubectl", ["--kubeconfig", kubeconfig, "--context", "prod-eu", "-n", ns, "get", resource, "-o", "json"], { encoding: "utf8", timeout: 60_000 })) as { items: KubeItem[] }).items
    .filter((i) => i.metadata.ownerReferences?.some((o) => o.name === owner));
type Revision = { number: number | null; createdAt: string | null; images: Record<string, string> };

// Times shown in UTC so the expected text is exact.
test.use({ timezoneId: "UTC" });

test("cluster revisions carry the creation times kubectl shows, on the API and the page", async ({ page, request }) => {
  expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
  const cases = [
    { url: "prod-eu/shop/Deployment/catalog", items: () => kubectlItems("shop", "replicasets", "catalog"), number: (i: KubeItem) => Number(i.metadata.annotations?.["deployment.kubernetes.io/revision"]) },
    { url: "prod-eu/data/StatefulSet/postgres", items: () => kubectlItems("data", "controllerrevisions", "postgres"), number: (i: KubeItem) => i.revision ?? null },
  ];
  for (const c of cases) {
    const fromKubectl = c.items().map((i) => [c.number(i), new Date(i.metadata.creationTimestamp).toISOString()] as const).sort((a, b) => Number(b[0]) - Number(a[0]));
    const detail = (await (await request.get(`/api/workloads/${c.url}`)).json()) as { revisions: Revision[] };
    expect([c.url, detail.revisions.map((r) => [r.number, r.createdAt]).sort((a, b) => Number(b[0]) - Number(a[0]))]).toEqual([c.url, fromKubectl]);

    await page.goto(`/workloads/${c.url}`);
    const rows = page.getByRole("region", { name: "Cluster revisions" }).locator("[data-cluster-revision]");
    await expect(rows).toHaveCount(fromKubectl.length);
    const shown = await rows.evaluateAll((els) => els.map((el) => [el.getAttribute("data-cluster-revision"), el.querySelector("[data-revision-created] time")?.textContent ?? null]));
    const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
    expect(shown).toEqual(fromKubectl.map(([n, at]) => [String(n), utc(at)]));
  }
  // catalog has an older revision in the demo: both are listed.
  expect(kubectlItems("shop", "replicasets", "catalog").length).toBe(2);
  await page.goto("/workloads/prod-eu/shop/Deployment/catalog");
  await page.getByRole("heading", { name: "Cluster revisions" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: "e2e-artifacts/cluster-revisions.png", fullPage: true });
});
