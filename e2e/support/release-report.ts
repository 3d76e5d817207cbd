import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { parseCsv } from "./csv";
import { expectedReleaseRows, RELEASE_COLUMNS } from "./release-rows";
import { shots } from "./screenshots";

// The manager's release report, driven through the UI of whoever `page` is signed in as: a
// release change made with kubectl (so prod has more than one interval, and one named after
// kubectl's field manager), then Releases filtered to prod and the last 90 days, exported as CSV,
// and every cell of the file compared with the rows the database holds (release-rows.ts).

export type Kubectl = (...args: string[]) => string;

/** kubectl against the simulated prod-eu cluster of the server whose data folder is `dataDir`. */
export const kubectlFor = (dataDir: string): Kubectl => (...args) =>
  execFileSync("/usr/bin/kubectl", ["--kubeconfig", path.resolve(dataDir, "sim/kubeconfig"), "--context", "prod-eu", "-n", "shop", ...args], { encoding: "utf8", timeout: 60_000 });

/** The repository of an image reference: without its digest and tag. */
const repositoryOf = (image: string) => {
  const bare = image.replace(/@sha256:[a-f0-9]{64}$/, "");
  return bare.lastIndexOf(":") > bare.lastIndexOf("/") ? bare.slice(0, bare.lastIndexOf(":")) : bare;
};

type Detail = { containers: { image: string; releases: { release: string }[] }[] };

/**
 * Sets prod-eu shop/checkout to one of its running releases by digest with kubectl, waits for the
 * rollout and a poll, runs `body(target)` and sets the image back. poll(cluster?): a finished poll
 * of one cluster or of all (settling cross-cluster findings), made by whoever may poll there.
 */
export async function withKubectlRelease(opts: { page: Page; kubectl: Kubectl; poll: (cluster?: string) => Promise<void> }, body: (target: string) => Promise<void>) {
  const { page, kubectl, poll } = opts;
  await poll("prod-eu");
  const res = await page.request.get("/api/workloads/prod-eu/shop/Deployment/checkout");
  expect(res.status()).toBe(200);
  const { containers } = (await res.json()) as Detail;
  const image = containers[0]!.image;
  const target = `${repositoryOf(image)}@${containers[0]!.releases[0]!.release}`;
  kubectl("set", "image", "deploy/checkout", `app=${target}`);
  try {
    kubectl("rollout", "status", "deploy/checkout", "--timeout=30s");
    await poll();
    await body(target);
  } finally {
    kubectl("set", "image", "deploy/checkout", `app=${image}`);
  }
}

/** Releases, prod, last 90 days, Export CSV: every cell as the database has it. Screenshots `<shotName>`, -dark, -390. */
export async function checkReleaseReport(opts: { page: Page; dbUrl: string; target: string; shotName: string }) {
  const { page, target } = opts;
  await page.goto("/releases");
  await page.getByLabel("Environment").fill("prod");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/environment=prod/);
  await page.getByRole("button", { name: "Last 90 days" }).click();
  await expect(page).toHaveURL(/from=\d{4}-\d\d-\d\dT/);
  const from = new URL(page.url()).searchParams.get("from")!;
  // The data folder may hold earlier runs' (closed) rows; the running one with this spec image is ours.
  const ours = page.locator("[data-report-row]").filter({ has: page.locator(`td[title="${target}"]`) }).filter({ hasText: "running" });
  await expect(ours).toHaveCount(1);
  await expect(ours).toContainText("kubectl-set");
  await shots(page, opts.shotName);

  const start = Date.now();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const text = readFileSync((await download.path())!, "utf8");
  const end = Date.now();
  expect(download.suggestedFilename()).toBe(`driftwatch-releases_from-${from.replace(/[^A-Za-z0-9._-]+/g, "-")}_environment-prod.csv`);
  const [header, ...rows] = parseCsv(text);
  expect(header).toEqual([...RELEASE_COLUMNS]);

  const expected = await expectedReleaseRows(opts.dbUrl, { environment: "prod", from: new Date(from), exportWindow: { start, end } });
  const duration = RELEASE_COLUMNS.indexOf("durationSeconds");
  // A running row's duration is counted to the moment of the export: within the window, it is taken as written.
  const want = expected.map((e, i) => {
    if (!e.runningSeconds) return e.cells;
    const got = Number(rows[i]?.[duration]);
    const cells = [...e.cells];
    cells[duration] = got >= e.runningSeconds.min && got <= e.runningSeconds.max ? String(got) : `between ${e.runningSeconds.min} and ${e.runningSeconds.max}`;
    return cells;
  });
  expect(rows).toEqual(want);
  // The kubectl change is in the file as kubectl's, and prod has history beyond the current releases.
  const col = (name: (typeof RELEASE_COLUMNS)[number]) => RELEASE_COLUMNS.indexOf(name);
  const mine = rows.filter((r) => r[col("cluster")] === "prod-eu" && r[col("name")] === "checkout" && r[col("specImage")] === target && r[col("to")] === "");
  expect(mine.map((r) => [r[col("byDigest")], r[col("changedByType")], r[col("changedByName")]])).toEqual([["true", "field-manager", "kubectl-set"]]);
  expect(rows.filter((r) => r[col("to")] !== "").length).toBeGreaterThan(0);
}
