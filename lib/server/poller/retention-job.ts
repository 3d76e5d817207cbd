import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { applyRetention, type RetentionPolicy, type RetentionResult } from "@/lib/server/data/retention";
import { tryAcquireLease } from "@/lib/server/data/leases";
import { describeDbError } from "@/lib/server/db/describe-error";
import { logger } from "@/lib/server/logger";

// Runs retention shortly after start and then every `intervalMs`, on one replica at a time (a
// Postgres lease). A failure (database down) is logged and retried at the next run.

export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly opts: { db: PrismaClient; holder: string; policy: RetentionPolicy; intervalMs?: number; firstRunMs?: number }) {}

  start() {
    this.schedule(this.opts.firstRunMs ?? 60_000);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One run; null when another replica holds the retention lease. */
  async runOnce(now = new Date()): Promise<RetentionResult | null> {
    const interval = this.opts.intervalMs ?? 3_600_000;
    if (!(await tryAcquireLease(this.opts.db, { name: "retention", holder: this.opts.holder, ttlMs: interval }))) return null;
    const started = Date.now();
    const result = await applyRetention(this.opts.db, this.opts.policy, now);
    const deleted = Object.values(result).reduce((a, b) => a + b, 0);
    logger.info("retention applied", { ...result, durationMs: Date.now() - started, historyDays: this.opts.policy.historyDays, pollDays: this.opts.policy.pollDays, deleted });
    return result;
  }

  private schedule(delayMs: number) {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      await this.runOnce().catch((e) => logger.warn("retention failed; retrying at the next run", { error: describeDbError(e) }));
      this.schedule(this.opts.intervalMs ?? 3_600_000);
    }, delayMs);
    this.timer.unref?.();
  }
}
