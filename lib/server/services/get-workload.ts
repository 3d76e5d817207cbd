import "server-only";
import { getDb } from "@/lib/server/db/client";
import { getWorkload, listNamesakes, listWorkloadHistory, type WorkloadRow } from "@/lib/server/data/workloads";
import { getCurrentTagResolutions } from "@/lib/server/data/tag-resolutions";
import { loadIndexesFor } from "@/lib/server/data/indexes";
import { compareWithPeer } from "@/lib/drift/cross-cluster";
import { createReleaseResolver, type ReleaseResolver } from "@/lib/drift/releases";
import { AppError } from "@/lib/server/errors";
import { readCurrent, toWorkloadSummary } from "@/lib/server/services/workload-dto";
import { findLkgCandidates } from "@/lib/server/services/lkg";
import { getLatestChange } from "@/lib/server/data/pin-changes";
import { summarizeChange } from "@/lib/server/services/workload-change";
import type { Transition } from "@/lib/server/data/workload-states";
import type { ContainerDto, ElsewhereDto, WorkloadDetailDto } from "@/lib/schemas/workloads";

type StoredContainer = { name: string; specImage: string; releases: { release: string; pods: number; readyPods: number }[] };

export async function getWorkloadDetail(id: { cluster: string; namespace: string; kind: string; name: string }): Promise<WorkloadDetailDto> {
  const db = getDb();
  const row = await getWorkload(db, id);
  if (!row) throw new AppError("NOT_FOUND", `no workload ${id.kind} ${id.namespace}/${id.name} in cluster ${id.cluster}`);
  const states = await listWorkloadHistory(db, { workloadId: row.id, take: 500 });
  const current = readCurrent(row.current);
  const history: WorkloadDetailDto["history"] = states.map((s) => ({
    from: s.from.toISOString(),
    to: s.to?.toISOString() ?? null,
    status: s.status === "drift" ? "drift" : "in-sync",
    driftKinds: [...new Set(((s.findings as { kind: string }[]) ?? []).map((f) => f.kind))],
    containers: ((s.containers as StoredContainer[]) ?? []).map((c) => ({ name: c.name, image: c.specImage, releases: c.releases })),
    changes: ((s.changes as Transition[]) ?? []).map((c) => ({
      container: c.container,
      ...(c.fromSpecImage !== c.toSpecImage ? { fromImage: c.fromSpecImage ?? undefined, toImage: c.toSpecImage ?? undefined } : {}),
      fromReleases: c.type === "release-change" ? c.fromReleases : [],
      toReleases: c.type === "release-change" ? c.toReleases : [],
    })),
  }));
  // "Registry now" is this cluster's own answer, the one its findings were drawn from (with its
  // pull secrets; a kept answer carries its age and the registry's state), so the two never
  // disagree. The stored interval adds since when the registry has said the same.
  const refs = current.containers.map((c) => c.reference).filter((r): r is string => !!r);
  const latest = new Map((await getCurrentTagResolutions(db, refs)).map((r) => [r.reference, r]));
  const summary = toWorkloadSummary(row);
  summary.containers = summary.containers.map((c) => {
    const own = c.resolution;
    const r = c.reference ? latest.get(c.reference) : undefined;
    if (!own || !r) return c;
    const same = own.status === "ok" ? r.digest === own.digest : !r.digest && r.errorCode === own.code;
    return same ? { ...c, resolution: { ...own, since: r.from.toISOString() } } : c;
  });
  const namesakes = await listNamesakes(db, { clusterId: row.clusterId, namespace: row.namespace, kind: row.kind, name: row.name });
  // Judged as the cross-cluster finding judges (lib/drift/cross-cluster), with the index
  // listings of every digest involved, so an index here and its child there are one release.
  const digests = [row, ...namesakes].flatMap((w) => readCurrent(w.current).containers.flatMap((c) => c.releases.flatMap((r) => [r.release, ...r.digests])));
  const resolver = createReleaseResolver(await loadIndexesFor(db, digests));
  return {
    ...summary,
    elsewhere: namesakes.map((peer) => compareElsewhere(row.cluster.environment, current.containers, peer, resolver)),
    history,
    lkg: await findLkgCandidates({ states, containers: current.containers, platforms: current.platforms, revisions: current.revisions, now: new Date() }),
    revisions: current.revisions,
    nodes: current.nodes,
    change: summarizeChange((await getLatestChange(db, id)) ?? []),
    podList: current.podList,
  };
}

/** This workload against the same workload in another cluster, container by container. */
export function compareElsewhere(environment: string | null, mine: ContainerDto[], peer: WorkloadRow, resolver: ReleaseResolver = createReleaseResolver({})): ElsewhereDto {
  const theirs = readCurrent(peer.current).containers;
  const compared = compareWithPeer(mine, theirs, resolver);
  const containers = theirs.map((c, i) => ({ name: c.name, image: c.image, releases: compared.containers[i]!.releases, matches: compared.containers[i]!.matches }));
  const known = environment !== null && peer.cluster.environment !== null;
  const relation = !compared.isComparable
    ? "not-comparable"
    : !compared.differs
      ? "same-release"
      : !known
        ? "different-release"
        : peer.cluster.environment === environment
          ? "cross-cluster"
          : "promotion-lag";
  return {
    cluster: peer.cluster.name,
    environment: peer.cluster.environment,
    relation,
    status: peer.status === "drift" ? "drift" : "in-sync",
    containers,
  };
}
