// A fresh, migrated database per test file on the test Postgres server.
import { inject } from "vitest";
import { createScratchDatabase } from "@/lib/server/db/databases";
import { migrate } from "@/lib/server/db/migrate";
import { migrationsDir } from "@/lib/server/db/paths";

export async function createTestDatabase(opts: { migrate?: boolean } = {}) {
  const db = await createScratchDatabase(inject("pgAdminUrl"), "dw_test");
  if (opts.migrate !== false) await migrate(db.url, migrationsDir);
  return db;
}
