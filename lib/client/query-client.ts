import { QueryClient } from "@tanstack/react-query";

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Fleet data changes with every poll; keep it fresh but do not hammer the API.
        staleTime: 5_000,
        refetchInterval: 15_000,
        refetchOnWindowFocus: true,
        retry: 1,
      },
    },
  });
}
