// Pushes deterministic images to a real registry without Docker: blobs by monolithic upload
// (POST then PUT with the digest), then manifests and indexes. Same seed → same digests.
import { createHash } from "node:crypto";
import { parseChallenge } from "@/lib/oci/auth";
import { DOCKER_LIST, DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST } from "@/lib/oci/media-types";
import type { TestRegistry } from "./harness";

const sha = (b: Buffer | string) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
export type Pushed = { digest: string; mediaType: string; bytes: Buffer; children?: { platform: string; digest: string }[] };

export function createPusher(reg: TestRegistry) {
  const tokens = new Map<string, string>();
  async function send(method: string, url: string, init: { headers?: Record<string, string>; body?: Buffer | string } = {}, repo = ""): Promise<Response> {
    const full = url.startsWith("http") ? url : `${reg.url}${url}`;
    const headers = { ...(init.headers ?? {}) };
    const t = tokens.get(repo);
    if (t) headers.authorization = t;
    else if (reg.auth === "htpasswd") headers.authorization = `Basic ${Buffer.from(`${reg.user}:${reg.password}`).toString("base64")}`;
    const body = init.body === undefined ? undefined : typeof init.body === "string" ? init.body : new Uint8Array(init.body);
    let res = await fetch(full, { method, headers, body, redirect: "manual" });
    if (res.status === 401 && reg.auth === "token") {
      const ch = parseChallenge(res.headers.get("www-authenticate") ?? undefined);
      const tu = new URL(ch!.params.realm!);
      tu.searchParams.set("service", ch!.params.service!);
      tu.searchParams.set("scope", `repository:${repo}:pull,push,delete`);
      const tr = await fetch(tu, { headers: { authorization: `Basic ${Buffer.from(`${reg.user}:${reg.password}`).toString("base64")}` } });
      const token = `Bearer ${((await tr.json()) as { token: string }).token}`;
      tokens.set(repo, token);
      res = await fetch(full, { method, headers: { ...headers, authorization: token }, body, redirect: "manual" });
    }
    return res;
  }
  async function blob(repo: string, content: Buffer | string): Promise<{ digest: string; size: number }> {
    const digest = sha(content);
    const start = await send("POST", `/v2/${repo}/blobs/uploads/`, {}, repo);
    if (start.status !== 202) throw new Error(`blob upload start ${repo}: ${start.status} ${await start.text()}`);
    const loc = new URL(start.headers.get("location")!, reg.url);
    loc.searchParams.set("digest", digest);
    const put = await send("PUT", loc.toString(), { headers: { "content-type": "application/octet-stream" }, body: content }, repo);
    if (put.status !== 201) throw new Error(`blob upload ${repo}: ${put.status} ${await put.text()}`);
    return { digest, size: Buffer.byteLength(content) };
  }
  async function manifest(repo: string, ref: string, mediaType: string, body: object): Promise<Pushed> {
    const bytes = Buffer.from(JSON.stringify(body));
    const res = await send("PUT", `/v2/${repo}/manifests/${ref}`, { headers: { "content-type": mediaType }, body: bytes }, repo);
    if (res.status !== 201) throw new Error(`manifest PUT ${repo}:${ref}: ${res.status} ${await res.text()}`);
    return { digest: sha(bytes), mediaType, bytes };
  }
  async function image(repo: string, ref: string, seed: string, opts: { format?: "oci" | "docker"; platform?: string } = {}): Promise<Pushed> {
    const [os, architecture, variant] = (opts.platform ?? "linux/amd64").split("/");
    const config = await blob(repo, JSON.stringify({ architecture, os, ...(variant ? { variant } : {}), config: { Labels: { seed } }, rootfs: { type: "layers", diff_ids: [] } }));
    const layer = await blob(repo, `layer for ${seed} ${opts.platform ?? ""}`);
    const docker = opts.format === "docker";
    return manifest(repo, ref, docker ? DOCKER_MANIFEST : OCI_MANIFEST, {
      schemaVersion: 2,
      mediaType: docker ? DOCKER_MANIFEST : OCI_MANIFEST,
      config: { mediaType: docker ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json", ...config },
      layers: [{ mediaType: docker ? "application/vnd.docker.image.rootfs.diff.tar.gzip" : "application/vnd.oci.image.layer.v1.tar", ...layer }],
    });
  }
  /** A multi-platform image: an OCI index (or a Docker manifest list) over per-platform manifests. */
  async function index(repo: string, tag: string, seed: string, platforms: string[], format: "oci" | "docker" = "oci"): Promise<Pushed> {
    const children = [];
    for (const p of platforms) {
      const m = await image(repo, `${seed}-${p.replace(/\//g, "-")}`, `${seed}/${p}`, { format, platform: p });
      const [os, architecture, variant] = p.split("/");
      children.push({ platform: p, digest: m.digest, entry: { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length, platform: { os, architecture, ...(variant ? { variant } : {}) } } });
    }
    const type = format === "docker" ? DOCKER_LIST : OCI_INDEX;
    const pushed = await manifest(repo, tag, type, { schemaVersion: 2, mediaType: type, manifests: children.map((c) => c.entry) });
    return { ...pushed, children: children.map((c) => ({ platform: c.platform, digest: c.digest })) };
  }
  async function retag(repo: string, tag: string, from: Pushed): Promise<void> {
    const res = await send("PUT", `/v2/${repo}/manifests/${tag}`, { headers: { "content-type": from.mediaType }, body: from.bytes }, repo);
    if (res.status !== 201) throw new Error(`retag ${repo}:${tag}: ${res.status}`);
  }
  async function deleteDigest(repo: string, digest: string): Promise<void> {
    const res = await send("DELETE", `/v2/${repo}/manifests/${digest}`, {}, repo);
    if (res.status !== 202) throw new Error(`delete ${repo}@${digest}: ${res.status} ${await res.text()}`);
  }
  return {
    blob, image, index, retag, deleteDigest,
    /** Same as `image`: a single OCI (or Docker schema2) manifest under a tag. */
    pushImage: image,
    /** Same as `index`: an OCI index (or Docker manifest list) over per-platform manifests. */
    pushIndex: index,
    /** Point another tag at already pushed content. */
    tag: (repo: string, tag: string, from: Pushed) => retag(repo, tag, from),
  };
}
