import { QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError } from "@/lib/client/api";

/** Any 401 means the session ended (expired, signed out elsewhere): go sign in, then come back. */
function onUnauthorized(error: unknown) {
  if (!(error instanceof ApiError) || error.status !== 401 || typeof window === "undefined") return;
  if (window.location.pathname === "/login") return;
  window.location.replace(`/login?returnTo=${encodeURIComponent(window.location.pathname + window.location.search)}`);
}

export function makeQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onUnauthorized }),
    defaultOptions: {
      queries: {
        // Fleet data changes with every poll; keep it fresh but do not hammer the API.
        staleTime: 5_000,
        refetchInterval: 15_000,
        refetchOnWindowFocus: true,
        // A refusal will not change on retry.
        retry: (count, error) => !(error instanceof ApiError && (error.status === 401 || error.status === 403)) && count < 1,
      },
    },
  });
}
