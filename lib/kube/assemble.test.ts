import { describe, expect, it } from "vitest";
import { createAssembly } from "./assemble";
import { D1, D2, controllerRevision, daemonSet, deployment, node, pod, replicaSet, running, statefulSet } from "./fixtures";
import { controllerRevisionSchema, nodeSchema, podSchema, replicaSetSchema, workloadSchema } from "./schemas";

type Obj = Record<string, unknown>;
const rsOwner = (deploy: string, hash: string) => ({ kind: "ReplicaSet", name: `${deploy}-${hash}`, uid: `uid-rs-${deploy}-${hash}` });

/** Feeds objects in the given order, as concurrent lists would. */
function assemble(o: { deployments?: Obj[]; statefulSets?: Obj[]; daemonSets?: Obj[]; replicaSets?: Obj[]; revisions?: Obj[]; pods?: Obj[]; nodes?: Obj[] }) {
  const a = createAssembly();
  for (const p of o.pods ?? []) a.addPod(podSchema.parse(p));
  for (const n of o.nodes ?? []) a.addNode(nodeSchema.parse(n));
  for (const rs of o.replicaSets ?? []) a.addReplicaSet(replicaSetSchema.parse(rs));
  for (const cr of o.revisions ?? []) a.addControllerRevision(controllerRevisionSchema.parse(cr));
  for (const d of o.deployments ?? []) a.addWorkload("Deployment", workloadSchema.parse(d));
  for (const s of o.statefulSets ?? []) a.addWorkload("StatefulSet", workloadSchema.parse(s));
  for (const d of o.daemonSets ?? []) a.addWorkload("DaemonSet", workloadSchema.parse(d));
  return a.finish();
}

