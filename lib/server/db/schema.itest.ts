// schema.prisma is the source of truth: the committed migrations must build exactly that schema.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { createTestDatabase } from "@/test/db";
import { migrate } from "./migrate";
import { migrationsDir, schemaPath } from "./paths";
import { expectedSchema, loadDmmf, readExpectedSchema } from "./schema-model";
import { introspect } from "./schema-introspect";
import { diffSchemas } from "./schema-diff";

async function shapeOf(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await introspect(client);
  } finally {
    await client.end();
  }
}

describe("migrations vs schema.prisma", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it("the migrated database has exactly the tables, columns, types, nullability, indexes and foreign keys of schema.prisma", async () => {
    const diff = diffSchemas(readExpectedSchema(schemaPath), await shapeOf(db.url));
    // On failure this lists each difference; fix it with `npm run db:new-migration -- <name>`.
    expect(diff.differences).toEqual([]);
    const tables = (await shapeOf(db.url)).tables.map((t) => t.name).sort();
    expect(tables).toEqual(["audit_event", "cluster", "index_manifest", "lease", "node", "poll", "registry_host", "tag_resolution", "workload", "workload_search_token", "workload_state"]);
  });

  it("a schema.prisma change without a migration is detected, and the generated SQL closes the gap", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "dw-schema-"));
    try {
      const changed = readFileSync(schemaPath, "utf8")
        .replace("  lastErrorCode String?\n", "  lastErrorCode String?\n  region        String    @default(\"eu\")\n  @@index([environment])\n")
        .replace("  holder      String\n", "  holder      String?\n");
      const file = path.join(dir, "schema.prisma");
      writeFileSync(file, changed);
      const want = expectedSchema(loadDmmf(file));
      const before = diffSchemas(want, await shapeOf(db.url));
      expect(before.differences).toEqual([
        "column cluster.region is missing",
        "column poll.holder is NOT NULL, schema.prisma says nullable",
        "index cluster_environment_idx on cluster(environment) is missing",
      ]);
      const scratch = await createTestDatabase();
      try {
        const client = new pg.Client({ connectionString: scratch.url });
        await client.connect();
        await client.query(before.statements.join("\n"));
        await client.end();
        expect(diffSchemas(want, await shapeOf(scratch.url)).differences).toEqual([]);
      } finally {
        await scratch.drop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("migration runner", () => {
  it("is idempotent, refuses edited migrations and rolls back a failing one", async () => {
    const db = await createTestDatabase({ migrate: false });
    const dir = mkdtempSync(path.join(tmpdir(), "dw-migrations-"));
    try {
      cpSync(migrationsDir, dir, { recursive: true });
      const first = await migrate(db.url, dir);
      expect(first.applied.length).toBeGreaterThan(0);
      expect((await migrate(db.url, dir)).applied).toEqual([]);

      writeFileSync(path.join(dir, first.applied[0]!, "migration.sql"), "-- edited\n", { flag: "a" });
      await expect(migrate(db.url, dir)).rejects.toThrow(/was changed after it was applied/);
      cpSync(migrationsDir, dir, { recursive: true });

      const bad = path.join(dir, "99990101000000_broken");
      cpSync(path.join(dir, first.applied[0]!), bad, { recursive: true });
      writeFileSync(path.join(bad, "migration.sql"), `CREATE TABLE "half_done" (id int);\nSELECT no_such_function();\n`);
      await expect(migrate(db.url, dir)).rejects.toThrow(/99990101000000_broken failed and was rolled back/);
      expect((await shapeOf(db.url)).tables.some((t) => t.name === "half_done")).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  });

  it("refuses to update or delete audit events", async () => {
    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO audit_event ("correlationId", phase, action, actor, cluster, namespace, kind, name) VALUES ('c1', 'intent', 'pin', 'ops', 'prod', 'shop', 'Deployment', 'api')`,
      );
      await expect(client.query(`UPDATE audit_event SET actor = 'mallory'`)).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
      expect((await client.query(`SELECT actor FROM audit_event`)).rows).toEqual([{ actor: "ops" }]);
    } finally {
      await client.end();
      await db.drop();
    }
  });
});
