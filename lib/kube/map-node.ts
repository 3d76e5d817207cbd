// Nodes: platform, schedulability and the image cache (`status.images`) that explains why
// IfNotPresent pods keep old bytes.
import type { NodeObservation } from "@/lib/drift/observation";
import type { RawNode } from "./schemas";

/** No standard label carries the CPU variant; clusters that care set this one (e.g. "v8"). */
export const ARCH_VARIANT_LABEL = "kubernetes.io/arch-variant";

export function mapNode(n: RawNode): NodeObservation {
  const status = n.status ?? {};
  const labels = n.metadata.labels ?? {};
  const variant = labels[ARCH_VARIANT_LABEL];
  return {
    name: n.metadata.name,
    os: status.nodeInfo?.operatingSystem || labels["kubernetes.io/os"] || "linux",
    architecture: status.nodeInfo?.architecture || labels["kubernetes.io/arch"] || "unknown",
    ...(variant ? { variant } : {}),
    ...(status.nodeInfo?.containerRuntimeVersion ? { containerRuntime: status.nodeInfo.containerRuntimeVersion } : {}),
    labels,
    ready: (status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
    unschedulable: n.spec?.unschedulable === true,
    images: (status.images ?? []).map((i) => ({ names: i.names ?? [], ...(typeof i.sizeBytes === "number" ? { sizeBytes: i.sizeBytes } : {}) })),
  };
}
