import "server-only";
import type { PrismaClient, Prisma } from "@/lib/generated/prisma/client";
import { z } from "zod";
import { AppError } from "@/lib/server/errors";
import type { WorkloadListQuery } from "@/lib/schemas/workloads";
import { searchTerms, termTokenFilter } from "@/lib/server/data/search";

const select = {
  id: true, namespace: true, kind: true, name: true, status: true, driftSince: true, driftKinds: true, current: true,
  cluster: { select: { name: true, environment: true, lastSuccessAt: true, status: true } },
  states: { where: { to: null }, select: { from: true }, take: 1 },
} satisfies Prisma.WorkloadSelect;

export type WorkloadRow = Prisma.WorkloadGetPayload<{ select: typeof select }>;

// Prisma passes `contains`/`startsWith` into LIKE unescaped: `%` and `_` would match anything.
const literal = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

function where(q: WorkloadListQuery): Prisma.WorkloadWhereInput {
  return {
    deletedAt: null,
    ...(q.cluster ? { cluster: { name: q.cluster } } : {}),
    // A prefix in any case: "sho" and "SHOP" both mean shop.
    ...(q.namespace ? { namespace: { startsWith: literal(q.namespace), mode: "insensitive" } } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.drift === "any" ? { status: "drift" } : q.drift === "none" ? { driftKinds: { isEmpty: true } } : q.drift ? { driftKinds: { has: q.drift } } : {}),
    // The search box's words, by the search's own rules: the table lists what search finds.
    ...(q.q ? { AND: searchTerms(q.q).map((t) => ({ searchTokens: { some: termTokenFilter(t) } })) } : {}),
  };
}

// Keyset pagination: the cursor is the sort key of the last row served (status, namespace, name,
// id), so a page never repeats or skips a row when workloads appear or disappear between pages.
const cursorSchema = z.tuple([z.string(), z.string(), z.string(), z.number().int()]);
type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(row: { status: string; namespace: string; name: string; id: number }): string {
  return Buffer.from(JSON.stringify([row.status, row.namespace, row.name, row.id] satisfies Cursor)).toString("base64url");
}

export function decodeCursor(cursor: string): Cursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new AppError("BAD_REQUEST", "cursor must come from a previous response", { invalid: [{ field: "cursor", message: "not a cursor this server issued" }] });
  }
}

function after([status, namespace, name, id]: Cursor): Prisma.WorkloadWhereInput {
  return {
    OR: [
      { status: { gt: status } },
      { status, namespace: { gt: namespace } },
      { status, namespace, name: { gt: name } },
      { status, namespace, name, id: { gt: id } },
    ],
  };
}

/** One page of workloads (drifted first, then by namespace and name) plus the total, read together. */
export async function listWorkloads(db: PrismaClient, q: WorkloadListQuery) {
  const w = where(q);
  const page = q.cursor ? { AND: [w, after(decodeCursor(q.cursor))] } : w;
  const [rows, total] = await db.$transaction([
    db.workload.findMany({
      where: page,
      select,
      orderBy: [{ status: "asc" }, { namespace: "asc" }, { name: "asc" }, { id: "asc" }],
      take: q.limit + 1,
    }),
    db.workload.count({ where: w }),
  ]);
  const served = rows.slice(0, q.limit);
  const last = served[served.length - 1];
  return { rows: served, total, nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null };
}

export async function getWorkload(db: PrismaClient, key: { cluster: string; namespace: string; kind: string; name: string }) {
  return db.workload.findFirst({
    where: { cluster: { name: key.cluster }, namespace: key.namespace, kind: key.kind, name: key.name },
    select: { ...select, deletedAt: true, clusterId: true },
  });
}

/** The same namespace/kind/name in the other clusters (present ones only). */
export async function listNamesakes(db: PrismaClient, key: { clusterId: number; namespace: string; kind: string; name: string }) {
  return db.workload.findMany({
    where: { clusterId: { not: key.clusterId }, namespace: key.namespace, kind: key.kind, name: key.name, deletedAt: null },
    select,
    orderBy: { cluster: { name: "asc" } },
  });
}

export async function listWorkloadHistory(db: PrismaClient, opts: { workloadId: number; take: number }) {
  return db.workloadState.findMany({
    where: { workloadId: opts.workloadId },
    select: { from: true, to: true, status: true, containers: true, findings: true, changes: true },
    orderBy: { from: "desc" },
    take: opts.take,
  });
}

export async function listCurrentWorkloads(db: PrismaClient, opts: { clusterId?: number; environment?: string }) {
  return db.workload.findMany({
    where: {
      deletedAt: null,
      ...(opts.clusterId ? { clusterId: opts.clusterId } : {}),
      ...(opts.environment ? { cluster: { environment: opts.environment } } : {}),
    },
    select,
  });
}

export async function listTransitions(db: PrismaClient, opts: { since: Date; take: number }) {
  return db.workloadState.findMany({
    where: { isTransition: true, from: { gte: opts.since } },
    select: {
      id: true, from: true, changes: true, status: true,
      workload: { select: { namespace: true, kind: true, name: true, cluster: { select: { name: true, environment: true } } } },
    },
    orderBy: { from: "desc" },
    take: opts.take,
  });
}

/** Present workloads: total, drifting, and per drift kind (one count per workload per kind). */
export async function countByDriftKind(db: PrismaClient, opts: { cluster?: string }) {
  const cluster = opts.cluster ?? null;
  const [totals] = await db.$queryRaw<{ total: bigint; drift: bigint }[]>`
    SELECT count(*) AS total, count(*) FILTER (WHERE w."status" = 'drift') AS drift
    FROM "workload" w JOIN "cluster" c ON c."id" = w."clusterId"
    WHERE w."deletedAt" IS NULL AND (${cluster}::text IS NULL OR c."name" = ${cluster}::text)`;
  const kinds = await db.$queryRaw<{ kind: string; n: bigint }[]>`
    SELECT k AS kind, count(*) AS n
    FROM "workload" w JOIN "cluster" c ON c."id" = w."clusterId", unnest(w."driftKinds") AS k
    WHERE w."deletedAt" IS NULL AND (${cluster}::text IS NULL OR c."name" = ${cluster}::text)
    GROUP BY k`;
  return { total: Number(totals?.total ?? 0), drift: Number(totals?.drift ?? 0), byKind: Object.fromEntries(kinds.map((r) => [r.kind, Number(r.n)])) };
}
