import "server-only";
import { Counter, Gauge, Histogram, Registry } from "prom-client";

// Prometheus metrics, one registry per process (kept on globalThis across module reloads).
type Metrics = {
  registry: Registry;
  pollDuration: Histogram<"cluster" | "status">;
  pollFailures: Counter<"cluster" | "code">;
  pollsSkipped: Counter<"cluster" | "code">;
  registryRequests: Counter<"registry" | "method" | "code">;
  registryCalls: Counter<"registry" | "outcome">;
  registryStatus: Gauge<"registry" | "status">;
  registryLastSuccess: Gauge<"registry">;
  workloadsByDrift: Gauge<"kind">;
  workloadsByStatus: Gauge<"status">;
  clusterDataAge: Gauge<"cluster">;
};

const g = globalThis as unknown as { driftwatchMetrics?: Metrics };

export function getMetrics(): Metrics {
  if (g.driftwatchMetrics) return g.driftwatchMetrics;
  const registry = new Registry();
  g.driftwatchMetrics = {
    registry,
    pollDuration: new Histogram({
      name: "driftwatch_poll_duration_seconds", help: "Duration of one cluster poll (collect, resolve, analyse, store)",
      labelNames: ["cluster", "status"], buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60], registers: [registry],
    }),
    pollFailures: new Counter({ name: "driftwatch_poll_failures_total", help: "Cluster polls that failed", labelNames: ["cluster", "code"], registers: [registry] }),
    pollsSkipped: new Counter({ name: "driftwatch_polls_skipped_total", help: "Cluster polls not run: another replica holds the lease, or the database is unavailable", labelNames: ["cluster", "code"], registers: [registry] }),
    registryRequests: new Counter({ name: "driftwatch_registry_requests_total", help: "Registry requests by outcome code", labelNames: ["registry", "method", "code"], registers: [registry] }),
    registryCalls: new Counter({
      name: "driftwatch_registry_calls_total", help: "Registry API calls by outcome (ANSWER, a classified error code, or held: not sent during Retry-After); at most 50 registry labels, the rest 'other'",
      labelNames: ["registry", "outcome"], registers: [registry],
    }),
    registryStatus: new Gauge({ name: "driftwatch_registry_status", help: "1 for each registry host's current status (ok, rate-limited, unauthorized, unavailable, unreachable)", labelNames: ["registry", "status"], registers: [registry] }),
    registryLastSuccess: new Gauge({ name: "driftwatch_registry_last_success_timestamp_seconds", help: "When each registry host last answered", labelNames: ["registry"], registers: [registry] }),
    workloadsByDrift: new Gauge({ name: "driftwatch_workloads_drift", help: "Workloads with a finding of each drift kind", labelNames: ["kind"], registers: [registry] }),
    workloadsByStatus: new Gauge({ name: "driftwatch_workloads", help: "Workloads by status", labelNames: ["status"], registers: [registry] }),
    clusterDataAge: new Gauge({ name: "driftwatch_cluster_data_age_seconds", help: "Seconds since the last successful poll of each cluster", labelNames: ["cluster"], registers: [registry] }),
  };
  return g.driftwatchMetrics;
}
