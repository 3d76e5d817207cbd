import "server-only";
import pg from "pg";
import { utcTypes } from "@/lib/server/db/pg-types";
import { getEnv } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";

// A small node-postgres pool beside the Prisma client, for the streamed reads (audit and release
// exports, chain verification): rows come as plain objects in batches, without Prisma's query
// engine in memory, so an export's memory stays one batch. Same DATABASE_URL as Prisma.
const g = globalThis as unknown as { driftwatchPgPool?: pg.Pool };

export function getPgPool(): pg.Pool {
  if (!g.driftwatchPgPool) {
    const pool = new pg.Pool({ connectionString: getEnv().DATABASE_URL, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30_000, max: 4, types: utcTypes });
    // An idle connection that drops (database restarted) must not take the process with it.
    pool.on("error", (e) => logger.warn("postgres pool connection failed", { error: e.message }));
    g.driftwatchPgPool = pool;
  }
  return g.driftwatchPgPool;
}
