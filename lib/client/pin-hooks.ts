"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiFetch } from "@/lib/client/api";
import { auditKeys, workloadKeys } from "@/lib/client/query-keys";
import { pinAcceptedSchema, pinEnvironmentResultSchema, pinPreviewSchema, type PinClusterResultDto } from "@/lib/schemas/pin";
import { auditListSchema } from "@/lib/schemas/audit";

export type WorkloadId = { cluster: string; namespace: string; kind: string; name: string };
export type PinSubmit = {
  action: "pin" | "unpin";
  container: string;
  digest?: string;
  tag?: string;
  reason?: string;
  ticket?: string;
  idempotencyKey?: string;
  resourceVersion?: string;
  confirmName?: string;
  override?: { paused?: boolean; gitops?: boolean };
  clusters?: { cluster: string; resourceVersion?: string }[];
};

const pathOf = (id: WorkloadId, action: string) => `/api/workloads/${[id.cluster, id.namespace, id.kind, id.name].map(encodeURIComponent).join("/")}/${action}`;
const bodyOf = ({ action: _action, ...rest }: PinSubmit, preview: boolean) => JSON.stringify({ ...rest, preview });

/** preview: true — the plan (a 422 carries the refusals and the preview in ApiError.body). */
export function usePinPreview(id: WorkloadId) {
  return useMutation({ mutationFn: (s: PinSubmit) => apiFetch(pathOf(id, s.action), pinPreviewSchema, { method: "POST", body: bodyOf(s, true) }) });
}

/** preview: false — 202 {correlationId}; environment-wide: one answer per cluster. */
export function usePinApply(id: WorkloadId) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (s: PinSubmit): Promise<PinClusterResultDto[]> => {
      if (s.clusters) return (await apiFetch(pathOf(id, s.action), pinEnvironmentResultSchema, { method: "POST", body: bodyOf(s, false) })).results;
      const { correlationId } = await apiFetch(pathOf(id, s.action), pinAcceptedSchema, { method: "POST", body: bodyOf(s, false) });
      return [{ cluster: id.cluster, status: 202, correlationId }];
    },
    onSettled: () => qc.invalidateQueries({ queryKey: workloadKeys.all }),
  });
}

/** Environment-wide preview: one answer per cluster (refusals included, with their previews). */
export function usePinPreviewAcross(id: WorkloadId) {
  return useMutation({ mutationFn: async (s: PinSubmit) => (await apiFetch(pathOf(id, s.action), pinEnvironmentResultSchema, { method: "POST", body: bodyOf(s, true) })).results });
}

/** One change's audit events (intent → result → rollout … → final), refreshed while it runs. */
export function useChangeEvents(correlationId: string | null, isLive: boolean, version = "") {
  return useQuery({
    // The version (state, progress) changes when the workload detail sees a new event: read them again.
    queryKey: [...auditKeys.change(correlationId ?? "-"), version],
    placeholderData: (previous) => previous,
    enabled: correlationId !== null,
    queryFn: async () => (await apiFetch(`/api/audit?correlationId=${encodeURIComponent(correlationId!)}`, auditListSchema)).items[0]?.events ?? [],
    refetchInterval: isLive ? 1500 : false,
  });
}

export const pinRefusalSchema = z.object({ codes: z.array(z.string()).optional(), reasons: z.array(z.object({ code: z.string(), message: z.string() })).optional(), preview: pinPreviewSchema.optional() });
