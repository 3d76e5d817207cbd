// Integration tests get a Postgres server of their own: the one the test runner started
// (DRIFTWATCH_TEST_PG_URL), the server in DATABASE_URL (each test file then creates and drops
// its own database there, never touching existing ones), or a throwaway embedded one. A server
// that is not on loopback is refused unless DRIFTWATCH_TEST_ALLOW_REMOTE_DB=1.
import { rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/server/db/embedded";
import { checkServer } from "@/lib/server/db/databases";
import { assertTestDatabaseAllowed } from "@/lib/server/db/loopback-guard";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const variable = process.env.DRIFTWATCH_TEST_PG_URL ? "DRIFTWATCH_TEST_PG_URL" : process.env.DATABASE_URL ? "DATABASE_URL" : undefined;
  const given = variable && process.env[variable];
  if (given) {
    // Each test file creates and drops databases there: never on a shared server by accident.
    assertTestDatabaseAllowed(given, variable);
    await checkServer(given);
    project.provide("pgAdminUrl", given);
    return;
  }
  const dataDir = path.join(process.cwd(), ".test-data", `vitest-pg-${process.pid}`);
  const db = await startEmbeddedPostgres({ dataDir, log: (l) => console.log(l) });
  project.provide("pgAdminUrl", db.url);
  return async () => {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
