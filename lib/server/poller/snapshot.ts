import "server-only";
import { createHash } from "node:crypto";
import { eligibleNodes, nodePlatform, platformKey } from "@/lib/drift/platforms";
import { describePods } from "@/lib/drift/pod-rows";
import { workloadSnapshot, workloadStateKey, type WorkloadSnapshot } from "@/lib/drift/state";
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
    revisions: obs.revisions.map((r) => ({ revision: r.revision, number: r.number, createdAt: r.createdAt || null, images: r.images })),
    nodes: nodes.filter((n) => usedNodes.has(n.name)).map((n) => ({ name: n.name, architecture: n.variant ? `${n.architecture}/${n.variant}` : n.architecture })),
    platforms: [...platforms.values()],
    podList: describePods(obs, nodes, a.findings),
  };
  return {
    namespace: a.namespace,
    kind: a.kind,
    name: a.name,
    status: a.status,
    driftKinds: [...new Set(a.findings.map((f) => f.kind))].sort(),
    stateHash: workloadStateKey(a),
    current,
    currentHash: currentViewHash(current),
    snapshot: withImageManagers(workloadSnapshot(a), obs.imageManagers),
    findings: a.findings,
  };
}

// Fields that change on every registry check without the view changing: hashing them would
// rewrite every row each time a tag's TTL runs out. (A changed answer, or a kept one marked
// stale, changes other fields: only the time of an unchanged answer may be a few checks old.)
const VOLATILE = new Set(["checkedAt"]);

/**
 * Cheap hash of the current view (pods, nodes, peers in the findings): the store rewrites the
 * row's `current` whenever it differs, even when the history key does not change.
 */
export function currentViewHash(current: WorkloadCurrent): string {
  const json = JSON.stringify(current, (k, v: unknown) => (VOLATILE.has(k) ? undefined : v));
  return `sha1:${createHash("sha1").update(json).digest("hex")}`;
}

/** The release report's "who changed it" rides along in the stored interval; the state key ignores it. */
function withImageManagers(s: WorkloadSnapshot, managers: Record<string, string> | undefined): WorkloadSnapshot {
  if (!managers) return s;
  return { ...s, containers: s.containers.map((c) => (managers[c.name] ? { ...c, imageManager: managers[c.name] } : c)) };
}
