import "server-only";
import { getDb } from "@/lib/server/db/client";
import { listRegistryHosts } from "@/lib/server/data/registry-hosts";
import { REGISTRY_STATUSES, type RegistryHostDto, type RegistryListDto } from "@/lib/schemas/registries";

const isStatus = (s: string): s is RegistryHostDto["status"] => (REGISTRY_STATUSES as readonly string[]).includes(s);

/** A host no poll has recorded for this long is no longer asked (its images are gone): not listed. */
const UNUSED_AFTER_MS = 60 * 60_000;

export async function listRegistries(now = new Date()): Promise<RegistryListDto> {
  const rows = await listRegistryHosts(getDb());
  return {
    items: rows.filter((r) => now.getTime() - r.updatedAt.getTime() < UNUSED_AFTER_MS).map((r) => ({
      host: r.host,
      // A status written by a newer version that this one does not know reads as unavailable.
      status: isStatus(r.status) ? r.status : "unavailable",
      lastSuccessAt: r.lastSuccessAt?.toISOString() ?? null,
      lastError: r.lastErrorAt && r.lastErrorCode ? { code: r.lastErrorCode, message: r.lastErrorMessage ?? "", at: r.lastErrorAt.toISOString() } : null,
      retryAfterSeconds: r.retryUntil && r.retryUntil > now ? Math.ceil((r.retryUntil.getTime() - now.getTime()) / 1000) : null,
      failingSince: r.failingSince?.toISOString() ?? null,
      requests: Number(r.requests),
      errors: Number(r.errors),
      updatedAt: r.updatedAt.toISOString(),
    })),
  };
}
