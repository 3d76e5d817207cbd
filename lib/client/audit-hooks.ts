"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiFetch, toQueryString } from "@/lib/client/api";
import { auditListSchema, auditVerifySchema, releaseListSchema } from "@/lib/schemas/audit";
import { changeListSchema } from "@/lib/schemas/fleet";

// Hooks of the audit log, the release report and the paged changes feed. Filters are plain
// string maps (what the URL holds); pages follow the server's keyset cursor.

export type Filters = Record<string, string | undefined>;

export const auditKeys = {
  all: ["audit"] as const,
  list: (f: Filters) => ["audit", "list", f] as const,
  verify: ["audit", "verify"] as const,
};
export const releaseKeys = {
  all: ["releases"] as const,
  list: (f: Filters, limit: number) => ["releases", "list", f, limit] as const,
};
export const changePageKeys = {
  list: (f: Filters) => ["changes", "paged", f] as const,
};

/** The URL of an export: the same filters, streamed as a file. */
export const exportHref = (path: string, f: Filters, format: "csv" | "ndjson") => `${path}${toQueryString({ ...f, format })}`;

export function useAuditChanges(f: Filters) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(f),
    queryFn: ({ pageParam }) => apiFetch(`/api/audit${toQueryString({ ...f, cursor: pageParam, limit: 25 })}`, auditListSchema),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useAuditVerify(isEnabled: boolean) {
  return useQuery({ queryKey: auditKeys.verify, queryFn: () => apiFetch("/api/audit/verify", auditVerifySchema), enabled: isEnabled, staleTime: Infinity });
}

export function useReviewChange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { correlationId: string; note?: string }) =>
      apiFetch(`/api/audit/${encodeURIComponent(v.correlationId)}/review`, z.object({ id: z.string(), at: z.string(), isNew: z.boolean() }), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(v.note ? { note: v.note } : {}),
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: auditKeys.all }),
  });
}

export function useReleases(f: Filters, limit = 200) {
  return useInfiniteQuery({
    queryKey: releaseKeys.list(f, limit),
    queryFn: ({ pageParam }) => apiFetch(`/api/releases${toQueryString({ ...f, cursor: pageParam, limit })}`, releaseListSchema),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useChangesPage(f: Filters) {
  return useInfiniteQuery({
    queryKey: changePageKeys.list(f),
    queryFn: ({ pageParam }) => apiFetch(`/api/changes${toQueryString({ ...f, cursor: pageParam, limit: 100 })}`, changeListSchema),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}
