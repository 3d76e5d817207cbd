"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiFetch, toQueryString } from "@/lib/client/api";
import { clusterKeys, nodeKeys, workloadKeys } from "@/lib/client/query-keys";
import { clusterListSchema, nodeMapSchema, pollResultSchema } from "@/lib/schemas/fleet";
import { driftSummarySchema, workloadDetailSchema, workloadListSchema } from "@/lib/schemas/workloads";

export type WorkloadFilters = { cluster?: string; namespace?: string; kind?: string; drift?: string; q?: string; cursor?: string };

export function useClusters() {
  return useQuery({ queryKey: clusterKeys.all, queryFn: () => apiFetch("/api/clusters", clusterListSchema), refetchInterval: 10_000 });
}

export function useWorkloads(filters: WorkloadFilters) {
  return useQuery({
    queryKey: workloadKeys.list(filters),
    queryFn: () => apiFetch(`/api/workloads${toQueryString({ ...filters, limit: 200 })}`, workloadListSchema),
    placeholderData: keepPreviousData,
  });
}

export function useDriftSummary(cluster?: string) {
  return useQuery({ queryKey: workloadKeys.summary(cluster), queryFn: () => apiFetch(`/api/summary${toQueryString({ cluster })}`, driftSummarySchema), refetchInterval: 15_000 });
}

export function useWorkload(id: { cluster: string; namespace: string; kind: string; name: string }, opts: { refetchInterval?: number | false } = {}) {
  const path = [id.cluster, id.namespace, id.kind, id.name].map(encodeURIComponent).join("/");
  return useQuery({ queryKey: workloadKeys.detail(id), queryFn: () => apiFetch(`/api/workloads/${path}`, workloadDetailSchema), ...opts });
}

export function useNodeMap(cluster?: string) {
  return useQuery({ queryKey: nodeKeys.map(cluster), queryFn: () => apiFetch(`/api/nodes${toQueryString({ cluster })}`, nodeMapSchema) });
}

/** POST /api/poll?wait=true, then refresh everything that depends on poll results. */
export function usePollNow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (cluster?: string) =>
      apiFetch(`/api/poll${toQueryString({ cluster, wait: "true" })}`, z.object({ results: z.array(pollResultSchema) }), { method: "POST" }),
    onSettled: () => qc.invalidateQueries(),
  });
}
