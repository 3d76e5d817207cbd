import type { PullFailureEvent, WaitingState } from "./observation";
import { classifyPullFailure, type PullFailureClass } from "./pull-failure";
import { compareStrings } from "./util";

// Why a pod cannot pull, kept while it backs off. A kubelet reports the cause once per pull
// attempt ("Failed to pull image …: <cause>", and the waiting message while in ErrImagePull);
// between attempts it only says "Back-off pulling image …" and "Error: ImagePullBackOff", and
// those are usually the newest events (timestamps have one-second resolution, so they often tie
// with the cause). So the cause is the newest *informative* text, never simply the newest one.

export type PullCause = {
  class: PullFailureClass;
  /** The text the class was read from (the pod message or an event message). */
  message: string;
  /** When that text was last reported (event lastSeen); null for a pod message with no event. */
  at: string | null;
  /** How often the kubelet reported it (the event's aggregated count), when known. */
  count: number | null;
};

// Texts that name no cause: the back-off itself and the bare "Error: <reason>" events.
const UNINFORMATIVE = [
  /^back-off pulling image "[^"]*"\.?$/i,
  /^error: (ErrImagePull|ImagePullBackOff|ErrImageNeverPull|InvalidImageName)$/i,
  /^pulling image "[^"]*"$/i,
  /^\s*$/,
];

/** The event recorder's aggregation prefix says nothing about the cause. */
function stripAggregation(message: string): string {
  return message.replace(/^\(combined from similar events\):\s*/i, "");
}

export function isInformativePullMessage(message: string | undefined): boolean {
  const text = stripAggregation(message ?? "").trim();
  return !UNINFORMATIVE.some((re) => re.test(text));
}

/** Events of one container of one pod (events without a container path count for every container). */
export function podPullEvents(events: readonly PullFailureEvent[], namespace: string, pod: string, container?: string): PullFailureEvent[] {
  return events.filter((e) => e.namespace === namespace && e.pod === pod && (e.container === undefined || container === undefined || e.container === container));
}

const rankClass = (c: PullFailureClass) => (c === "other" ? 1 : 0);

/**
 * The pull-failure cause of one waiting container: its own message when that names a cause
 * (ErrImagePull, or a kubelet ≥ 1.32 back-off message carrying the last error), else the newest
 * informative event (on a tie, one with a known class), else the bare message as `other`.
 */
export function pullFailureCause(waiting: WaitingState, events: readonly PullFailureEvent[]): PullCause {
  const lastSeen = newest(events);
  const message = waiting.message ?? "";
  if (waiting.reason === "InvalidImageName" || waiting.reason === "ErrImageNeverPull") {
    return { class: "other", message, at: lastSeen?.lastSeen ?? null, count: null };
  }
  if (isInformativePullMessage(message)) {
    return { class: classifyPullFailure("ErrImagePull", message), message, at: lastSeen?.lastSeen ?? null, count: null };
  }
  const informative = events
    .filter((e) => isInformativePullMessage(e.message))
    .map((e) => ({ e, cls: classifyPullFailure("ErrImagePull", stripAggregation(e.message)) }))
    .sort((a, b) => compareStrings(b.e.lastSeen, a.e.lastSeen) || rankClass(a.cls) - rankClass(b.cls) || compareStrings(a.e.message, b.e.message));
  const best = informative[0];
  if (best) return { class: best.cls, message: best.e.message, at: best.e.lastSeen, count: best.e.count ?? null };
  return { class: classifyPullFailure(waiting.reason, message), message: message || (lastSeen?.message ?? ""), at: lastSeen?.lastSeen ?? null, count: null };
}

function newest(events: readonly PullFailureEvent[]): PullFailureEvent | undefined {
  return [...events].sort((a, b) => compareStrings(b.lastSeen, a.lastSeen))[0];
}
