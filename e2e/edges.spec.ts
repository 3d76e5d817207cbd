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

// Wrong methods: 405 problem+json naming the method, and an Allow header that is exactly what
// Next's own OPTIONS answer lists for that route (lib/server/http/api-methods.ts keeps the table).
type Problem = { title: string; status: number; code: string; detail: string; method: string; allow: string[] };

test("a method a route does not export is a 405 problem+json with the route's Allow", async ({ request }) => {
  const seen: unknown[] = [];
  for (const [method, url, allow] of [
    ["PUT", "/api/clusters", "GET, HEAD, OPTIONS"],
    ["DELETE", "/api/clusters", "GET, HEAD, OPTIONS"],
    ["PATCH", "/api/clusters", "GET, HEAD, OPTIONS"],
    ["GET", "/api/poll", "OPTIONS, POST"],
    ["DELETE", "/api/workloads/prod-eu/shop/Deployment/checkout", "GET, HEAD, OPTIONS"],
    ["GET", "/api/workloads/prod-eu/shop/Deployment/checkout/pin", "OPTIONS, POST"],
  ] as const) {
    const res = await request.fetch(url, { method });
    const body = (await res.json()) as Problem;
    const options = await request.fetch(url, { method: "OPTIONS" });
    seen.push([method, url, res.status(), res.headers()["content-type"], res.headers()["allow"], options.status(), options.headers()["allow"], body.title, body.code, body.detail, body.allow.join(", ")]);
    expect(seen.at(-1)).toEqual([method, url, 405, "application/problem+json", allow, 204, allow, `Method ${method} Not Allowed`, "METHOD_NOT_ALLOWED", `${method} is not allowed on ${url}; it allows ${allow}`, allow]);
  }
  // What the routes do take still works.
  expect([(await request.get("/api/clusters")).status(), (await request.head("/api/clusters")).status()]).toEqual([200, 200]);
});

test("TRACE is a clean 405, on API routes and pages (Next alone answers it with a 500)", async ({ request }) => {
  const trace = async (url: string) => {
    const res = await request.fetch(url, { method: "TRACE" });
    const body = (await res.json()) as Problem;
    return [res.status(), res.headers()["content-type"], res.headers()["allow"], body.title, body.detail];
  };
  expect(await trace("/api/clusters")).toEqual([405, "application/problem+json", "GET, HEAD, OPTIONS", "Method TRACE Not Allowed", "TRACE is not allowed on /api/clusters; it allows GET, HEAD, OPTIONS"]);
  expect(await trace("/nodes")).toEqual([405, "application/problem+json", "GET, HEAD", "Method TRACE Not Allowed", "TRACE is not allowed on /nodes; it allows GET, HEAD"]);
  // The mark scripts/trace-method.mjs sets cannot be forged by a client.
  const forged = await request.get("/api/clusters", { headers: { "x-driftwatch-method": "TRACE" } });
  expect(forged.status()).toBe(200);
});
