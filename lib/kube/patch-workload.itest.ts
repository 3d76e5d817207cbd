// The pin patch against the simulated API server, with the real client and Debian's kubectl:
// dry-run changes nothing, a resourceVersion in the body is a precondition, 403 names the
// permission, the Deployment controller carries change-cause to `kubectl rollout history`, and a
// self-healing GitOps controller reverts a live pin as the field manager it is.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rolloutStatus } from "@/lib/drift/rollout-status";
import { revertedBy } from "@/lib/drift/gitops";
import { loadClusterSources, type ClusterSource } from "@/lib/kube/clusters";
import { buildPinPatch, patchWorkload, pinDiff } from "@/lib/kube/patch-workload";
import { readWorkload, type LiveWorkload, type WorkloadRef } from "@/lib/kube/workload-object";
import { startSimFleet, type FleetFile, type SimFleetHandle } from "@/sim/index";

const run = promisify(execFile);
const fleet: FleetFile = {
  registry: {
    builds: { "app-1": { platforms: ["linux/amd64", "linux/arm64"] }, "app-2": { platforms: ["linux/amd64", "linux/arm64"] } },
    repositories: { "t/app": { tags: { "1": "app-1" }, history: ["app-2"] } },
  },
  clusters: [
    {
      name: "c1", environment: "test",
      nodes: [{ name: "n1", arch: "amd64" }, { name: "n2", arch: "arm64" }],
      workloads: [
        { kind: "Deployment", namespace: "t", name: "app", replicas: 2, containers: [{ name: "app", image: "t/app:1" }] },
        {
          kind: "Deployment", namespace: "t", name: "managed", replicas: 1, containers: [{ name: "app", image: "t/app:1" }],
          annotations: { "argocd.argoproj.io/tracking-id": "t:apps/Deployment:t/managed" }, manager: "argocd-controller", selfHeal: { afterSeconds: 1 },
        },
      ],
    },
    { name: "ro", environment: "test", forbidden: ["patch deployments"], nodes: [{ name: "n1" }], workloads: [{ kind: "Deployment", namespace: "t", name: "app", containers: [{ name: "app", image: "t/app:1" }] }] },
  ],
};

