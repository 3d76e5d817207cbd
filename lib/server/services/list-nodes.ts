import "server-only";
import { getDb } from "@/lib/server/db/client";
import { listNodes } from "@/lib/server/data/nodes";
import { listCurrentWorkloads } from "@/lib/server/data/workloads";
import { readCurrent } from "@/lib/server/services/workload-dto";
import type { NodeEntryDto, NodeMapDto } from "@/lib/schemas/fleet";

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
    });
  }
  for (const w of workloads) {
    if (opts.cluster && w.cluster.name !== opts.cluster) continue;
    for (const c of readCurrent(w.current).containers) {
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
  return { items };
}
