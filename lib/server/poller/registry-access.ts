import "server-only";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { LRUCache } from "lru-cache";
import { createResolver, toTagResolution, type ResolveResult, type Resolver } from "@/lib/oci/resolver";
import { RegistryFailure } from "@/lib/oci/errors";
import { parseReference } from "@/lib/oci/reference";
import { credentialFor, normaliseAuthKey, parseDockerConfig, type Credential, type DockerConfig } from "@/lib/oci/docker-config";
import type { ImageRef, PlatformManifest, TagResolution } from "@/lib/drift/observation";
import { getMetrics } from "@/lib/server/metrics";
import { boundedLabels } from "@/lib/server/metric-labels";
import { createRegistryHealth, type RegistryHealth } from "@/lib/server/poller/registry-health";

// The registry resolvers of the process: their TTL caches, in-flight dedup and per-host limits
// are shared by every cluster's poll, so each distinct reference is resolved once per TTL.
//
// Credentials: the configured docker config first; then, for a reference whose workloads name
// imagePullSecrets, the credentials those secrets hold for its registry. Each distinct pull-secret
// credential gets a resolver of its own (own token cache), used only for the registry the secret
// names; the next candidate is tried only when a registry refuses one (401/403).
//
// Those resolvers are kept in a bounded cache: one not used for `idleMs` (its secret was rotated
// or deleted, or no workload names it any more) or pushed out by `maxCredentials` newer ones is
// closed, so its connections and token cache go with it.

export type RegistryAccess = {
  resolve: (key: string, ref: ImageRef, pullCredentials?: readonly Credential[]) => Promise<TagResolution>;
  resolveKey: (key: string, pullCredentials?: readonly Credential[]) => Promise<TagResolution>;
  fetchIndex: (ref: ImageRef, digest: string, pullCredentials?: readonly Credential[]) => Promise<PlatformManifest[] | null>;
  /** Per-host health, fed by every resolver's calls. */
  health: RegistryHealth;
  /** Close every resolver's connections. */
  close: () => Promise<void>;
};

const AUTH_REFUSED = new Set(["UNAUTHORIZED", "DENIED"]);

export type RegistryAccessOptions = {
  dockerConfigPath?: string;
  insecureHosts: string[];
  tagTtlMs: number;
  /** Per-request timeout (tests shorten it: a hung registry then costs a poll this long). */
  timeoutMs?: number;
  /** Registry name → host:port to dial (DRIFTWATCH_REGISTRY_ENDPOINTS). */
  endpoints?: Readonly<Record<string, string>>;
  /** Registries that may be asked (DRIFTWATCH_REGISTRY_ALLOWLIST); empty: any. */
  allowedRegistries?: string[];
  /** Pull-secret resolvers kept at most (least recently used closed first). */
  maxCredentials?: number;
  /** A pull-secret resolver unused this long is closed. */
  idleMs?: number;
  /** For tests: how resolvers are made, and the clock idleness is measured with. */
  createResolver?: typeof createResolver;
  clock?: { now: () => number };
};

export function createRegistryAccess(opts: RegistryAccessOptions): RegistryAccess {
  const make = opts.createResolver ?? createResolver;
  const config = opts.dockerConfigPath ? loadDockerConfig(opts.dockerConfigPath) : undefined;
  const configured = (registry: string) => (config ? credentialFor(config, registry) : undefined);
  const health = createRegistryHealth();
  const common = {
    insecureHosts: opts.insecureHosts, endpoints: opts.endpoints, tagTtlMs: opts.tagTtlMs, allowedRegistries: opts.allowedRegistries, onCall: health.record,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  };
  const base = make({ ...common, dockerConfig: config });
  const bySecret = new LRUCache<string, Resolver>({
    max: opts.maxCredentials ?? 256,
    ttl: opts.idleMs ?? 15 * 60_000,
    updateAgeOnGet: true,
    ttlAutopurge: true,
    dispose: (r) => void r.close().catch(() => {}),
    ...(opts.clock ? { perf: opts.clock } : {}),
  });
  const resolverFor = (registry: string, credential: Credential): Resolver => {
    const id = `${registry}\n${createHash("sha256").update(JSON.stringify(credential)).digest("hex")}`;
    let r = bySecret.get(id);
    if (!r) {
      r = make({ ...common, credentials: (host) => (host === registry ? credential : configured(host)) });
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
  const registryLabel = boundedLabels({ known: [...Object.keys(config?.auths ?? {}).map(normaliseAuthKey), ...opts.insecureHosts, ...(opts.allowedRegistries ?? [])], max: 50 });

  const resolveWith = async (ref: ImageRef, pull?: readonly Credential[]): Promise<ResolveResult> => {
    let last: ResolveResult | undefined;
    for (const r of candidates(ref.registry, pull)) {
      last = await r.resolve(ref);
      metrics.registryRequests.inc({ registry: registryLabel(ref.registry), method: "resolve", code: last.ok ? "OK" : last.error.code });
      if (last.ok || !AUTH_REFUSED.has(last.error.code)) return last;
    }
    return last!;
  };
  const resolve = async (key: string, ref: ImageRef, pull?: readonly Credential[]): Promise<TagResolution> =>
    toAnsweredResolution(key, await resolveWith(ref, pull));

  return {
    resolve,
    health,
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
      const all = [base, ...bySecret.values()];
      bySecret.clear(); // disposes (closes) each; closing twice is harmless
      await Promise.allSettled(all.map((r) => r.close()));
    },
  };
}

/** Checked when the registry answered (a cached answer keeps its time: "as of" must not be younger than the answer). */
function toAnsweredResolution(key: string, result: ResolveResult): TagResolution {
  return toTagResolution(key, result, new Date(result.answeredAt ?? Date.now()));
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
