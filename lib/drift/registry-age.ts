import type { RegistryErrorCode, RegistryFailureStatus, RegistryStale, TagResolution } from "./observation";
import { describeAge } from "./format";

// A registry answer is knowledge with an age. When asking again fails (401/403, 429, 5xx,
// timeout, unreachable), the last answer stays — marked with its age and the failure — instead of
// being replaced by the failure: a registry blip must not erase tag-moved or tag-missing, turn a
// drifting workload in-sync, or open history intervals. Only a reference never answered, or
// answered longer ago than the limit, is unverifiable.

export const DEFAULT_REGISTRY_STALE_MS = 24 * 60 * 60 * 1000;

/** The registry said something about the reference itself: it resolves, or it does not exist. */
export function isRegistryAnswer(r: TagResolution): boolean {
  return r.status === "ok" || r.code === "MANIFEST_UNKNOWN" || r.code === "NAME_UNKNOWN";
}

/** Refusals concern the credentials for one repository; the other failures concern the whole host. */
export function isAuthRefusal(code: RegistryErrorCode): boolean {
  return code === "UNAUTHORIZED" || code === "DENIED";
}

/** A failure that says nothing about the reference (as opposed to an answer or a bad reference). */
export function isRegistryFailure(r: TagResolution): boolean {
  return r.status === "error" && !isRegistryAnswer(r) && r.code !== "INVALID_REFERENCE";
}

/** How a failure reads on the host when the poller has no better word for it. */
export function failureStatusOf(code: RegistryErrorCode): RegistryFailureStatus {
  if (code === "TOO_MANY_REQUESTS") return "rate-limited";
  if (isAuthRefusal(code)) return "unauthorized";
  if (code === "INVALID_RESPONSE") return "unavailable";
  return "unreachable";
}

const strip = (r: TagResolution): TagResolution => {
  const { stale: _stale, ...rest } = r;
  return rest as TagResolution;
};

/**
 * What to keep as known about a reference after this poll's `fresh` result (`known` is what was
 * kept before, without its stale mark). An answer replaces everything. A failure keeps an
 * earlier answer; it also keeps an earlier failure unless it is a refusal replacing a host-wide
 * failure (a refusal is specific to this repository and these credentials: more to the point).
 */
export function keepKnown(known: TagResolution | undefined, fresh: TagResolution): TagResolution {
  if (!isRegistryFailure(fresh) || !known) return strip(fresh);
  if (isRegistryAnswer(known)) return known;
  const freshRefused = fresh.status === "error" && isAuthRefusal(fresh.code);
  const knownRefused = known.status === "error" && isAuthRefusal(known.code);
  return freshRefused && !knownRefused ? strip(fresh) : known;
}

/**
 * The resolution the drift engine sees: `fresh` when it is an answer; else what is known, marked
 * stale with this failure — or the failure itself when nothing is known or the last answer is
 * older than `staleAfterMs` (then the reference is unverifiable).
 */
export function resolutionWithAge(opts: {
  known: TagResolution | undefined;
  fresh: TagResolution;
  failure: Omit<RegistryStale, "code" | "message">;
  now: string;
  staleAfterMs?: number;
}): TagResolution {
  const { known, fresh } = opts;
  if (!isRegistryFailure(fresh) || fresh.status !== "error") return strip(fresh);
  const kept = keepKnown(known, fresh);
  // Nothing better known, or the same failure again (a refusal repeated is this poll's answer).
  if (!known || kept !== known || (known.status === "error" && known.code === fresh.code)) return strip(fresh);
  const stale: RegistryStale = { ...opts.failure, code: fresh.code, message: fresh.message };
  const limit = opts.staleAfterMs ?? DEFAULT_REGISTRY_STALE_MS;
  const age = Date.parse(opts.now) - Date.parse(kept.checkedAt);
  if (isRegistryAnswer(kept) && age > limit) {
    return { ...strip(fresh), message: `${fresh.message} (the last answer, ${describeAge(age)} old, is older than the ${describeAge(limit)} limit)` } as TagResolution;
  }
  return { ...kept, stale };
}

const clock = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;
const STATUS_WORDS: Record<RegistryFailureStatus, string> = {
  "rate-limited": "rate-limited",
  unauthorized: "refusing our credentials",
  unavailable: "unavailable",
  unreachable: "unreachable",
};

/** "as of 2026-12-01 14:28 UTC; registry 127.0.0.1:5000 rate-limited since 14:37 UTC, retry after 30 s" */
export function staleNote(r: TagResolution): string | null {
  if (!r.stale) return null;
  const s = r.stale;
  const since = s.since.slice(0, 10) === r.checkedAt.slice(0, 10) ? `${s.since.slice(11, 16)} UTC` : clock(s.since);
  const retry = s.retryAfterSeconds !== undefined ? `, retry after ${s.retryAfterSeconds} s` : "";
  return `as of ${clock(r.checkedAt)}; registry ${s.registry} ${STATUS_WORDS[s.status]} since ${since}${retry}`;
}

/** Facts for a finding's details: when the answer behind it was given and what the registry does now. */
export function staleDetails(r: TagResolution | null | undefined): Record<string, unknown> {
  if (!r?.stale) return {};
  const { registry, status, code, since, retryAfterSeconds } = r.stale;
  return { asOf: r.checkedAt, registry: { host: registry, status, code, since, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) } };
}
