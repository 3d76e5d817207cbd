import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { LRUCache } from "lru-cache";
import type { ImageRef, Platform, PlatformManifest, TagResolution } from "@/lib/drift/observation";
import { credentialFor, parseDockerConfig, type Credential, type DockerConfig } from "./docker-config";
import { classifyHttpError, RegistryFailure, type RegistryError } from "./errors";
import { isIndexType, MANIFEST_ACCEPT } from "./media-types";
import { digestReferenceKey, tagReferenceKey } from "@/lib/drift/reference";
import { DOCKER_HUB, formatReference, parseReference, registryApiHost } from "./reference";
import type { LookupFn } from "./outbound";
import { createTransport, type Answer, type CallOutcome } from "./transport";
import { parseIndexPlatforms, selectPlatform } from "./manifest";

// Tag → digest resolution. HEAD first (free on Docker Hub) with the full Accept list; GET only
// for an index never seen before or when HEAD carries no Docker-Content-Digest; every GET body
// is hashed and checked. Results are cached for a TTL and in-flight requests are shared.

export type Resolution = {
  reference: string; registry: string; repository: string; tag?: string; digest: string; mediaType: string;
  platforms: PlatformManifest[]; platformDigest?: string;
};
/** `answeredAt` (ms): when the registry gave this result — earlier than now for one from the cache. */
export type ResolveResult = ({ ok: true; value: Resolution } | { ok: false; error: RegistryError }) & { answeredAt?: number };
export type IndexCache = { get(digest: string): PlatformManifest[] | undefined; set(digest: string, platforms: PlatformManifest[]): void };

export type ResolverOptions = {
  insecureHosts?: string[];
  /** Registry name → host:port to dial (DRIFTWATCH_REGISTRY_ENDPOINTS; the demo's registry). */
  endpoints?: Readonly<Record<string, string>>;
  /** docker config.json text, a path to it, or a parsed config. */
  dockerConfig?: DockerConfig | string;
  /** Credentials per registry as references name it ("docker.io", "ghcr.io", "127.0.0.1:5000"); wins over dockerConfig. */
  credentials?: (registry: string) => Credential | undefined;
  tagTtlMs?: number;
  maxPerHost?: number;
  timeoutMs?: number;
  maxBytes?: number;
  indexCache?: IndexCache;
  now?: () => number;
  /** Registries that may be asked (docker.io, ghcr.io, *.example.com); empty or absent: any. */
  allowedRegistries?: readonly string[];
  /** Name resolution under the connect-time metadata guard (tests give their own). */
  lookup?: LookupFn;
  /** Told every registry call's outcome, with the registry named as references name it. */
  onCall?: (outcome: CallOutcome & { registry: string }) => void;
};

