import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { releaseLease, tryAcquireLease } from "@/lib/server/data/leases";
import { describeDbError } from "@/lib/server/db/describe-error";
import { logger } from "@/lib/server/logger";
import { getMetrics } from "@/lib/server/metrics";
import type { PollResultDto } from "@/lib/schemas/fleet";

// One loop per cluster. Each poll first takes the cluster's Postgres lease, so two replicas
// never poll the same cluster at once, and a replica that dies loses its clusters to the others
// when its leases expire. A failing poll (cluster down, registry down, database restarting) is
// recorded where possible and retried on the next tick: the loop itself never stops.

export type PollTarget = { name: string };
/** Polls one cluster; `holder` is the replica holding its lease, recorded on the poll row. */
export type PollFn = (target: string, holder: string) => Promise<PollResultDto>;

export type PollerOptions = {
  db: PrismaClient;
  holder: string;
  clusters: PollTarget[];
  intervalMs: number;
  poll: PollFn;
  /** After a "poll all": redo each cluster's cross-cluster step against its peers' fresh state. */
  settle?: (target: string) => Promise<number>;
  /** Clusters whose cross-cluster findings a change in `target` affects (same environment). */
  peers?: (target: string) => string[];
  /** Called with every outcome of the loop, skipped polls included. */
  onResult?: (result: PollResultDto) => void;
  /** Lease lifetime; long enough to cover a slow poll, short enough for a quick take-over. */
  leaseMs?: number;
};

export class Poller {
  readonly holder: string;
  private timers = new Map<string, NodeJS.Timeout>();
  private running = new Map<string, Promise<PollResultDto>>();
  private settling = new Map<string, Promise<unknown>>();
  private stopped = false;

  constructor(private readonly opts: PollerOptions) {
    this.holder = opts.holder;
  }

  get clusters() {
    return this.opts.clusters.map((c) => c.name);
  }

  start() {
    this.opts.clusters.forEach((c, i) => {
      // Stagger the first polls a little so clusters do not all hit the registries at once.
      this.schedule(c.name, 200 + i * 150);
    });
  }

  async stop() {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.running.values(), ...this.settling.values()]);
    await Promise.allSettled(this.opts.clusters.map((c) => releaseLease(this.opts.db, { name: `cluster:${c.name}`, holder: this.holder })));
  }

  /**
   * Poll now: all clusters, or one. Waits for a poll already running, then polls again. After
   * all clusters, each one that polled settles its cross-cluster findings against the others.
   */
  async pollNow(cluster?: string): Promise<PollResultDto[]> {
    const names = cluster ? [cluster] : this.clusters;
    const results = await Promise.all(
      names.map(async (name) => {
        await this.running.get(name)?.catch(() => {});
        return this.runOnce(name);
      }),
    );
    if (!cluster && this.opts.settle) {
      const polled = results.filter((r) => r.status === "ok" || r.status === "partial").map((r) => r.cluster);
      await Promise.all(polled.map((name) => this.settleOne(name)));
    }
    return results;
  }

  private async settleOne(name: string) {
    await this.running.get(name)?.catch(() => {});
    if (this.stopped) return;
    // Many "poll all" requests at once share one settle (as they share the poll itself).
    const inFlight = this.settling.get(name);
    if (inFlight) return inFlight;
    const p = (async () => {
      // Still ours? (Renews it; a replica that lost the lease leaves the cluster alone.)
      if (!(await tryAcquireLease(this.opts.db, { name: `cluster:${name}`, holder: this.holder, ttlMs: this.leaseMs }))) return;
      await this.opts.settle!(name);
    })()
      .catch((e) => logger.warn("cross-cluster settle failed; the next poll redoes it", { cluster: name, error: describeDbError(e) }))
      .finally(() => this.settling.delete(name));
    this.settling.set(name, p);
    await p;
  }

  private get leaseMs() {
    return this.opts.leaseMs ?? Math.max(3 * this.opts.intervalMs, 60_000);
  }

  private schedule(name: string, delayMs: number) {
    if (this.stopped) return;
    const t = setTimeout(async () => {
      const result = await this.runOnce(name).catch(() => undefined);
      // Something changed here: the peers this replica polls compare against it now, not a whole interval later.
      if (result && result.rowsWritten > 1 && this.opts.settle) {
        const mine = new Set(this.clusters);
        for (const peer of this.opts.peers?.(name) ?? []) if (mine.has(peer)) void this.settleOne(peer);
      }
      this.schedule(name, this.opts.intervalMs);
    }, delayMs);
    t.unref?.();
    this.timers.set(name, t);
  }

  private runOnce(name: string): Promise<PollResultDto> {
    const existing = this.running.get(name);
    if (existing) return existing;
    const p = (async () => {
      await this.settling.get(name);
      const result = await this.leasedPoll(name);
      // Every outcome is counted here, whether the cluster failed, the pipeline threw, or the poll was skipped.
      if (result.status === "failed") getMetrics().pollFailures.inc({ cluster: name, code: result.error?.code ?? "ERROR" });
      if (result.status === "skipped") getMetrics().pollsSkipped.inc({ cluster: name, code: result.error?.code ?? "UNKNOWN" });
      this.opts.onResult?.(result);
      return result;
    })().finally(() => this.running.delete(name));
    this.running.set(name, p);
    return p;
  }

  private async leasedPoll(name: string): Promise<PollResultDto> {
    const started = new Date();
    const skipped = (code: string, message: string): PollResultDto => ({
      cluster: name, status: "skipped", startedAt: started.toISOString(), durationMs: Date.now() - started.getTime(),
      workloads: 0, pods: 0, nodes: 0, rowsWritten: 0, error: { code, message },
    });
    try {
      const isMine = await tryAcquireLease(this.opts.db, { name: `cluster:${name}`, holder: this.holder, ttlMs: this.leaseMs });
      if (!isMine) return skipped("LEASE_HELD", `cluster ${name} is being polled by another Driftwatch replica`);
    } catch (e) {
      const message = describeDbError(e);
      logger.warn("poll skipped: database unavailable", { cluster: name, error: message });
      return skipped("DATABASE_UNAVAILABLE", `database unavailable: ${message}`);
    }
    try {
      const result = await this.opts.poll(name, this.holder);
      logger.info("poll finished", { cluster: name, status: result.status, durationMs: result.durationMs, rowsWritten: result.rowsWritten, error: result.error?.message });
      return result;
    } catch (e) {
      const message = describeDbError(e);
      logger.error("poll failed", { cluster: name, error: message });
      return { ...skipped("POLL_FAILED", message), status: "failed" };
    }
  }
}
