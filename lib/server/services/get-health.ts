import "server-only";
import { getDb } from "@/lib/server/db/client";
import { version } from "@/lib/server/version";

export type Health = { status: "ok" | "degraded"; db: "up" | "down"; version: string; error?: string };

/** Is the database answering? A short timeout keeps the health check itself healthy. */
export async function getHealth(): Promise<Health> {
  try {
    await Promise.race([
      getDb().$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error("database did not answer within 3 s")), 3000)),
    ]);
    return { status: "ok", db: "up", version };
  } catch (e) {
    return { status: "degraded", db: "down", version, error: e instanceof Error ? e.message.split("\n")[0] : String(e) };
  }
}
