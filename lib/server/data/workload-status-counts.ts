import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** Live workloads grouped by stored status and whether they carry an `unverifiable` finding. */
export async function countStatusGroups(db: PrismaClient, opts: { cluster?: string }) {
  const cluster = opts.cluster ?? null;
  const rows = await db.$queryRaw<{ status: string; unverifiable: boolean; n: bigint }[]>`
    SELECT w."status" AS status, ('unverifiable' = ANY(w."driftKinds")) AS unverifiable, count(*) AS n
    FROM "workload" w JOIN "cluster" c ON c."id" = w."clusterId"
    WHERE w."deletedAt" IS NULL AND (${cluster}::text IS NULL OR c."name" = ${cluster}::text)
    GROUP BY 1, 2`;
  return rows.map((r) => ({ status: r.status, isUnverifiable: r.unverifiable, count: Number(r.n) }));
}
