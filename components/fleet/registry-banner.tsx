"use client";

import { DataAge } from "@/components/ui/data-age";
import { formatAbsolute } from "@/components/ui/format-time";
import { SeverityMark } from "@/components/ui/severity-icon";
import { useRegistries } from "@/lib/client/use-registries";
import type { RegistryHostDto } from "@/lib/schemas/registries";

const WHAT: Record<Exclude<RegistryHostDto["status"], "ok">, string> = {
  "rate-limited": "is rate-limiting Driftwatch",
  unauthorized: "refuses Driftwatch's credentials",
  unavailable: "is answering with errors",
  unreachable: "cannot be reached",
};

/**
 * Names every registry host that is failing now. Findings drawn from such a registry keep its
 * last answer, marked with the answer's age; this says why the answers are not fresh.
 */
export function RegistryBanner() {
  const q = useRegistries();
  const failing = (q.data?.items ?? []).filter((r) => r.status !== "ok");
  if (failing.length === 0) return null;
  return (
    <section aria-label="Registries failing" role="status" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
      <ul className="space-y-1">
        {failing.map((r) => (
          <li key={r.host} data-registry={r.host} data-registry-status={r.status}>
            <SeverityMark severity="warning" className="mr-1 inline h-3.5 w-3.5 align-[-2px]" />
            <span className="font-semibold">
              Registry <code className="font-mono">{r.host}</code> {WHAT[r.status as keyof typeof WHAT]}
            </span>
            {r.failingSince ? (
              <>
                {" "}since {formatAbsolute(r.failingSince, { isDateShown: false })} (<DataAge at={r.failingSince} staleAfterMs={null} />)
              </>
            ) : null}
            {r.retryAfterSeconds !== null ? <span data-retry-after={r.retryAfterSeconds}>, asked to retry after {r.retryAfterSeconds} s</span> : null}
            {r.lastError ? <span className="text-amber-900"> ({r.lastError.code})</span> : null}.{" "}
            <span className="text-amber-900">
              Findings from it show its last answer and how old it is
              {r.lastSuccessAt ? (
                <>
                  ; last answered <DataAge at={r.lastSuccessAt} staleAfterMs={null} />
                </>
              ) : "; it has not answered yet"}
              .
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
