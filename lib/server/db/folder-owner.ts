// One Driftwatch per data folder. The owner writes an owner file (pid, its URL, and the
// process start time so a recycled pid is not mistaken for it); a second start finds a live
// owner and stops without touching anything. A record whose process is gone is stale and is
// taken over — that is also how a Postgres left running is recognised as orphaned.
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The start script's record in the data folder (`.data/driftwatch.owner`). */
export const OWNER_FILE = "driftwatch.owner";

export type Owner = { pid: number; url?: string; startedAt: string; procStart?: string };

export class FolderInUseError extends Error {
  constructor(
    readonly file: string,
    readonly owner: Owner,
  ) {
    super(`Driftwatch is already running with this data folder (pid ${owner.pid}${owner.url ? `, ${owner.url}` : ""})`);
    this.name = "FolderInUseError";
  }
}

export type OwnerClaim = { file: string; owner: Owner; release: () => void };

/** Linux: field 22 of /proc/PID/stat, the process's start time since boot (undefined elsewhere). */
function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Is the process this record names still the one that wrote it? */
export function ownerIsAlive(owner: Owner): boolean {
  if (!Number.isInteger(owner.pid) || owner.pid <= 0 || !isAlive(owner.pid)) return false;
  if (!owner.procStart) return true;
  const now = procStart(owner.pid);
  return now === undefined || now === owner.procStart;
}

export function readOwner(file: string): Owner | undefined {
  try {
    const o = JSON.parse(readFileSync(file, "utf8")) as Owner;
    return typeof o?.pid === "number" ? o : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Become the owner recorded in `file` or throw FolderInUseError naming the live one. The record
 * is linked into place (atomic: exactly one of two racing starts wins); a stale one is moved
 * aside first. The same process claiming again only updates its URL.
 */
export function claimOwner(file: string, opts: { url?: string } = {}): OwnerClaim {
  mkdirSync(path.dirname(file), { recursive: true });
  const owner: Owner = { pid: process.pid, ...(opts.url ? { url: opts.url } : {}), startedAt: new Date().toISOString(), procStart: procStart(process.pid) };
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(owner) + "\n");
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(tmp, file);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 3) throw e;
      }
      const current = readOwner(file);
      if (current && current.pid === process.pid) {
        writeFileSync(file, JSON.stringify({ ...current, ...(opts.url ? { url: opts.url } : {}) }) + "\n");
        break;
      }
      if (current && ownerIsAlive(current)) throw new FolderInUseError(file, current);
      moveAsideStale(file, current);
    }
  } finally {
    rmSync(tmp, { force: true });
  }
  let released = false;
  return {
    file,
    owner,
    release: () => {
      if (released) return;
      released = true;
      // Only our own record: never remove one a later owner wrote.
      if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}

/** Rename is atomic; if what we moved is not the stale record we judged, a racing start won. */
function moveAsideStale(file: string, judged: Owner | undefined) {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  let moved: Owner | undefined;
  try {
    moved = JSON.parse(readFileSync(aside, "utf8")) as Owner;
  } catch {
    moved = undefined;
  }
  if (moved && judged && (moved.pid !== judged.pid || moved.startedAt !== judged.startedAt) && ownerIsAlive(moved)) {
    if (!existsSync(file)) renameSync(aside, file);
    throw new FolderInUseError(file, moved);
  }
  rmSync(aside, { force: true });
}
