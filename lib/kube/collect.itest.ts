// The collector over HTTPS against the simulated fleet: raw facts, and failures as data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startSimFleet, type SimFleetHandle } from "@/sim/index";
import { loadClusterSources } from "./clusters";
import { collectCluster } from "./collect";

const MANIFEST_TYPES = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

describe("collectCluster", () => {
  let sim: SimFleetHandle;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "dw-collect-"));
    // No kubelet ticks while collecting: pods stay as first pulled, so two collections compare equal.
    sim = await startSimFleet({ outDir: dir, tickMs: 3_600_000 });
  });
  afterAll(async () => {
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("observes the demo stories as raw facts: digests per pod and node, waiting reasons, node caches", async () => {
    const { clusters, errors } = loadClusterSources({ kubeconfigPath: sim.kubeconfigPath, contexts: ["prod-eu"], environments: { "prod-eu": "prod" } });
    expect(errors).toEqual([]);
    const obs = await collectCluster(clusters[0]!, { pageSize: 7 });
    expect([obs.status, obs.environment, obs.nodes.length]).toEqual(["ok", "prod", 6]);
    const checkout = obs.workloads.find((w) => w.name === "checkout")!;
    const byDigest = new Map<string, string[]>();
    for (const p of checkout.pods) byDigest.set(p.containers[0]!.digest!, [...(byDigest.get(p.containers[0]!.digest!) ?? []), p.node!]);
    expect([...byDigest.values()].map((n) => n.length).sort()).toEqual([2, 4]);
    expect(checkout.pods.every((p) => p.revision === checkout.currentRevision)).toBe(true);
    const search = obs.workloads.find((w) => w.name === "search")!;
    expect(search.pods.map((p) => p.containers[0]!.waiting?.reason).filter(Boolean)).toEqual([expect.stringMatching(/ErrImagePull|ImagePullBackOff/)]);
    expect(obs.events!.some((e) => e.pod.startsWith("search-") && /not found/.test(e.message))).toBe(true);
    const node1 = obs.nodes.find((n) => n.name === "eu-node-1")!;
    expect(node1.images.flatMap((i) => i.names).some((n) => n.endsWith("/shop/checkout:2.4.1"))).toBe(true);
    const cart = obs.workloads.find((w) => w.name === "cart")!;
    expect([cart.managedBy, cart.revisions.length, cart.containers[0]!.reference?.digest?.startsWith("sha256:")]).toEqual(["argocd", 3, true]);
    expect(obs.workloads.find((w) => w.kind === "StatefulSet")!.pods).toHaveLength(2);
    expect(obs.workloads.find((w) => w.kind === "DaemonSet")!.pods).toHaveLength(6);
  });

  it("sees the rest of the demo as raw facts: node caches, platforms, pull policies, revisions, per-cluster releases", async () => {
    const { clusters } = loadClusterSources({ kubeconfigPath: sim.kubeconfigPath });
    const now = () => new Date("2026-11-22T12:00:00Z");
    const all = Object.fromEntries((await Promise.all(clusters.map((c) => collectCluster(c, { now })))).map((o) => [o.cluster, o]));
    const eu = all["prod-eu"]!;
    const wl = (o: typeof eu, name: string) => o.workloads.find((w) => w.name === name)!;
    // The two checkout pods on the old bytes sit on the nodes whose cache holds exactly those bytes.
    const checkout = wl(eu, "checkout");
    const counts = new Map<string, number>();
    for (const p of checkout.pods) counts.set(p.containers[0]!.digest!, (counts.get(p.containers[0]!.digest!) ?? 0) + 1);
    const oldDigest = [...counts].find(([, n]) => n === 2)![0];
    for (const p of checkout.pods.filter((p) => p.containers[0]!.digest === oldDigest)) {
      expect(["eu-node-1", "eu-node-2"]).toContain(p.node);
      expect(eu.nodes.find((n) => n.name === p.node)!.images.some((i) => i.names.some((n) => n.endsWith(`@${oldDigest}`)))).toBe(true);
    }
    // `stable` moved: every pod runs one digest, cached on its node, and the registry now
    // resolves the tag elsewhere (IfNotPresent never asks it).
    const recs = wl(eu, "recommendations");
    expect(recs.containers[0]).toMatchObject({ pullPolicy: "IfNotPresent", reference: { tag: "stable" } });
    const recDigests = new Set(recs.pods.map((p) => p.containers[0]!.digest));
    expect([recs.pods.length, recDigests.size]).toEqual([3, 1]);
    const [recDigest] = recDigests;
    for (const p of recs.pods) {
      const entry = eu.nodes.find((n) => n.name === p.node)!.images.find((i) => i.names.some((n) => n.endsWith(`@${recDigest}`)));
      expect(entry?.names).toContainEqual(expect.stringMatching(/\/shop\/recommendations:stable$/));
    }
    const head = await fetch(`http://${sim.registryHost}/v2/shop/recommendations/manifests/stable`, { method: "HEAD", headers: { accept: MANIFEST_TYPES } });
    expect(head.status).toBe(200);
    expect(head.headers.get("docker-content-digest")).toMatch(/^sha256:/);
    expect(head.headers.get("docker-content-digest")).not.toBe(recDigest);
    // tag 1.2 deleted: pods on nodes holding a cached copy run it, the others fail to pull.
    const search = wl(eu, "search");
    const cachedSearch = new Set(eu.nodes.filter((n) => n.images.some((i) => i.names.some((x) => x.endsWith("/shop/search:1.2")))).map((n) => n.name));
    for (const p of search.pods) {
      if (cachedSearch.has(p.node ?? "")) expect(p.containers[0]).toMatchObject({ state: "running", digest: expect.stringMatching(/^sha256:/) });
      else expect(p.containers[0]).toMatchObject({ state: "waiting", digest: null, waiting: { reason: expect.stringMatching(/ErrImagePull|ImagePullBackOff/) } });
    }
    // arm64-only image: pods on amd64 nodes wait with the runtime's platform message.
    const resizer = wl(eu, "image-resizer");
    const amd64 = new Set(eu.nodes.filter((n) => n.architecture === "amd64").map((n) => n.name));
    const onAmd = resizer.pods.filter((p) => amd64.has(p.node ?? ""));
    expect(onAmd.length).toBeGreaterThan(0);
    for (const p of onAmd) expect(p.containers[0]!.waiting?.message).toMatch(/no match for platform/);
    // One multi-arch release on both architectures: the index digest everywhere.
    const frontend = wl(eu, "frontend");
    expect(new Set(frontend.pods.map((p) => eu.nodes.find((n) => n.name === p.node)!.architecture))).toEqual(new Set(["amd64", "arm64"]));
    expect(new Set(frontend.pods.map((p) => p.containers[0]!.digest)).size).toBe(1);
    expect(eu.nodes.filter((n) => n.architecture === "arm64").map((n) => n.name)).toEqual(["eu-node-5", "eu-node-6"]);
    // :latest defaults to Always; a pinned digest to IfNotPresent.
    expect(wl(all.staging!, "nightly-report").containers[0]).toMatchObject({ pullPolicy: "Always", reference: { tag: "latest" } });
    expect(wl(eu, "cart").containers[0]!.pullPolicy).toBe("IfNotPresent");
    // payments runs different bytes in each cluster.
    const payments = ["prod-eu", "prod-us", "staging"].map((c) => wl(all[c]!, "payments").pods[0]!.containers[0]!.digest);
    expect(new Set(payments).size).toBe(3);
    // StatefulSet and DaemonSet revisions compare equal to their pods' labels.
    for (const w of [wl(eu, "postgres"), wl(eu, "node-exporter"), wl(all["prod-us"]!, "node-exporter")]) {
      expect(w.currentRevision).toBe(w.revisions[0]!.revision);
      expect(w.pods.length).toBeGreaterThan(0);
      expect(w.pods.every((p) => p.revision === w.currentRevision)).toBe(true);
      expect(Object.values(w.revisions[0]!.images)).toEqual([w.containers[0]!.image]);
    }
    expect(wl(eu, "node-exporter").replicas).toBe(6);
    // Small pages give the same observation as large ones.
    const paged = await collectCluster(clusters.find((c) => c.name === "prod-eu")!, { now, pageSize: 2 });
    expect(paged).toEqual(eu);
  });

  it("keeps 401, 403 and a dead cluster as data without losing the others", async () => {
    const fleet = {
      registry: { builds: { "x-1": { platforms: ["linux/amd64"] } }, repositories: { "t/x": { tags: { "1": "x-1" } } } },
      clusters: [
        { name: "locked", environment: "t", clientToken: "wrong", nodes: [{ name: "n1" }] },
        { name: "rbac", environment: "t", forbidden: ["daemonsets"], nodes: [{ name: "n1" }], workloads: [{ kind: "Deployment", namespace: "a", name: "x", containers: [{ name: "c", image: "t/x:1" }] }] },
        { name: "dead", environment: "t", down: true, nodes: [{ name: "n1" }] },
        { name: "fine", environment: "t", nodes: [{ name: "n1" }], workloads: [{ kind: "Deployment", namespace: "a", name: "x", containers: [{ name: "c", image: "t/x:1" }] }] },
      ],
    };
    const d2 = mkdtempSync(path.join(tmpdir(), "dw-collect-"));
    writeFileSync(path.join(d2, "fleet.json"), JSON.stringify(fleet));
    const other = await startSimFleet({ fleet: path.join(d2, "fleet.json"), outDir: d2 });
    try {
      const { clusters } = loadClusterSources({ kubeconfigPath: other.kubeconfigPath });
      const results = Object.fromEntries((await Promise.all(clusters.map((c) => collectCluster(c, { timeoutMs: 5000 })))).map((o) => [o.cluster, o]));
      expect(results.locked).toMatchObject({ status: "failed", error: { code: "UNAUTHORIZED", message: expect.stringMatching(/locked.*401/) } });
      expect(results.rbac).toMatchObject({ status: "partial", gaps: [{ resource: "apps/v1/daemonsets", code: "FORBIDDEN" }] });
      expect(results.rbac!.workloads.map((w) => w.name)).toEqual(["x"]);
      expect(results.dead).toMatchObject({ status: "failed", error: { code: "UNREACHABLE", message: expect.stringMatching(/dead/) } });
      expect(results.fine).toMatchObject({ status: "ok" });
      expect(results.fine!.workloads[0]!.pods).toHaveLength(1);
    } finally {
      await other.stop();
      rmSync(d2, { recursive: true, force: true });
    }
  });

  it("reports a broken kubeconfig and an unknown context as values", () => {
    const d3 = mkdtempSync(path.join(tmpdir(), "dw-kc-"));
    writeFileSync(path.join(d3, "bad"), "{ not: [yaml");
    expect(loadClusterSources({ kubeconfigPath: path.join(d3, "bad") }).errors[0]!.message).toMatch(/cannot be read/);
    expect(loadClusterSources({ kubeconfigPath: path.join(d3, "missing") }).errors[0]!.message).toMatch(/does not exist/);
    expect(loadClusterSources({ kubeconfigPath: sim.kubeconfigPath, contexts: ["nope", "staging"] })).toMatchObject({ clusters: [{ name: "staging" }], errors: [{ source: "nope", message: expect.stringMatching(/not in the kubeconfig/) }] });
    rmSync(d3, { recursive: true, force: true });
  });
});
