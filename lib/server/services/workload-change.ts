import "server-only";
import type { AuditEventDto } from "@/lib/server/data/audit";
import { rolloutSchema, type WorkloadChangeDto } from "@/lib/schemas/pin";

// One change's events (intent → result → rollout … → final, and a later revert) as the state the
// workload page shows: where it stands, the rollout's progress and who reverted it.

const FAILED_RESULTS = new Set(["conflict", "forbidden", "error", "not-applied"]);

export function summarizeChange(events: readonly AuditEventDto[]): WorkloadChangeDto | null {
  const intent = events.find((e) => e.phase === "intent");
  if (!intent) return null;
  const result = events.find((e) => e.phase === "result" || (e.phase === "recovered" && e.outcome !== null));
  const final = events.find((e) => e.phase === "final");
  const rollouts = events.filter((e) => e.phase === "rollout");
  const reverted = [...rollouts, ...(final ? [final] : [])].find((e) => e.outcome === "reverted");
  const lastRollout = [...rollouts].reverse().find((e) => rolloutSchema.safeParse(e.details.rollout).success);
  const rollout = lastRollout ? rolloutSchema.parse(lastRollout.details.rollout) : null;
  const failed = result && FAILED_RESULTS.has(result.outcome ?? "") ? result : null;
  const state = reverted ? "reverted" : final ? (final.outcome ?? "final") : failed ? failed.outcome! : rollouts.length ? "progressing" : result ? (result.outcome ?? "applied") : "intent";
  const latest = events[events.length - 1]!;
  const message = typeof latest.details.message === "string" ? latest.details.message : rollout?.message ?? null;
  return {
    correlationId: intent.correlationId,
    action: intent.action,
    actor: intent.actor,
    reason: intent.reason,
    container: intent.container,
    fromImage: intent.fromImage,
    toImage: intent.toImage,
    at: intent.at,
    state,
    rollout,
    message,
    revertedBy: typeof reverted?.details.revertedBy === "string" ? reverted.details.revertedBy : null,
    revertedAt: typeof reverted?.details.revertedAt === "string" ? reverted.details.revertedAt : null,
    isDone: Boolean(final || failed),
  };
}
