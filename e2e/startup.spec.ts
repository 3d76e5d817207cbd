// Start-up safety with the real start script (`npm start`): a second start on a data folder in
// use leaves the running instance alone; an instance whose PostgreSQL goes away and comes back
// recovers by itself, saying why meanwhile.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startEmbeddedPostgres, type EmbeddedDb } from "../lib/server/db/embedded";
import { findFreePort } from "../lib/server/db/ports";

const E2E_DATA = ".test-data/e2e"; // the webServer's DRIFTWATCH_DATA_DIR (playwright.config.ts)

type App = { child: ChildProcess; port: number; out: string[]; exited: Promise<number | null> };

function startApp(env: Record<string, string>, port: number): App {
  const out: string[] = [];
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["DATABASE_URL", "DRIFTWATCH_DATA_DIR", "PORT"]) delete clean[k];
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: process.cwd(),
    env: { ...clean, HOST: "127.0.0.1", PORT: String(port), DRIFTWATCH_POLL_INTERVAL_SECONDS: "5", DRIFTWATCH_DEMO: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const s of [child.stdout!, child.stderr!]) s.on("data", (d: Buffer) => out.push(...d.toString().split("\n").filter(Boolean)));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, port, out, exited };
}

async function stopApp(app: App) {
  if (app.child.exitCode === null) app.child.kill("SIGTERM");
  await app.exited;
}

type Health = { status: number; body: { status: string; db: string; error?: string } | null };
async function health(port: number): Promise<Health> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`);
    return { status: res.status, body: await res.json() };
  } catch {
    return { status: 0, body: null };
  }
}

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Cluster names of "poll finished … ok" log lines after line `from`. */
const okPollsSince = (app: App, from: number) =>
  [...new Set(app.out.slice(from).flatMap((l) => (l.includes('"poll finished"') && l.includes('"status":"ok"') ? [JSON.parse(l).cluster as string] : [])))].sort();

test("a second start on the same data folder exits 1 and the first stays up", async ({ baseURL }) => {
  const first = new URL(baseURL!);
  const owner = JSON.parse(readFileSync(path.join(E2E_DATA, "driftwatch.owner"), "utf8")) as { pid: number; url: string };
  expect(owner.url).toBe(`http://127.0.0.1:${first.port}`);
  expect(readFileSync(`/proc/${owner.pid}/cmdline`, "utf8").split("\0")).toContain("scripts/start.ts");

  const seen: string[] = [];
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const h = await health(Number(first.port));
      seen.push(`${h.status} ${h.body?.db}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const second = startApp({ DRIFTWATCH_DATA_DIR: E2E_DATA }, await findFreePort());
  const code = await second.exited;
  // Watch a little longer: nothing of the first may break after the second one has gone.
  await new Promise((r) => setTimeout(r, 2000));
  watching = false;
  await watcher;

  expect({ code, out: second.out }).toEqual({
    code: 1,
    out: [`[driftwatch] Driftwatch is already running with this data folder (pid ${owner.pid}, http://127.0.0.1:${first.port}); stop it first, or give this one its own DRIFTWATCH_DATA_DIR`],
  });
  expect(seen.length).toBeGreaterThan(5);
  expect([...new Set(seen)]).toEqual(["200 up"]);
  expect(JSON.parse(readFileSync(path.join(E2E_DATA, "driftwatch.owner"), "utf8")).pid).toBe(owner.pid);
});

