import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { analyzeFleet } from "@/lib/drift/fleet";
import { specReferenceKey } from "@/lib/drift/reference";
import { mergeIndexes, type IndexMap } from "@/lib/drift/releases";
import type { DriftSettings, WorkloadAnalysis } from "@/lib/drift/types";
import type { ClusterObservation, ImageRef, PlatformManifest, TagResolution } from "@/lib/drift/observation";
import { finishPoll, startPoll, upsertClusters, type ClusterIdentity } from "@/lib/server/data/clusters";
import { loadIndexes, saveIndexes } from "@/lib/server/data/indexes";
import { recordNodes } from "@/lib/server/data/nodes";
import { recordTagResolutions } from "@/lib/server/data/tag-resolutions";
import { recordWorkloadStates } from "@/lib/server/data/workload-states";
import { credentialFor, type Credential } from "@/lib/oci/docker-config";
import type { PullSecrets } from "@/lib/kube/pull-secrets";
import { getMetrics } from "@/lib/server/metrics";
import { withPeerCrossCluster } from "@/lib/server/poller/peers";
import type { RegistryHealth } from "@/lib/server/poller/registry-health";
import { createRegistryKnowledge } from "@/lib/server/poller/registry-knowledge";
import { toRecord } from "@/lib/server/poller/snapshot";
import type { PollResultDto } from "@/lib/schemas/fleet";

// One poll of one cluster: collect → resolve each distinct reference → analyse → store what
// changed. Every failure is recorded on the poll and cluster rows; nothing here throws past the
// poll except a database that is down (the loop retries on its next tick).

export type PipelineCluster = {
  identity: ClusterIdentity;
  collect: () => Promise<ClusterObservation>;
  /** The pull secrets the observed workloads name; absent when reading them is switched off. */
  pullSecrets?: (workloads: ClusterObservation["workloads"]) => Promise<PullSecrets>;
};

export type PipelineDeps = {
  db: PrismaClient;
  /** Recorded on poll rows when the caller names no lease holder. */
  holder: string;
  clusters: Map<string, PipelineCluster>;
  /** Resolve a spec reference (tag or digest), trying these pull-secret credentials when the registry refuses; failures come back as error resolutions. */
  resolve: (key: string, ref: ImageRef, pullCredentials?: readonly Credential[]) => Promise<TagResolution>;
  /** Platform manifests of an index digest, or null when the digest is not an index. */
  fetchIndex?: (ref: ImageRef, digest: string, pullCredentials?: readonly Credential[]) => Promise<PlatformManifest[] | null>;
  settings?: DriftSettings;
  /** Per-host health the resolvers feed: kept answers say what the failing host does. */
  registryHealth?: RegistryHealth;
  /** A kept registry answer older than this no longer counts: the reference is unverifiable (default 24 h). */
  registryStaleMs?: number;
  now?: () => Date;
};

export type PollCluster = ((name: string, holder?: string) => Promise<PollResultDto>) & {
  /**
   * Re-run only the cross-cluster step of a cluster's last poll against the peers' state stored
   * since (no collection, no registry requests); returns the rows written. After a "poll all",
   * this makes the first round's answer complete: a cluster polled before its peers had stored
   * anything would otherwise wait a whole interval for its cross-cluster findings.
   */
  settle: (name: string) => Promise<number>;
  /** The other configured clusters of this cluster's environment (whose cross-cluster findings it affects). */
  peers: (name: string) => string[];
  /** Pull-secret credentials last seen for a repository ("registry/repository"), for checks outside a poll (LKG). */
  credentialsForRepository: (repository: string) => Credential[];
};

type LastPoll = { clusterId: number; obs: ClusterObservation; resolutions: Record<string, TagResolution>; analyses: WorkloadAnalysis[] };

