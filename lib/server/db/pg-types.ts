import pg from "pg";

// Type parsers for Driftwatch's direct `pg` reads (exports, verify). Prisma stores DateTime as
// `timestamp(3)` without a zone, meaning UTC; node-postgres would read that as local time, so
// these parse it as UTC, as Prisma does. int8 stays a string (ids), jsonb is parsed.

const TIMESTAMP_OID = 1114;

/** "2026-12-01 10:00:00.123" (UTC by convention) → Date. */
const parseUtcTimestamp = (text: string) => new Date(`${text.replace(" ", "T")}Z`);

export const utcTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID && format !== "binary" ? parseUtcTimestamp : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

/** A pool or a client: whatever can run one query. */
export type Queryable = Pick<pg.Pool | pg.PoolClient | pg.Client, "query">;

/** Bound parameters for hand-built SQL: `p.add(value)` returns its placeholder (`$3`). */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  /** A UTC instant for a `timestamp` column, whatever offset the input was written with. */
  instant(iso: string): string {
    return `(${this.add(new Date(iso).toISOString())}::timestamptz AT TIME ZONE 'UTC')`;
  }
}
