// The database shape that schema.prisma describes, derived from Prisma's own DMMF (via the
// offline WebAssembly schema parser), following Prisma Migrate's naming and type conventions.
import { readFileSync } from "node:fs";
import { get_dmmf } from "@prisma/prisma-schema-wasm";

export type Column = { name: string; type: string; nullable: boolean; default?: string };
export type Table = { name: string; columns: Column[] };
export type Index = { name: string; table: string; columns: string[]; unique: boolean; primary: boolean };
export type ForeignKey = { name: string; table: string; columns: string[]; refTable: string; refColumns: string[]; onDelete: string };
export type DbSchema = { tables: Table[]; indexes: Index[]; foreignKeys: ForeignKey[] };

type DmmfField = {
  name: string; dbName?: string | null; kind: string; type: string; isList: boolean; isRequired: boolean;
  nativeType?: [string, string[]] | null; default?: unknown; relationFromFields?: string[]; relationToFields?: string[];
  relationOnDelete?: string;
};
type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[] };
type DmmfIndex = { model: string; type: "id" | "unique" | "normal" | "fulltext"; dbName?: string | null; fields: { name: string; sortOrder?: "asc" | "desc" }[] };
type Dmmf = { datamodel: { models: DmmfModel[]; indexes: DmmfIndex[] } };

// Postgres' own spelling (format_type) of Prisma's default column types.
const PG_TYPES: Record<string, string> = {
  String: "text", Int: "integer", BigInt: "bigint", DateTime: "timestamp(3) without time zone", Json: "jsonb",
  Boolean: "boolean", Float: "double precision", Decimal: "numeric(65,30)", Bytes: "bytea",
};

export function loadDmmf(schemaPath: string): Dmmf {
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message: (m: string) => void } };
  let panic = "";
  g.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (m) => (panic = m) };
  const content = readFileSync(schemaPath, "utf8");
  try {
    return JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", content]] }))) as Dmmf;
  } catch (e) {
    throw new Error(`cannot read ${schemaPath}: ${panic || (e instanceof Error ? e.message : String(e))}`);
  }
}

function sqlDefault(f: DmmfField, type: string): string | undefined {
  const d = f.default as { name?: string } | string | number | boolean | unknown[] | undefined;
  if (d === undefined || d === null) return undefined;
  if (Array.isArray(d)) return d.length === 0 ? `ARRAY[]::${type.toUpperCase()}` : undefined;
  if (typeof d === "object") return d.name === "now" ? "CURRENT_TIMESTAMP" : undefined; // autoincrement → SERIAL
  if (typeof d === "string") return `'${d.replace(/'/g, "''")}'`;
  return String(d);
}

export function expectedSchema(dmmf: Dmmf): DbSchema {
  const models = new Map(dmmf.datamodel.models.map((m) => [m.name, m]));
  const tableOf = (model: string) => models.get(model)?.dbName ?? model;
  const columnOf = (model: string, field: string) =>
    models.get(model)?.fields.find((f) => f.name === field)?.dbName ?? field;

  const tables: Table[] = dmmf.datamodel.models.map((m) => ({
    name: tableOf(m.name),
    columns: m.fields
      .filter((f) => f.kind === "scalar" || f.kind === "enum")
      .map((f) => {
        const base = PG_TYPES[f.type];
        if (!base) throw new Error(`${m.name}.${f.name}: type ${f.type} is not supported by the migration tooling`);
        const type = f.isList ? `${base}[]` : base;
        // Prisma Migrate leaves list columns nullable.
        return { name: f.dbName ?? f.name, type, nullable: f.isList || !f.isRequired, default: sqlDefault(f, type) };
      }),
  }));

  const indexes: Index[] = dmmf.datamodel.indexes
    .filter((ix) => ix.type !== "fulltext")
    .map((ix) => {
      const table = tableOf(ix.model);
      const cols = ix.fields.map((c) => columnOf(ix.model, c.name));
      const suffix = ix.type === "id" ? "pkey" : ix.type === "unique" ? "key" : "idx";
      return {
        name: ix.dbName ?? (ix.type === "id" ? `${table}_pkey` : `${table}_${cols.join("_")}_${suffix}`),
        table,
        columns: ix.fields.map((c, i) => `${cols[i]}${c.sortOrder === "desc" ? " DESC" : ""}`),
        unique: ix.type !== "normal",
        primary: ix.type === "id",
      };
    });

  const foreignKeys: ForeignKey[] = dmmf.datamodel.models.flatMap((m) =>
    m.fields
      .filter((f) => f.kind === "object" && (f.relationFromFields?.length ?? 0) > 0)
      .map((f) => {
        const table = tableOf(m.name);
        const columns = (f.relationFromFields ?? []).map((c) => columnOf(m.name, c));
        return {
          name: `${table}_${columns.join("_")}_fkey`,
          table,
          columns,
          refTable: tableOf(f.type),
          refColumns: (f.relationToFields ?? []).map((c) => columnOf(f.type, c)),
          onDelete: (f.relationOnDelete ?? (f.isRequired ? "Restrict" : "SetNull")).toUpperCase().replace("SETNULL", "SET NULL").replace("NOACTION", "NO ACTION").replace("SETDEFAULT", "SET DEFAULT"),
        };
      }),
  );
  return { tables, indexes, foreignKeys };
}

export function readExpectedSchema(schemaPath: string): DbSchema {
  return expectedSchema(loadDmmf(schemaPath));
}
