// The kubelet's image pull: pull policy (Kubernetes defaults), a per-node image cache
// (IfNotPresent on a rebuilt tag keeps the old bytes), platform matching, the imageID each
// container runtime reports, and the same waiting reasons and messages a real kubelet reports.
import { parseReference } from "@/lib/oci/reference";
import { basicAuth, type PullCredentials, type RegistryModel } from "./registry";
import type { Fault } from "./registry-server";

/** `message` is the runtime's error, as the kubelet puts it in the waiting state; its event says `Failed to pull image "…": <message>`. */
export type PullResult = { ok: true; imageID: string } | { ok: false; reason: "ErrImagePull" | "ErrImageNeverPull" | "InvalidImageName"; message: string };

/**
 * What `status.imageID` looks like per runtime: containerd reports the digest it resolved (the
 * index for a multi-arch tag), CRI-O the platform manifest it stored (the index's child), and
 * Docker (cri-dockerd) its repo digest with the `docker-pullable://` prefix.
 */
export type NodeRuntime = "containerd" | "cri-o" | "docker";
export const RUNTIME_VERSION: Record<NodeRuntime, string> = { containerd: "containerd://1.7.20", "cri-o": "cri-o://1.30.3", docker: "docker://26.1.4" };

/** Kubernetes' default: Always for :latest or no tag (and no digest), else IfNotPresent. */
export function effectivePullPolicy(image: string, policy?: string): string {
  if (policy) return policy;
  const r = parseReference(image);
  if (!r.ok) return "IfNotPresent";
  return !r.value.digest && (r.value.tag === undefined || r.value.tag === "latest") ? "Always" : "IfNotPresent";
}

export type NodeCache = Map<string, { digest: string; sizeBytes: number }>; // "host/repo:tag" or "host/repo@digest" → digest the runtime reports

/** The digest a runtime records for pulled content: CRI-O keeps the platform child of an index. */
export function reportedDigest(content: { digest: string; platforms: { architecture: string; digest: string }[] }, arch: string, runtime: NodeRuntime = "containerd"): string {
  if (runtime !== "cri-o" || content.platforms.length === 0) return content.digest;
  return content.platforms.find((p) => p.architecture === arch)?.digest ?? content.digest;
}

export function imageIdFor(repoName: string, digest: string, runtime: NodeRuntime = "containerd"): string {
  return runtime === "docker" ? `docker-pullable://${repoName}@${digest}` : `${repoName}@${digest}`;
}

export function pullImage(opts: {
  image: string; policy?: string; arch: string; cache: NodeCache; registry: RegistryModel; registryHost: string; fault?: Fault;
  /** From the pod's imagePullSecrets, for this registry. */
  credentials?: PullCredentials[];
  runtime?: NodeRuntime;
}): PullResult {
  const { image, cache } = opts;
  const parsed = parseReference(image);
  if (!parsed.ok) return { ok: false, reason: "InvalidImageName", message: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${parsed.error.message}` };
  const ref = parsed.value;
  const repoName = `${ref.registry}/${ref.repository}`;
  const key = ref.digest ? `${repoName}@${ref.digest}` : `${repoName}:${ref.tag ?? "latest"}`;
  const policy = effectivePullPolicy(image, opts.policy);
  const cached = cache.get(key);
  if (cached && policy !== "Always") return { ok: true, imageID: imageIdFor(repoName, cached.digest, opts.runtime) };
  if (policy === "Never") return { ok: false, reason: "ErrImageNeverPull", message: `Container image "${image}" is not present with pull policy of Never` };
  const fail = (desc: string): PullResult => ({ ok: false, reason: "ErrImagePull", message: desc });
  if (ref.registry !== opts.registryHost) return fail(`rpc error: code = Unknown desc = failed to resolve reference "${image}": dial tcp: lookup ${ref.registry}: no such host`);
  if (opts.fault?.status === 401) return fail(`rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": pulling from host ${ref.registry} failed with status code [manifests ${ref.digest ?? ref.tag ?? "latest"}]: 401 Unauthorized`);
  if (opts.fault?.status === 429) return fail(`rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": unexpected status from HEAD request: 429 Too Many Requests`);
  if (opts.fault?.status === 503) return fail(`rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": unexpected status from HEAD request: 503 Service Unavailable`);
  if (opts.fault?.status === "timeout") return fail(`rpc error: code = DeadlineExceeded desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to do request: Head "https://${ref.registry}/v2/${ref.repository}/manifests/${ref.digest ?? ref.tag ?? "latest"}": dial tcp ${ref.registry}: i/o timeout`);
  if (opts.fault?.status === "unreachable") return fail(`rpc error: code = Unavailable desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to do request: Head "https://${ref.registry}/v2/${ref.repository}/manifests/${ref.digest ?? ref.tag ?? "latest"}": dial tcp ${ref.registry}: connect: connection refused`);
  if (![undefined, ...(opts.credentials ?? [])].some((c) => opts.registry.mayRead(ref.repository, c ? basicAuth(c) : undefined))) {
    return fail(`failed to pull and unpack image "${image}": failed to resolve reference "${image}": pull access denied, repository does not exist or may require authorization: authorization failed: 401 Unauthorized`);
  }
  const content = opts.registry.lookup(ref.repository, ref.digest ?? ref.tag ?? "latest");
  if (!content) return fail(`rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`);
  const platforms = content.platforms.length ? content.platforms.map((p) => p.architecture) : [content.platform!.split("/")[1]!];
  if (!platforms.includes(opts.arch)) {
    return fail(`rpc error: code = NotFound desc = failed to pull and unpack image "${image}": no match for platform in manifest: not found`);
  }
  const digest = reportedDigest(content, opts.arch, opts.runtime);
  const entry = { digest, sizeBytes: 20_000_000 + (parseInt(content.digest.slice(7, 13), 16) % 50_000_000) };
  cache.set(key, entry);
  cache.set(`${repoName}@${content.digest}`, entry);
  cache.set(`${repoName}@${digest}`, entry);
  return { ok: true, imageID: imageIdFor(repoName, digest, opts.runtime) };
}

/** node.status.images from the cache: one entry per digest, listing its names. */
export function nodeImages(cache: NodeCache): { names: string[]; sizeBytes: number }[] {
  const byDigest = new Map<string, { names: string[]; sizeBytes: number }>();
  for (const [name, e] of cache) {
    const cur = byDigest.get(e.digest) ?? { names: [], sizeBytes: e.sizeBytes };
    cur.names.push(name);
    byDigest.set(e.digest, cur);
  }
  return [...byDigest.values()].map((v) => ({ names: v.names.sort((a, b) => Number(b.includes("@")) - Number(a.includes("@")) || a.localeCompare(b)), sizeBytes: v.sizeBytes }));
}
