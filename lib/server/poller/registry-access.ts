import "server-only";
import { readFileSync } from "node:fs";
import { createResolver } from "@/lib/oci/resolver";
import { parseReference } from "@/lib/oci/reference";
import type { ImageRef, PlatformManifest, TagResolution } from "@/lib/drift/observation";
import { getMetrics } from "@/lib/server/metrics";

// The one registry resolver of the process: its TTL cache, in-flight dedup and per-host limits
// are shared by every cluster's poll, so each distinct reference is resolved once per TTL.

export type RegistryAccess = {
  resolve: (key: string, ref: ImageRef) => Promise<TagResolution>;
  resolveKey: (key: string) => Promise<TagResolution>;
  fetchIndex: (ref: ImageRef, digest: string) => Promise<PlatformManifest[] | null>;
};

export function createRegistryAccess(opts: { dockerConfigPath?: string; insecureHosts: string[]; tagTtlMs: number }): RegistryAccess {
  const dockerConfig = opts.dockerConfigPath ? readFileSync(opts.dockerConfigPath, "utf8") : undefined;
  const resolver = createResolver({ insecureHosts: opts.insecureHosts, dockerConfig, tagTtlMs: opts.tagTtlMs });
  const metrics = getMetrics();
  const resolve = async (key: string, ref: ImageRef): Promise<TagResolution> => {
    const result = await resolver.resolve(ref);
    metrics.registryRequests.inc({ registry: ref.registry, method: "resolve", code: result.ok ? "OK" : result.error.code });
    return resolver.toTagResolution(key, result, new Date());
  };
  return {
    resolve,
    resolveKey: async (key) => {
      const parsed = parseReference(key);
      if (!parsed.ok) return { reference: key, status: "error", code: "INVALID_REFERENCE", message: parsed.error.message, checkedAt: new Date().toISOString() };
      return resolve(key, parsed.value);
    },
    fetchIndex: (ref, digest) => resolver.fetchIndex(ref, digest),
  };
}
