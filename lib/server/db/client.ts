import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/server/env";

// One Prisma client per process (Next's dev server reloads modules; keep it on globalThis).
const g = globalThis as unknown as { driftwatchPrisma?: PrismaClient };

export function getDb(): PrismaClient {
  if (!g.driftwatchPrisma) {
    const adapter = new PrismaPg({ connectionString: getEnv().DATABASE_URL, connectionTimeoutMillis: 3000, max: 10 });
    g.driftwatchPrisma = new PrismaClient({ adapter });
  }
  return g.driftwatchPrisma;
}
