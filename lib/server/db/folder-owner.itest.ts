// One owner per data folder, across processes: a live owner is named and left alone; a record
// whose process is gone (or whose pid now belongs to another process) is taken over. And the
// embedded Postgres: only a server whose owning process is gone is stopped as an orphan.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { claimOwner, FolderInUseError, readOwner } from "./folder-owner";
import { startEmbeddedPostgres } from "./embedded";

// Not mkdtemp's mode 700: as root, the postgres user must be able to enter it.
const root = mkdtempSync(path.join(process.cwd(), ".test-data", "owner-"));
chmodSync(root, 0o755);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs `code` in a fresh Node process (tsx) and returns its exit status and output. */
function node(code: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: process.cwd(), encoding: "utf8", timeout: 60_000 });
}

const deadPid = () => {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
};

async function selectOne(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query("SELECT 1 AS one")).rows;
  } finally {
    await c.end();
  }
}

describe("claimOwner", () => {
  it("names a live owner to another process and leaves its record alone", () => {
    const file = path.join(root, "a", "driftwatch.owner");
    const claim = claimOwner(file, { url: "http://127.0.0.1:3999" });
    const before = readFileSync(file, "utf8");
    const r = node(`import("./lib/server/db/folder-owner.ts").then((m) => { try { m.claimOwner(${JSON.stringify(file)}); } catch (e) { console.error(e.message); process.exit(7); } })`);
    expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({ status: 7, stderr: `Driftwatch is already running with this data folder (pid ${process.pid}, http://127.0.0.1:3999)` });
    expect(readFileSync(file, "utf8")).toBe(before);
    claim.release();
    expect(existsSync(file)).toBe(false);
  });

  it("takes over a record whose process is gone, or whose pid was reused", () => {
    const file = path.join(root, "b", "driftwatch.owner");
    const gone = { pid: deadPid(), url: "http://127.0.0.1:1", startedAt: "2026-01-01T00:00:00.000Z" };
    claimOwner(file).release();
    writeFileSync(file, JSON.stringify(gone));
    const first = claimOwner(file, { url: "http://127.0.0.1:2" });
    expect(readOwner(file)).toEqual({ ...first.owner, url: "http://127.0.0.1:2" });
    first.release();
    // Our own pid, but another process start time: a recycled pid, not the owner.
    writeFileSync(file, JSON.stringify({ pid: process.pid, startedAt: "2026-01-01T00:00:00.000Z", procStart: "1" }));
    const r = node(`import("./lib/server/db/folder-owner.ts").then((m) => { m.claimOwner(${JSON.stringify(file)}); console.log("claimed"); })`);
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 0, stdout: "claimed\n" });
  });

  it("throws FolderInUseError for a live owner in this process's view too", () => {
    const file = path.join(root, "c", "driftwatch.owner");
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      claimOwner(file).release();
      writeFileSync(file, JSON.stringify({ pid: child.pid, url: "http://127.0.0.1:4", startedAt: new Date().toISOString() }));
      expect(() => claimOwner(file)).toThrow(new FolderInUseError(file, { pid: child.pid!, url: "http://127.0.0.1:4", startedAt: "" }).message);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

describe("embedded PostgreSQL and its owner", () => {
  it("refuses a second owner while the first one runs, and the first keeps answering", async () => {
    const dataDir = path.join(root, "pg-live");
    const db = await startEmbeddedPostgres({ dataDir, ownerUrl: "http://127.0.0.1:3998" });
    try {
      const r = node(`import("./lib/server/db/embedded.ts").then((m) => m.startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} })).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(7); })`);
      expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({ status: 7, stderr: `Driftwatch is already running with this data folder (pid ${process.pid}, http://127.0.0.1:3998)` });
      expect(await selectOne(db.url)).toEqual([{ one: 1 }]);
    } finally {
      await db.stop();
    }
    expect(existsSync(`${dataDir}.owner`)).toBe(false);
  });

  it("stops a server whose owner was killed, then starts its own", async () => {
    const dataDir = path.join(root, "pg-orphan");
    // The owner starts Postgres and is SIGKILLed: no cleanup runs, the postmaster keeps going.
    const owner = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e",
      `import("./lib/server/db/embedded.ts").then((m) => m.startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} })).then(() => { console.log("up"); setInterval(() => {}, 1000); })`], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      owner.stdout!.on("data", (d: Buffer) => d.toString().includes("up") && resolve());
      owner.once("exit", (c) => reject(new Error(`owner exited early (${c})`)));
    });
    const orphanPid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    owner.kill("SIGKILL");
    await new Promise((r) => owner.once("exit", r));
    expect(() => process.kill(orphanPid, 0)).not.toThrow();
    const lines: string[] = [];
    const db = await startEmbeddedPostgres({ dataDir, log: (l) => lines.push(l) });
    try {
      expect(lines).toEqual([`stopping a PostgreSQL left running by an earlier run (pid ${orphanPid})`]);
      expect(await selectOne(db.url)).toEqual([{ one: 1 }]);
    } finally {
      await db.stop();
    }
  });

  it("leaves alone a live process that a stale postmaster.pid names (a recycled pid) and starts anyway", async () => {
    const dataDir = path.join(root, "pg-recycled");
    await (await startEmbeddedPostgres({ dataDir })).stop();
    const bystander = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"]);
    try {
      await new Promise((r) => bystander.once("spawn", r));
      const pidFile = path.join(dataDir, "postmaster.pid");
      writeFileSync(pidFile, `${bystander.pid}\n${dataDir}\n0\n5432\n\n127.0.0.1\n0 0\nready\n`);
      const lines: string[] = [];
      const db = await startEmbeddedPostgres({ dataDir, log: (l) => lines.push(l) });
      try {
        expect(lines).toEqual([`removing a stale postmaster.pid (pid ${bystander.pid} is another process now)`]);
        expect(await selectOne(db.url)).toEqual([{ one: 1 }]);
        expect(bystander.exitCode).toBe(null);
        expect(bystander.signalCode).toBe(null);
      } finally {
        await db.stop();
      }
    } finally {
      bystander.kill("SIGKILL");
    }
  });
});
