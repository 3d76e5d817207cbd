import { readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

// A registry rate-limiting Driftwatch: the fleet page names the host and its Retry-After, the
// findings stay (drawn from the last answer, which says how old it is), and the banner goes once
// the registry answers again.
const control = () => readFileSync(path.resolve(".test-data/e2e/sim/control-url"), "utf8").trim();
type Summary = { byKind: Record<string, number> };

test("a rate-limited registry is named on the fleet page, and the findings drawn from it stay", async ({ page, request }) => {
  test.setTimeout(150_000);
  const poll = async () => expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
  await poll();
  const before = (await (await request.get("/api/summary")).json()) as Summary;
  const detail = "/api/workloads/prod-eu/shop/Deployment/recommendations";
  type Detail = { containers: { reference: string; resolution: { stale?: { status: string } } | null }[]; findings: { kind: string; message: string }[] };
  const host = ((await (await request.get(detail)).json()) as Detail).containers[0]!.reference.split("/")[0]!;
  type Hosts = { items: { host: string; status: string }[] };
  const statusOf = async () => ((await (await request.get("/api/registries")).json()) as Hosts).items.find((r) => r.host === host)?.status;
  expect(await statusOf()).toBe("ok");

  // Driftwatch's own rate limit: the nodes keep pulling (pulls: false).
  const fault = await fetch(`${control()}/registry/faults`, { method: "POST", body: JSON.stringify({ status: 429, retryAfterSeconds: 20, durationMs: 120_000, pulls: false }) });
  expect(fault.status).toBe(200);
  await poll();
  await poll();
  expect(((await (await request.get("/api/summary")).json()) as Summary).byKind).toEqual(before.byKind);

  await page.goto("/");
  const banner = page.getByRole("status").filter({ has: page.locator(`[data-registry="${host}"]`) });
  await expect(banner.locator(`[data-registry="${host}"]`)).toHaveAttribute("data-registry-status", "rate-limited");
  await expect(banner).toContainText(`Registry ${host} is rate-limiting Driftwatch`);
  await expect(banner).toContainText(/asked to retry after \d+ s/);
  await expect(page.locator('[data-workload="prod-eu/shop/Deployment/recommendations"]')).toContainText("tag-moved");
  expect((await new AxeBuilder({ page }).include('[aria-label="Registries failing"]').analyze()).violations).toEqual([]);
  await page.screenshot({ path: "e2e-artifacts/registry-banner.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "e2e-artifacts/registry-banner-390.png", fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });

  // The workload page tells the same story as its findings: the last answer, its age, the
  // registry's state. (An answer still in the resolver's cache, DRIFTWATCH_TAG_TTL_SECONDS, is not
  // asked for again: it becomes a kept one once the registry has been asked and failed.)
  await expect
    .poll(async () => {
      await poll();
      return ((await (await request.get(detail)).json()) as Detail).containers[0]!.resolution?.stale?.status;
    }, { timeout: 90_000, intervals: [3_000] })
    .toBe("rate-limited");
  const moved = ((await (await request.get(detail)).json()) as Detail).findings.find((f) => f.kind === "tag-moved");
  expect(moved?.message).toMatch(new RegExp(`\\(as of .* UTC; registry ${host.replace(/[.]/g, "\\.")} rate-limited since .*\\)$`));
  await page.goto("/workloads/prod-eu/shop/Deployment/recommendations");
  await expect(page.locator("[data-resolution-stale]")).toHaveAttribute("data-resolution-stale", "rate-limited");
  await expect(page.locator("[data-resolution-stale]")).toContainText(`registry ${host} rate-limited since`);
  await page.screenshot({ path: "e2e-artifacts/registry-stale-answer.png", fullPage: true });

  // Cleared: once Retry-After has passed, the registry answers and the banner goes.
  await fetch(`${control()}/registry/faults`, { method: "DELETE" });
  await expect
    .poll(async () => {
      await poll();
      return statusOf();
    }, { timeout: 60_000, intervals: [2_000] })
    .toBe("ok");
  await page.goto("/");
  await expect(page.locator(`[data-registry="${host}"]`)).toHaveCount(0);
  expect(((await (await request.get("/api/summary")).json()) as Summary).byKind).toEqual(before.byKind);
});
