// Which nodes a pod may land on: nodeSelector and required node affinity (nodeSelectorTerms are
// ORed, the matchExpressions of a term ANDed), as the scheduler filters them. Cordoned nodes are out.
import type { K8sObject } from "@/sim/api/store";

export type NodeSelectorRequirement = { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt"; values?: string[] };
type PodSpecLike = {
  nodeSelector?: Record<string, string>;
  affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchExpressions?: NodeSelectorRequirement[] }[] } } };
};

function matches(labels: Record<string, string>, r: NodeSelectorRequirement): boolean {
  const v = labels[r.key];
  switch (r.operator) {
    case "In": return v !== undefined && (r.values ?? []).includes(v);
    case "NotIn": return v === undefined || !(r.values ?? []).includes(v);
    case "Exists": return v !== undefined;
    case "DoesNotExist": return v === undefined;
    case "Gt": return v !== undefined && Number(v) > Number(r.values?.[0]);
    case "Lt": return v !== undefined && Number(v) < Number(r.values?.[0]);
  }
}

export function nodeFits(node: K8sObject, podSpec: Record<string, unknown>): boolean {
  const spec = podSpec as PodSpecLike;
  const labels = node.metadata.labels ?? {};
  if ((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable) return false;
  if (!Object.entries(spec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v)) return false;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return true;
  // An empty term matches no node, as in Kubernetes.
  return terms.some((t) => (t.matchExpressions ?? []).length > 0 && t.matchExpressions!.every((r) => matches(labels, r)));
}

/** A required node affinity on one term, from a fleet file's `nodeAffinity` list. */
export function requiredAffinity(expressions: NodeSelectorRequirement[]) {
  return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: expressions }] } } };
}