export function createPollCluster(deps: PipelineDeps): PollCluster {
  const clusterIds = new Map<string, number>();
  const last = new Map<string, LastPoll>();
  /** cluster → repository → the credentials that cluster's pull secrets held for it at its last poll. */
  const repoCredentials = new Map<string, Map<string, Credential[]>>();
  let indexes: IndexMap | undefined;
  const notIndexes = new Set<string>();
  const now = deps.now ?? (() => new Date());
  const knowledge = createRegistryKnowledge({ db: deps.db, health: deps.registryHealth, staleAfterMs: deps.registryStaleMs });

  /** This cluster's fresh analyses with cross-cluster findings against the peers' stored state, stored where changed. */
  async function storeWithPeers(p: LastPoll, at: Date): Promise<number> {
    const workloads = await withPeerCrossCluster(deps.db, { clusterId: p.clusterId, environment: p.obs.environment, analyses: p.analyses, indexes: indexes ?? {} });
    const byKey = new Map(p.obs.workloads.map((w) => [`${w.namespace}/${w.kind}/${w.name}`, w]));
    const records = workloads.map((a) => toRecord(a, byKey.get(`${a.namespace}/${a.kind}/${a.name}`)!, p.obs.nodes, p.resolutions));
    return recordWorkloadStates(deps.db, { clusterId: p.clusterId, records, now: at, isComplete: p.obs.status === "ok" });
  }

  const peers = (name: string): string[] => {
    const environment = deps.clusters.get(name)?.identity.environment;
    if (!environment) return [];
    return [...deps.clusters.values()].filter((c) => c.identity.name !== name && c.identity.environment === environment).map((c) => c.identity.name);
  };

  const settle = async (name: string): Promise<number> => {
    const p = last.get(name);
    return p && peers(name).length ? storeWithPeers(p, now()) : 0;
  };

  const pollCluster = async function pollCluster(name: string, holder: string = deps.holder): Promise<PollResultDto> {
    const target = deps.clusters.get(name);
    if (!target) throw new Error(`unknown cluster ${name}`);
    if (!clusterIds.has(name)) clusterIds.set(name, (await upsertClusters(deps.db, [target.identity])).get(name)!);
    indexes ??= await loadIndexes(deps.db);
    const clusterId = clusterIds.get(name)!;
    const startedAt = now();
    const pollId = await startPoll(deps.db, { clusterId, holder, startedAt });

    const obs = await target.collect();
    const counts = { workloads: obs.workloads.length, pods: obs.workloads.reduce((n, w) => n + w.pods.length, 0), nodes: obs.nodes.length };
    let rowsWritten = 1;
    const gaps: unknown[] = [...obs.gaps];
    let notes: string | undefined;
    if (obs.status !== "failed") {
      const secrets = target.pullSecrets ? await target.pullSecrets(obs.workloads) : undefined;
      if (secrets?.problems.length) {
        // Reported on the poll, not a collection gap: the fleet view itself is complete.
        gaps.push(...secrets.problems.map((p) => ({ resource: "secrets", code: p.code, message: p.message })));
        notes = secrets.problems.map((p) => p.message).join("; ");
      }
      const { byReference: credentials, byRepository } = pullCredentialsOf(obs, secrets);
      repoCredentials.set(name, byRepository);
      // A failing registry leaves the last answers in place, marked with their age.
      const resolutions = await knowledge.settle({ name, id: clusterId }, await resolveAll(deps, obs, credentials), now());
      const known = mergeIndexes(indexes, Object.values(resolutions));
      const fetched = await fetchUnknownIndexes(deps, obs, known, notIndexes, credentials);
      const newIndexes = { ...fetched, ...Object.fromEntries(Object.entries(known).filter(([d]) => !indexes![d])) };
      indexes = { ...known, ...fetched };
      const analysis = analyzeFleet({ observations: [obs], resolutions, indexes, now: startedAt.toISOString(), settings: deps.settings });
      const fresh: LastPoll = { clusterId, obs, resolutions, analyses: analysis.workloads };
      const at = now();
      rowsWritten += await saveIndexes(deps.db, newIndexes);
      rowsWritten += await recordTagResolutions(deps.db, { resolutions: Object.values(resolutions), now: at });
      rowsWritten += await knowledge.save(at);
      rowsWritten += await recordNodes(deps.db, { clusterId, nodes: obs.nodes, now: at });
      rowsWritten += await storeWithPeers(fresh, at);
      last.set(name, fresh);
    }
    const finishedAt = now();
    const durationMs = finishedAt.getTime() - startedAt.getTime();
    await finishPoll(deps.db, {
      pollId,
      clusterId,
      outcome: {
        status: obs.status, finishedAt, durationMs, error: obs.error?.message ?? joinNotes(gapSummary(obs), notes), errorCode: obs.error?.code,
        ...counts, rowsWritten, gaps,
      },
    });
    getMetrics().pollDuration.observe({ cluster: name, status: obs.status }, durationMs / 1000);
    return {
      cluster: name, status: obs.status, startedAt: startedAt.toISOString(), durationMs, ...counts, rowsWritten,
      ...(obs.error ? { error: { code: obs.error.code, message: obs.error.message } } : {}),
    };
  };
  const credentialsForRepository = (repository: string): Credential[] =>
    distinct([...repoCredentials.values()].flatMap((byRepository) => byRepository.get(repository) ?? []));
  return Object.assign(pollCluster, { settle, peers, credentialsForRepository });
}

