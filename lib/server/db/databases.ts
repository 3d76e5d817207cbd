// Create / drop whole databases on a Postgres server (tests, migration tooling).
import { randomBytes } from "node:crypto";
import pg from "pg";

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Connect once to prove the server answers; throws an error that names the server. */
export async function checkServer(url: string, timeoutMs = 5000): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (e) {
    const u = new URL(url);
    const why = e instanceof Error ? e.message || (e as NodeJS.ErrnoException).code || e.name : String(e);
    throw new Error(`cannot reach PostgreSQL at ${u.hostname}:${u.port || 5432} (${why})`);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
