import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";

// A lease row per cluster: the holder may poll it until `expiresAt`. Taking a lease succeeds when
// it is free, expired, or already ours — one atomic statement, so two replicas cannot both win.

export async function tryAcquireLease(db: PrismaClient, opts: { name: string; holder: string; ttlMs: number }): Promise<boolean> {
  const rows = await db.$queryRaw<{ holder: string }[]>`
    INSERT INTO "lease" ("name", "holder", "expiresAt", "renewedAt")
    VALUES (${opts.name}, ${opts.holder}, now() + make_interval(secs => ${opts.ttlMs / 1000}), now())
    ON CONFLICT ("name") DO UPDATE
      SET "holder" = EXCLUDED."holder", "expiresAt" = EXCLUDED."expiresAt", "renewedAt" = now()
      WHERE "lease"."holder" = EXCLUDED."holder" OR "lease"."expiresAt" < now()
    RETURNING "holder"`;
  return rows.length === 1 && rows[0]!.holder === opts.holder;
}

export async function releaseLease(db: PrismaClient, opts: { name: string; holder: string }): Promise<void> {
  await db.$executeRaw`DELETE FROM "lease" WHERE "name" = ${opts.name} AND "holder" = ${opts.holder}`;
}

export async function listLeases(db: PrismaClient) {
  return db.lease.findMany({ select: { name: true, holder: true, expiresAt: true }, orderBy: { name: "asc" } });
}
