// Reads the actual shape of a Postgres database's public schema, in the same terms as schema-model.
import type pg from "pg";
import type { DbSchema, Table } from "./schema-model";

const IGNORED = new Set(["_prisma_migrations"]);

export async function introspect(client: pg.Client | pg.Pool): Promise<DbSchema> {
  const cols = await client.query<{ table: string; name: string; type: string; nullable: boolean; default: string | null }>(`
    SELECT c.relname::text AS table, a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type,
           NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`);
  const tables = new Map<string, Table>();
  for (const r of cols.rows) {
    if (IGNORED.has(r.table)) continue;
    const t = tables.get(r.table) ?? { name: r.table, columns: [] };
    t.columns.push({ name: r.name, type: r.type, nullable: r.nullable, default: r.default ?? undefined });
    tables.set(r.table, t);
  }
  const idx = await client.query<{ name: string; table: string; unique: boolean; primary: boolean; columns: string[] }>(`
    SELECT i.relname::text AS name, t.relname::text AS table, ix.indisunique AS unique, ix.indisprimary AS primary,
      ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k + 1, true) || CASE WHEN (ix.indoption[k] & 1) = 1 THEN ' DESC' ELSE '' END
            FROM generate_series(0, ix.indnkeyatts - 1) AS k ORDER BY k) AS columns
    FROM pg_index ix
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
    ORDER BY t.relname, i.relname`);
  const fks = await client.query<{ name: string; table: string; columns: string[]; refTable: string; refColumns: string[]; action: string }>(`
    SELECT con.conname::text AS name, t.relname::text AS table, rt.relname::text AS "refTable", con.confdeltype AS action,
      ARRAY(SELECT attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute ON attrelid = con.conrelid AND attnum = k.n ORDER BY o) AS columns,
      ARRAY(SELECT attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute ON attrelid = con.confrelid AND attnum = k.n ORDER BY o) AS "refColumns"
    FROM pg_constraint con
    JOIN pg_class t ON t.oid = con.conrelid
    JOIN pg_class rt ON rt.oid = con.confrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
    WHERE con.contype = 'f'`);
  const actions: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };
  return {
    tables: [...tables.values()],
    indexes: idx.rows
      .filter((r) => !IGNORED.has(r.table))
      .map((r) => ({ ...r, columns: r.columns.map((c) => c.replace(/"/g, "")) })),
    foreignKeys: fks.rows.map((r) => ({
      name: r.name, table: r.table, columns: r.columns, refTable: r.refTable, refColumns: r.refColumns,
      onDelete: actions[r.action] ?? r.action,
    })),
  };
}
