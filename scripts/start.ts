// `npm start`: one command from a fresh clone to a running Driftwatch.
//  1. Postgres: DATABASE_URL when set; otherwise a real embedded PostgreSQL in .data/postgres.
//  2. Pending migrations applied.
//  3. Clusters: kubeconfig when configured; otherwise the simulated demo fleet, in-process.
//  4. `next build` when the sources changed since the last build, then `next start`.
// Ctrl-C / SIGTERM stops the app, the simulator and Postgres; nothing is left running.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmbeddedPostgres, type EmbeddedDb } from "../lib/server/db/embedded";
import { claimOwner, FolderInUseError, OWNER_FILE, type OwnerClaim } from "../lib/server/db/folder-owner";
import { migrate } from "../lib/server/db/migrate";
import { migrationsDir, projectRoot } from "../lib/server/db/paths";
import { exposureProblem } from "../lib/server/auth/settings";
import { recordBuild, staleBuildHash } from "./build-hash";
import { resolveClusterMode, startDemoFleet, type DemoFleet } from "./demo";

const isDev = (() => {
  try {
    return parseArgs({ options: { dev: { type: "boolean" } }, strict: true, allowPositionals: false }).values.dev === true;
  } catch (e) {
    console.error(`[driftwatch] ${e instanceof Error ? e.message : String(e)}; usage: npm start [-- --dev]`);
    process.exit(2);
  }
})();
if (existsSync(path.join(projectRoot, ".env"))) process.loadEnvFile(path.join(projectRoot, ".env"));
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const dataDir = path.resolve(projectRoot, process.env.DRIFTWATCH_DATA_DIR ?? ".data");
const say = (msg: string) => console.log(`[driftwatch] ${msg}`);

const appUrl = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;

let owner: OwnerClaim | undefined;
let db: EmbeddedDb | undefined;
let fleet: DemoFleet | undefined;
let app: ChildProcess | undefined;
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  if (app && app.exitCode === null) {
    app.kill("SIGTERM");
    await new Promise((r) => app!.once("exit", r));
  }
  await fleet?.stop().catch((e) => say(`simulator stop failed: ${e}`));
  if (db) {
    say("stopping PostgreSQL");
    await db.stop().catch((e) => say(`PostgreSQL stop failed: ${e}`));
  }
  owner?.release();
  process.exit(code);
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => void shutdown(0));
// `npm start` runs us under `sh -c`; when npm is terminated the shell dies without passing the
// signal on. Notice being orphaned and shut down cleanly instead of leaving Postgres running.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) void shutdown(0);
}, 500).unref();

/**
 * The embedded server is ours to keep running: if it exits under the app (killed, crashed), start
 * it again on the same port, so DATABASE_URL stays right and the app reconnects by itself.
 * Meanwhile /api/health says "down" and why; retries back off up to 30 s.
 */
function superviseEmbedded(current: EmbeddedDb) {
  current.onUnexpectedExit((why) => {
    say(`PostgreSQL exited unexpectedly (${why}); starting it again`);
    void restartEmbedded(current);
  });
}

async function restartEmbedded(previous: EmbeddedDb) {
  for (let n = 0; !stopping; n++) {
    await new Promise((r) => setTimeout(r, Math.min(30_000, 1000 * 2 ** Math.min(n, 5))));
    if (stopping) return;
    try {
      db = await startEmbeddedPostgres({ dataDir: previous.dataDir, port: previous.port, log: say, ownerUrl: appUrl });
      if (stopping) return void (await db.stop()); // shut down while it was starting
      say(`PostgreSQL is running again on port ${previous.port}`);
      superviseEmbedded(db);
      return;
    } catch (e) {
      say(`PostgreSQL did not start again (${e instanceof Error ? e.message : String(e)}); retrying`);
    }
  }
}

function run(cmd: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, cmd, { cwd: projectRoot, env, stdio: "inherit" });
    child.on("exit", (c) => resolve(c ?? 1));
  });
}

async function waitHealthy(url: string) {
  for (let i = 0; i < 600 && !stopping; i++) {
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function main() {
  // Refuse before anything starts: no authentication must never face the network by accident.
  const exposed = exposureProblem({ ...process.env, HOST: host });
  if (exposed) throw new Error(exposed);
  const env: NodeJS.ProcessEnv = { NEXT_TELEMETRY_DISABLED: "1", ...process.env, PORT: String(port) };
  // First of all: a second start on the same data folder leaves the running one alone.
  owner = claimOwner(path.join(dataDir, OWNER_FILE), { url: appUrl });
  if (!env.DATABASE_URL) {
    const shown = path.relative(projectRoot, dataDir);
    say(`starting embedded PostgreSQL (data in ${shown.startsWith("..") ? dataDir : shown || "."}/postgres)`);
    db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), log: say, ownerUrl: appUrl });
    superviseEmbedded(db);
    env.DATABASE_URL = db.url;
  } else {
    say("using the PostgreSQL in DATABASE_URL");
  }
  const res = await migrate(env.DATABASE_URL, migrationsDir, say);
  say(`database schema up to date (${res.applied.length} applied, ${res.alreadyApplied} already applied)`);

  if (resolveClusterMode(env) === "demo") {
    fleet = await startDemoFleet(path.join(dataDir, "sim"), say);
    Object.assign(env, fleet.env);
  }

  // The peer-address preload lets proxy mode know which address really sent a request; the
  // trace-method one turns TRACE (which Next cannot take: a 500) into a 405 from proxy.ts.
  const next = ["--import", "./scripts/peer-address.mjs", "--import", "./scripts/trace-method.mjs", "node_modules/next/dist/bin/next"];
  if (isDev) {
    app = spawn(process.execPath, [...next, "dev", "-p", String(port), "-H", host], { cwd: projectRoot, env, stdio: "inherit" });
  } else {
    const toBuild = staleBuildHash();
    if (toBuild) {
      say("building (sources changed since the last build)");
      const code = await run([...next, "build"], { ...env, NODE_ENV: "production" });
      if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
      recordBuild(toBuild);
    }
    // The IPC channel lets the app notice if this script is killed (scripts/exit-with-parent.mjs).
    const start = ["--import", "./scripts/exit-with-parent.mjs", ...next, "start", "-p", String(port), "-H", host];
    app = spawn(process.execPath, start, { cwd: projectRoot, env: { ...env, NODE_ENV: "production" }, stdio: ["inherit", "inherit", "inherit", "ipc"] });
  }
  app.on("exit", (code) => {
    if (!stopping) {
      say(`the app exited (code ${code}); stopping`);
      void shutdown(code ?? 1);
    }
  });
  const shown = host === "127.0.0.1" || host === "0.0.0.0" ? "localhost" : host;
  if (await waitHealthy(`http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}/api/health`)) {
    say(`Driftwatch is ready at http://${shown}:${port}`);
  }
}

main().catch((e) => {
  if (e instanceof FolderInUseError) {
    console.error(`[driftwatch] ${e.message}; stop it first, or give this one its own DRIFTWATCH_DATA_DIR`);
    process.exit(1);
  }
  console.error(`[driftwatch] could not start: ${e instanceof Error ? e.message : String(e)}`);
  void shutdown(1);
});
