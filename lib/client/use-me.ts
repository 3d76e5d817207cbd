"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { meKeys } from "@/lib/client/query-keys";
import { meSchema } from "@/lib/schemas/me";

/** Who the server says we are. The UI hides what the role may not do; the server refuses it anyway. */
export function useMe() {
  return useQuery({ queryKey: meKeys.current, queryFn: () => apiFetch("/api/me", meSchema), staleTime: 60_000, refetchInterval: 5 * 60_000, retry: false });
}

/** True only once /api/me has answered with the operator role. */
export function useCanOperate() {
  return useMe().data?.role === "operator";
}
