// The registry credentials a cluster's workloads pull with: the kubernetes.io/dockerconfigjson
// (and legacy kubernetes.io/dockercfg) secrets their pod templates name in imagePullSecrets.
// Only secrets a workload names are read, one GET each (never a list of every secret), and a
// refusal (RBAC 403), a missing secret or a malformed payload is reported, never fatal.
import { CoreV1Api } from "@kubernetes/client-node";
import type { WorkloadObservation } from "@/lib/drift/observation";
import { parseDockerConfig, type DockerConfig } from "@/lib/oci/docker-config";
import type { ClusterSource } from "./clusters";
import { describeFailure } from "./errors";
import { withSignal } from "./list";

export type PullSecretProblem = { secret: string; code: string; message: string };
export type PullSecrets = {
  /** "namespace/name" → the docker config it holds. */
  configs: Map<string, DockerConfig>;
  problems: PullSecretProblem[];
};

export type SecretReader = (namespace: string, name: string, signal: AbortSignal) => Promise<{ type?: string; data?: Record<string, string> }>;

const PAYLOAD_KEY: Record<string, string> = {
  "kubernetes.io/dockerconfigjson": ".dockerconfigjson",
  "kubernetes.io/dockercfg": ".dockercfg",
};

/** "namespace/name" of every pull secret the workloads name, sorted and distinct. */
export function referencedPullSecrets(workloads: readonly Pick<WorkloadObservation, "namespace" | "imagePullSecrets">[]): string[] {
  return [...new Set(workloads.flatMap((w) => w.imagePullSecrets.map((s) => `${w.namespace}/${s}`)))].sort();
}

/** A secret object → its docker config, or a problem that says what is wrong with it. */
export function decodePullSecret(key: string, secret: { type?: string; data?: Record<string, string> }): { ok: true; value: DockerConfig } | { ok: false; problem: PullSecretProblem } {
  const field = PAYLOAD_KEY[secret.type ?? ""];
  if (!field) return { ok: false, problem: { secret: key, code: "WRONG_TYPE", message: `secret ${key} is of type ${secret.type ?? "(none)"}, not kubernetes.io/dockerconfigjson` } };
  const payload = secret.data?.[field];
  if (!payload) return { ok: false, problem: { secret: key, code: "MALFORMED", message: `secret ${key} has no ${field} key` } };
  const parsed = parseDockerConfig(Buffer.from(payload, "base64").toString("utf8"));
  if (!parsed.ok) return { ok: false, problem: { secret: key, code: "MALFORMED", message: `secret ${key}: ${parsed.message}` } };
  return { ok: true, value: parsed.value };
}

export function secretReaderFor(source: ClusterSource): SecretReader {
  const core = source.kubeConfig.makeApiClient(CoreV1Api);
  return (namespace, name, signal) => core.readNamespacedSecret({ namespace, name }, withSignal(signal)) as Promise<{ type?: string; data?: Record<string, string> }>;
}

/** What reading one secret gave, kept for a while so each poll does not re-read every secret (a Map, or a bounded cache). */
export type SecretCacheEntry = { at: number; outcome: { ok: true; value: DockerConfig } | { ok: false; problem: PullSecretProblem } };
export type SecretCache = { get(key: string): SecretCacheEntry | undefined; set(key: string, value: SecretCacheEntry): unknown };

export async function collectPullSecrets(
  source: Pick<ClusterSource, "name" | "server">,
  workloads: readonly Pick<WorkloadObservation, "namespace" | "imagePullSecrets">[],
  read: SecretReader,
  opts: { timeoutMs?: number; concurrency?: number; cache?: SecretCache; cacheMs?: number; now?: () => number } = {},
): Promise<PullSecrets> {
  const configs = new Map<string, DockerConfig>();
  const problems: PullSecretProblem[] = [];
  const now = opts.now ?? Date.now;
  const cacheMs = opts.cacheMs ?? 300_000;
  const keep = (key: string, outcome: { ok: true; value: DockerConfig } | { ok: false; problem: PullSecretProblem }) => {
    if (outcome.ok) configs.set(key, outcome.value);
    else problems.push(outcome.problem);
  };
  const queue: string[] = [];
  for (const key of referencedPullSecrets(workloads)) {
    const cached = opts.cache?.get(key);
    if (cached && now() - cached.at < cacheMs) keep(key, cached.outcome);
    else queue.push(key);
  }
  const worker = async () => {
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
      const [namespace, name] = key.split("/") as [string, string];
      const ctrl = new AbortController();
      const timer = setTimeout(() => ctrl.abort(), opts.timeoutMs ?? 10_000);
      try {
        const decoded = decodePullSecret(key, await read(namespace, name, ctrl.signal));
        opts.cache?.set(key, { at: now(), outcome: decoded });
        keep(key, decoded);
      } catch (e) {
        const status = (e as { code?: unknown }).code;
        const f = describeFailure(e, { cluster: source.name, server: source.server, what: `reading pull secret ${key}` });
        const problem = status === 404
          ? { secret: key, code: "NOT_FOUND", message: `pull secret ${key} does not exist in cluster ${source.name}` }
          : { secret: key, code: f.code, message: f.message };
        // A missing or forbidden secret stays so for a while; network trouble is asked again next poll.
        if (status === 404 || status === 403) opts.cache?.set(key, { at: now(), outcome: { ok: false, problem } });
        problems.push(problem);
      } finally {
        clearTimeout(timer);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, queue.length)) }, worker));
  return { configs, problems };
}
