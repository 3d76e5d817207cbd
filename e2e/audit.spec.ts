import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { e2eDatabaseUrl } from "./support/database";

// The manager's and auditor's path: the release report for prod over the last 90 days, exported
// and checked against the database; one change's phases on the Audit page, reviewed, exported as
// NDJSON and compared with the stored rows; the workload's release timeline.
const kubeconfig = path.resolve(".test-data/e2e/sim/kubeconfig");
const kubectl = (...args: string[]) => execFileSync("/usr/bin/kubectl", ["--kubeconfig", kubeconfig, "--context", "prod-eu", "-n", "shop", ...args], { encoding: "utf8", timeout: 60_000 });

// `timestamp without time zone` holds UTC: read it as such, whatever this machine's zone.
pg.types.setTypeParser(1114, (s: string) => new Date(`${s.replace(" ", "T")}Z`));

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let isQuoted = false;
  const endCell = () => {
    row.push(cell);
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (isQuoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      isQuoted = !isQuoted;
    } else if (!isQuoted && ch === ",") {
      endCell();
    } else if (!isQuoted && ch === "\n") {
      endCell();
      rows.push(row);
      row = [];
    } else if (isQuoted || ch !== "\r") {
      cell += ch;
    }
  }
  if (cell || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}

async function shots(page: Page, name: string) {
  await page.screenshot({ path: `e2e-artifacts/${name}.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: `e2e-artifacts/${name}-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `e2e-artifacts/${name}-390.png`, fullPage: true });
  await page.setViewportSize(size);
}

test("release report: prod, last 90 days, exported as CSV that matches the database", async ({ page, request }) => {
  test.setTimeout(150_000);
  const poll = async () => expect((await request.post("/api/poll?wait=true")).status()).toBe(200);
  await poll();
  // A release change made with kubectl: the report names kubectl's field manager.
  const detail = (await (await request.get("/api/workloads/prod-eu/shop/Deployment/checkout")).json()) as { containers: { image: string; releases: { release: string }[] }[] };
  const image = detail.containers[0]!.image;
  const target = `${image.slice(0, image.lastIndexOf(":"))}@${detail.containers[0]!.releases[0]!.release}`;
  kubectl("set", "image", "deploy/checkout", `app=${target}`);
  try {
    await checkReport(page, poll, target);
  } finally {
    kubectl("set", "image", "deploy/checkout", `app=${image}`);
  }
});

async function checkReport(page: Page, poll: () => Promise<void>, target: string) {
  kubectl("rollout", "status", "deploy/checkout", "--timeout=30s");
  await poll();

  await page.goto("/releases");
  await page.getByLabel("Environment").fill("prod");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/environment=prod/);
  await page.getByRole("button", { name: "Last 90 days" }).click();
  await expect(page).toHaveURL(/from=\d{4}-\d\d-\d\dT/);
  const from = new URL(page.url()).searchParams.get("from")!;
  await expect(page.locator("[data-report-row]").first()).toBeVisible();
  // The e2e data folder outlives a run: earlier runs' closed rows may be there too; the running one is ours.
  await expect(page.locator("[data-report-row]").filter({ hasText: target.slice(0, 40) }).filter({ hasText: "running" }).filter({ hasText: "kubectl-set" })).toHaveCount(1);
  await shots(page, "release-report");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toBe(`driftwatch-releases_from-${from.replace(/[^A-Za-z0-9._-]+/g, "-")}_environment-prod.csv`);
  const [header, ...rows] = parseCsv(readFileSync((await download.path())!, "utf8"));
  expect(header).toEqual(["cluster", "environment", "namespace", "kind", "name", "container", "specImage", "digest", "indexDigest", "platformDigests", "from", "to", "durationSeconds", "byDigest", "changedByType", "changedByName", "correlationId"]);
  const col = (name: string) => header!.indexOf(name);

  // Every release a prod workload ran since `from`, straight from the stored intervals.
  const expected = await query<{ k: string }>(
    `SELECT DISTINCT c.name || '/' || w.namespace || '/' || w.kind || '/' || w.name || '/' || (x->>'name') || '/' || (r->>'release') || '/' || (x->>'specImage') AS k
     FROM workload_state s JOIN workload w ON w.id = s."workloadId" JOIN cluster c ON c.id = w."clusterId",
          jsonb_array_elements(s.containers) x, jsonb_array_elements(x->'releases') r
     WHERE c.environment = 'prod' AND (r->>'pods')::int > 0 AND (s."to" IS NULL OR s."to" > $1) ORDER BY 1`,
    [new Date(from)],
  );
  // A release can run in several intervals (set away and back): compare the distinct releases, and no row twice.
  const got = [...new Set(rows.map((r) => ["cluster", "namespace", "kind", "name", "container", "digest", "specImage"].map((k) => r[col(k)]).join("/")))].sort();
  expect(got).toEqual(expected.map((e) => e.k).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  expect(new Set(rows.map((r) => r.join(","))).size).toBe(rows.length);
  expect(new Set(rows.map((r) => r[col("environment")]))).toEqual(new Set(["prod"]));
  expect(rows.every((r) => r[col("byDigest")] === String(/@sha256:[a-f0-9]{64}$/.test(r[col("specImage")]!)))).toBe(true);
  expect(rows.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(r[col("from")]!) && (r[col("to")] === "" || r[col("to")]! > r[col("from")]!))).toBe(true);
  // Each row's start is the start of a stored interval that ran it.
  const starts = await query<{ k: string }>(
    `SELECT c.name || '/' || w.name || '/' || to_char(s."from", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS k
     FROM workload_state s JOIN workload w ON w.id = s."workloadId" JOIN cluster c ON c.id = w."clusterId" WHERE c.environment = 'prod'`,
  );
  const known = new Set(starts.map((s) => s.k));
  expect(rows.filter((r) => !known.has(`${r[col("cluster")]}/${r[col("name")]}/${r[col("from")]}`))).toEqual([]);
  const pinned = rows.filter((r) => r[col("cluster")] === "prod-eu" && r[col("name")] === "checkout" && r[col("specImage")] === target && r[col("to")] === "");
  expect(pinned.map((r) => [r[col("to")], r[col("byDigest")], r[col("changedByType")], r[col("changedByName")]])).toEqual([["", "true", "field-manager", "kubectl-set"]]);
}

