import "server-only";
import type { WorkloadRow } from "@/lib/server/data/workloads";
import { stalenessOf } from "@/lib/server/services/staleness";
import type { ContainerDto, FindingDto, PodRowDto, WorkloadSummaryDto } from "@/lib/schemas/workloads";

/** The denormalised `current` JSON a poll writes on each workload row. */
export type WorkloadCurrent = {
  findings: FindingDto[];
  containers: ContainerDto[];
  pods: { total: number; ready: number };
  managedBy: string | null;
  /** `createdAt`: the ReplicaSet's / ControllerRevision's creationTimestamp (null: not known, or written before it was kept). */
  revisions: { revision: string; number: number | null; createdAt: string | null; images: Record<string, string> }[];
  nodes: { name: string; architecture: string }[];
  /** Platforms of the nodes this workload can land on (for rollback-target checks). */
  platforms: { os: string; architecture: string; variant?: string }[];
  /** Every pod, the waiting ones included (rows written before this field have none). */
  podList: PodRowDto[];
};

export function readCurrent(json: unknown): WorkloadCurrent {
  const c = (json ?? {}) as Partial<WorkloadCurrent>;
  return {
    findings: c.findings ?? [],
    containers: c.containers ?? [],
    pods: c.pods ?? { total: 0, ready: 0 },
    managedBy: c.managedBy ?? null,
    revisions: (c.revisions ?? []).map((r) => ({ ...r, createdAt: r.createdAt ?? null })),
    nodes: c.nodes ?? [],
    platforms: c.platforms ?? [],
    podList: c.podList ?? [],
  };
}

export function toWorkloadSummary(row: WorkloadRow): WorkloadSummaryDto {
  const current = readCurrent(row.current);
  return {
    cluster: row.cluster.name,
    environment: row.cluster.environment,
    namespace: row.namespace,
    kind: row.kind,
    name: row.name,
    status: row.status === "drift" ? "drift" : "in-sync",
    driftKinds: row.driftKinds as WorkloadSummaryDto["driftKinds"],
    findings: current.findings,
    containers: current.containers,
    pods: current.pods,
    managedBy: current.managedBy,
    since: (row.states[0]?.from ?? new Date(0)).toISOString(),
    driftSince: row.driftSince?.toISOString() ?? null,
    observedAt: row.cluster.lastSuccessAt?.toISOString() ?? null,
    ...stalenessOf(row.cluster),
  };
}
