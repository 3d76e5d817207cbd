import "server-only";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { TagResolution } from "@/lib/drift/observation";
import { boundText } from "@/lib/server/data/stored-text";

// Tag resolutions as intervals: a new row only when a reference starts resolving to something
// else (another digest, or an error such as MANIFEST_UNKNOWN). That row is "the tag moved at 14:02".

const outcome = (r: TagResolution) => (r.status === "ok" ? `ok:${r.digest}` : `error:${r.code}`);

/** Held while reading and writing open intervals: clusters polled at once share references. */
const TAG_RESOLUTION_LOCK = 0x64777461; // "dwta"

export async function recordTagResolutions(db: PrismaClient, opts: { resolutions: TagResolution[]; now: Date }): Promise<number> {
  if (opts.resolutions.length === 0) return 0;
  // Two clusters (or two replicas) recording the same moved tag at once must write one move,
  // not two: read-compare-write runs under a transaction-scoped advisory lock.
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${TAG_RESOLUTION_LOCK})`;
    return recordLocked(tx, opts);
  });
}

async function recordLocked(db: Prisma.TransactionClient, opts: { resolutions: TagResolution[]; now: Date }): Promise<number> {
  const refs = opts.resolutions.map((r) => r.reference);
  const open = await db.tagResolution.findMany({
    where: { reference: { in: refs }, to: null },
    select: { id: true, reference: true, digest: true, errorCode: true },
  });
  const current = new Map(open.map((o) => [o.reference, o]));
  const changed = opts.resolutions.filter((r) => {
    const o = current.get(r.reference);
    return !o || (o.digest ? `ok:${o.digest}` : `error:${o.errorCode}`) !== outcome(r);
  });
  if (changed.length === 0) return 0;
  // A transient registry failure is not a move: keep the last known digest open, record nothing.
  const transient = new Set(["UNREACHABLE", "TOO_MANY_REQUESTS", "UNAUTHORIZED", "DENIED", "INVALID_RESPONSE"]);
  const toWrite = changed.filter((r) => r.status === "ok" || !transient.has(r.code) || !current.get(r.reference));
  if (toWrite.length === 0) return 0;
  await db.tagResolution.updateMany({
    where: { id: { in: toWrite.map((r) => current.get(r.reference)?.id).filter((id): id is bigint => id !== undefined) } },
    data: { to: opts.now },
  });
  await db.tagResolution.createMany({
    data: toWrite.map((r) => ({
      reference: r.reference,
      from: opts.now,
      lastCheckedAt: new Date(r.checkedAt),
      previousDigest: current.get(r.reference)?.digest ?? null,
      ...(r.status === "ok"
        ? { digest: r.digest, mediaType: r.mediaType, platforms: r.platforms }
        : { errorCode: r.code, errorMessage: boundText(r.message) }),
    })),
  });
  return toWrite.length + open.filter((o) => toWrite.some((r) => r.reference === o.reference)).length;
}

export async function getCurrentTagResolutions(db: PrismaClient, references: string[]) {
  return db.tagResolution.findMany({
    where: { reference: { in: references }, to: null },
    select: { reference: true, digest: true, mediaType: true, platforms: true, errorCode: true, errorMessage: true, from: true, lastCheckedAt: true },
  });
}

/**
 * Tag moves and lost tags. A lost tag is a registry saying the manifest or repository is not
 * there; a registry we could not ask (401, 429, 5xx …) says nothing about the tag.
 */
export async function listTagMoves(db: PrismaClient, opts: { since: Date; take: number }) {
  return db.tagResolution.findMany({
    where: { from: { gte: opts.since }, OR: [{ previousDigest: { not: null }, digest: { not: null } }, { errorCode: { in: ["MANIFEST_UNKNOWN", "NAME_UNKNOWN"] } }] },
    select: { id: true, reference: true, digest: true, previousDigest: true, errorCode: true, errorMessage: true, from: true },
    orderBy: { from: "desc" },
    take: opts.take,
  });
}
