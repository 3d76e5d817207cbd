import "server-only";
import type { RegistryFailureStatus } from "@/lib/drift/observation";
import type { CallOutcome } from "@/lib/oci/transport";
import { getMetrics } from "@/lib/server/metrics";
import { boundedLabels, OTHER_LABEL } from "@/lib/server/metric-labels";

// Per registry host: what its last calls said. Fed by every resolver's transport (one outcome per
// API call, after auth retries), read by the poll's resolution step (to mark kept answers) and
// saved after each poll (GET /api/registries, the fleet page's banner).
//
// Rate limits, 5xx, timeouts and refused connections concern the whole host: one since the last
// success makes the host failing. A refusal (401/403) concerns a repository and the credentials
// used for it (a private image without its pull secret is normal): the host is `unauthorized`
// only when every repository it was last asked about was refused.

export type RegistryHostStatus = "ok" | RegistryFailureStatus;

export type HostErrorCode =
  | "TOO_MANY_REQUESTS" | "UNAUTHORIZED" | "DENIED" | "SERVER_ERROR" | "TIMEOUT" | "CONNECTION_REFUSED" | "UNREACHABLE" | "INVALID_RESPONSE";

export type HostHealth = {
  host: string;
  status: RegistryHostStatus;
  lastSuccessAt: Date | null;
  lastError: { code: HostErrorCode; message: string; at: Date } | null;
  /** First failure after the last success; null while the host is ok. */
  failingSince: Date | null;
  /** Until when the host asked us to wait (Retry-After). */
  retryUntil: Date | null;
};

type HostState = Omit<HostHealth, "status" | "failingSince"> & {
  /** The host-wide failure, with the error that made it (shown with that status, not a later 401). */
  hostWide: { status: RegistryFailureStatus; since: Date; error: NonNullable<HostHealth["lastError"]> } | null;
  lastRefusal: HostHealth["lastError"];
  firstFailure: Date | null;
  /** repository → whether its last call was refused (bounded, oldest dropped first). */
  refused: Map<string, boolean>;
  /** Counted since the last `takeCounts`. */
  requests: number;
  errors: number;
};

export type RegistryHealth = {
  record: (outcome: CallOutcome & { registry: string }) => void;
  /** One host's health now, or undefined when it was never called. */
  get: (host: string) => HostHealth | undefined;
  all: () => HostHealth[];
  /** Requests and errors counted since they were last taken, for these hosts (for the stored totals). */
  takeCounts: (hosts: readonly string[]) => Map<string, { requests: number; errors: number }>;
  /** Set the status and last-success gauges. */
  publish: () => void;
};

const STATUSES: RegistryHostStatus[] = ["ok", "rate-limited", "unauthorized", "unavailable", "unreachable"];

const MAX_REPOSITORIES = 1000;
const MAX_HOSTS = 500;
/** Metric labels: beyond this many hosts, the rest share one label value. */
const MAX_LABELLED_HOSTS = 50;

/** What a call's outcome was, for lastError and metrics; null for an answer. */
export function classifyOutcome(o: CallOutcome): { code: HostErrorCode; status: RegistryFailureStatus | "refused" } | null {
  if (o.status !== undefined) {
    if (o.status < 300 || o.status === 404) return null;
    if (o.status === 401) return { code: "UNAUTHORIZED", status: "refused" };
    if (o.status === 403) return { code: "DENIED", status: "refused" };
    if (o.status === 429) return { code: "TOO_MANY_REQUESTS", status: "rate-limited" };
    if (o.status >= 500) return { code: "SERVER_ERROR", status: "unavailable" };
    return { code: "INVALID_RESPONSE", status: "unavailable" };
  }
  const e = o.error;
  if (!e) return null;
  if (e.code === "TOO_MANY_REQUESTS") return { code: "TOO_MANY_REQUESTS", status: "rate-limited" };
  if (e.code === "UNAUTHORIZED" || e.code === "DENIED") return { code: e.code, status: "refused" };
  if (e.code === "INVALID_RESPONSE") return { code: "INVALID_RESPONSE", status: "unavailable" };
  if (e.cause === "server-error") return { code: "SERVER_ERROR", status: "unavailable" };
  if (e.cause === "timeout") return { code: "TIMEOUT", status: "unreachable" };
  if (e.cause === "refused") return { code: "CONNECTION_REFUSED", status: "unreachable" };
  return { code: "UNREACHABLE", status: "unreachable" };
}