function loadConfig(c: ResolverOptions["dockerConfig"]): DockerConfig | undefined {
  if (c === undefined) return undefined;
  if (typeof c !== "string") return c;
  const text = c.trimStart().startsWith("{") ? c : readFileSync(c, "utf8");
  const parsed = parseDockerConfig(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Cache key and `reference` of a result: "registry/repo:tag" (no tag = latest) or "registry/repo@digest". */
export function resolutionKey(ref: ImageRef): string {
  return ref.digest ? digestReferenceKey(ref, ref.digest) : tagReferenceKey(ref);
}

const sha256 = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

export function createResolver(options: ResolverOptions = {}) {
  const now = options.now ?? Date.now;
  const config = loadConfig(options.dockerConfig);
  const transport = createTransport({
    insecureHosts: options.insecureHosts ?? [],
    endpoints: options.endpoints,
    credentials: (host) => {
      const registry = host === registryApiHost(DOCKER_HUB) ? DOCKER_HUB : host;
      return options.credentials?.(registry) ?? (config ? credentialFor(config, registry) : undefined);
    },
    maxPerHost: options.maxPerHost ?? 8,
    timeoutMs: options.timeoutMs ?? 10_000,
    maxBytes: options.maxBytes ?? 4 * 1024 * 1024,
    now,
    allowedRegistries: options.allowedRegistries,
    lookup: options.lookup,
    ...(options.onCall ? { onCall: (c: CallOutcome) => options.onCall!({ ...c, registry: c.host === registryApiHost(DOCKER_HUB) ? DOCKER_HUB : c.host }) } : {}),
  });
  const ttl = options.tagTtlMs ?? 60_000;
  const indexes: IndexCache = options.indexCache ?? boundedIndexCache();
  // Bounded: references come from cluster content, so their number is not ours to choose.
  const notIndexes = new LRUCache<string, true>({ max: MAX_CACHED });
  const cache = new LRUCache<string, { at: number; result: ResolveResult }>({ max: MAX_CACHED });
  const inflight = new Map<string, Promise<ResolveResult>>();

  async function getVerified(ref: ImageRef, repository: string, host: string, target: string, expected?: string): Promise<{ digest: string; mediaType: string; body: Buffer }> {
    const res = await transport.call("GET", host, repository, `manifests/${target}`, MANIFEST_ACCEPT);
    if (res.status !== 200) throw new RegistryFailure(classifyHttpError(res.status, res.body.toString(), `GET ${formatReference(ref)}`));
    const actual = sha256(res.body);
    const claimed = expected ?? res.headers["docker-content-digest"];
    if (claimed && claimed !== actual) {
      throw new RegistryFailure({ code: "INVALID_RESPONSE", message: `${formatReference(ref)}: manifest body hashes to ${actual}, registry said ${claimed}` });
    }
    return { digest: actual, mediaType: mediaTypeOf(res), body: res.body };
  }

  const indexInflight = new Map<string, Promise<PlatformManifest[] | null>>();

  /**
   * Platforms of a digest (null: a single manifest), from the forever cache or one verified GET,
   * shared by every caller asking about the same digest at the same time.
   */
  function describeDigest(ref: ImageRef, digest: string, known?: { mediaType: string; body?: Buffer }): Promise<PlatformManifest[] | null> {
    const cached = indexes.get(digest);
    if (cached) return Promise.resolve(cached);
    if (notIndexes.has(digest) || (known && !isIndexType(known.mediaType))) return Promise.resolve(null);
    let p = indexInflight.get(digest);
    if (!p) {
      p = (async () => {
        const got = known?.body ? { mediaType: known.mediaType, body: known.body } : await getVerified(ref, ref.repository, registryApiHost(ref.registry), digest, digest);
        if (!isIndexType(got.mediaType)) {
          notIndexes.set(digest, true);
          return null;
        }
        const platforms = parseIndexPlatforms(got.body, formatReference(ref));
        indexes.set(digest, platforms);
        return platforms;
      })().finally(() => indexInflight.delete(digest));
      indexInflight.set(digest, p);
    }
    return p;
  }

  /** Why HEAD failed. HEAD answers carry no error body, so a 404 is asked again with GET. */
  async function headFailure(ref: ImageRef, host: string, target: string, status: number): Promise<RegistryError> {
    const what = formatReference(ref);
    if (status !== 404) return classifyHttpError(status, "", what);
    const get = await transport.call("GET", host, ref.repository, `manifests/${target}`, MANIFEST_ACCEPT);
    const error = classifyHttpError(get.status, get.body.toString(), what);
    // distribution answers MANIFEST_UNKNOWN even when the whole repository is absent; the tags
    // list tells the two apart (NAME_UNKNOWN: a typo or a deleted repository).
    if (error.code === "MANIFEST_UNKNOWN") {
      const tags = await transport.call("GET", host, ref.repository, "tags/list", "application/json");
      if (tags.status === 404 && classifyHttpError(404, tags.body.toString(), what).code === "NAME_UNKNOWN") {
        return { code: "NAME_UNKNOWN", message: `${what}: repository ${ref.repository} is not known to ${ref.registry}` };
      }
    }
    return error;
  }

  async function resolveUncached(ref: ImageRef): Promise<ResolveResult> {
    const host = registryApiHost(ref.registry);
    const target = ref.digest ?? ref.tag ?? "latest";
    const what = formatReference(ref);
    try {
      const head = await transport.call("HEAD", host, ref.repository, `manifests/${target}`, MANIFEST_ACCEPT);
      if (head.status !== 200) return { ok: false, error: await headFailure(ref, host, target, head.status) };
      let digest = head.headers["docker-content-digest"];
      let mediaType = mediaTypeOf(head);
      let body: Buffer | undefined;
      if (!digest) ({ digest, mediaType, body } = await getVerified(ref, ref.repository, host, target, ref.digest));
      if (!DIGEST.test(digest)) return { ok: false, error: { code: "INVALID_RESPONSE", message: `${what}: registry sent an unusable digest "${digest}"` } };
      if (ref.digest && digest !== ref.digest) {
        return { ok: false, error: { code: "INVALID_RESPONSE", message: `${what}: registry answered digest ${digest}` } };
      }
      const platforms = (await describeDigest(ref, digest, { mediaType, body })) ?? [];
      const tag = ref.tag ?? (ref.digest ? undefined : "latest");
      return { ok: true, value: { reference: resolutionKey(ref), registry: ref.registry, repository: ref.repository, ...(tag ? { tag } : {}), digest, mediaType, platforms } };
    } catch (e) {
      if (e instanceof RegistryFailure) return { ok: false, error: e.error };
      return { ok: false, error: { code: "INVALID_RESPONSE", message: `${what}: ${e instanceof Error ? e.message : String(e)}` } };
    }
  }

  async function resolve(input: string | ImageRef, opts: { platform?: Platform } = {}): Promise<ResolveResult> {
    let ref: ImageRef;
    if (typeof input === "string") {
      const parsed = parseReference(input);
      if (!parsed.ok) return { ok: false, error: parsed.error };
      ref = parsed.value;
    } else ref = input;
    const key = resolutionKey(ref);
    const hit = cache.get(key);
    let result: ResolveResult;
    if (hit && now() - hit.at < ttl) result = hit.result;
    else {
      let p = inflight.get(key);
      if (!p) {
        p = resolveUncached(ref).finally(() => inflight.delete(key));
        inflight.set(key, p);
      }
      result = { ...(await p), answeredAt: now() };
      const cacheable = result.ok || result.error.code === "MANIFEST_UNKNOWN" || result.error.code === "NAME_UNKNOWN";
      if (cacheable && ttl > 0) cache.set(key, { at: now(), result });
    }
    if (!opts.platform || !result.ok) return result;
    const pd = isIndexType(result.value.mediaType) ? selectPlatform(result.value.platforms, opts.platform) : result.value.digest;
    if (!pd) return { ok: false, error: { code: "MANIFEST_UNKNOWN", message: `${key}: no manifest for platform ${opts.platform.os}/${opts.platform.architecture}${opts.platform.variant ? `/${opts.platform.variant}` : ""}` } };
    return { ok: true, value: { ...result.value, platformDigest: pd } };
  }

  /**
   * Platforms of an index digest (cached forever, positive and negative), or null when the digest
   * is a single manifest. Rejects (with a RegistryFailure) when the registry cannot tell.
   */
  function fetchIndex(ref: ImageRef, digest: string): Promise<PlatformManifest[] | null> {
    return describeDigest({ ...ref, digest }, digest);
  }

  return { resolve, fetchIndex, toTagResolution, stats: transport.stats, close: transport.close };
}

export type Resolver = ReturnType<typeof createResolver>;

/** The drift engine's record of a resolution, stored under `key` (see lib/drift/reference). */
export function toTagResolution(key: string, result: ResolveResult, checkedAt: Date): TagResolution {
  return result.ok
    ? { reference: key, status: "ok", digest: result.value.digest, mediaType: result.value.mediaType, platforms: result.value.platforms, checkedAt: checkedAt.toISOString() }
    : { reference: key, status: "error", code: result.error.code, message: result.error.message, checkedAt: checkedAt.toISOString() };
}

function mediaTypeOf(res: Answer): string {
  const header = (res.headers["content-type"] ?? "").split(";")[0]!.trim();
  if (header && header !== "application/json" && header !== "application/octet-stream") return header;
  // Some registries send a generic type: the manifest names its own.
  if (!res.body.length) return header;
  try {
    const declared = (JSON.parse(res.body.toString("utf8")) as { mediaType?: unknown }).mediaType;
    return typeof declared === "string" ? declared : header;
  } catch {
    return header;
  }
}

/** Entries per cache (resolutions, index contents, single-manifest digests): far above a large fleet's distinct references. */
const MAX_CACHED = 20_000;

function boundedIndexCache(): IndexCache {
  // Index contents never change, so only size evicts (the poller keeps them in Postgres too).
  const m = new LRUCache<string, PlatformManifest[]>({ max: MAX_CACHED });
  return { get: (d) => m.get(d), set: (d, p) => void m.set(d, p) };
}
