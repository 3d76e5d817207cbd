import { expect, test } from "@playwright/test";
import { compactNames } from "../components/search/search-where";

// "Where does this digest run?" from the fleet page: one debounced request once typing stops,
// results that say where, the table below listing the same workloads, and the keyboard alone to
// open the match.
type Detail = { status: string; containers: { releases: { release: string; digests: string[]; nodes: string[]; pods: string[] }[] }[] };

test("a digest prefix typed into the fleet search says where it runs; ↓ Enter opens it", async ({ page, request }) => {
  expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
  const detail = (await (await request.get("/api/workloads/prod-eu/shop/Deployment/checkout")).json()) as Detail;
  // The release on the fewest pods: the old one while checkout is split, its only one once the
  // pin test (which runs earlier in the suite) has rolled it to one release.
  const old = [...detail.containers[0]!.releases].sort((a, b) => a.pods.length - b.pods.length)[0]!;
  const digest = old.digests[0] ?? old.release;
  const prefix = digest.slice(7, 13);

  await page.goto("/");
  await expect(page.locator("[data-cluster=prod-eu]")).toContainText("ok"); // hydrated
  const searches: string[] = [];
  page.on("request", (r) => { if (r.url().includes("/api/search")) searches.push(new URL(r.url()).searchParams.get("q") ?? ""); });
  await page.keyboard.press("/");
  const box = page.getByRole("combobox", { name: "Search the fleet" });
  await expect(box).toBeFocused();
  await box.pressSequentially(prefix);
  const options = page.getByRole("listbox", { name: "Search results" }).getByRole("option");
  await expect(options).toHaveCount(1);
  const drift = detail.status === "drift" ? " ⚠ drift" : "";
  await expect(options.first()).toHaveText(`sha256:${prefix}… runs in prod-eu shop/checkout on ${compactNames([...old.nodes].sort())}${drift} (digest)`);
  expect(searches).toEqual([prefix]);
  // The table below is filtered by the same words and the same rules: it lists the workload the
  // results name (a digest used to leave it empty, filtered by name, namespace and cluster only).
  await expect(page).toHaveURL(new RegExp(`[?&]q=${prefix}(&|$)`));
  const rows = page.locator("[data-workload]:visible");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-workload", "prod-eu/shop/Deployment/checkout");
  await expect(page.getByText(/^1 workload\b/)).toBeVisible();
  await page.screenshot({ path: "e2e-artifacts/search-digest.png" });

  await box.press("ArrowDown");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/workloads\/prod-eu\/shop\/Deployment\/checkout$/);
});

type Frontend = {
  status: string;
  containers: { resolution: { status: string; digest?: string; platforms?: { architecture: string; digest: string }[] } | null }[];
  podList: { name: string; node: string | null; architecture: string | null }[];
};

test("a platform digest in the fleet search lists the same workloads in the results and in the table", async ({ page, request }) => {
  expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
  // frontend runs one multi-arch index in both prod clusters: its arm64 child runs on their arm64
  // nodes only (prod-eu's containerd reports the index, prod-us's CRI-O node the child).
  const detail = async (cluster: string) => (await (await request.get(`/api/workloads/${cluster}/shop/Deployment/frontend`)).json()) as Frontend;
  const [eu, us] = [await detail("prod-eu"), await detail("prod-us")];
  const arm64 = eu.containers[0]!.resolution!.platforms!.find((p) => p.architecture === "arm64")!.digest;
  const prefix = arm64.slice(7, 19);
  const where = (d: Frontend) => compactNames([...new Set(d.podList.filter((p) => p.architecture === "arm64").map((p) => p.node!))].sort());
  const drift = (d: Frontend) => (d.status === "drift" ? " ⚠ drift" : "");

  await page.goto("/");
  await expect(page.locator("[data-cluster=prod-eu]")).toContainText("ok"); // hydrated
  await page.getByRole("combobox", { name: "Search the fleet" }).fill(prefix);
  await expect(page.getByRole("listbox", { name: "Search results" }).getByRole("option")).toHaveText([
    `sha256:${prefix.slice(0, 6)}… runs in prod-eu shop/frontend on ${where(eu)}${drift(eu)} (digest)`,
    `sha256:${prefix.slice(0, 6)}… runs in prod-us shop/frontend on ${where(us)}${drift(us)} (digest)`,
  ]);
  const rows = page.locator("[data-workload]:visible");
  await expect(rows).toHaveCount(2);
  expect((await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-workload")))).sort()).toEqual(["prod-eu/shop/Deployment/frontend", "prod-us/shop/Deployment/frontend"]);
  await expect(page.getByText(/^2 workloads\b/)).toBeVisible();
});
