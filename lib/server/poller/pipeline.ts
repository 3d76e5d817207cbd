import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { analyzeFleet } from "@/lib/drift/fleet";
import { specReferenceKey } from "@/lib/drift/reference";
import { mergeIndexes, type IndexMap } from "@/lib/drift/releases";
import type { DriftSettings } from "@/lib/drift/types";
import type { ClusterObservation, ImageRef, PlatformManifest, TagResolution } from "@/lib/drift/observation";
import { finishPoll, startPoll, upsertClusters, type ClusterIdentity } from "@/lib/server/data/clusters";
import { loadIndexes, saveIndexes } from "@/lib/server/data/indexes";
import { recordNodes } from "@/lib/server/data/nodes";
import { recordTagResolutions } from "@/lib/server/data/tag-resolutions";
import { recordWorkloadStates } from "@/lib/server/data/workload-states";
import { getMetrics } from "@/lib/server/metrics";
import { withPeerCrossCluster } from "@/lib/server/poller/peers";
import { toRecord } from "@/lib/server/poller/snapshot";
import type { PollResultDto } from "@/lib/schemas/fleet";

// One poll of one cluster: collect → resolve each distinct reference → analyse → store what
// changed. Every failure is recorded on the poll and cluster rows; nothing here throws past the
// poll except a database that is down (the loop retries on its next tick).

export type PipelineCluster = { identity: ClusterIdentity; collect: () => Promise<ClusterObservation> };

export type PipelineDeps = {
  db: PrismaClient;
  /** Recorded on poll rows when the caller names no lease holder. */
  holder: string;
  clusters: Map<string, PipelineCluster>;
  /** Resolve a spec reference (tag or digest); failures come back as error resolutions. */
  resolve: (key: string, ref: ImageRef) => Promise<TagResolution>;
  /** Platform manifests of an index digest, or null when the digest is not an index. */
  fetchIndex?: (ref: ImageRef, digest: string) => Promise<PlatformManifest[] | null>;
  settings?: DriftSettings;
  now?: () => Date;
};

export function createPollCluster(deps: PipelineDeps) {
  const clusterIds = new Map<string, number>();
  let indexes: IndexMap | undefined;
  const notIndexes = new Set<string>();
  const now = deps.now ?? (() => new Date());

  return async function pollCluster(name: string, holder: string = deps.holder): Promise<PollResultDto> {
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
    if (obs.status !== "failed") {
      const resolutions = await resolveAll(deps, obs);
      const known = mergeIndexes(indexes, Object.values(resolutions));
      const fetched = await fetchUnknownIndexes(deps, obs, known, notIndexes);
      const newIndexes = { ...fetched, ...Object.fromEntries(Object.entries(known).filter(([d]) => !indexes![d])) };
      indexes = { ...known, ...fetched };
      const analysis = analyzeFleet({ observations: [obs], resolutions, indexes, now: startedAt.toISOString(), settings: deps.settings });
      const workloads = await withPeerCrossCluster(deps.db, { clusterId, environment: obs.environment, analyses: analysis.workloads, indexes });
      const byKey = new Map(obs.workloads.map((w) => [`${w.namespace}/${w.kind}/${w.name}`, w]));
      const records = workloads.map((a) => toRecord(a, byKey.get(`${a.namespace}/${a.kind}/${a.name}`)!, obs.nodes, resolutions));
      const at = now();
      rowsWritten += await saveIndexes(deps.db, newIndexes);
      rowsWritten += await recordTagResolutions(deps.db, { resolutions: Object.values(resolutions), now: at });
      rowsWritten += await recordNodes(deps.db, { clusterId, nodes: obs.nodes, now: at });
      rowsWritten += await recordWorkloadStates(deps.db, { clusterId, records, now: at, isComplete: obs.status === "ok" });
    }
    const finishedAt = now();
    const durationMs = finishedAt.getTime() - startedAt.getTime();
    await finishPoll(deps.db, {
      pollId,
      clusterId,
      outcome: {
        status: obs.status, finishedAt, durationMs, error: obs.error?.message ?? gapSummary(obs), errorCode: obs.error?.code,
        ...counts, rowsWritten, gaps: obs.gaps,
      },
    });
    getMetrics().pollDuration.observe({ cluster: name, status: obs.status }, durationMs / 1000);
    if (obs.status === "failed") getMetrics().pollFailures.inc({ cluster: name, code: obs.error?.code ?? "ERROR" });
    return {
      cluster: name, status: obs.status, startedAt: startedAt.toISOString(), durationMs, ...counts, rowsWritten,
      ...(obs.error ? { error: { code: obs.error.code, message: obs.error.message } } : {}),
    };
  };
}

function gapSummary(obs: ClusterObservation): string | undefined {
  if (obs.gaps.length === 0) return undefined;
  return obs.gaps.map((g) => `${g.resource}: ${g.code} ${g.message}`).join("; ");
}

/** Every distinct spec reference of the cluster, once (the resolver dedups across clusters). */
async function resolveAll(deps: PipelineDeps, obs: ClusterObservation): Promise<Record<string, TagResolution>> {
  const refs = new Map<string, ImageRef>();
  for (const w of obs.workloads) {
    for (const c of w.containers) {
      const key = specReferenceKey(c.reference);
      if (key && c.reference) refs.set(key, c.reference);
    }
  }
  const entries = await Promise.all([...refs].map(async ([key, ref]) => [key, await deps.resolve(key, ref)] as const));
  return Object.fromEntries(entries);
}

/**
 * Running digests that are neither a known index nor a known child may be an index we never saw
 * (an older multi-arch build): fetch each once so its pods normalise to one release.
 */
async function fetchUnknownIndexes(deps: PipelineDeps, obs: ClusterObservation, known: IndexMap, notIndexes: Set<string>): Promise<IndexMap> {
  if (!deps.fetchIndex) return {};
  const children = new Set(Object.values(known).flatMap((list) => list.map((p) => p.digest)));
  const unknown = new Map<string, ImageRef>();
  for (const w of obs.workloads) {
    for (const p of w.pods) {
      for (const s of p.containers) {
        const spec = w.containers.find((c) => c.name === s.name);
        if (!s.digest || !spec?.reference || known[s.digest] || children.has(s.digest) || notIndexes.has(s.digest)) continue;
        unknown.set(s.digest, spec.reference);
      }
    }
  }
  const found: IndexMap = {};
  await Promise.all(
    [...unknown].map(async ([digest, ref]) => {
      // A failed fetch (registry down) is retried next poll; "not an index" is remembered.
      const platforms = await deps.fetchIndex!(ref, digest).catch(() => undefined);
      if (platforms && platforms.length) found[digest] = platforms;
      else if (platforms !== undefined) notIndexes.add(digest);
    }),
  );
  return found;
}
