// The rollout follower on the demo fleet: a Driftwatch process killed between the intent and the
// result event (a real child process, SIGKILL) leaves an orphaned intent; the next start reads
// the object, records what actually happened and follows the rollout to its final event. A
// direct pin of the Argo CD-managed cart is reverted by the simulator's self-heal and recorded
// as "reverted by argocd-controller".
import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { listAuditEventsByCorrelation, type AuditEventDto } from "@/lib/server/data/audit";
import { RolloutFollower } from "@/lib/server/jobs/rollout-follower";
import type { Harness } from "@/lib/server/poller/test-harness";
import type { PinDeps } from "@/lib/server/services/pin-context";
import { applyPin, previewPin } from "@/lib/server/services/pin-workload";
import { summarizeChange } from "@/lib/server/services/workload-change";
import { useDemoHarness } from "@/test/demo-harness";
import { pinDepsFor } from "@/test/pin-deps";

type Current = { containers: { image: string; resolution: { digest?: string } | null }[]; revisions: { images: Record<string, string> }[] };
const operator = { user: "carol", role: "operator" };

describe("following rollouts, and recovering after a crash", () => {
  let h!: Harness;
  let deps!: PinDeps;
  let databaseUrl!: string;
  let follower!: RolloutFollower;
  const current = async (name: string) => (await h.prisma.workload.findFirstOrThrow({ where: { cluster: { name: "prod-eu" }, namespace: "shop", name }, select: { current: true } })).current as Current;
  const ref = (name: string) => ({ kind: "Deployment" as const, namespace: "shop", name });
  const phases = (events: AuditEventDto[]) => events.map((e) => [e.phase, e.outcome]);

  /** Runs the follower until `done` holds for the change's events (at most ~15 s). */
  async function follow(correlationId: string, done: (events: AuditEventDto[]) => boolean): Promise<AuditEventDto[]> {
    for (let i = 0; i < 75; i++) {
      await follower.runOnce();
      const events = await listAuditEventsByCorrelation(correlationId, h.prisma);
      if (done(events)) return events;
      await new Promise((r) => setTimeout(r, 200));
    }
    return listAuditEventsByCorrelation(correlationId, h.prisma);
  }

  /** Applies one pin in a child process that is killed at `hook`; answers its correlation id. */
  async function crashingApply(name: string, hook: "crash-after-intent" | "crash-after-patch", key: string): Promise<string> {
    const c = (await current(name)).containers[0]!;
    const p = await previewPin(deps, { action: "pin", cluster: "prod-eu", ref: ref(name), container: "app", digest: c.resolution!.digest! }, operator);
    const request = { action: "pin", cluster: "prod-eu", ref: ref(name), container: "app", digest: c.resolution!.digest!, reason: `pin ${name} before the crash`, idempotencyKey: key, resourceVersion: p.resourceVersion };
    const signal = await new Promise<string | null>((resolve) => {
      const child = execFile(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/pin-crash-child.ts", h.sim.kubeconfigPath, databaseUrl, h.sim.registryHost, hook, JSON.stringify(request)], { timeout: 60_000 });
      child.on("exit", (_code, sig) => resolve(sig));
    });
    expect(signal).toBe("SIGKILL");
    const intent = await h.prisma.auditEvent.findFirstOrThrow({ where: { idempotencyKey: key, phase: "intent" }, select: { correlationId: true } });
    return intent.correlationId;
  }

  useDemoHarness(async (x, url) => {
    h = x;
    databaseUrl = url;
    deps = pinDepsFor(h);
    follower = new RolloutFollower({ db: h.prisma, holder: "restarted-replica", source: deps.source, orphanAfterMs: 0, intervalMs: 200 });
    await h.pollAll();
  });

  it("killed after the PATCH: the restart finds the change applied, records it and follows the rollout to the end", async () => {
    const id = await crashingApply("checkout", "crash-after-patch", "crash-after-patch-0001");
    expect(phases(await listAuditEventsByCorrelation(id, h.prisma))).toEqual([["intent", null]]);
    const events = await follow(id, (e) => e.some((x) => x.phase === "final"));
    expect(phases(events)).toEqual([["intent", null], ["recovered", "applied"], ["rollout", "complete"], ["final", "succeeded"]]);
    expect(events[1]!.details.message).toMatch(/^outcome found on restart: the change was applied/);
    expect(events[3]!.details.rollout).toMatchObject({ phase: "complete", desired: 6, updated: 6, ready: 6, available: 6, old: 0 });
    const c = (await current("checkout")).containers[0]!;
    for (const e of events) {
      expect(e).toMatchObject({ correlationId: id, actor: "carol", role: "operator", reason: "pin checkout before the crash", cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "checkout", container: "app", fromImage: c.image, toImage: `${c.image}@${c.resolution!.digest}` });
    }
    expect(summarizeChange(events)).toMatchObject({ state: "succeeded", isDone: true, rollout: { desired: 6, updated: 6, ready: 6 } });
  });

  it("killed after the intent, before any PATCH: the restart records that nothing was applied", async () => {
    const id = await crashingApply("recommendations", "crash-after-intent", "crash-after-intent-0001");
    const events = await follow(id, (e) => e.some((x) => x.phase === "final"));
    expect(phases(events)).toEqual([["intent", null], ["recovered", "not-applied"], ["final", "not-applied"]]);
    expect(events[1]!.details.message).toMatch(/^outcome found on restart: the change was not applied/);
  });

  it("a direct pin of the Argo CD-managed cart is reverted by self-heal and recorded as reverted by argocd-controller", async () => {
    await h.control("POST", "/clusters/prod-eu/workloads/shop/Deployment/cart/self-heal", { afterSeconds: 1 });
    const cart = await current("cart");
    const older = cart.revisions.map((r) => r.images.app!).find((i) => i !== cart.containers[0]!.image)!;
    const digest = older.slice(older.indexOf("@") + 1);
    const req = { action: "pin" as const, cluster: "prod-eu", ref: ref("cart"), container: "app", digest, override: { gitops: true } };
    const p = await previewPin(deps, req, operator);
    expect(p.warnings.map((w) => w.code)).toEqual(["GITOPS_MANAGED"]);
    const { correlationId } = await applyPin(deps, { ...req, reason: "roll cart back now, fix Git after", idempotencyKey: "argo-revert-0001", resourceVersion: p.resourceVersion }, operator);
    const events = await follow(correlationId, (e) => e.some((x) => x.outcome === "reverted"));
    const reverted = events.find((e) => e.outcome === "reverted")!;
    expect(reverted.details.revertedBy).toBe("argocd-controller");
    expect(reverted.details.message).toMatch(/^reverted by argocd-controller at \d{4}-\d\d-\d\dT/);
    expect(summarizeChange(events)).toMatchObject({ state: "reverted", revertedBy: "argocd-controller" });
  });
});
