import type { NodeObservation } from "./observation";
import type { ReleaseResolver } from "./releases";
import type { PodContainerRow } from "./types";

// When do two different digests prove two different releases? containerd and Docker report the
// digest they resolved (the index for a multi-arch tag, on every architecture); CRI-O reports
// the platform manifest it stored, so its digest differs per architecture and from the index.
// While the index listing is unknown (never fetched: a registry that refuses or is down), a
// CRI-O child and an index digest, or two CRI-O children of different architectures, may well
// be one multi-arch release: no evidence of skew. Known digests were already normalised.

export const isCrio = (runtime: string | undefined) => runtime !== undefined && /^cri-o:\/\//i.test(runtime);

export type NodeFacts = ReadonlyMap<string, { architecture: string; isCrio: boolean }>;

export function nodeFacts(nodes: readonly NodeObservation[]): NodeFacts {
  return new Map(nodes.map((n) => [n.name, { architecture: n.variant ? `${n.architecture}/${n.variant}` : n.architecture, isCrio: isCrio(n.containerRuntime) }]));
}

/** Could these two pods report the same digest for the same release? (Unknown nodes: assume so.) */
function reportAlike(a: PodContainerRow, b: PodContainerRow, nodes: NodeFacts): boolean {
  const na = a.node ? nodes.get(a.node) : undefined;
  const nb = b.node ? nodes.get(b.node) : undefined;
  const crioA = na?.isCrio ?? false;
  const crioB = nb?.isCrio ?? false;
  if (!crioA && !crioB) return true;
  return crioA && crioB && na?.architecture === nb?.architecture;
}

/** True when pods on release A and release B prove a split (not merely a runtime's other form of one release). */
export function provesSplit(a: readonly PodContainerRow[], b: readonly PodContainerRow[], nodes: NodeFacts, resolver: ReleaseResolver): boolean {
  const known = (rows: readonly PodContainerRow[]) => rows.every((r) => r.digest !== null && (resolver.isIndex(r.digest) || resolver.parentsOf(r.digest).length > 0));
  if (known(a) && known(b)) return true;
  return a.some((ra) => b.some((rb) => reportAlike(ra, rb, nodes)));
}