test.describe("the database goes away under a running app", () => {
  test.describe.configure({ timeout: 300_000 });
  const dir = ".test-data/e2e-recovery";
  let db: EmbeddedDb | undefined;
  let app: App | undefined;
  test.beforeAll(() => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  });
  test.afterAll(async () => {
    if (app) await stopApp(app);
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("health says down and why, then up, and polls resume with no restart", async () => {
    const pgPort = await findFreePort();
    db = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: pgPort });
    app = startApp({ DRIFTWATCH_DATA_DIR: path.join(dir, "app"), DATABASE_URL: db.url }, await findFreePort());
    const a = app;
    await until("the app", () => health(a.port), (h) => h.status === 200);
    await until("first polls", async () => okPollsSince(a, 0), (c) => c.length === 3);

    await db.stop();
    const down = await until("health down", () => health(a.port), (h) => h.body?.db === "down");
    expect(down).toEqual({ status: 503, body: { status: "degraded", db: "down", version: expect.any(String), error: `cannot reach PostgreSQL at 127.0.0.1:${pgPort}` } });

    db = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: pgPort });
    const mark = a.out.length;
    const up = await until("health up", () => health(a.port), (h) => h.body?.db === "up");
    expect(up).toEqual({ status: 200, body: { status: "ok", db: "up", version: expect.any(String) } });
    expect(await until("polls after the restart", async () => okPollsSince(a, mark), (c) => c.length === 3)).toEqual(["prod-eu", "prod-us", "staging"]);
    expect(a.child.exitCode).toBe(null);
  });

  test("its own embedded PostgreSQL, killed, is started again by the start script", async () => {
    if (app) await stopApp(app);
    app = startApp({ DRIFTWATCH_DATA_DIR: path.join(dir, "own") }, await findFreePort());
    const a = app;
    await until("the app", () => health(a.port), (h) => h.status === 200);
    await until("first polls", async () => okPollsSince(a, 0), (c) => c.length === 3);
    // postmaster.pid: line 1 the pid, line 4 the port.
    const [postmaster, , , pgPort] = readFileSync(path.join(dir, "own", "postgres", "postmaster.pid"), "utf8").split("\n");

    const mark = a.out.length;
    process.kill(Number(postmaster), "SIGKILL");
    await until("the restart", async () => a.out.slice(mark), (l) => l.some((x) => x.includes("PostgreSQL is running again")));
    const up = await until("health up", () => health(a.port), (h) => h.body?.db === "up");
    expect(up).toEqual({ status: 200, body: { status: "ok", db: "up", version: expect.any(String) } });
    const lines = a.out.slice(mark).filter((l) => l.startsWith("[driftwatch] PostgreSQL") && !l.includes("did not start again"));
    expect(lines).toEqual([
      "[driftwatch] PostgreSQL exited unexpectedly (killed by SIGKILL); starting it again",
      `[driftwatch] PostgreSQL is running again on port ${pgPort}`,
    ]);
    const mark2 = a.out.length;
    expect(await until("polls after the restart", async () => okPollsSince(a, mark2), (c) => c.length === 3)).toEqual(["prod-eu", "prod-us", "staging"]);
  });
});

test("the start script killed with SIGKILL takes the app with it; the next start on the folder comes up on the same port", async () => {
  test.setTimeout(300_000);
  const dir = ".test-data/e2e-killed";
  rmSync(dir, { recursive: true, force: true });
  const port = await findFreePort();
  const first = startApp({ DRIFTWATCH_DATA_DIR: dir }, port);
  try {
    await until("the app", () => health(port), (h) => h.status === 200);
    first.child.kill("SIGKILL");
    await first.exited;
    // Nothing answers on the port once the app has noticed (no orphan keeps serving).
    expect(await until("the port to close", () => health(port), (h) => h.status === 0, 30_000)).toEqual({ status: 0, body: null });

    const second = startApp({ DRIFTWATCH_DATA_DIR: dir }, port);
    try {
      expect(await until("the new start", () => health(port), (h) => h.status === 200)).toEqual({ status: 200, body: { status: "ok", db: "up", version: expect.any(String) } });
      const owner = JSON.parse(readFileSync(path.join(dir, "driftwatch.owner"), "utf8")) as { pid: number };
      expect(owner.pid).toBe(second.child.pid);
    } finally {
      await stopApp(second);
    }
  } finally {
    if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});
