import "server-only";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createResolver, type ResolveResult, type Resolver } from "@/lib/oci/resolver";
import { RegistryFailure } from "@/lib/oci/errors";
import { parseReference } from "@/lib/oci/reference";
import { credentialFor, parseDockerConfig, type Credential, type DockerConfig } from "@/lib/oci/docker-config";
import type { ImageRef, PlatformManifest, TagResolution } from "@/lib/drift/observation";
import { getMetrics } from "@/lib/server/metrics";

// The registry resolvers of the process: their TTL caches, in-flight dedup and per-host limits
// are shared by every cluster's poll, so each distinct reference is resolved once per TTL.
//
// Credentials: the configured docker config first; then, for a reference whose workloads name
// imagePullSecrets, the credentials those secrets hold for its registry. Each distinct pull-secret
// credential gets a resolver of its own (own token cache), used only for the registry the secret
// names; the next candidate is tried only when a registry refuses one (401/403).

export type RegistryAccess = {
  resolve: (key: string, ref: ImageRef, pullCredentials?: readonly Credential[]) => Promise<TagResolution>;
  resolveKey: (key: string, pullCredentials?: readonly Credential[]) => Promise<TagResolution>;
  fetchIndex: (ref: ImageRef, digest: string, pullCredentials?: readonly Credential[]) => Promise<PlatformManifest[] | null>;
  /** Close every resolver's connections. */
  close: () => Promise<void>;
};

const AUTH_REFUSED = new Set(["UNAUTHORIZED", "DENIED"]);

export function createRegistryAccess(opts: { dockerConfigPath?: string; insecureHosts: string[]; tagTtlMs: number }): RegistryAccess {
  const config = opts.dockerConfigPath ? loadDockerConfig(opts.dockerConfigPath) : undefined;
  const configured = (registry: string) => (config ? credentialFor(config, registry) : undefined);
  const base = createResolver({ insecureHosts: opts.insecureHosts, dockerConfig: config, tagTtlMs: opts.tagTtlMs });
  const bySecret = new Map<string, Resolver>();
  const resolverFor = (registry: string, credential: Credential): Resolver => {
    const id = `${registry}\n${createHash("sha256").update(JSON.stringify(credential)).digest("hex")}`;
    let r = bySecret.get(id);
    if (!r) {
      r = createResolver({ insecureHosts: opts.insecureHosts, tagTtlMs: opts.tagTtlMs, credentials: (host) => (host === registry ? credential : configured(host)) });
      bySecret.set(id, r);
    }
    return r;
  };
  /** The configured credentials first when there are any for this registry, else the pull secrets' first. */
  const candidates = (registry: string, pull: readonly Credential[] = []): Resolver[] => {
    const fromSecrets = pull.map((c) => resolverFor(registry, c));
    return configured(registry) || !fromSecrets.length ? [base, ...fromSecrets] : [...fromSecrets, base];
  };
  const metrics = getMetrics();

  const resolveWith = async (ref: ImageRef, pull?: readonly Credential[]): Promise<ResolveResult> => {
    let last: ResolveResult | undefined;
    for (const r of candidates(ref.registry, pull)) {
      last = await r.resolve(ref);
      metrics.registryRequests.inc({ registry: ref.registry, method: "resolve", code: last.ok ? "OK" : last.error.code });
      if (last.ok || !AUTH_REFUSED.has(last.error.code)) return last;
    }
    return last!;
  };
  const resolve = async (key: string, ref: ImageRef, pull?: readonly Credential[]): Promise<TagResolution> =>
    base.toTagResolution(key, await resolveWith(ref, pull), new Date());

  return {
    resolve,
    resolveKey: async (key, pull) => {
      const parsed = parseReference(key);
      if (!parsed.ok) return { reference: key, status: "error", code: "INVALID_REFERENCE", message: parsed.error.message, checkedAt: new Date().toISOString() };
      return resolve(key, parsed.value, pull);
    },
    fetchIndex: async (ref, digest, pull) => {
      const tried = candidates(ref.registry, pull);
      for (const r of tried.slice(0, -1)) {
        try {
          return await r.fetchIndex(ref, digest);
        } catch (e) {
          // As for tags: only a refusal is a reason to try the next credentials.
          if (!(e instanceof RegistryFailure && AUTH_REFUSED.has(e.error.code))) throw e;
        }
      }
      return tried.at(-1)!.fetchIndex(ref, digest);
    },
    close: async () => {
      await Promise.allSettled([base, ...bySecret.values()].map((r) => r.close()));
    },
  };
}

function loadDockerConfig(path: string): DockerConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`DRIFTWATCH_DOCKER_CONFIG ${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}`);
  }
  const parsed = parseDockerConfig(text);
  if (!parsed.ok) throw new Error(`DRIFTWATCH_DOCKER_CONFIG ${path}: ${parsed.message}`);
  return parsed.value;
}
