import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { boundOptionalText } from "@/lib/server/data/stored-text";

// Registry host health, one row per host: overwritten with what the replica that polled last saw;
// request and error counts are added up across replicas.

export type RegistryHostInput = {
  host: string;
  status: string;
  lastSuccessAt: Date | null;
  lastError: { code: string; message: string; at: Date } | null;
  failingSince: Date | null;
  retryUntil: Date | null;
};

export async function saveRegistryHosts(
  db: PrismaClient,
  opts: { hosts: RegistryHostInput[]; counts: Map<string, { requests: number; errors: number }>; now: Date },
): Promise<number> {
  if (opts.hosts.length === 0) return 0;
  await db.$transaction(
    opts.hosts.map((h) => {
      const counts = opts.counts.get(h.host) ?? { requests: 0, errors: 0 };
      const fields = {
        status: h.status,
        lastSuccessAt: h.lastSuccessAt,
        lastErrorAt: h.lastError?.at ?? null,
        lastErrorCode: h.lastError?.code ?? null,
        lastErrorMessage: boundOptionalText(h.lastError?.message),
        failingSince: h.failingSince,
        retryUntil: h.retryUntil,
        updatedAt: opts.now,
      };
      return db.registryHost.upsert({
        where: { host: h.host },
        create: { host: h.host, ...fields, requests: counts.requests, errors: counts.errors },
        update: { ...fields, requests: { increment: counts.requests }, errors: { increment: counts.errors } },
      });
    }),
  );
  return opts.hosts.length;
}

export async function listRegistryHosts(db: PrismaClient) {
  return db.registryHost.findMany({
    select: {
      host: true, status: true, lastSuccessAt: true, lastErrorAt: true, lastErrorCode: true, lastErrorMessage: true,
      failingSince: true, retryUntil: true, requests: true, errors: true, updatedAt: true,
    },
    orderBy: { host: "asc" },
  });
}
