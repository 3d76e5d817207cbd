// The nodes a workload's pods may be scheduled on, read live: the platforms a pin target must
// cover. Same rules as the collector (nodeSelector, required node affinity on the architecture).
import { CoreV1Api } from "@kubernetes/client-node";
import { eligibleNodes } from "@/lib/drift/platforms";
import type { NodeObservation, WorkloadObservation } from "@/lib/drift/observation";
import type { ClusterSource } from "./clusters";
import { listAll, type ListPage } from "./list";
import { allowedArchitectures } from "./map-workload";
import { mapNode } from "./map-node";
import { nodeSchema, podSpecSchema } from "./schemas";
import { kubeFailure, type KubeFailure, type LiveWorkload } from "./workload-object";

export async function listNodes(source: ClusterSource): Promise<NodeObservation[]> {
  const core = source.kubeConfig.makeApiClient(CoreV1Api);
  const nodes: NodeObservation[] = [];
  await listAll({
    resource: "nodes", schema: nodeSchema, pageSize: 500, timeoutMs: 15_000, signal: new AbortController().signal,
    fetch: (r, o) => core.listNode(r, o) as Promise<ListPage>,
    onItem: (n) => void nodes.push(mapNode(n)),
    onSkip: () => undefined,
  });
  return nodes;
}

/** Eligible nodes of the live workload, or why they could not be listed. */
export async function schedulableNodesFor(source: ClusterSource, w: LiveWorkload): Promise<{ ok: true; value: NodeObservation[] } | { ok: false; error: KubeFailure }> {
  let nodes: NodeObservation[];
  try {
    nodes = await listNodes(source);
  } catch (e) {
    const f = kubeFailure(e, source, w.ref, "get");
    const message = f.code === "FORBIDDEN" ? `Driftwatch's credentials for cluster ${source.name} lack the "list" permission on nodes (cluster scope)` : f.message.replace(`get ${w.ref.kind} ${w.ref.namespace}/${w.ref.name}`, "listing nodes");
    return { ok: false, error: { ...f, message } };
  }
  const spec = podSpecSchema.safeParse({ containers: [{ name: "x" }], nodeSelector: w.scheduling.nodeSelector, affinity: w.scheduling.affinity });
  const arches = [...new Set(nodes.map((n) => n.architecture))];
  const shape = { nodeSelector: w.scheduling.nodeSelector, allowedArchitectures: spec.success ? allowedArchitectures(spec.data, arches) : null } as Pick<WorkloadObservation, "nodeSelector" | "allowedArchitectures">;
  return { ok: true, value: eligibleNodes(shape as WorkloadObservation, nodes) };
}
