"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { registryKeys } from "@/lib/client/query-keys";
import { registryListSchema } from "@/lib/schemas/registries";

export function useRegistries() {
  return useQuery({ queryKey: registryKeys.all, queryFn: () => apiFetch("/api/registries", registryListSchema), refetchInterval: 10_000 });
}
