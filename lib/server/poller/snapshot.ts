import "server-only";
import { eligibleNodes, nodePlatform, platformKey } from "@/lib/drift/platforms";
import { workloadSnapshot, workloadStateKey } from "@/lib/drift/state";
import type { WorkloadAnalysis } from "@/lib/drift/types";
import type { TagResolution, WorkloadObservation, NodeObservation } from "@/lib/drift/observation";
import type { WorkloadRecord } from "@/lib/server/data/workload-states";
import type { WorkloadCurrent } from "@/lib/server/services/workload-dto";
import type { ContainerDto } from "@/lib/schemas/workloads";

// Turns one analysed workload into what the store keeps: the current view (API body) and the
// change-detection hash plus the interval payload.

export function toRecord(a: WorkloadAnalysis, obs: WorkloadObservation, nodes: readonly NodeObservation[], resolutions: Readonly<Record<string, TagResolution>>): WorkloadRecord {
  const podNode = new Map(obs.pods.map((p) => [p.name, p.node]));
  const podReady = new Map(obs.pods.map((p) => [p.name, p.ready]));
  const specByName = new Map(obs.containers.map((c) => [c.name, c]));
  const containers: ContainerDto[] = a.containers.map((c) => {
    const spec = specByName.get(c.name);
    const res = c.specReference ? resolutions[c.specReference] : undefined;
    return {
      name: c.name,
      isInit: c.isInit,
      image: c.specImage,
      reference: c.specReference,
      isPinned: c.isPinned,
      pullPolicy: spec?.pullPolicy ?? "IfNotPresent",
      releases: c.releases.map((r) => ({
        release: r.release, digests: r.digests, pods: r.pods, nodes: r.nodes, revisions: r.revisions,
        readyPods: r.readyPods, restarts: r.restarts,
        placements: r.pods.map((p) => ({ pod: p, node: podNode.get(p) ?? null, isReady: podReady.get(p) ?? false })),
      })),
      resolution: res ? { ...res } : null,
      health: c.health,
    };
  });
  const usedNodes = new Set(obs.pods.map((p) => p.node).filter((n): n is string => !!n));
  const platforms = new Map(eligibleNodes(obs, nodes).map((n) => [platformKey(nodePlatform(n)), nodePlatform(n)]));
  const current: WorkloadCurrent = {
    findings: a.findings,
    containers,
    pods: { total: a.health.replicas, ready: a.health.ready },
    managedBy: a.managedBy,
    revisions: obs.revisions.map((r) => ({ revision: r.revision, number: r.number, images: r.images })),
    nodes: nodes.filter((n) => usedNodes.has(n.name)).map((n) => ({ name: n.name, architecture: n.variant ? `${n.architecture}/${n.variant}` : n.architecture })),
    platforms: [...platforms.values()],
  };
  return {
    namespace: a.namespace,
    kind: a.kind,
    name: a.name,
    status: a.status,
    driftKinds: [...new Set(a.findings.map((f) => f.kind))].sort(),
    stateHash: workloadStateKey(a),
    current,
    snapshot: workloadSnapshot(a),
    findings: a.findings,
  };
}
