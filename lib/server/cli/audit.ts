// `driftwatch audit verify [--json]`: checks the audit log's hash chain and names the first broken
// link by event id and correlation id. Database: DATABASE_URL, else the embedded one in the data
// folder (`.data/postgres`, or DRIFTWATCH_DATA_DIR) — reused when `npm start` is running on it,
// else started for the check and stopped after. Exit: 0 intact, 1 broken, 2 usage, 3 no database.
// Runs outside Next (no `server-only` modules): node-postgres and the same chain reader and
// verifier as GET /api/audit/verify (lib/server/data/audit-read.ts).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { AuditVerification } from "@/lib/server/data/audit-chain";
import { verifyAuditChain } from "@/lib/server/data/audit-read";
import { checkServer } from "@/lib/server/db/databases";
import { utcTypes } from "@/lib/server/db/pg-types";
import { startEmbeddedPostgres, type EmbeddedDb } from "@/lib/server/db/embedded";
import { projectRoot } from "@/lib/server/db/paths";

export const AUDIT_USAGE = "usage: driftwatch audit verify [--json]";

type Out = { stdout: (s: string) => void; stderr: (s: string) => void };
const defaultOut: Out = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };

/** The running embedded server's URL from its postmaster.pid (line 4 is the port), if it is alive. */
function runningEmbeddedUrl(pgDir: string): string | null {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return Number.isInteger(port) && port > 0 ? `postgresql://driftwatch:driftwatch@127.0.0.1:${port}/postgres` : null;
}

async function openDatabase(env: NodeJS.ProcessEnv): Promise<{ url: string; embedded: EmbeddedDb | null }> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: null };
  const pgDir = path.join(path.resolve(projectRoot, env.DRIFTWATCH_DATA_DIR ?? ".data"), "postgres");
  if (!existsSync(path.join(pgDir, "PG_VERSION"))) throw new Error(`no DATABASE_URL and no embedded database in ${pgDir} (start Driftwatch once, or set DATABASE_URL)`);
  const running = runningEmbeddedUrl(pgDir);
  if (running) return { url: running, embedded: null };
  const embedded = await startEmbeddedPostgres({ dataDir: pgDir });
  return { url: embedded.url, embedded };
}

export function describeVerification(v: AuditVerification): string {
  if (v.ok) {
    const legacy = v.legacy ? ` (${v.legacy} earlier events predate the chain)` : "";
    return `audit log intact: ${v.checked} events verified${legacy}${v.head ? `; newest event ${v.head.id}, hash ${v.head.hash}` : ""}\n`;
  }
  const b = v.firstBreak!;
  return `audit log BROKEN at event ${b.id} (correlation id ${b.correlationId}): ${b.message}; ${v.checked} events before it verified\n`;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, out: Out = defaultOut): Promise<number> {
  const [command, ...rest] = argv;
  const flags = new Set(rest);
  if (command !== "verify" || [...flags].some((f) => f !== "--json")) {
    out.stderr(`driftwatch: ${command === undefined || command === "--help" ? "" : `unknown audit command ${[command, ...rest].join(" ")}\n`}${AUDIT_USAGE}\n`);
    return command === "--help" ? 0 : 2;
  }
  let db: { url: string; embedded: EmbeddedDb | null };
  try {
    db = await openDatabase(env);
    await checkServer(db.url);
  } catch (e) {
    out.stderr(`driftwatch: ${e instanceof Error ? e.message : String(e)}\n`);
    return 3;
  }
  const client = new pg.Client({ connectionString: db.url, types: utcTypes });
  try {
    await client.connect();
    const v = await verifyAuditChain(client);
    out.stdout(flags.has("--json") ? `${JSON.stringify(v)}\n` : describeVerification(v));
    return v.ok ? 0 : 1;
  } finally {
    await client.end().catch(() => {});
    await db.embedded?.stop();
  }
}
