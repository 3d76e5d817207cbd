import { expect, test } from "@playwright/test";

// Copying what an SRE pastes into a terminal: the full digest, the ready kubectl lines for a
// rollback candidate, and which release the registry's tag points at now.
type Container = { name: string; image: string; releases: { release: string }[]; resolution: { status: string; digest?: string } | null };
type Detail = { namespace: string; kind: string; name: string; containers: Container[]; lkg: Record<string, { release: string }[]> };

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("copy a full digest, the kubectl rollback lines for a candidate, and see the registry-now release", async ({ page, request }) => {
  test.setTimeout(120_000);
  expect((await request.post("/api/poll?wait=true")).status()).toBe(200);

  const checkout = (await (await request.get("/api/workloads/prod-eu/shop/Deployment/checkout")).json()) as Detail;
  const app = checkout.containers.find((c) => c.name === "app")!;
  await page.goto("/workloads/prod-eu/shop/Deployment/checkout");
  const section = page.getByRole("region", { name: "Container app" });
  const rows = section.locator("[data-release-row]");
  await expect(rows).toHaveCount(app.releases.length);

  const first = app.releases[0]!.release;
  await section.getByRole("button", { name: `Copy digest ${first}` }).click();
  await expect(section.locator(`[data-release-row="${first}"]`)).toContainText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(first);

  // The tag's current digest is one of the running releases: exactly that row says so.
  expect(app.resolution?.status).toBe("ok");
  const marked = section.locator("[data-release-row]:has([data-registry-now])");
  await expect(marked).toHaveCount(1);
  expect(await marked.getAttribute("data-release-row")).toBe(app.resolution!.digest);
  await expect(marked.locator("[data-registry-now]")).toHaveText("= registry now");

  // cart has cluster-revision candidates from the first poll on.
  const cart = (await (await request.get("/api/workloads/prod-eu/shop/Deployment/cart")).json()) as Detail;
  const repo = "registry.demo.internal/shop/cart"; // the spec pins cart by digest: no tag to strip
  const candidates = cart.lkg.app!.filter((c) => c.release.startsWith("sha256:"));
  expect(candidates.length).toBeGreaterThan(0);
  const expected = candidates.map((c) => {
    const line = `kubectl -n shop set image deployment/cart app=${repo}@${c.release}`;
    return `${line} --dry-run=server\n${line}`;
  });
  await page.goto("/workloads/prod-eu/shop/Deployment/cart");
  const lkg = page.getByRole("list", { name: "LKG candidates for app" });
  await expect(lkg.locator("[data-kubectl]")).toHaveCount(candidates.length);
  expect(await lkg.locator("[data-kubectl]").allTextContents()).toEqual(expected);
  await lkg.getByRole("button", { name: "Copy kubectl commands" }).first().click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected[0]);
  await expect(page.getByRole("heading", { name: "Cluster revisions" })).toBeVisible();
  await page.screenshot({ path: "e2e-artifacts/workload-copy.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: "e2e-artifacts/workload-copy-dark.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "e2e-artifacts/workload-copy-390.png", fullPage: true });
});