test("audit: one change's phases together, a review mark, NDJSON that round-trips, and the workload timeline", async ({ page }) => {
  test.setTimeout(120_000);
  const correlationId = `e2e-${Date.now()}`;
  const base = {
    correlationId, action: "rollback", actor: "alice@example.com", role: "operator", reason: "INC-512: checkout:2.3 was rebuilt", ticket: "INC-512",
    cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "checkout", container: "app",
    fromImage: "registry.local/shop/checkout:2.3", toImage: `registry.local/shop/checkout:2.3@sha256:${"d".repeat(64)}`,
  };
  const events = [
    { ...base, phase: "intent", idempotencyKey: `${correlationId}-key`, details: { resourceVersion: "41" } },
    { ...base, phase: "result", outcome: "applied", details: { resourceVersion: "42" } },
    { ...base, phase: "rollout", outcome: "progressing", details: { updated: 2, desired: 6 } },
    { ...base, phase: "final", outcome: "succeeded", details: { updated: 6, desired: 6 } },
  ];
  execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "e2e/support/append-audit.ts"], { input: JSON.stringify(events), env: { ...process.env, DATABASE_URL: e2eDatabaseUrl() }, encoding: "utf8" });

  await page.goto("/audit");
  await page.getByLabel("Workload").fill("checkout");
  await page.getByLabel("Action").selectOption("rollback");
  await expect(page).toHaveURL(/action=rollback/);
  const card = page.locator(`[data-correlation="${correlationId}"]`);
  await expect(card.locator("[data-phase]")).toHaveCount(4);
  expect(await card.locator("[data-phase]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-phase")))).toEqual(["intent", "result", "rollout", "final"]);
  await expect(card).toContainText("alice@example.com");
  await expect(card).toContainText("INC-512");
  await expect(card.locator("time").first()).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+$/);

  await card.getByRole("link", { name: "permalink" }).click();
  await expect(page).toHaveURL(new RegExp(`/audit\\?correlationId=${correlationId}$`));
  await card.getByLabel(`Review note for ${correlationId}`).fill("checked against INC-512");
  await card.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(card.locator("[data-review]")).toContainText("Reviewed by local");
  await expect(card.locator("[data-phase]")).toHaveCount(5);
  await shots(page, "audit-change");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export NDJSON" }).click()]);
  expect(download.suggestedFilename()).toBe(`driftwatch-audit_correlationId-${correlationId}.ndjson`);
  const exported = readFileSync((await download.path())!, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  const stored = await query<Record<string, unknown>>(`SELECT * FROM audit_event WHERE "correlationId" = $1 ORDER BY id`, [correlationId]);
  expect(exported).toEqual(stored.map((s) => ({ ...s, id: String(s.id), at: (s.at as Date).toISOString(), environment: "prod" })));
  expect(exported.map((e) => e.phase)).toEqual(["intent", "result", "rollout", "final", "review"]);

  await page.goto("/workloads/prod-eu/shop/Deployment/checkout");
  const timeline = page.locator("[data-timeline]");
  await expect(timeline.locator("[data-release]").first()).toBeVisible();
  await expect(timeline.locator(`a[href="/audit?correlationId=${correlationId}"][data-mark="rollback"]`)).toHaveCount(1);
  await timeline.scrollIntoViewIfNeeded();
  await shots(page, "workload-timeline");
});
