import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ImageRef, Platform, PlatformManifest, TagResolution } from "@/lib/drift/observation";
import { credentialFor, parseDockerConfig, type Credential, type DockerConfig } from "./docker-config";
import { classifyHttpError, RegistryFailure, type RegistryError } from "./errors";
import { isIndexType, MANIFEST_ACCEPT } from "./media-types";
import { formatReference, parseReference, registryApiHost } from "./reference";
import { createTransport, type Answer } from "./transport";
import { parseIndexPlatforms, selectPlatform } from "./manifest";

// Tag → digest resolution. HEAD first (free on Docker Hub) with the full Accept list; GET only
// for an index never seen before or when HEAD carries no Docker-Content-Digest; every GET body
// is hashed and checked. Results are cached for a TTL and in-flight requests are shared.

export type Resolution = {
  reference: string; registry: string; repository: string; tag?: string; digest: string; mediaType: string;
  platforms: PlatformManifest[]; platformDigest?: string;
};
export type ResolveResult = { ok: true; value: Resolution } | { ok: false; error: RegistryError };
export type IndexCache = { get(digest: string): PlatformManifest[] | undefined; set(digest: string, platforms: PlatformManifest[]): void };

export type ResolverOptions = {
  insecureHosts?: string[];
  /** docker config.json text, a path to it, or a parsed config. */
  dockerConfig?: DockerConfig | string;
  credentials?: (registry: string) => Credential | undefined;
  tagTtlMs?: number;
  maxPerHost?: number;
  timeoutMs?: number;
  maxBytes?: number;
  indexCache?: IndexCache;
  now?: () => number;
};

