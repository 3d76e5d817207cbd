// The e2e server's database: E2E_DATABASE_URL, else the embedded one the web server started in
// .test-data/e2e/postgres (its port is in postmaster.pid).
import { readFileSync } from "node:fs";
import path from "node:path";

export function e2eDatabaseUrl(): string {
  if (process.env.E2E_DATABASE_URL) return process.env.E2E_DATABASE_URL;
  const lines = readFileSync(path.resolve(".test-data/e2e/postgres/postmaster.pid"), "utf8").split("\n");
  return `postgresql://driftwatch:driftwatch@127.0.0.1:${Number(lines[3])}/postgres`;
}
