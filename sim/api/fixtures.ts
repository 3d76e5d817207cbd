// A small cluster for tests: a namespace, two nodes, a Deployment with two ReplicaSet revisions
// and three pods owned by the newest one — the shapes kubectl and the collector read.
import type { K8sObject, ObjectStore } from "./store";

export const FIXTURE_IMAGE = "registry.example/team/api:1.8";

function rs(ns: string, deploy: K8sObject, revision: number, hash: string, image: string, replicas: number): K8sObject {
  return {
    apiVersion: "apps/v1", kind: "ReplicaSet",
    metadata: {
      name: `api-${hash}`, namespace: ns, labels: { app: "api", "pod-template-hash": hash },
      annotations: { "deployment.kubernetes.io/revision": String(revision) },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "api", uid: deploy.metadata.uid!, controller: true }],
    },
    spec: { replicas, selector: { matchLabels: { app: "api", "pod-template-hash": hash } }, template: { metadata: { labels: { app: "api", "pod-template-hash": hash } }, spec: { containers: [{ name: "app", image }] } } },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 },
  };
}

export function populateFixtureCluster(store: ObjectStore, ns = "shop") {
  store.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns }, status: { phase: "Active" } });
  for (const [name, arch, ip] of [["node-a", "amd64", "10.0.0.2"], ["node-b", "arm64", "10.0.0.3"]] as const) {
    store.create("nodes", {
      apiVersion: "v1", kind: "Node", metadata: { name, labels: { "kubernetes.io/arch": arch, "kubernetes.io/hostname": name, "node-role.kubernetes.io/worker": "" } }, spec: {},
      status: {
        conditions: [{ type: "Ready", status: "True", reason: "KubeletReady" }], addresses: [{ type: "InternalIP", address: ip }],
        nodeInfo: { architecture: arch, operatingSystem: "linux", kubeletVersion: "v1.31.4", containerRuntimeVersion: "containerd://1.7.20", osImage: "Debian GNU/Linux 12 (bookworm)", kernelVersion: "6.1.0" },
      },
    });
  }
  const deploy = store.create("deployments", {
    apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "api", namespace: ns, labels: { app: "api" }, annotations: { "deployment.kubernetes.io/revision": "2" } },
    spec: { replicas: 3, selector: { matchLabels: { app: "api" } }, template: { metadata: { labels: { app: "api" } }, spec: { containers: [{ name: "app", image: FIXTURE_IMAGE }] } } },
  });
  store.updateStatus("deployments", ns, "api", { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
  store.create("replicasets", rs(ns, deploy, 1, "5d8f7b9c4", "registry.example/team/api:1.7", 0));
  const current = store.create("replicasets", rs(ns, deploy, 2, "7c6d5e4f3", FIXTURE_IMAGE, 3));
  for (let i = 0; i < 3; i++) {
    store.create("pods", {
      apiVersion: "v1", kind: "Pod",
      metadata: { name: `api-7c6d5e4f3-p${i}`, namespace: ns, labels: { app: "api", "pod-template-hash": "7c6d5e4f3" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: current.metadata.name, uid: current.metadata.uid!, controller: true }] },
      spec: { nodeName: i === 2 ? "node-b" : "node-a", containers: [{ name: "app", image: FIXTURE_IMAGE }] },
      status: { phase: "Running", podIP: `10.1.0.${i + 10}`, containerStatuses: [{ name: "app", ready: true, restartCount: 0, image: FIXTURE_IMAGE, imageID: `registry.example/team/api@sha256:${"d".repeat(64)}`, state: { running: { startedAt: "2026-01-01T00:00:00Z" } } }] },
    });
  }
}

/** A stand-in for the Deployment controller: reports progress, then completion, for a new generation. */
export function fakeDeploymentController(store: ObjectStore, delayMs = 150): () => void {
  const timers = new Set<NodeJS.Timeout>();
  const later = (fn: () => void, ms: number) => {
    const t = setTimeout(() => (timers.delete(t), fn()), ms);
    timers.add(t);
  };
  const stop = store.watch("deployments", (ev) => {
    const gen = ev.object.metadata.generation!;
    const st = ev.object.status as { observedGeneration?: number } | undefined;
    if (ev.type !== "MODIFIED" || st?.observedGeneration === gen) return;
    const { namespace, name } = ev.object.metadata;
    const replicas = (ev.object.spec as { replicas: number }).replicas;
    later(() => store.updateStatus("deployments", namespace, name, { observedGeneration: gen, replicas: replicas + 1, updatedReplicas: 1, readyReplicas: replicas, availableReplicas: replicas }), delayMs);
    later(() => store.updateStatus("deployments", namespace, name, { observedGeneration: gen, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas }), delayMs * 3);
  });
  return () => {
    stop();
    for (const t of timers) clearTimeout(t);
  };
}
