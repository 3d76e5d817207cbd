import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { IndexMap } from "@/lib/drift/releases";
import type { PlatformManifest } from "@/lib/drift/observation";

// Index digest → platform manifests. Index contents never change, so rows are only ever added.

export async function loadIndexes(db: PrismaClient): Promise<IndexMap> {
  const rows = await db.indexManifest.findMany({ select: { digest: true, platforms: true } });
  return Object.fromEntries(rows.map((r) => [r.digest, r.platforms as PlatformManifest[]]));
}

export async function saveIndexes(db: PrismaClient, indexes: IndexMap): Promise<number> {
  const data = Object.entries(indexes).map(([digest, platforms]) => ({ digest, mediaType: "index", platforms }));
  if (data.length === 0) return 0;
  const res = await db.indexManifest.createMany({ data, skipDuplicates: true });
  return res.count;
}

/** The cached listings of just these digests (the ones a page compares), not the whole cache. */
export async function loadIndexesFor(db: PrismaClient, digests: string[]): Promise<IndexMap> {
  if (digests.length === 0) return {};
  const rows = await db.indexManifest.findMany({ where: { digest: { in: [...new Set(digests)] } }, select: { digest: true, platforms: true } });
  return Object.fromEntries(rows.map((r) => [r.digest, r.platforms as PlatformManifest[]]));
}