describe("pin patch against the simulated API server", () => {
  let sim: SimFleetHandle;
  let dir: string;
  let c1: ClusterSource;
  let ro: ClusterSource;
  let digest2: string;
  const app: WorkloadRef = { kind: "Deployment", namespace: "t", name: "app" };
  const read = async (source: ClusterSource, ref: WorkloadRef): Promise<LiveWorkload> => {
    const r = await readWorkload(source, ref);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const patchFor = (w: LiveWorkload, image: string, resourceVersion = w.resourceVersion) =>
    buildPinPatch({ container: "app", isInit: false, image, resourceVersion, digest: digest2, user: "alice", reason: "roll back the rebuilt tag", at: new Date("2026-12-01T16:00:00Z") });
  const kubectl = async (...args: string[]) => (await run("/usr/bin/kubectl", ["--kubeconfig", sim.kubeconfigPath, "--context", "c1", ...args], { timeout: 60_000 })).stdout;
  const counts = async (cluster: string) => (await (await fetch(`${sim.controlUrl}/clusters/${cluster}/requests`)).json()) as { patch: number; dryRunPatch: number };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "dw-patch-"));
    sim = await startSimFleet({ fleet, outDir: dir });
    const { clusters } = loadClusterSources({ kubeconfigPath: sim.kubeconfigPath });
    c1 = clusters.find((c) => c.name === "c1")!;
    ro = clusters.find((c) => c.name === "ro")!;
    // The digest tag 1 points at now: what pinning the skewed tag would pin to.
    const accept = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json";
    const head = await fetch(`http://${sim.registryHost}/v2/t/app/manifests/1`, { method: "HEAD", headers: { accept } });
    digest2 = head.headers.get("docker-content-digest")!;
    expect(digest2).toMatch(/^sha256:[a-f0-9]{64}$/);
  });
  afterAll(async () => {
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("dry-run answers the would-be object and stores nothing; the diff is only the image and Driftwatch's annotations", async () => {
    const before = await read(c1, app);
    const target = `${before.containers[0]!.image}@${digest2}`;
    const r = await patchWorkload(c1, app, patchFor(before, target), { dryRun: true });
    if (!r.ok) throw new Error(r.error.message);
    expect(pinDiff(before, r.value)).toEqual([
      { path: "spec.template.spec.containers[name=app].image", from: before.containers[0]!.image, to: target },
      { path: "metadata.annotations[driftwatch.io/pinned-at]", from: null, to: "2026-12-01T16:00:00.000Z" },
      { path: "metadata.annotations[driftwatch.io/pinned-by]", from: null, to: "alice" },
      { path: "metadata.annotations[driftwatch.io/pinned-digest]", from: null, to: digest2 },
      { path: "metadata.annotations[kubernetes.io/change-cause]", from: null, to: "roll back the rebuilt tag (driftwatch: alice)" },
    ]);
    const after = await read(c1, app);
    expect([after.resourceVersion, after.containers[0]!.image]).toEqual([before.resourceVersion, before.containers[0]!.image]);
    expect(await counts("c1")).toEqual({ patch: 0, dryRunPatch: 1, put: 0 });
  });

  it("a resourceVersion in the body that is not the object's answers CONFLICT and patches nothing", async () => {
    const before = await read(c1, app);
    const r = await patchWorkload(c1, app, patchFor(before, `${before.containers[0]!.image}@${digest2}`, String(Number(before.resourceVersion) - 1)), { dryRun: false });
    expect(r.ok ? "applied" : r.error.code).toBe("CONFLICT");
    expect(r.ok ? "" : r.error.message).toMatch(/^changed since you looked: review again/);
    expect((await read(c1, app)).resourceVersion).toBe(before.resourceVersion);
  });

  it("applies, rolls out by kubectl's rules, and kubectl shows the pin and the change-cause", async () => {
    const before = await read(c1, app);
    const target = `${before.containers[0]!.image}@${digest2}`;
    const r = await patchWorkload(c1, app, patchFor(before, target), { dryRun: false });
    if (!r.ok) throw new Error(r.error.message);
    let live = await read(c1, app);
    for (let i = 0; i < 50 && rolloutStatus(live.rollout).phase !== "complete"; i++) live = await read(c1, app);
    expect(rolloutStatus(live.rollout)).toMatchObject({ phase: "complete", desired: 2, updated: 2, ready: 2, old: 0 });
    expect(live.managers.map((m) => m.manager).sort()).toEqual(["driftwatch", "kubectl-client-side-apply"]);
    expect(await kubectl("get", "deploy", "-n", "t", "app", "-o", "jsonpath={.spec.template.spec.containers[0].image}")).toBe(target);
    const history = await kubectl("rollout", "history", "-n", "t", "deploy/app");
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+roll back the rebuilt tag \(driftwatch: alice\)\n/);
  });

  it("403 names the permission Driftwatch's credentials lack", async () => {
    const before = await read(ro, app);
    const r = await patchWorkload(ro, app, patchFor(before, `${before.containers[0]!.image}@${digest2}`), { dryRun: false });
    expect(r.ok ? "applied" : r.error.code).toBe("FORBIDDEN");
    expect(r.ok ? "" : r.error.message).toMatch(/^Driftwatch's credentials for cluster ro lack the "patch" permission on deployments\.apps in namespace t \(/);
  });

  it("a self-healing GitOps controller reverts a live pin, as argocd-controller in managedFields", async () => {
    const ref: WorkloadRef = { kind: "Deployment", namespace: "t", name: "managed" };
    const before = await read(c1, ref);
    const pinnedAt = new Date().toISOString();
    const r = await patchWorkload(c1, ref, patchFor(before, `${before.containers[0]!.image}@${digest2}`), { dryRun: false });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.containers[0]!.image).toBe(`${before.containers[0]!.image}@${digest2}`);
    let live = r.value;
    for (let i = 0; i < 40 && live.containers[0]!.image !== before.containers[0]!.image; i++) {
      await new Promise((res) => setTimeout(res, 100));
      live = await read(c1, ref);
    }
    expect(live.containers[0]!.image).toBe(before.containers[0]!.image);
    expect(revertedBy(live.managers, pinnedAt)?.manager).toBe("argocd-controller");
  });
});
