import "server-only";

// One rule for "stale": a cluster whose last poll failed is shown as last seen, and everything of
// it (workloads, nodes) says so with the time it was last seen (its last successful poll).

export function stalenessOf(cluster: { status: string; lastSuccessAt: Date | null }): { stale: boolean; lastSeenAt: string | null } {
  return { stale: cluster.status === "failed", lastSeenAt: cluster.lastSuccessAt?.toISOString() ?? null };
}
