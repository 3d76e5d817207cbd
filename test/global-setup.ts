// Integration tests get a Postgres server of their own: the one the test runner started
// (DRIFTWATCH_TEST_PG_URL), the server in DATABASE_URL (each test file then creates and drops
// its own database there, never touching existing ones), or a throwaway embedded one.
import { rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/server/db/embedded";
import { checkServer } from "@/lib/server/db/databases";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const given = process.env.DRIFTWATCH_TEST_PG_URL ?? process.env.DATABASE_URL;
  if (given) {
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
