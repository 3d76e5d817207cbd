import "server-only";
import { migrate } from "@/lib/server/db/migrate";
import { migrationsDir } from "@/lib/server/db/paths";
import { getEnv } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";

const g = globalThis as unknown as { driftwatchStarted?: boolean };

/** Apply pending migrations, then start background work; guarded against double start. */
export async function startBackground() {
  if (g.driftwatchStarted) return;
  g.driftwatchStarted = true;
  const env = getEnv();
  try {
    const res = await migrate(env.DATABASE_URL, migrationsDir, (l) => logger.info(l));
    if (res.applied.length) logger.info("migrations applied", { applied: res.applied });
  } catch (e) {
    // The app still serves: /api/health reports the database state and pages show the error.
    logger.error("could not apply migrations", { error: e instanceof Error ? e.message : String(e) });
  }
  try {
    const { startRuntime } = await import("@/lib/server/poller/runtime");
    await startRuntime();
  } catch (e) {
    logger.error("could not start polling", { error: e instanceof Error ? e.stack ?? e.message : String(e) });
  }
}