describe("Deployments", () => {
  const rsOld = replicaSet("api", "5c9d8", 1, { image: "registry.example.com/shop/api:1.7", created: "2026-11-01T00:00:00Z" });
  const rsNew = replicaSet("api", "7f6b4", 2);
  const podOf = (name: string, hash: string, imageID: string) =>
    pod(name, { labels: { app: "api", "pod-template-hash": hash }, owner: rsOwner("api", hash), statuses: [running("app", imageID)] });

  it("links pods through their ReplicaSet, with revisions newest first and the current one from the revision annotation", () => {
    const { workloads } = assemble({
      deployments: [deployment("api")],
      replicaSets: [rsNew, rsOld],
      pods: [podOf("api-7f6b4-b", "7f6b4", `r/x@${D2}`), podOf("api-5c9d8-a", "5c9d8", `r/x@${D1}`)],
    });
    const api = workloads[0]!;
    expect(api.currentRevision).toBe("7f6b4");
    expect(api.revisions).toEqual([
      { revision: "7f6b4", number: 2, createdAt: "2026-11-20T10:00:00.000Z", images: { app: "registry.example.com/shop/api:1.8" } },
      { revision: "5c9d8", number: 1, createdAt: "2026-11-01T00:00:00.000Z", images: { app: "registry.example.com/shop/api:1.7" } },
    ]);
    expect(api.pods.map((p) => [p.name, p.revision, p.containers[0]!.digest])).toEqual([
      ["api-5c9d8-a", "5c9d8", D1],
      ["api-7f6b4-b", "7f6b4", D2],
    ]);
  });

  it("a rollback re-uses an old ReplicaSet under a higher revision number: that one is current", () => {
    const { workloads } = assemble({ deployments: [deployment("api")], replicaSets: [replicaSet("api", "5c9d8", 3), replicaSet("api", "7f6b4", 2)] });
    expect(workloads[0]!.currentRevision).toBe("5c9d8");
    expect(workloads[0]!.revisions.map((r) => r.number)).toEqual([3, 2]);
  });

  it("still links pods by the ReplicaSet's name when ReplicaSets could not be listed", () => {
    const { workloads } = assemble({ deployments: [deployment("api")], pods: [podOf("api-7f6b4-b", "7f6b4", `r/x@${D2}`)] });
    expect(workloads[0]!.pods.map((p) => p.name)).toEqual(["api-7f6b4-b"]);
    expect([workloads[0]!.currentRevision, workloads[0]!.revisions]).toEqual([null, []]);
  });

  it("does not give a recreated Deployment the revisions of its namesake, nor bare pods to anyone", () => {
    const stale = replicaSet("api", "0ld00", 9, { ownerUid: "uid-api-deleted" });
    const { workloads } = assemble({
      deployments: [deployment("api")],
      replicaSets: [stale, rsNew],
      pods: [pod("debug", { labels: { app: "api" } }), pod("api-0ld00-x", { labels: { "pod-template-hash": "0ld00" }, owner: rsOwner("api", "0ld00") })],
    });
    expect(workloads[0]!.revisions.map((r) => r.revision)).toEqual(["7f6b4"]);
    expect(workloads[0]!.pods).toEqual([]);
  });

  it("does not hand pods of a listed bare ReplicaSet, or of a Job, to a Deployment whose name their owner's name starts with", () => {
    const bare = replicaSet("api", "b4re0", 1) as { metadata: Obj };
    delete bare.metadata.ownerReferences;
    const jobPod = pod("api-7f6b4-job", { labels: { "pod-template-hash": "7f6b4" }, owner: { kind: "Job", name: "api-7f6b4", uid: "uid-job" } });
    const { workloads } = assemble({
      deployments: [deployment("api")],
      replicaSets: [bare, rsNew],
      pods: [pod("api-b4re0-x", { labels: { "pod-template-hash": "b4re0" }, owner: rsOwner("api", "b4re0") }), jobPod, podOf("api-7f6b4-b", "7f6b4", `r/x@${D2}`)],
    });
    expect(workloads[0]!.pods.map((p) => p.name)).toEqual(["api-7f6b4-b"]);
    expect(workloads[0]!.revisions.map((r) => r.revision)).toEqual(["7f6b4"]);
  });

  it("follows the owner reference marked controller, not merely the first of a known kind", () => {
    const p = podOf("api-7f6b4-c", "7f6b4", `r/x@${D2}`) as { metadata: { ownerReferences: Obj[] } };
    // Adopted by some other controller (e.g. a custom resource); the ReplicaSet is only a plain owner.
    p.metadata.ownerReferences = [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "api-7f6b4", uid: "uid-rs-api-7f6b4", controller: false }, { apiVersion: "x/v1", kind: "CloneSet", name: "api", uid: "uid-cs", controller: true }];
    const withoutFlag = podOf("api-7f6b4-d", "7f6b4", `r/x@${D2}`) as { metadata: { ownerReferences: Obj[] } };
    withoutFlag.metadata.ownerReferences = withoutFlag.metadata.ownerReferences.map(({ controller: _, ...r }) => r);
    const { workloads } = assemble({ deployments: [deployment("api")], replicaSets: [rsNew], pods: [p, withoutFlag] });
    expect(workloads[0]!.pods.map((x) => x.name)).toEqual(["api-7f6b4-d"]);
  });

  it("adds the pull secrets pods carry (a service account's, injected at admission) to the template's", () => {
    const withSecrets = (name: string, hash: string, secrets: string[]) => {
      const p = podOf(name, hash, `r/x@${D2}`) as { spec: Record<string, unknown> };
      return { ...p, spec: { ...p.spec, imagePullSecrets: secrets.map((s) => ({ name: s })) } };
    };
    const d = deployment("api") as { spec: { template: { spec: Record<string, unknown> } } };
    const templated = { ...d, spec: { ...d.spec, template: { ...d.spec.template, spec: { ...d.spec.template.spec, imagePullSecrets: [{ name: "from-template" }] } } } };
    const { workloads } = assemble({ deployments: [templated], replicaSets: [rsNew], pods: [withSecrets("api-7f6b4-a", "7f6b4", ["from-template", "from-sa"]), withSecrets("api-7f6b4-b", "7f6b4", ["from-sa"])] });
    expect(workloads[0]!.imagePullSecrets).toEqual(["from-template", "from-sa"]);
  });

  it("keeps workloads of the same name apart by namespace", () => {
    const { workloads } = assemble({
      deployments: [deployment("api", { ns: "a", uid: "u-a" }), deployment("api", { ns: "b", uid: "u-b" })],
      replicaSets: [replicaSet("api", "h1", 1, { ns: "a", ownerUid: "u-a" })],
      pods: [pod("api-h1-z", { ns: "a", labels: { "pod-template-hash": "h1" }, owner: rsOwner("api", "h1") })],
    });
    expect(workloads.map((w) => [w.namespace, w.pods.length, w.currentRevision])).toEqual([["a", 1, "h1"], ["b", 0, null]]);
  });
});

