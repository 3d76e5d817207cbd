import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { revertedBy } from "@/lib/drift/gitops";
import { isRolloutDone, rolloutStatus, type RolloutStatus } from "@/lib/drift/rollout-status";
import type { WorkloadKind } from "@/lib/drift/observation";
import type { ClusterSource } from "@/lib/kube/clusters";
import { readWorkload, type LiveWorkload } from "@/lib/kube/workload-object";
import { appendAuditEvent, type AuditEventDto, type AuditEventInput, type AuditPhase } from "@/lib/server/data/audit";
import { tryAcquireLease } from "@/lib/server/data/leases";
import { listRecentChanges } from "@/lib/server/data/pin-changes";
import { describeDbError } from "@/lib/server/db/describe-error";
import { logger } from "@/lib/server/logger";

// Follows every applied change to the end, on one replica at a time (a Postgres lease): a
// `rollout` event each time the progress changes, a `final` event by kubectl's rules. An intent
// with no result (the process died between them) is resolved by reading the object: the outcome
// found is recorded (`recovered`) and the rollout followed. A direct pin of a GitOps-managed
// workload is watched a while longer: a revert is recorded with the field manager that did it.

export type FollowerOptions = {
  db: PrismaClient;
  holder: string;
  source: (cluster: string) => ClusterSource | undefined;
  intervalMs?: number;
  /** An intent this old with no result is an orphan (the apply itself times out well before). */
  orphanAfterMs?: number;
  /** How long after the final event a managed workload is watched for a revert. */
  revertWatchMs?: number;
  /** A rollout not done after this is closed as timed-out. */
  maxFollowMs?: number;
  now?: () => Date;
};

type Change = { events: AuditEventDto[]; intent: AuditEventDto };
const has = (c: Change, phase: string, outcome?: string) => c.events.some((e) => e.phase === phase && (outcome === undefined || e.outcome === outcome));

export class RolloutFollower {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly o: Required<Omit<FollowerOptions, "now">> & { now: () => Date };

  constructor(opts: FollowerOptions) {
    this.o = { intervalMs: 2000, orphanAfterMs: 20_000, revertWatchMs: 10 * 60_000, maxFollowMs: 60 * 60_000, now: () => new Date(), ...opts };
  }

  start() {
    this.schedule(0);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One pass over the open changes; false when another replica holds the lease. */
  async runOnce(): Promise<boolean> {
    if (!(await tryAcquireLease(this.o.db, { name: "rollout-follower", holder: this.o.holder, ttlMs: Math.max(10_000, 3 * this.o.intervalMs) }))) return false;
    const now = this.o.now();
    const groups = await listRecentChanges(this.o.db, { since: new Date(now.getTime() - 24 * 3_600_000) });
    for (const events of groups) {
      const intent = events.find((e) => e.phase === "intent");
      if (!intent) continue;
      await this.advance({ events, intent }, now).catch((e) =>
        logger.warn("rollout follower: change not advanced; retrying", { correlationId: intent.correlationId, error: e instanceof Error ? e.message : String(e) }),
      );
    }
    return true;
  }

  private async advance(c: Change, now: Date) {
    const age = now.getTime() - Date.parse(c.intent.at);
    const applied = has(c, "result", "applied") || has(c, "recovered", "applied");
    const settled = has(c, "result") || has(c, "recovered");
    const final = c.events.find((e) => e.phase === "final");
    if (!settled && age < this.o.orphanAfterMs) return; // an apply may still be in flight
    if (settled && !applied) return;
    if (final && (final.outcome !== "succeeded" || !c.intent.details.managed || has(c, "rollout", "reverted"))) return;
    if (final && now.getTime() - Date.parse(final.at) > this.o.revertWatchMs) return;
    const live = await this.read(c);
    if (!live) return;
    const image = live.containers.find((x) => x.name === c.intent.container)?.image ?? null;
    if (!settled) return this.recover(c, live, image);
    if (image !== c.intent.toImage) return this.reverted(c, live, image, final !== undefined);
    if (final) return;
    const status = rolloutStatus(live.rollout);
    const last = [...c.events].reverse().find((e) => e.phase === "rollout")?.details.rollout as RolloutStatus | undefined;
    if (!last || JSON.stringify(last) !== JSON.stringify(status)) await this.append(c, "rollout", status.phase, { rollout: status, message: status.message });
    if (isRolloutDone(status)) await this.append(c, "final", status.phase === "complete" ? "succeeded" : "failed", { rollout: status, message: status.message });
    else if (age > this.o.maxFollowMs) await this.append(c, "final", "timed-out", { rollout: status, message: `not done after ${Math.round(this.o.maxFollowMs / 60_000)} minutes: ${status.message}` });
  }

  private async read(c: Change): Promise<LiveWorkload | null> {
    const source = this.o.source(c.intent.cluster);
    if (!source) return null;
    const r = await readWorkload(source, { kind: c.intent.kind as WorkloadKind, namespace: c.intent.namespace, name: c.intent.name });
    return r.ok ? r.value : null; // unreachable now: asked again next pass
  }

  /** The process died between intent and result: what does the object say happened? */
  private async recover(c: Change, live: LiveWorkload, image: string | null) {
    if (image === c.intent.toImage) {
      await this.append(c, "recovered", "applied", { message: `outcome found on restart: the change was applied (the object runs ${image}); following the rollout`, resourceVersion: live.resourceVersion });
      return;
    }
    await this.append(c, "recovered", "not-applied", { message: `outcome found on restart: the change was not applied (the object runs ${image ?? "no such container"})`, resourceVersion: live.resourceVersion });
    await this.append(c, "final", "not-applied", { message: "nothing to follow: the change was not applied" });
  }

  private async reverted(c: Change, live: LiveWorkload, image: string | null, afterFinal: boolean) {
    const pinnedAt = (c.events.find((e) => e.phase === "result" || e.phase === "recovered")?.at) ?? c.intent.at;
    const by = revertedBy(live.managers, pinnedAt);
    const who = by?.manager ?? "another client";
    const details = { revertedBy: who, revertedAt: by?.at ?? this.o.now().toISOString(), image, message: `reverted by ${who} at ${by?.at ?? "an unknown time"}: the object runs ${image ?? "no such container"} again` };
    if (afterFinal) await this.append(c, "rollout", "reverted", details);
    else await this.append(c, "final", "reverted", details);
  }

  private async append(c: Change, phase: AuditPhase, outcome: string, details: Record<string, unknown>) {
    const i = c.intent;
    const event: AuditEventInput = {
      correlationId: i.correlationId, phase, action: i.action as AuditEventInput["action"], actor: i.actor, role: i.role ?? "operator", reason: i.reason, ticket: i.ticket,
      cluster: i.cluster, namespace: i.namespace, kind: i.kind, name: i.name, container: i.container, fromImage: i.fromImage, toImage: i.toImage, outcome,
      details: { ...details, recordedBy: "rollout-follower" },
    };
    await appendAuditEvent(event, this.o.db);
    c.events.push({ ...(event as unknown as AuditEventDto), at: this.o.now().toISOString(), details: event.details ?? {} });
  }

  private schedule(delayMs: number) {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      await this.runOnce().catch((e) => logger.warn("rollout follower failed; retrying", { error: describeDbError(e) }));
      this.schedule(this.o.intervalMs);
    }, delayMs);
    this.timer.unref?.();
  }
}
