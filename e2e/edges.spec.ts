import { expect, test } from "@playwright/test";

// The edges: unknown API paths answer problem+json 404 for any method; an unknown workload is a
// real 404 page; the Nodes page honours ?cluster=.

test("unknown /api paths are problem+json 404s, whatever the method", async ({ request }) => {
  for (const method of ["GET", "DELETE"] as const) {
    const res = await request.fetch("/api/no-such-thing/here", { method });
    expect([method, res.status(), res.headers()["content-type"]]).toEqual([method, 404, "application/problem+json"]);
    expect(((await res.json()) as { detail: string }).detail).toBe("no API at /api/no-such-thing/here");
  }
});

test("an unknown workload page is a 404; Nodes honours ?cluster=", async ({ page }) => {
  const res = await page.goto("/workloads/prod-eu/shop/Deployment/no-such-workload");
  expect(res?.status()).toBe(404);
  await page.goto("/nodes?cluster=staging");
  await expect(page.getByLabel("Cluster")).toHaveValue("staging");
  await expect(page.getByRole("heading", { level: 2 })).toHaveText(["stg-node-1", "stg-node-2"]);
});
