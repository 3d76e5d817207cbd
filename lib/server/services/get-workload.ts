import "server-only";
import { getDb } from "@/lib/server/db/client";
import { getWorkload, listNamesakes, listWorkloadHistory, type WorkloadRow } from "@/lib/server/data/workloads";
import { getCurrentTagResolutions } from "@/lib/server/data/tag-resolutions";
import { AppError } from "@/lib/server/errors";
import { readCurrent, toWorkloadSummary } from "@/lib/server/services/workload-dto";
import { findLkgCandidates } from "@/lib/server/services/lkg";
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
  // "Registry now" comes from the latest recorded resolution, not the copy kept with the state.
  const refs = current.containers.map((c) => c.reference).filter((r): r is string => !!r);
  const latest = new Map((await getCurrentTagResolutions(db, refs)).map((r) => [r.reference, r]));
  const summary = toWorkloadSummary(row);
  summary.containers = summary.containers.map((c) => {
    const r = c.reference ? latest.get(c.reference) : undefined;
    if (!r) return c;
    const checkedAt = r.lastCheckedAt.toISOString();
    const since = r.from.toISOString();
    const resolution = r.digest
      ? { status: "ok" as const, reference: r.reference, digest: r.digest, ...(r.mediaType ? { mediaType: r.mediaType } : {}), platforms: (r.platforms as { os: string; architecture: string; digest: string }[]) ?? [], checkedAt, since }
      : { status: "error" as const, reference: r.reference, code: r.errorCode ?? "UNKNOWN", message: r.errorMessage ?? "", checkedAt, since };
    return { ...c, resolution };
  });
  return {
    ...summary,
    elsewhere: (await listNamesakes(db, { clusterId: row.clusterId, namespace: row.namespace, kind: row.kind, name: row.name })).map((peer) =>
      compareElsewhere(row.cluster.environment, current.containers, peer),
    ),
    history,
    lkg: await findLkgCandidates({ states, containers: current.containers, platforms: current.platforms, now: new Date() }),
    revisions: current.revisions,
    nodes: current.nodes,
  };
}

const releasesOf = (c: Pick<ContainerDto, "releases"> | undefined) => [...new Set((c?.releases ?? []).map((r) => r.release))].sort();

/** This workload's containers against the same workload in another cluster, release by release. */
export function compareElsewhere(environment: string | null, mine: ContainerDto[], peer: WorkloadRow): ElsewhereDto {
  const theirs = readCurrent(peer.current).containers;
  const containers = theirs.map((c) => {
    const releases = releasesOf(c);
    const own = releasesOf(mine.find((m) => m.name === c.name));
    return { name: c.name, image: c.image, releases, matches: own.length === releases.length && own.every((r, i) => r === releases[i]) };
  });
  const same = containers.every((c) => c.matches) && mine.every((m) => theirs.some((c) => c.name === m.name));
  const known = environment !== null && peer.cluster.environment !== null;
  const relation = same ? "same-release" : !known ? "different-release" : peer.cluster.environment === environment ? "cross-cluster" : "promotion-lag";
  return {
    cluster: peer.cluster.name,
    environment: peer.cluster.environment,
    relation,
    status: peer.status === "drift" ? "drift" : "in-sync",
    containers,
  };
}
