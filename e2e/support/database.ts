// The e2e server's database: E2E_DATABASE_URL, else the embedded one the web server started in
// <data folder>/postgres (its port is in postmaster.pid). Specs read it directly to check what
// the UI and the exports show against what is stored.
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

// `timestamp without time zone` holds UTC: read it as such, whatever this machine's zone.
pg.types.setTypeParser(1114, (s: string) => new Date(`${s.replace(" ", "T")}Z`));

/** dataDir: the server's DRIFTWATCH_DATA_DIR (playwright.config.ts: .test-data/e2e). */
export function e2eDatabaseUrl(dataDir = ".test-data/e2e"): string {
  if (process.env.E2E_DATABASE_URL) return process.env.E2E_DATABASE_URL;
  const lines = readFileSync(path.resolve(dataDir, "postgres/postmaster.pid"), "utf8").split("\n");
  return `postgresql://driftwatch:driftwatch@127.0.0.1:${Number(lines[3])}/postgres`;
}

export async function queryDb<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}
