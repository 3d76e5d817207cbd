import "server-only";
import { getDb } from "@/lib/server/db/client";
import { listNodes } from "@/lib/server/data/nodes";
import { listCurrentWorkloads } from "@/lib/server/data/workloads";
import { readCurrent } from "@/lib/server/services/workload-dto";
import { stalenessOf } from "@/lib/server/services/staleness";
import type { NodeEntryDto, NodeMapDto } from "@/lib/schemas/fleet";
import type { PodRowDto } from "@/lib/schemas/workloads";

/** The per-node digest map: for every node, which release of which workload container it runs. */
export async function getNodeMap(opts: { cluster?: string }): Promise<NodeMapDto> {
  const db = getDb();
  const [nodes, workloads] = await Promise.all([
    listNodes(db, { clusterName: opts.cluster }),
    listCurrentWorkloads(db, {}),
  ]);
  const entries = new Map<string, NodeEntryDto>();
  for (const n of nodes) {
    const labels = n.labels as Record<string, string>;
    entries.set(`${n.cluster.name}/${n.name}`, {
      cluster: n.cluster.name,
      name: n.name,
      os: n.os,
      architecture: n.variant ? `${n.architecture}/${n.variant}` : n.architecture,
      ready: labels["driftwatch.io/ready"] === undefined ? null : labels["driftwatch.io/ready"] === "true",
      unschedulable: labels["driftwatch.io/unschedulable"] === undefined ? null : labels["driftwatch.io/unschedulable"] === "true",
      workloads: [],
      cachedImages: (n.images as NodeEntryDto["cachedImages"]) ?? [],
      waiting: [],
      ...stalenessOf(n.cluster),
    });
  }
  for (const w of workloads) {
    if (opts.cluster && w.cluster.name !== opts.cluster) continue;
    const current = readCurrent(w.current);
    for (const entry of waitingOnNodes(current.podList)) entries.get(`${w.cluster.name}/${entry.node}`)?.waiting.push({ namespace: w.namespace, kind: w.kind, name: w.name, ...entry.pod });
    for (const c of current.containers) {
      for (const r of c.releases) {
        const byNode = new Map<string, string[]>();
        for (const p of r.placements ?? []) {
          if (!p.node) continue;
          byNode.set(p.node, [...(byNode.get(p.node) ?? []), p.pod]);
        }
        for (const [node, pods] of byNode) {
          entries.get(`${w.cluster.name}/${node}`)?.workloads.push({
            namespace: w.namespace, kind: w.kind, name: w.name, container: c.name, release: r.release, pods, status: w.status,
          });
        }
      }
    }
  }
  const items = [...entries.values()];
  for (const e of items) e.workloads.sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  for (const e of items) e.waiting.sort((a, b) => `${a.namespace}/${a.name}/${a.pod}`.localeCompare(`${b.namespace}/${b.name}/${b.pod}`));
  return { items };
}

/** Scheduled pods with a waiting container (the first one per pod): they hold a node but run no release. */
export function waitingOnNodes(pods: PodRowDto[]) {
  return pods.flatMap((p) => {
    const c = p.containers.find((x) => x.state === "waiting" && x.reason);
    if (!p.node || p.ready || !c) return [];
    return [{ node: p.node, pod: { pod: p.name, container: c.name, reason: c.reason!, cause: c.cause, message: c.message } }];
  });
}
