import { z } from "zod";

// GET /api/registries: each registry host the poller called in the last hour, and what it is doing.

export const REGISTRY_STATUSES = ["ok", "rate-limited", "unauthorized", "unavailable", "unreachable"] as const;
export const registryStatusSchema = z.enum(REGISTRY_STATUSES);

export const registryHostSchema = z.object({
  /** As image references name it ("docker.io", "ghcr.io", "127.0.0.1:5000"). */
  host: z.string(),
  status: registryStatusSchema,
  lastSuccessAt: z.string().nullable(),
  /** Classified: TOO_MANY_REQUESTS, UNAUTHORIZED, DENIED, SERVER_ERROR, TIMEOUT, CONNECTION_REFUSED, UNREACHABLE, INVALID_RESPONSE. */
  lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
  /** Seconds left of the host's Retry-After; null when it asked for none (or it has passed). */
  retryAfterSeconds: z.number().int().nullable(),
  /** Since when the host has been failing; null while ok. */
  failingSince: z.string().nullable(),
  requests: z.number().int(),
  errors: z.number().int(),
  /** When the poller last recorded this host. */
  updatedAt: z.string(),
});
export type RegistryHostDto = z.infer<typeof registryHostSchema>;

export const registryListSchema = z.object({ items: z.array(registryHostSchema) });
export type RegistryListDto = z.infer<typeof registryListSchema>;
