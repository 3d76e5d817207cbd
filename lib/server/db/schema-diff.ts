// Compares the schema.prisma shape with a database and renders the SQL that closes the gap,
// in Prisma Migrate's style. Covers tables, columns (type, nullability), indexes and foreign
// keys — what `npm run db:new-migration` and the consistency test need.
import type { Column, DbSchema, ForeignKey, Index, Table } from "./schema-model";

export type SchemaDiff = { differences: string[]; statements: string[] };

const q = (name: string) => `"${name}"`;
const colList = (cols: string[]) =>
  cols.map((c) => (c.endsWith(" DESC") ? `${q(c.slice(0, -5))} DESC` : q(c))).join(", ");

function columnSql(c: Column, isSerialPk: boolean): string {
  if (isSerialPk) return `${q(c.name)} ${c.type === "bigint" ? "BIGSERIAL" : "SERIAL"} NOT NULL`;
  const type = c.type.replace("timestamp(3) without time zone", "TIMESTAMP(3)").toUpperCase();
  return `${q(c.name)} ${type}${c.nullable ? "" : " NOT NULL"}${c.default ? ` DEFAULT ${c.default}` : ""}`;
}

function createTableSql(t: Table, pk: Index | undefined): string {
  const serial = (c: Column) => !!pk && pk.columns.length === 1 && pk.columns[0] === c.name && c.default === undefined && (c.type === "integer" || c.type === "bigint");
  const lines = t.columns.map((c) => `    ${columnSql(c, serial(c))}`);
  if (pk) lines.push(`    CONSTRAINT ${q(pk.name)} PRIMARY KEY (${colList(pk.columns)})`);
  return `-- CreateTable\nCREATE TABLE ${q(t.name)} (\n${lines.join(",\n")}\n);`;
}

const indexSql = (ix: Index) =>
  `-- CreateIndex\nCREATE ${ix.unique ? "UNIQUE " : ""}INDEX ${q(ix.name)} ON ${q(ix.table)}(${colList(ix.columns)});`;
const fkSql = (fk: ForeignKey) =>
  `-- AddForeignKey\nALTER TABLE ${q(fk.table)} ADD CONSTRAINT ${q(fk.name)} FOREIGN KEY (${colList(fk.columns)}) REFERENCES ${q(fk.refTable)}(${colList(fk.refColumns)}) ON DELETE ${fk.onDelete} ON UPDATE CASCADE;`;
const sameIndex = (a: Index, b: Index) =>
  a.table === b.table && a.unique === b.unique && a.primary === b.primary && a.columns.join() === b.columns.join();
const sameFk = (a: ForeignKey, b: ForeignKey) =>
  a.table === b.table && a.refTable === b.refTable && a.columns.join() === b.columns.join() &&
  a.refColumns.join() === b.refColumns.join() && a.onDelete === b.onDelete;

function diffColumns(want: Table, have: Table, out: SchemaDiff) {
  for (const c of want.columns) {
    const h = have.columns.find((x) => x.name === c.name);
    if (!h) {
      out.differences.push(`column ${want.name}.${c.name} is missing`);
      out.statements.push(`-- AlterTable\nALTER TABLE ${q(want.name)} ADD COLUMN ${columnSql(c, false)};`);
      continue;
    }
    if (h.type !== c.type) {
      out.differences.push(`column ${want.name}.${c.name} has type ${h.type}, schema.prisma says ${c.type}`);
      out.statements.push(`-- AlterTable\nALTER TABLE ${q(want.name)} ALTER COLUMN ${q(c.name)} SET DATA TYPE ${c.type.toUpperCase()};`);
    }
    if (h.nullable !== c.nullable) {
      out.differences.push(`column ${want.name}.${c.name} is ${h.nullable ? "nullable" : "NOT NULL"}, schema.prisma says ${c.nullable ? "nullable" : "NOT NULL"}`);
      out.statements.push(`-- AlterTable\nALTER TABLE ${q(want.name)} ALTER COLUMN ${q(c.name)} ${c.nullable ? "DROP" : "SET"} NOT NULL;`);
    }
  }
  for (const h of have.columns) {
    if (!want.columns.some((c) => c.name === h.name)) {
      out.differences.push(`column ${want.name}.${h.name} is not in schema.prisma`);
      out.statements.push(`-- AlterTable\nALTER TABLE ${q(want.name)} DROP COLUMN ${q(h.name)};`);
    }
  }
}

export function diffSchemas(want: DbSchema, have: DbSchema): SchemaDiff {
  const out: SchemaDiff = { differences: [], statements: [] };
  const haveTables = new Map(have.tables.map((t) => [t.name, t]));
  for (const t of want.tables) {
    const h = haveTables.get(t.name);
    if (!h) {
      out.differences.push(`table ${t.name} is missing`);
      out.statements.push(createTableSql(t, want.indexes.find((i) => i.primary && i.table === t.name)));
    } else diffColumns(t, h, out);
  }
  for (const h of have.tables) {
    if (!want.tables.some((t) => t.name === h.name)) {
      out.differences.push(`table ${h.name} is not in schema.prisma`);
      out.statements.push(`-- DropTable\nDROP TABLE ${q(h.name)};`);
    }
  }
  for (const ix of want.indexes) {
    if (have.indexes.some((h) => sameIndex(h, ix))) continue;
    out.differences.push(`index ${ix.name} on ${ix.table}(${ix.columns.join(", ")}) is missing`);
    if (!ix.primary || haveTables.has(ix.table)) {
      out.statements.push(ix.primary ? `ALTER TABLE ${q(ix.table)} ADD CONSTRAINT ${q(ix.name)} PRIMARY KEY (${colList(ix.columns)});` : indexSql(ix));
    }
  }
  for (const h of have.indexes) {
    if (want.indexes.some((ix) => sameIndex(h, ix)) || !want.tables.some((t) => t.name === h.table)) continue;
    out.differences.push(`index ${h.name} on ${h.table}(${h.columns.join(", ")}) is not in schema.prisma`);
    out.statements.push(`-- DropIndex\nDROP INDEX ${q(h.name)};`);
  }
  for (const fk of want.foreignKeys) {
    if (have.foreignKeys.some((h) => sameFk(h, fk))) continue;
    out.differences.push(`foreign key ${fk.name} (${fk.table} → ${fk.refTable}, on delete ${fk.onDelete}) is missing`);
    out.statements.push(fkSql(fk));
  }
  for (const h of have.foreignKeys) {
    if (want.foreignKeys.some((fk) => sameFk(h, fk)) || !want.tables.some((t) => t.name === h.table)) continue;
    out.differences.push(`foreign key ${h.name} on ${h.table} is not in schema.prisma`);
    out.statements.push(`-- DropForeignKey\nALTER TABLE ${q(h.table)} DROP CONSTRAINT ${q(h.name)};`);
  }
  return out;
}
