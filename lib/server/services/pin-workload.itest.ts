// Pin and unpin on the demo fleet, through the services the API routes call: the simulated API
// servers (dry-run, resourceVersion preconditions, PATCH counts), the real registry client and
// Postgres for the audit log.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/server/errors";
import type { Harness } from "@/lib/server/poller/test-harness";
import type { PinDeps } from "@/lib/server/services/pin-context";
import { applyPin, previewPin } from "@/lib/server/services/pin-workload";
import { submitPin } from "@/lib/server/services/submit-pin";
import { listAuditEventsByCorrelation } from "@/lib/server/data/audit";
import { loadClusterSources } from "@/lib/kube/clusters";
import { readWorkload } from "@/lib/kube/workload-object";
import { useDemoHarness } from "@/test/demo-harness";
import { patchCounts, pinDepsFor } from "@/test/pin-deps";

type Current = { containers: { image: string; releases: { release: string }[]; resolution: { digest?: string; platforms?: { architecture: string; digest: string }[] } | null }[] };
const operator = { user: "alice", role: "operator" };

describe("pin a workload on the demo fleet", () => {
  let h!: Harness;
  let deps!: PinDeps;
  const current = async (cluster: string, ns: string, name: string) =>
    (await h.prisma.workload.findFirstOrThrow({ where: { cluster: { name: cluster }, namespace: ns, name }, select: { current: true } })).current as Current;
  const live = async (cluster: string, ns: string, name: string) => {
    const { clusters } = loadClusterSources({ kubeconfigPath: h.sim.kubeconfigPath });
    const r = await readWorkload(clusters.find((c) => c.name === cluster)!, { kind: "Deployment", namespace: ns, name });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const refusal = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      if (e instanceof AppError) return { status: e.status, code: e.code, details: e.details ?? {}, message: e.message };
      throw e;
    }
    throw new Error("expected a refusal");
  };
  const ref = (name: string, ns = "shop") => ({ kind: "Deployment" as const, namespace: ns, name });

  useDemoHarness(async (x) => {
    h = x;
    deps = pinDepsFor(h);
    await h.pollAll();
  });

  it("previews prod-eu shop/checkout (skew): plan, coverage of every node platform, dry-run diff of only the image and annotations", async () => {
    const c = (await current("prod-eu", "shop", "checkout")).containers[0]!;
    const target = c.resolution!.digest!;
    const p = await previewPin(deps, { action: "pin", cluster: "prod-eu", ref: ref("checkout"), container: "app", digest: target }, operator, "roll everyone onto the rebuilt 2.4.1");
    expect([p.isAllowed, p.refusals, p.warnings, p.fromImage, p.toImage]).toEqual([true, [], [], c.image, `${c.image}@${target}`]);
    const child = (arch: string) => c.resolution!.platforms!.find((x) => x.architecture === arch)!.digest;
    expect(p.coverage).toEqual([
      { platform: "linux/amd64", nodes: ["eu-node-1", "eu-node-2", "eu-node-3", "eu-node-4"], digest: child("amd64"), isCovered: true },
      { platform: "linux/arm64", nodes: ["eu-node-5", "eu-node-6"], digest: child("arm64"), isCovered: true },
    ]);
    expect(p.diff.map((d) => d.path)).toEqual([
      "spec.template.spec.containers[name=app].image",
      "metadata.annotations[driftwatch.io/pinned-at]",
      "metadata.annotations[driftwatch.io/pinned-by]",
      "metadata.annotations[driftwatch.io/pinned-digest]",
      "metadata.annotations[kubernetes.io/change-cause]",
    ]);
    expect(p.diff.at(-1)).toEqual({ path: "metadata.annotations[kubernetes.io/change-cause]", from: null, to: "roll everyone onto the rebuilt 2.4.1 (driftwatch: alice)" });
    expect(p.resourceVersion).toBe((await live("prod-eu", "shop", "checkout")).resourceVersion);
  });

  it("a double submit with one idempotency key performs exactly one PATCH and answers one correlation id", async () => {
    const c = (await current("prod-eu", "shop", "checkout")).containers[0]!;
    const p = await previewPin(deps, { action: "pin", cluster: "prod-eu", ref: ref("checkout"), container: "app", digest: c.resolution!.digest! }, operator);
    const before = await patchCounts(h, "prod-eu");
    const req = { action: "pin" as const, cluster: "prod-eu", ref: ref("checkout"), container: "app", digest: c.resolution!.digest!, reason: "stop the skew", idempotencyKey: "double-submit-0001", resourceVersion: p.resourceVersion };
    const [a, b] = await Promise.all([applyPin(deps, req, operator), applyPin(deps, req, operator)]);
    const retry = await applyPin(deps, req, operator);
    expect(new Set([a.correlationId, b.correlationId, retry.correlationId]).size).toBe(1);
    expect([a.isReplay, b.isReplay].sort()).toEqual([false, true]);
    expect((await patchCounts(h, "prod-eu")).patch - before.patch).toBe(1);
    expect((await live("prod-eu", "shop", "checkout")).containers[0]!.image).toBe(`${c.image}@${c.resolution!.digest}`);
    const events = await listAuditEventsByCorrelation(a.correlationId, h.prisma);
    expect(events.map((e) => [e.phase, e.outcome])).toEqual([["intent", null], ["result", "applied"]]);
    for (const e of events) {
      expect(e).toMatchObject({ actor: "alice", role: "operator", reason: "stop the skew", cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "checkout", container: "app", fromImage: c.image, toImage: `${c.image}@${c.resolution!.digest}`, correlationId: a.correlationId });
    }
    expect(events[0]!.idempotencyKey).toBe("double-submit-0001");
    expect((events[0]!.details.diff as unknown[]).length).toBe(5);
  });

  it("a change between preview and confirm answers 409 CONFLICT and patches nothing", async () => {
    const image = (await current("prod-eu", "shop", "catalog")).containers[0]!.image;
    const p = await submitPin(deps, "unpin", { cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "catalog" }, { container: "app", preview: true, tag: "2.0.3" }, operator);
    const rv = (p.body as { resourceVersion: string }).resourceVersion;
    // Someone else changes the Deployment itself (kubectl annotate by another operator).
    const { clusters } = loadClusterSources({ kubeconfigPath: h.sim.kubeconfigPath });
    const { patchWorkload } = await import("@/lib/kube/patch-workload");
    const changed = await patchWorkload(clusters.find((x) => x.name === "prod-eu")!, ref("catalog"), { metadata: { annotations: { "team.example/on-call": "bob" } } }, { dryRun: false });
    expect(changed.ok).toBe(true);
    const before = await patchCounts(h, "prod-eu");
    const r = await refusal(submitPin(deps, "unpin", { cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "catalog" }, { container: "app", preview: false, tag: "2.0.3", reason: "back to the tag", idempotencyKey: "conflict-0001", resourceVersion: rv }, operator));
    expect([r.status, r.code]).toEqual([409, "CONFLICT"]);
    expect(r.message).toMatch(/^changed since you looked: review again/);
    expect((await patchCounts(h, "prod-eu")).patch).toBe(before.patch);
    expect((await live("prod-eu", "shop", "catalog")).containers[0]!.image).toBe(image);
    const events = await listAuditEventsByCorrelation(String(r.details.correlationId), h.prisma);
    expect(events.map((e) => [e.phase, e.outcome])).toEqual([["intent", null], ["result", "conflict"]]);
  });

  it("refuses a garbage-collected digest with MANIFEST_UNKNOWN: immutable is not immortal", async () => {
    const c = (await current("prod-eu", "shop", "checkout")).containers[0]!;
    const old = c.releases.map((r) => r.release).find((r) => r !== c.resolution!.digest)!;
    await h.control("DELETE", `/registry/digests/shop/checkout/${old}`);
    const r = await refusal(submitPin(deps, "pin", { cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "checkout" }, { container: "app", digest: old, preview: true }, operator));
    expect([r.status, r.details.codes]).toEqual([422, ["MANIFEST_UNKNOWN"]]);
    expect(r.message).toMatch(/immutable is not immortal/);
  });

  it("refuses an index whose arm64 child is gone while the index still answers", async () => {
    const c = (await current("prod-eu", "shop", "frontend")).containers[0]!;
    const arm = c.resolution!.platforms!.find((p) => p.architecture === "arm64")!.digest;
    await h.control("DELETE", `/registry/digests/shop/frontend/${arm}`);
    const r = await refusal(submitPin(deps, "pin", { cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "frontend" }, { container: "web", digest: c.resolution!.digest!, preview: true }, operator));
    expect([r.status, r.details.codes]).toEqual([422, ["MANIFEST_UNKNOWN"]]);
    expect((r.details.reasons as { details: unknown }[])[0]!.details).toEqual({ digest: arm, index: c.resolution!.digest, platform: "linux/arm64" });
  });

  it("refuses an unpin back to a tag the registry no longer has", async () => {
    const r = await refusal(submitPin(deps, "unpin", { cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "inventory" }, { container: "app", tag: "0.0.0-deleted", preview: true }, operator));
    expect([r.status, r.details.codes]).toEqual([422, ["MANIFEST_UNKNOWN"]]);
  });

  it("refuses a platform gap, naming the platform and its nodes", async () => {
    const c = (await current("prod-eu", "media", "image-resizer")).containers[0]!;
    const r = await refusal(submitPin(deps, "pin", { cluster: "prod-eu", namespace: "media", kind: "Deployment", name: "image-resizer" }, { container: "app", digest: c.resolution!.digest!, preview: true }, operator));
    expect([r.status, r.details.codes]).toEqual([422, ["PLATFORM_GAP"]]);
    expect(r.message).toBe(`refused: ${c.resolution!.digest} has no linux/amd64 image, but the workload can be scheduled on linux/amd64 nodes eu-node-1, eu-node-2, eu-node-3, eu-node-4`);
  });

  it("the Argo CD-managed cart says who reverts it and offers the kustomize and Helm patches", async () => {
    const cart = (await h.prisma.workload.findFirstOrThrow({ where: { cluster: { name: "prod-eu" }, namespace: "shop", name: "cart" }, select: { current: true } })).current as Current & { revisions: { images: Record<string, string> }[] };
    const image = cart.containers[0]!.image;
    const older = cart.revisions.map((r) => r.images.app!).find((i) => i !== image)!;
    const digest = older.slice(older.indexOf("@") + 1);
    const r = await refusal(submitPin(deps, "pin", { cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "cart" }, { container: "app", digest, preview: true }, operator));
    expect([r.status, r.details.codes]).toEqual([422, ["GITOPS_MANAGED"]]);
    const preview = r.details.preview as { managers: { tool: string; owner: string; whoReverts: string }[]; gitPatch: { kustomize: string } };
    expect(preview.managers.map((m) => [m.tool, m.owner])).toEqual([["argocd", "shop-prod-eu"]]);
    expect(preview.managers[0]!.whoReverts).toMatch(/^Argo CD application shop-prod-eu: with self-heal on it re-syncs about 5 s/);
    expect(preview.gitPatch.kustomize).toBe(`images:\n  - name: ${image.split("@")[0]}\n    newName: ${image.split("@")[0]}\n    digest: ${digest}\n`);
  });

  it("across the environment: prod-eu is pinned, prod-us (down) reports its error, both on the record", async () => {
    const eu = (await current("prod-eu", "shop", "payments")).containers[0]!;
    const params = { cluster: "prod-eu", namespace: "shop", kind: "Deployment" as const, name: "payments" };
    const previews = await submitPin(deps, "pin", params, { container: "app", digest: eu.resolution!.digest!, preview: true, clusters: [{ cluster: "prod-eu" }, { cluster: "prod-us" }] }, operator);
    const rv = (previews.body as { results: { cluster: string; preview?: { resourceVersion: string } }[] }).results.map((x) => ({ cluster: x.cluster, resourceVersion: x.preview!.resourceVersion }));
    await h.control("POST", "/clusters/prod-us/down");
    try {
      const r = await submitPin(deps, "pin", params, { container: "app", digest: eu.resolution!.digest!, preview: false, reason: "one payments release in prod", idempotencyKey: "env-wide-0001", clusters: rv }, operator);
      const results = (r.body as { results: { cluster: string; status: number; correlationId?: string; code?: string }[] }).results;
      expect(r.status).toBe(207);
      expect(results.map((x) => [x.cluster, x.status, x.code ?? null])).toEqual([["prod-eu", 202, null], ["prod-us", 503, "UNAVAILABLE"]]);
      expect((await live("prod-eu", "shop", "payments")).containers[0]!.image).toBe(`${eu.image}@${eu.resolution!.digest}`);
      const eventsOf = async (id: string) => (await listAuditEventsByCorrelation(id, h.prisma)).map((e) => [e.cluster, e.phase, e.outcome]);
      expect(await eventsOf(results[0]!.correlationId!)).toEqual([["prod-eu", "intent", null], ["prod-eu", "result", "applied"]]);
      expect(await eventsOf(results[1]!.correlationId!)).toEqual([["prod-us", "intent", null], ["prod-us", "result", "error"]]);
    } finally {
      await h.control("POST", "/clusters/prod-us/up");
    }
  });

  it("the audit table still refuses UPDATE and DELETE", async () => {
    await expect(h.prisma.$executeRawUnsafe(`UPDATE "audit_event" SET "reason" = 'rewritten'`)).rejects.toThrow();
    await expect(h.prisma.$executeRawUnsafe(`DELETE FROM "audit_event"`)).rejects.toThrow();
    expect(await h.prisma.auditEvent.count({ where: { reason: "rewritten" } })).toBe(0);
  });
});