function gapSummary(obs: ClusterObservation): string | undefined {
  if (obs.gaps.length === 0) return undefined;
  return obs.gaps.map((g) => `${g.resource}: ${g.code} ${g.message}`).join("; ");
}

function joinNotes(...parts: (string | undefined)[]): string | undefined {
  const present = parts.filter((p): p is string => !!p);
  return present.length ? present.join("; ") : undefined;
}

const distinct = (creds: Credential[]) => [...new Map(creds.map((c) => [JSON.stringify(c), c])).values()];

/**
 * The distinct credentials the pull secrets of the workloads hold for each image's registry
 * (what the kubelet would pull with), per spec reference key and per "registry/repository".
 */
export function pullCredentialsOf(obs: Pick<ClusterObservation, "workloads">, secrets: Pick<PullSecrets, "configs"> | undefined) {
  const byReference = new Map<string, Credential[]>();
  const byRepository = new Map<string, Credential[]>();
  const add = (m: Map<string, Credential[]>, key: string, creds: Credential[]) => m.set(key, distinct([...(m.get(key) ?? []), ...creds]));
  if (!secrets?.configs.size) return { byReference, byRepository };
  for (const w of obs.workloads) {
    for (const c of w.containers) {
      const key = specReferenceKey(c.reference);
      if (!key || !c.reference) continue;
      const registry = c.reference.registry;
      const creds = w.imagePullSecrets.flatMap((name) => {
        const config = secrets.configs.get(`${w.namespace}/${name}`);
        const cred = config && credentialFor(config, registry);
        return cred ? [cred] : [];
      });
      if (!creds.length) continue;
      add(byReference, key, creds);
      add(byRepository, `${registry}/${c.reference.repository}`, creds);
    }
  }
  return { byReference, byRepository };
}

/** Every distinct spec reference of the cluster, once (the resolver dedups across clusters). */
async function resolveAll(deps: PipelineDeps, obs: ClusterObservation, credentials: Map<string, Credential[]>): Promise<Record<string, TagResolution>> {
  const refs = new Map<string, ImageRef>();
  for (const w of obs.workloads) {
    for (const c of w.containers) {
      const key = specReferenceKey(c.reference);
      if (key && c.reference) refs.set(key, c.reference);
    }
  }
  const entries = await Promise.all([...refs].map(async ([key, ref]) => [key, await deps.resolve(key, ref, credentials.get(key))] as const));
  return Object.fromEntries(entries);
}

/**
 * Running digests that are neither a known index nor a known child may be an index we never saw
 * (an older multi-arch build): fetch each once so its pods normalise to one release.
 */
async function fetchUnknownIndexes(deps: PipelineDeps, obs: ClusterObservation, known: IndexMap, notIndexes: Set<string>, credentials: Map<string, Credential[]>): Promise<IndexMap> {
  if (!deps.fetchIndex) return {};
  const children = new Set(Object.values(known).flatMap((list) => list.map((p) => p.digest)));
  const unknown = new Map<string, { ref: ImageRef; key: string }>();
  for (const w of obs.workloads) {
    for (const p of w.pods) {
      for (const s of p.containers) {
        const spec = w.containers.find((c) => c.name === s.name);
        if (!s.digest || !spec?.reference || known[s.digest] || children.has(s.digest) || notIndexes.has(s.digest)) continue;
        unknown.set(s.digest, { ref: spec.reference, key: specReferenceKey(spec.reference) ?? "" });
      }
    }
  }
  const found: IndexMap = {};
  await Promise.all(
    [...unknown].map(async ([digest, { ref, key }]) => {
      // A failed fetch (registry down) is retried next poll; "not an index" is remembered.
      const platforms = await deps.fetchIndex!(ref, digest, credentials.get(key)).catch(() => undefined);
      if (platforms && platforms.length) found[digest] = platforms;
      else if (platforms !== undefined) notIndexes.add(digest);
    }),
  );
  return found;
}
