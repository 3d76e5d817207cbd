// Realistic Kubernetes JSON for the collector's unit tests (shaped like `kubectl get -o json`
// output of a containerd cluster). Not part of the API.
export const D1 = "sha256:" + "1".repeat(64);
export const D2 = "sha256:" + "2".repeat(64);
export const D3 = "sha256:" + "3".repeat(64);

type Obj = Record<string, unknown>;
const ts = "2026-11-20T10:00:00Z";

export function deployment(name: string, o: { uid?: string; ns?: string; image?: string; replicas?: number; labels?: Obj; annotations?: Obj; managedFields?: Obj[]; spec?: Obj } = {}): Obj {
  return {
    apiVersion: "apps/v1", kind: "Deployment",
    metadata: { name, namespace: o.ns ?? "shop", uid: o.uid ?? `uid-${name}`, creationTimestamp: ts, labels: o.labels ?? { app: name }, annotations: o.annotations ?? { "deployment.kubernetes.io/revision": "2" }, ...(o.managedFields ? { managedFields: o.managedFields } : {}) },
    spec: {
      replicas: o.replicas ?? 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: o.image ?? "registry.example.com/shop/api:1.8" }], ...(o.spec ?? {}) } },
    },
    status: { replicas: o.replicas ?? 2, readyReplicas: o.replicas ?? 2 },
  };
}

export function replicaSet(deploy: string, hash: string, revision: number, o: { ns?: string; image?: string; ownerUid?: string; created?: string } = {}): Obj {
  return {
    apiVersion: "apps/v1", kind: "ReplicaSet",
    metadata: {
      name: `${deploy}-${hash}`, namespace: o.ns ?? "shop", uid: `uid-rs-${deploy}-${hash}`, creationTimestamp: o.created ?? ts,
      labels: { app: deploy, "pod-template-hash": hash },
      annotations: { "deployment.kubernetes.io/revision": String(revision), "deployment.kubernetes.io/desired-replicas": "2" },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: deploy, uid: o.ownerUid ?? `uid-${deploy}`, controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas: 2, template: { metadata: { labels: { app: deploy, "pod-template-hash": hash } }, spec: { containers: [{ name: "app", image: o.image ?? "registry.example.com/shop/api:1.8" }] } } },
  };
}

export function statefulSet(name: string, updateRevision: string, o: { ns?: string; image?: string } = {}): Obj {
  return {
    apiVersion: "apps/v1", kind: "StatefulSet",
    metadata: { name, namespace: o.ns ?? "data", uid: `uid-${name}`, creationTimestamp: ts },
    spec: { replicas: 2, serviceName: name, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "db", image: o.image ?? "postgres:16.4" }] } } },
    status: { replicas: 2, currentRevision: updateRevision, updateRevision },
  };
}

export function daemonSet(name: string, o: { ns?: string; image?: string; desired?: number } = {}): Obj {
  return {
    apiVersion: "apps/v1", kind: "DaemonSet",
    metadata: { name, namespace: o.ns ?? "monitoring", uid: `uid-${name}`, creationTimestamp: ts },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "exporter", image: o.image ?? "quay.io/prometheus/node-exporter:v1.8.2" }] } } },
    status: { desiredNumberScheduled: o.desired ?? 3, currentNumberScheduled: o.desired ?? 3 },
  };
}

/** `hashLabel`: what a real DaemonSet revision carries; StatefulSet revisions have none. */
export function controllerRevision(owner: { kind: "StatefulSet" | "DaemonSet"; name: string; ns: string }, name: string, revision: number, o: { image?: string; hashLabel?: string; created?: string } = {}): Obj {
  return {
    apiVersion: "apps/v1", kind: "ControllerRevision",
    metadata: {
      name, namespace: owner.ns, uid: `uid-cr-${name}`, creationTimestamp: o.created ?? ts,
      labels: { app: owner.name, ...(o.hashLabel ? { "controller-revision-hash": o.hashLabel } : {}) },
      ownerReferences: [{ apiVersion: "apps/v1", kind: owner.kind, name: owner.name, uid: `uid-${owner.name}`, controller: true }],
    },
    revision,
    data: { spec: { template: { $patch: "replace", spec: { containers: [{ name: "c", image: o.image ?? "example/img:1" }] } } } },
  };
}

type PodOpts = {
  ns?: string; node?: string | null; labels?: Obj; owner?: { kind: string; name: string; uid: string };
  containers?: Obj[]; initContainers?: Obj[]; statuses?: Obj[]; initStatuses?: Obj[]; ready?: boolean; phase?: string;
};

export function pod(name: string, o: PodOpts = {}): Obj {
  return {
    apiVersion: "v1", kind: "Pod",
    metadata: { name, namespace: o.ns ?? "shop", uid: `uid-pod-${name}`, creationTimestamp: ts, labels: o.labels ?? {}, ...(o.owner ? { ownerReferences: [{ apiVersion: "apps/v1", controller: true, ...o.owner }] } : {}) },
    spec: { ...(o.node === null ? {} : { nodeName: o.node ?? "node-1" }), containers: o.containers ?? [{ name: "app", image: "registry.example.com/shop/api:1.8" }], ...(o.initContainers ? { initContainers: o.initContainers } : {}) },
    status: {
      phase: o.phase ?? "Running",
      conditions: [{ type: "Ready", status: o.ready === false ? "False" : "True" }],
      ...(o.statuses ? { containerStatuses: o.statuses } : {}),
      ...(o.initStatuses ? { initContainerStatuses: o.initStatuses } : {}),
    },
  };
}

export const running = (name: string, imageID: string, image = "registry.example.com/shop/api:1.8"): Obj => ({
  name, image, imageID, ready: true, restartCount: 0, started: true, state: { running: { startedAt: ts } },
});

export const waiting = (name: string, reason: string, message: string, image = "registry.example.com/shop/api:1.8"): Obj => ({
  name, image, imageID: "", ready: false, restartCount: 0, started: false, state: { waiting: { reason, message } },
});

export function node(name: string, o: { arch?: string; ready?: boolean; unschedulable?: boolean; images?: Obj[]; labels?: Obj; nodeInfo?: boolean } = {}): Obj {
  const arch = o.arch ?? "amd64";
  return {
    apiVersion: "v1", kind: "Node",
    metadata: { name, uid: `uid-node-${name}`, creationTimestamp: ts, labels: o.labels ?? { "kubernetes.io/arch": arch, "kubernetes.io/os": "linux", "kubernetes.io/hostname": name } },
    spec: o.unschedulable ? { unschedulable: true } : {},
    status: {
      conditions: [{ type: "MemoryPressure", status: "False" }, { type: "Ready", status: o.ready === false ? "False" : "True" }],
      ...(o.nodeInfo === false ? {} : { nodeInfo: { architecture: arch, operatingSystem: "linux", containerRuntimeVersion: "containerd://1.7.22", kubeletVersion: "v1.31.2" } }),
      images: o.images ?? [],
    },
  };
}
