// One query-key factory per resource, so invalidation is precise.
export const clusterKeys = {
  all: ["clusters"] as const,
};

export const workloadKeys = {
  all: ["workloads"] as const,
  list: (filters: Record<string, string | undefined>) => ["workloads", "list", filters] as const,
  detail: (id: { cluster: string; namespace: string; kind: string; name: string }) => ["workloads", "detail", id] as const,
  summary: (cluster?: string) => ["workloads", "summary", cluster ?? "*"] as const,
};

export const nodeKeys = {
  all: ["nodes"] as const,
  map: (cluster?: string) => ["nodes", "map", cluster ?? "*"] as const,
};

export const meKeys = {
  current: ["me"] as const,
};

export const registryKeys = {
  all: ["registries"] as const,
};

export const auditKeys = {
  all: ["audit"] as const,
  change: (correlationId: string) => ["audit", "change", correlationId] as const,
};