describe("StatefulSets", () => {
  it("take currentRevision from status.updateRevision, in the same `<name>-<hash>` form the pods carry", () => {
    const owner = { kind: "StatefulSet" as const, name: "postgres", ns: "data" };
    const { workloads } = assemble({
      statefulSets: [statefulSet("postgres", "postgres-6d4b9c")],
      revisions: [controllerRevision(owner, "postgres-5f7a1b", 1, { image: "postgres:16.3", created: "2026-10-02T08:15:30Z" }), controllerRevision(owner, "postgres-6d4b9c", 2, { image: "postgres:16.4" })],
      pods: ["postgres-0", "postgres-1"].map((n) => pod(n, { ns: "data", labels: { "controller-revision-hash": "postgres-6d4b9c" }, owner: { kind: "StatefulSet", name: "postgres", uid: "uid-postgres" } })),
    });
    const s = workloads[0]!;
    expect(s.currentRevision).toBe("postgres-6d4b9c");
    expect(s.revisions.map((r) => [r.revision, r.number, r.createdAt, r.images.c])).toEqual([
      ["postgres-6d4b9c", 2, "2026-11-20T10:00:00.000Z", "postgres:16.4"],
      ["postgres-5f7a1b", 1, "2026-10-02T08:15:30.000Z", "postgres:16.3"],
    ]);
    expect(s.pods.every((p) => p.revision === s.currentRevision)).toBe(true);
  });
});

describe("StatefulSets not reconciled yet", () => {
  it("fall back to the newest ControllerRevision when status.updateRevision is absent", () => {
    const owner = { kind: "StatefulSet" as const, name: "redis", ns: "data" };
    const sts = statefulSet("redis", "x") as { status: Record<string, unknown> };
    delete sts.status.updateRevision;
    const { workloads } = assemble({ statefulSets: [sts], revisions: [controllerRevision(owner, "redis-1", 1), controllerRevision(owner, "redis-2", 2)] });
    expect(workloads[0]!.currentRevision).toBe("redis-2");
  });
});

describe("DaemonSets", () => {
  const owner = { kind: "DaemonSet" as const, name: "node-exporter", ns: "monitoring" };
  const dsPod = (n: string, revision: string) => pod(n, { ns: "monitoring", labels: { "controller-revision-hash": revision }, owner: { kind: "DaemonSet", name: "node-exporter", uid: "uid-node-exporter" } });

  it("take the newest ControllerRevision as current (revision named like the pods' label)", () => {
    const { workloads } = assemble({
      daemonSets: [daemonSet("node-exporter")],
      revisions: [controllerRevision(owner, "node-exporter-aaa", 1, { hashLabel: "node-exporter-aaa" }), controllerRevision(owner, "node-exporter-bbb", 2, { hashLabel: "node-exporter-bbb" })],
      pods: [dsPod("node-exporter-x1", "node-exporter-bbb")],
    });
    expect(workloads[0]!.currentRevision).toBe("node-exporter-bbb");
    expect(workloads[0]!.pods[0]!.revision).toBe(workloads[0]!.currentRevision);
  });

  it("use the bare hash when the pods do (a real DaemonSet controller labels pods with the hash only)", () => {
    const { workloads } = assemble({
      daemonSets: [daemonSet("node-exporter")],
      revisions: [controllerRevision(owner, "node-exporter-7c9f8d6b5", 2, { hashLabel: "7c9f8d6b5" }), controllerRevision(owner, "node-exporter-5b4c3d2a1", 1, { hashLabel: "5b4c3d2a1" })],
      pods: [dsPod("node-exporter-x1", "7c9f8d6b5")],
    });
    expect(workloads[0]!.currentRevision).toBe("7c9f8d6b5");
    expect(workloads[0]!.revisions.map((r) => r.revision)).toEqual(["7c9f8d6b5", "5b4c3d2a1"]);
  });
});

