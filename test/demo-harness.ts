// For an integration `describe`: a fresh migrated database and the demo fleet wired to the real
// pipeline (lib/server/poller/test-harness), started before its tests and stopped after.
import { afterAll, beforeAll } from "vitest";
import { startHarness, type Harness } from "@/lib/server/poller/test-harness";
import { createTestDatabase } from "./db";

export function useDemoHarness(ready: (h: Harness, databaseUrl: string) => void | Promise<void>, opts: { readPullSecrets?: boolean; tickMs?: number } = {}) {
  let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let h: Harness | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    h = await startHarness({ databaseUrl: db.url, ...opts });
    await ready(h, db.url);
  });
  afterAll(async () => {
    await h?.stop();
    await db?.drop();
  });
}
