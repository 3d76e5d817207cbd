import { expect, test } from "@playwright/test";
import { compactNames } from "../components/search/search-where";

// "Where does this digest run?" from the fleet page: one debounced request once typing stops,
// results that say where, and the keyboard alone to open the match.
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
  await page.screenshot({ path: "e2e-artifacts/search-digest.png" });

  await box.press("ArrowDown");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/workloads\/prod-eu\/shop\/Deployment\/checkout$/);
});