function loadConfig(c: ResolverOptions["dockerConfig"]): DockerConfig | undefined {
  if (c === undefined) return undefined;
  if (typeof c !== "string") return c;
  const text = c.trimStart().startsWith("{") ? c : readFileSync(c, "utf8");
  const parsed = parseDockerConfig(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

const sha256 = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

export function createResolver(options: ResolverOptions = {}) {
  const now = options.now ?? Date.now;
  const config = loadConfig(options.dockerConfig);
  const transport = createTransport({
    insecureHosts: options.insecureHosts ?? [],
    credentials: (registry) => options.credentials?.(registry) ?? (config ? credentialFor(config, registry) : undefined),
    maxPerHost: options.maxPerHost ?? 8,
    timeoutMs: options.timeoutMs ?? 10_000,
    maxBytes: options.maxBytes ?? 4 * 1024 * 1024,
    now,
  });
  const ttl = options.tagTtlMs ?? 60_000;
  const indexes: IndexCache = options.indexCache ?? mapCache();
  const notIndexes = new Set<string>();
  const cache = new Map<string, { at: number; result: ResolveResult }>();
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

  const indexInflight = new Map<string, Promise<PlatformManifest[]>>();

  /** One GET per never-seen index, even when many tags point at it at once. */
  async function platformsOf(ref: ImageRef, host: string, digest: string, mediaType: string, body?: Buffer): Promise<PlatformManifest[]> {
    if (!isIndexType(mediaType)) return [];
    const cached = indexes.get(digest);
    if (cached) return cached;
    let p = indexInflight.get(digest);
    if (!p) {
      p = (async () => {
        const b = body ?? (await getVerified(ref, ref.repository, host, digest, digest)).body;
        const platforms = parseIndexPlatforms(b, formatReference(ref));
        indexes.set(digest, platforms);
        return platforms;
      })().finally(() => indexInflight.delete(digest));
      indexInflight.set(digest, p);
    }
    return p;
  }

  async function resolveUncached(ref: ImageRef): Promise<ResolveResult> {
    const host = registryApiHost(ref.registry);
    const target = ref.digest ?? ref.tag ?? "latest";
    const what = formatReference(ref);
    try {
      const head = await transport.call("HEAD", host, ref.repository, `manifests/${target}`, MANIFEST_ACCEPT);
      let digest: string | undefined;
      let mediaType: string;
      let body: Buffer | undefined;
      if (head.status === 200) {
        digest = head.headers["docker-content-digest"];
        mediaType = mediaTypeOf(head);
        if (!digest) ({ digest, mediaType, body } = await getVerified(ref, ref.repository, host, target, ref.digest));
      } else {
        // HEAD answers carry no error body: ask again with GET to learn which error it is.
        const get = await transport.call("GET", host, ref.repository, `manifests/${target}`, MANIFEST_ACCEPT);
        const error = classifyHttpError(get.status, get.body.toString(), what);
        // distribution answers MANIFEST_UNKNOWN even when the whole repository is absent; the
        // tags list tells the two apart (NAME_UNKNOWN: a typo or a deleted repository).
        if (error.code === "MANIFEST_UNKNOWN") {
          const tags = await transport.call("GET", host, ref.repository, "tags/list", "application/json");
          if (tags.status === 404 && classifyHttpError(404, tags.body.toString(), what).code === "NAME_UNKNOWN") {
            return { ok: false, error: { code: "NAME_UNKNOWN", message: `${what}: repository ${ref.repository} is not known to ${ref.registry}` } };
          }
        }
        return { ok: false, error };
      }
      if (ref.digest && digest !== ref.digest) {
        return { ok: false, error: { code: "INVALID_RESPONSE", message: `${what}: registry answered digest ${digest}` } };
      }
      const platforms = await platformsOf(ref, host, digest, mediaType, body);
      return { ok: true, value: { reference: what, registry: ref.registry, repository: ref.repository, ...(ref.tag ? { tag: ref.tag } : {}), digest, mediaType, platforms } };
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
    const key = formatReference(ref);
    const hit = cache.get(key);
    let result: ResolveResult;
    if (hit && now() - hit.at < ttl) result = hit.result;
    else {
      let p = inflight.get(key);
      if (!p) {
        p = resolveUncached(ref).finally(() => inflight.delete(key));
        inflight.set(key, p);
      }
      result = await p;
      const cacheable = result.ok || result.error.code === "MANIFEST_UNKNOWN" || result.error.code === "NAME_UNKNOWN";
      if (cacheable && ttl > 0) cache.set(key, { at: now(), result });
    }
    if (!opts.platform || !result.ok) return result;
    const pd = result.value.platforms.length ? selectPlatform(result.value.platforms, opts.platform) : result.value.digest;
    if (!pd) return { ok: false, error: { code: "MANIFEST_UNKNOWN", message: `${key}: no manifest for platform ${opts.platform.os}/${opts.platform.architecture}${opts.platform.variant ? `/${opts.platform.variant}` : ""}` } };
    return { ok: true, value: { ...result.value, platformDigest: pd } };
  }

  /** Platforms of an index digest (cached forever), or null when the digest is a plain manifest. */
  async function fetchIndex(ref: ImageRef, digest: string): Promise<PlatformManifest[] | null> {
    const cached = indexes.get(digest);
    if (cached) return cached;
    if (notIndexes.has(digest)) return null;
    const host = registryApiHost(ref.registry);
    const got = await getVerified({ ...ref, digest }, ref.repository, host, digest, digest).catch((e) => {
      throw e instanceof RegistryFailure ? new Error(e.error.message) : e;
    });
    if (!isIndexType(got.mediaType)) {
      notIndexes.add(digest);
      return null;
    }
    const platforms = parseIndexPlatforms(got.body, formatReference(ref));
    indexes.set(digest, platforms);
    return platforms;
  }

  function toTagResolution(key: string, result: ResolveResult, checkedAt: Date): TagResolution {
    return result.ok
      ? { reference: key, status: "ok", digest: result.value.digest, mediaType: result.value.mediaType, platforms: result.value.platforms, checkedAt: checkedAt.toISOString() }
      : { reference: key, status: "error", code: result.error.code, message: result.error.message, checkedAt: checkedAt.toISOString() };
  }

  return { resolve, fetchIndex, toTagResolution, stats: transport.stats, close: transport.close };
}

export type Resolver = ReturnType<typeof createResolver>;

function mediaTypeOf(res: Answer): string {
  return (res.headers["content-type"] ?? "").split(";")[0]!.trim();
}

function mapCache(): IndexCache {
  const m = new Map<string, PlatformManifest[]>();
  return { get: (d) => m.get(d), set: (d, p) => void m.set(d, p) };
}
