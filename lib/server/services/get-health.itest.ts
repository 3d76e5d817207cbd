// /api/health's service against a real embedded PostgreSQL that goes away under it and comes
// back: "down" with the reason in words (it used to be ""), then "up" again with no restart.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedDb } from "@/lib/server/db/embedded";
import { findFreePort } from "@/lib/server/db/ports";
import { getHealth, type Health } from "./get-health";

const root = mkdtempSync(path.join(process.cwd(), ".test-data", "health-"));
chmodSync(root, 0o755); // as root, the postgres user must be able to enter it
let db: EmbeddedDb | undefined;
afterAll(async () => {
  await db?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Asks until the answer's db field is `want` (a few seconds at most); returns every answer seen. */
async function healthUntil(want: Health["db"]): Promise<Health[]> {
  const seen: Health[] = [];
  for (let i = 0; i < 50; i++) {
    const h = await getHealth();
    seen.push(h);
    if (h.db === want) return seen;
    await new Promise((r) => setTimeout(r, 200));
  }
  return seen;
}

describe("getHealth", () => {
  it("says why the database is down, and recovers when it is back", async () => {
    const dataDir = path.join(root, "pg");
    const port = await findFreePort();
    db = await startEmbeddedPostgres({ dataDir, port });
    process.env.DATABASE_URL = db.url;
    const { version } = await import("@/lib/server/version");

    expect(await getHealth()).toEqual({ status: "ok", db: "up", version });

    await db.stop();
    const down = await healthUntil("down");
    expect(down.at(-1)).toEqual({ status: "degraded", db: "down", version, error: `cannot reach PostgreSQL at 127.0.0.1:${port}` });
    // Asked again, it stays down with the same reason.
    expect(await getHealth()).toEqual({ status: "degraded", db: "down", version, error: `cannot reach PostgreSQL at 127.0.0.1:${port}` });

    db = await startEmbeddedPostgres({ dataDir, port });
    const up = await healthUntil("up");
    expect(up.at(-1)).toEqual({ status: "ok", db: "up", version });
  });
});
