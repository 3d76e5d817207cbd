import "server-only";
import { getDb } from "@/lib/server/db/client";
import { describeDbError } from "@/lib/server/db/describe-error";
import { version } from "@/lib/server/version";

export type Health = { status: "ok" | "degraded"; db: "up" | "down"; version: string; error?: string };

/** Is the database answering? A short timeout keeps the health check itself healthy. */
export async function getHealth(): Promise<Health> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      getDb().$queryRaw`SELECT 1`,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("database did not answer within 3 s")), 3000))),
    ]);
    return { status: "ok", db: "up", version };
  } catch (e) {
    // The reason in words (Prisma puts a blank line first; the old first-line cut gave "").
    return { status: "degraded", db: "down", version, error: describeDbError(e) };
  } finally {
    clearTimeout(timer);
  }
}
