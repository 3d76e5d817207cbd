// The simulated registry's content model. A named build yields deterministic bytes: a config
// blob, a layer and one OCI manifest per platform, plus an OCI index (or Docker manifest list)
// when the build has several platforms. Digests are sha256 of the exact bytes served.
import { createHash } from "node:crypto";
import type { PlatformManifest } from "@/lib/drift/observation";

export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
export const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

export type Build = { name: string; platforms: string[]; format: "oci" | "docker"; index?: boolean };
export type Content = { digest: string; mediaType: string; bytes: Buffer; platforms: PlatformManifest[]; platform?: string };

const sha = (b: Buffer | string) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
const splitPlatform = (p: string) => {
  const [os, architecture, variant] = p.split("/");
  return { os: os!, architecture: architecture!, ...(variant ? { variant } : {}) };
};

export type PullCredentials = { username: string; password: string };

export class RegistryModel {
  readonly builds = new Map<string, Build>();
  /** Repositories that answer 401 to anyone without `credentials` (Basic auth). */
  readonly privateRepos = new Set<string>();
  credentials: PullCredentials = { username: "sim-puller", password: "sim-pull-password" };

  /** Whether a request to `repo` with this Authorization header may read it. */
  mayRead(repo: string, authorization: string | undefined): boolean {
    if (!this.privateRepos.has(repo)) return true;
    return authorization === basicAuth(this.credentials);
  }
  private tags = new Map<string, Map<string, string>>(); // repo → tag → digest
  private content = new Map<string, Map<string, Content>>(); // repo → digest → content

  addBuild(b: Build) {
    this.builds.set(b.name, b);
  }

  /** Materialise a build in a repository (as a push would) and return its top-level content. */
  push(repo: string, buildName: string): Content {
    const build = this.builds.get(buildName);
    if (!build) throw new Error(`unknown build "${buildName}"`);
    const docker = build.format === "docker";
    const manifests = build.platforms.map((p) => {
      const config = JSON.stringify({ architecture: splitPlatform(p).architecture, os: splitPlatform(p).os, config: { Labels: { "org.opencontainers.image.version": build.name, repository: repo } } });
      const layer = `layer ${repo} ${build.name} ${p}`;
      const bytes = Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: docker ? DOCKER_MANIFEST : OCI_MANIFEST,
        config: { mediaType: docker ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json", digest: sha(config), size: config.length },
        layers: [{ mediaType: docker ? "application/vnd.docker.image.rootfs.diff.tar.gzip" : "application/vnd.oci.image.layer.v1.tar+gzip", digest: sha(layer), size: layer.length }],
      }));
      const c: Content = { digest: sha(bytes), mediaType: docker ? DOCKER_MANIFEST : OCI_MANIFEST, bytes, platforms: [], platform: p };
      this.store(repo, c);
      return c;
    });
    if (manifests.length === 1 && !build.index) return manifests[0]!;
    const type = docker ? DOCKER_LIST : OCI_INDEX;
    const platforms = manifests.map((m) => ({ ...splitPlatform(m.platform!), digest: m.digest }));
    const bytes = Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: type,
      manifests: manifests.map((m) => ({ mediaType: m.mediaType, digest: m.digest, size: m.bytes.length, platform: splitPlatform(m.platform!) })),
    }));
    const index: Content = { digest: sha(bytes), mediaType: type, bytes, platforms };
    this.store(repo, index);
    return index;
  }

  private store(repo: string, c: Content) {
    let m = this.content.get(repo);
    if (!m) this.content.set(repo, (m = new Map()));
    m.set(c.digest, c);
  }

  setTag(repo: string, tag: string, buildName: string): Content {
    const c = this.push(repo, buildName);
    let t = this.tags.get(repo);
    if (!t) this.tags.set(repo, (t = new Map()));
    t.set(tag, c.digest);
    return c;
  }

  deleteTag(repo: string, tag: string): boolean {
    return this.tags.get(repo)?.delete(tag) ?? false;
  }

  /** Deleting a digest removes it and every tag pointing at it (as distribution does). */
  deleteDigest(repo: string, digest: string): boolean {
    const existed = this.content.get(repo)?.delete(digest) ?? false;
    for (const [tag, d] of this.tags.get(repo) ?? []) if (d === digest) this.tags.get(repo)!.delete(tag);
    return existed;
  }

  hasRepo(repo: string) {
    return this.content.has(repo);
  }

  tagsOf(repo: string): string[] {
    return [...(this.tags.get(repo)?.keys() ?? [])].sort();
  }

  /** A tag or a digest → its content, or undefined (MANIFEST_UNKNOWN). */
  lookup(repo: string, ref: string): Content | undefined {
    const digest = ref.startsWith("sha256:") ? ref : this.tags.get(repo)?.get(ref);
    return digest ? this.content.get(repo)?.get(digest) : undefined;
  }

  digestOfBuild(repo: string, buildName: string): string {
    return this.push(repo, buildName).digest;
  }
}

export const basicAuth = (c: PullCredentials) => `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;
