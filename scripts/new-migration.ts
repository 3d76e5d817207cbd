// `npm run db:new-migration -- <name>`: applies the committed migrations to a scratch database,
// compares it with prisma/schema.prisma and writes the SQL that closes the gap as a new
// prisma/migrations/<timestamp>_<name>/migration.sql. Review the file before committing it
// (renames look like drop + add; data backfills are yours to write).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/server/db/embedded";
import { createScratchDatabase } from "../lib/server/db/databases";
import { migrate } from "../lib/server/db/migrate";
import { migrationsDir, projectRoot, schemaPath } from "../lib/server/db/paths";
import { readExpectedSchema } from "../lib/server/db/schema-model";
import { introspect } from "../lib/server/db/schema-introspect";
import { diffSchemas } from "../lib/server/db/schema-diff";

const name = (() => {
  try {
    const { positionals } = parseArgs({ options: {}, allowPositionals: true, strict: true });
    return positionals.length === 1 ? positionals[0] : undefined;
  } catch {
    return undefined;
  }
})();
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- <snake_case_name>");
  process.exit(2);
}

const dataDir = path.join(projectRoot, ".test-data", `new-migration-${process.pid}`);
const server = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir });
const scratch = await createScratchDatabase(process.env.DATABASE_URL ?? server!.url, "dw_new_migration");
try {
  await migrate(scratch.url, migrationsDir);
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  const diff = diffSchemas(readExpectedSchema(schemaPath), await introspect(client));
  await client.end();
  if (diff.statements.length === 0) {
    console.log("schema.prisma and the migrations agree: nothing to write");
  } else {
    const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
    const dir = path.join(migrationsDir, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), diff.statements.join("\n\n") + "\n");
    console.log(`wrote ${path.relative(projectRoot, dir)}/migration.sql:\n  - ${diff.differences.join("\n  - ")}`);
  }
} finally {
  await scratch.drop();
  if (server) {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