export function createRegistryHealth(opts: { now?: () => Date } = {}): RegistryHealth {
  const now = opts.now ?? (() => new Date());
  const hosts = new Map<string, HostState>();
  const label = boundedLabels({ max: MAX_LABELLED_HOSTS });
  const metrics = getMetrics();

  const stateOf = (host: string): HostState => {
    let s = hosts.get(host);
    if (!s) {
      if (hosts.size >= MAX_HOSTS) hosts.delete(hosts.keys().next().value!);
      s = { host, lastSuccessAt: null, lastError: null, lastRefusal: null, retryUntil: null, hostWide: null, firstFailure: null, refused: new Map(), requests: 0, errors: 0 };
      hosts.set(host, s);
    }
    return s;
  };

  const view = (s: HostState): HostHealth => {
    const at = now();
    const held = s.retryUntil && s.retryUntil > at;
    const refusedAll = s.refused.size > 0 && [...s.refused.values()].every(Boolean);
    const status: RegistryHostStatus = held ? "rate-limited" : (s.hostWide?.status ?? (refusedAll ? "unauthorized" : "ok"));
    // The error that explains the status: a private repository's 401 must not read as the cause of
    // a rate limit. While the host is ok, the latest error of any kind.
    const lastError = s.hostWide && status !== "unauthorized" ? s.hostWide.error : status === "unauthorized" ? s.lastRefusal : s.lastError;
    return {
      host: s.host, status, lastSuccessAt: s.lastSuccessAt, lastError,
      failingSince: status === "ok" ? null : (s.hostWide?.since ?? s.firstFailure ?? at),
      retryUntil: held ? s.retryUntil : null,
    };
  };

  const setRepository = (s: HostState, repository: string, refused: boolean) => {
    s.refused.delete(repository);
    if (s.refused.size >= MAX_REPOSITORIES) s.refused.delete(s.refused.keys().next().value!);
    s.refused.set(repository, refused);
  };

  const record: RegistryHealth["record"] = (o) => {
    const s = stateOf(o.registry);
    const at = now();
    const failure = classifyOutcome(o);
    if (!o.isHeld) s.requests++;
    metrics.registryCalls.inc({ registry: label(o.registry), outcome: o.isHeld ? "held" : (failure?.code ?? "ANSWER") });
    if (!failure) {
      s.lastSuccessAt = at;
      s.hostWide = null;
      s.firstFailure = null;
      s.retryUntil = null;
      setRepository(s, o.repository, false);
      return;
    }
    const retryAfterMs = o.error?.retryAfterMs;
    if (retryAfterMs !== undefined) s.retryUntil = new Date(Math.max(s.retryUntil?.getTime() ?? 0, at.getTime() + retryAfterMs));
    if (o.isHeld) return; // nothing new was learnt: we did not ask
    s.errors++;
    s.firstFailure ??= at;
    s.lastError = { code: failure.code, message: o.error?.message ?? `${o.registry}: answered ${o.status}`, at };
    if (failure.status === "refused") {
      s.lastRefusal = s.lastError;
      setRepository(s, o.repository, true);
    } else s.hostWide = { status: failure.status, since: s.hostWide?.since ?? at, error: s.lastError };
  };

  return {
    record,
    get: (host) => {
      const s = hosts.get(host);
      return s ? view(s) : undefined;
    },
    all: () => [...hosts.values()].map(view),
    publish: () => {
      for (const s of hosts.values()) {
        if (label(s.host) === OTHER_LABEL) continue;
        const h = view(s);
        for (const status of STATUSES) metrics.registryStatus.set({ registry: s.host, status }, status === h.status ? 1 : 0);
        if (h.lastSuccessAt) metrics.registryLastSuccess.set({ registry: s.host }, h.lastSuccessAt.getTime() / 1000);
      }
    },
    takeCounts: (names) => {
      const out = new Map<string, { requests: number; errors: number }>();
      for (const name of names) {
        const s = hosts.get(name);
        if (!s) continue;
        if (s.requests || s.errors) out.set(s.host, { requests: s.requests, errors: s.errors });
        s.requests = 0;
        s.errors = 0;
      }
      return out;
    },
  };
}