describe("nodes and architectures", () => {
  it("resolve NotIn against the architectures of the observed nodes, whatever the listing order", () => {
    const notArm = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/arch", operator: "NotIn", values: ["arm64"] }] }] } } } };
    const { workloads, nodes } = assemble({ deployments: [deployment("api", { spec: notArm })], nodes: [node("n3", { arch: "arm64" }), node("n1"), node("n2", { arch: "s390x" })] });
    expect(nodes.map((n) => n.name)).toEqual(["n1", "n2", "n3"]);
    expect(workloads[0]!.allowedArchitectures).toEqual(["amd64", "s390x"]);
  });

  it("resolve NotIn against every known architecture when no node could be listed", () => {
    const notArm = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/arch", operator: "NotIn", values: ["arm64", "arm"] }] }] } } } };
    const { workloads } = assemble({ deployments: [deployment("api", { spec: notArm })] });
    expect(workloads[0]!.allowedArchitectures).toContain("amd64");
    expect(workloads[0]!.allowedArchitectures).not.toContain("arm64");
    expect(workloads[0]!.allowedArchitectures).not.toContain("arm");
  });
});

describe("order independence (property)", () => {
  it("every pod lands exactly once on its Deployment, whatever order the lists arrive in", async () => {
    const fc = await import("fast-check");
    const world = fc.uniqueArray(fc.record({ name: fc.stringMatching(/^[a-z]{1,6}$/), hashes: fc.uniqueArray(fc.stringMatching(/^[a-f0-9]{5}$/), { minLength: 1, maxLength: 3 }), pods: fc.nat(4) }), { selector: (d) => d.name, maxLength: 5 });
    fc.assert(
      fc.property(world, fc.integer(), (deploys, seed) => {
        const objects: { kind: string; obj: Obj }[] = [];
        for (const d of deploys) {
          objects.push({ kind: "deploy", obj: deployment(d.name) });
          d.hashes.forEach((h, i) => objects.push({ kind: "rs", obj: replicaSet(d.name, h, i + 1) }));
          for (let i = 0; i < d.pods; i++) {
            const h = d.hashes[i % d.hashes.length]!;
            objects.push({ kind: "pod", obj: pod(`${d.name}-${h}-${i}`, { labels: { "pod-template-hash": h }, owner: rsOwner(d.name, h) }) });
          }
        }
        // Deterministic shuffle from the seed.
        let x = seed;
        const order = objects.map((o) => ({ o, k: (x = (x * 1103515245 + 12345) & 0x7fffffff) })).sort((a, b) => a.k - b.k).map((e) => e.o);
        const a = createAssembly();
        for (const { kind, obj } of order) {
          if (kind === "deploy") a.addWorkload("Deployment", workloadSchema.parse(obj));
          else if (kind === "rs") a.addReplicaSet(replicaSetSchema.parse(obj));
          else a.addPod(podSchema.parse(obj));
        }
        const { workloads } = a.finish();
        for (const d of deploys) {
          const w = workloads.find((w) => w.name === d.name)!;
          expect(w.pods).toHaveLength(d.pods);
          expect(w.pods.every((p) => p.name.startsWith(`${d.name}-`))).toBe(true);
          expect(w.currentRevision).toBe(d.hashes[d.hashes.length - 1]);
        }
      }),
    );
  });
});
