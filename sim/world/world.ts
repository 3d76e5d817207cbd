// One simulated cluster: its object store, nodes with image caches, controllers and kubelet.
import { credentialFor, parseDockerConfig } from "@/lib/oci/docker-config";
import { parseReference } from "@/lib/oci/reference";
import { ObjectStore, type K8sObject } from "@/sim/api/store";
import { reconcileDaemonSet, reconcileDeployment, reconcileStatefulSet } from "./controllers";
import { shortHash } from "./hash";
import { SelfHeal, managedFieldsEntry } from "./self-heal";
import { backOffEvents, EventRecorder, pullAttemptEvents } from "./events";
import { nodeImages, pullImage, reportedDigest, RUNTIME_VERSION, type NodeCache, type NodeRuntime, type PullResult } from "./kubelet";
import { backOffStatus, podStatus } from "./pods";
import { nodeFits, requiredAffinity } from "./scheduling";
import type { Fleet, FleetNode, FleetWorkload } from "./fleet";
import type { PullCredentials, RegistryModel } from "./registry";
import type { Fault } from "./registry-server";

type Cluster = Fleet["clusters"][number];
type Container = { name: string; image: string; imagePullPolicy?: string };
const RESOURCE: Record<string, string> = { Deployment: "deployments", StatefulSet: "statefulsets", DaemonSet: "daemonsets" };

export class ClusterWorld {
  readonly store = new ObjectStore();
  private caches = new Map<string, NodeCache>();
  private nodeArch = new Map<string, string>();
  private nodeRuntime = new Map<string, NodeRuntime>();
  /** Per pod uid: failed pull attempts so far and back-off ticks left before the next one. */
  private backoff = new Map<string, { attempts: number; wait: number }>();
  private events: EventRecorder;
  private generations = new Map<string, number>();
  private shift = new Map<string, number>();
  readonly selfHeal = new SelfHeal(this.store);

  constructor(
    readonly spec: Cluster,
    private readonly registry: RegistryModel,
    readonly registryHost: string,
    private readonly fault: () => Fault | undefined,
    private readonly expand: (image: string) => string,
  ) {
    this.events = new EventRecorder(this.store);
  }

  init() {
    const namespaces = new Set([...this.spec.workloads.map((w) => w.namespace), ...this.spec.pullSecrets.map((s) => s.namespace)]);
    for (const ns of ["default", "kube-system", ...namespaces]) if (!this.store.get("namespaces", undefined, ns)) this.store.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns }, status: { phase: "Active" } });
    for (const s of this.spec.pullSecrets) this.addPullSecret(s);
    for (const n of this.spec.nodes) this.addNode(n);
    for (const w of this.spec.workloads) this.createWorkload(w);
    for (const w of this.spec.workloads) if (w.selfHeal) this.selfHeal.manage(w.kind, w.namespace, w.name, { manager: w.manager, afterSeconds: w.selfHeal.afterSeconds });
    for (const kind of ["deployments", "statefulsets", "daemonsets"]) {
      this.store.watch(kind, (ev) => {
        const st = ev.object.status as { observedGeneration?: number } | undefined;
        if (ev.type !== "DELETED" && ev.object.metadata.generation !== st?.observedGeneration) {
          queueMicrotask(() => this.reconcile(ev.object.kind, ev.object.metadata.namespace!, ev.object.metadata.name));
        }
      });
    }
  }

  /** A kubernetes.io/dockerconfigjson secret for the simulated registry, as `kubectl create secret docker-registry` makes. */
  addPullSecret(s: { namespace: string; name: string; wrongPassword: boolean }) {
    const { username } = this.registry.credentials;
    const password = s.wrongPassword ? "not-the-password" : this.registry.credentials.password;
    const auth = Buffer.from(`${username}:${password}`).toString("base64");
    const config = { auths: { [this.registryHost]: { username, password, auth } } };
    this.store.create("secrets", {
      apiVersion: "v1", kind: "Secret", type: "kubernetes.io/dockerconfigjson",
      metadata: { name: s.name, namespace: s.namespace },
      data: { ".dockerconfigjson": Buffer.from(JSON.stringify(config)).toString("base64") },
    });
  }

  /** What the kubelet finds in a pod's imagePullSecrets: Basic credentials per registry host. */
  private pullCredentials(pod: K8sObject): PullCredentials[] {
    const names = ((pod.spec as { imagePullSecrets?: { name?: string }[] }).imagePullSecrets ?? []).map((s) => s.name);
    const out: PullCredentials[] = [];
    for (const name of names) {
      const secret = name ? this.store.get("secrets", pod.metadata.namespace, name) : undefined;
      const payload = (secret as { data?: Record<string, string> } | undefined)?.data?.[".dockerconfigjson"];
      if (!payload) continue;
      // A malformed secret gives the kubelet nothing, as in Kubernetes.
      const config = parseDockerConfig(Buffer.from(payload, "base64").toString());
      const cred = config.ok ? credentialFor(config.value, this.registryHost) : undefined;
      if (cred?.username && cred.password) out.push({ username: cred.username, password: cred.password });
    }
    return out;
  }

  addNode(n: FleetNode) {
    const cache: NodeCache = new Map();
    for (const c of n.cached) {
      const image = this.expand(c.image);
      const name = withoutTagOrDigest(image);
      const repo = name.slice(name.indexOf("/") + 1);
      const top = this.registry.digestOfBuild(repo, c.build);
      const digest = reportedDigest(this.registry.lookup(repo, top)!, n.arch, n.runtime);
      const entry = { digest, sizeBytes: 30_000_000 };
      cache.set(image, entry);
      cache.set(`${name}@${top}`, entry);
      cache.set(`${name}@${digest}`, entry);
    }
    this.caches.set(n.name, cache);
    this.nodeArch.set(n.name, n.arch);
    this.nodeRuntime.set(n.name, n.runtime);
    const now = new Date().toISOString();
    this.store.create("nodes", {
      apiVersion: "v1", kind: "Node",
      metadata: { name: n.name, labels: { "kubernetes.io/arch": n.arch, "kubernetes.io/os": n.os, "kubernetes.io/hostname": n.name, ...n.labels } },
      spec: n.unschedulable ? { unschedulable: true } : {},
      status: {
        conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", lastHeartbeatTime: now, lastTransitionTime: now }],
        addresses: [{ type: "InternalIP", address: this.nodeIP(n.name) }, { type: "Hostname", address: n.name }],
        nodeInfo: { architecture: n.arch, operatingSystem: n.os, kubeletVersion: "v1.30.4", containerRuntimeVersion: RUNTIME_VERSION[n.runtime], osImage: "Debian GNU/Linux 12 (bookworm)", kernelVersion: "6.1.0-28-cloud-amd64" },
        images: nodeImages(cache),
      },
    });
  }

  cordon(node: string) {
    const n = this.store.get("nodes", undefined, node);
    if (!n) throw new Error(`no node ${node} in cluster ${this.spec.name}`);
    this.store.update("nodes", { ...n, spec: { ...(n.spec as object), unschedulable: true } });
  }

  private nodeIP(name: string) {
    const i = this.spec.nodes.findIndex((n) => n.name === name);
    return `10.0.${Math.floor((i < 0 ? this.caches.size : i) / 250)}.${((i < 0 ? this.caches.size : i) % 250) + 2}`;
  }

  private containers(list: { name: string; image: string; pullPolicy?: string }[]): Container[] {
    return list.map((c) => ({ name: c.name, image: this.expand(c.image), ...(c.pullPolicy ? { imagePullPolicy: c.pullPolicy } : {}) }));
  }

  private createWorkload(w: FleetWorkload) {
    const labels = { app: w.name };
    const podSpec = (containers: Container[]) => ({
      containers,
      ...(w.initContainers.length ? { initContainers: this.containers(w.initContainers) } : {}),
      ...(Object.keys(w.nodeSelector).length ? { nodeSelector: w.nodeSelector } : {}),
      ...(w.nodeAffinity.length ? { affinity: requiredAffinity(w.nodeAffinity) } : {}),
      ...(w.imagePullSecrets.length ? { imagePullSecrets: w.imagePullSecrets.map((name) => ({ name })) } : {}),
    });
    const current = this.containers(w.containers);
    const resource = RESOURCE[w.kind]!;
    const templateFor = (containers: Container[]) => ({ metadata: { labels }, spec: podSpec(containers) });
    const obj = this.store.create(resource, {
      apiVersion: "apps/v1", kind: w.kind,
      metadata: { name: w.name, namespace: w.namespace, labels: { ...labels, ...w.labels }, annotations: w.annotations, managedFields: [managedFieldsEntry(w.manager, new Date())] },
      spec: { ...(w.kind === "DaemonSet" ? {} : { replicas: w.replicas }), selector: { matchLabels: labels }, template: templateFor(w.history.length ? current.map((c, i) => (i === 0 ? { ...c, image: this.expand(w.history[0]!) } : c)) : current) },
    });
    // Older revisions first, so rollback targets exist in ReplicaSet / ControllerRevision history.
    const steps = [...w.history.slice(1), null];
    this.reconcile(w.kind, w.namespace, w.name);
    for (const image of steps) {
      const latest = this.store.get(resource, w.namespace, w.name)!;
      const containers = image ? current.map((c, i) => (i === 0 ? { ...c, image: this.expand(image) } : c)) : current;
      this.store.update(resource, { ...latest, spec: { ...(latest.spec as object), template: templateFor(containers) } });
      this.reconcile(w.kind, w.namespace, w.name);
    }
    return obj;
  }

  reconcile(kind: string, ns: string, name: string) {
    if (kind === "Deployment") reconcileDeployment(this, ns, name);
    else if (kind === "StatefulSet") reconcileStatefulSet(this, ns, name);
    else if (kind === "DaemonSet") reconcileDaemonSet(this, ns, name);
  }

  podGeneration(owner: K8sObject) {
    return this.generations.get(owner.metadata.uid!) ?? 0;
  }

  podsOwnedBy(owner: K8sObject): K8sObject[] {
    const out: K8sObject[] = [];
    for (const p of this.store.peek("pods")) {
      if (p.metadata.namespace === owner.metadata.namespace && (p.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid)) out.push(structuredClone(p));
    }
    return out.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  deletePod(p: K8sObject) {
    this.store.delete("pods", p.metadata.namespace, p.metadata.name);
    this.backoff.delete(p.metadata.uid!);
    this.events.forget(p.metadata.uid);
  }

  eligibleNodes(podSpec: Record<string, unknown>): string[] {
    return this.store.list("nodes").items.filter((n) => nodeFits(n, podSpec)).map((n) => n.metadata.name);
  }

  /** Create missing pods (spread round-robin over eligible nodes), remove extra ones. */
  ensurePods(owner: K8sObject, replicas: number, nameOf: (i: number) => string, template: { metadata?: { labels?: Record<string, string> }; spec: Record<string, unknown> }): K8sObject[] {
    const existing = this.podsOwnedBy(owner);
    for (const extra of existing.slice(replicas)) this.deletePod(extra);
    const nodes = this.eligibleNodes(template.spec);
    const shift = this.shift.get(owner.metadata.uid!) ?? 0;
    const names = new Set(existing.map((p) => p.metadata.name));
    for (let i = 0; i < replicas && existing.length + (i - existing.length) < replicas; i++) {
      if (i < existing.length) continue;
      let name = nameOf(i);
      while (names.has(name)) name = `${name}x`;
      names.add(name);
      this.createPod(owner, name, template, nodes.length ? nodes[(i + shift) % nodes.length]! : null);
    }
    return this.podsOwnedBy(owner);
  }

  ensureDaemonPods(owner: K8sObject, nodes: string[], template: { metadata?: { labels?: Record<string, string> }; spec: Record<string, unknown> }): K8sObject[] {
    const existing = this.podsOwnedBy(owner);
    for (const p of existing) if (!nodes.includes((p.spec as { nodeName: string }).nodeName)) this.deletePod(p);
    for (const node of nodes) {
      if (existing.some((p) => (p.spec as { nodeName: string }).nodeName === node)) continue;
      this.createPod(owner, `${owner.metadata.name}-${shortHash([node, this.podGeneration(owner)], 5)}`, template, node);
    }
    return this.podsOwnedBy(owner);
  }

  private createPod(owner: K8sObject, name: string, template: { metadata?: { labels?: Record<string, string> }; spec: Record<string, unknown> }, node: string | null) {
    const ns = owner.metadata.namespace!;
    const pod = this.store.create("pods", {
      apiVersion: "v1", kind: "Pod",
      metadata: { name, namespace: ns, labels: template.metadata?.labels ?? {}, ownerReferences: [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller: true }] },
      spec: { ...template.spec, ...(node ? { nodeName: node } : {}) },
      status: node ? { phase: "Pending" } : { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/0 nodes are available" }] },
    });
    if (node) this.startPod(pod);
  }

  /** The kubelet: pull every container's image, then report the pod's status (and events). */
  startPod(pod: K8sObject) {
    const node = (pod.spec as { nodeName: string }).nodeName;
    const cache = this.caches.get(node)!;
    const spec = pod.spec as { containers: Container[]; initContainers?: Container[] };
    const results = new Map<string, PullResult>();
    const credentials = this.pullCredentials(pod);
    const runtime = this.nodeRuntime.get(node) ?? "containerd";
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
      results.set(c.name, pullImage({ image: c.image, policy: c.imagePullPolicy, arch: this.nodeArch.get(node) ?? "amd64", cache, registry: this.registry, registryHost: this.registryHost, fault: this.fault(), credentials, runtime }));
    }
    const startedAt = ((pod.status as { startTime?: string })?.startTime) ?? new Date().toISOString();
    this.store.updateStatus("pods", pod.metadata.namespace, pod.metadata.name, podStatus(pod, results, { hostIP: this.nodeIP(node), podIP: `10.244.${this.spec.nodes.findIndex((n) => n.name === node) + 1}.${(this.backoff.size % 250) + 2}`, startedAt }));
    const n = this.store.get("nodes", undefined, node)!;
    this.store.updateStatus("nodes", undefined, node, { ...(n.status as object), images: nodeImages(cache) });
    const isInit = new Set((spec.initContainers ?? []).map((c) => c.name));
    let failed = false;
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
      const r = results.get(c.name)!;
      if (r.ok) continue;
      failed = true;
      if (r.reason !== "ErrImagePull") continue;
      for (const e of pullAttemptEvents(c.name, isInit.has(c.name), c.image, r.message)) this.events.record(pod, node, e);
    }
    const prev = this.backoff.get(pod.metadata.uid!);
    if (!failed) this.backoff.delete(pod.metadata.uid!);
    // Back-off doubles per failed attempt (in ticks: 2, 4, 8, then 8), as the kubelet's 10 s … 5 min.
    else this.backoff.set(pod.metadata.uid!, { attempts: (prev?.attempts ?? 0) + 1, wait: Math.min(2 ** ((prev?.attempts ?? 0) + 1), 8) });
  }

  /** A kubelet sync during a pull back-off: the pod waits in ImagePullBackOff, and says so in events. */
  private backOff(pod: K8sObject) {
    const node = (pod.spec as { nodeName: string }).nodeName;
    const spec = pod.spec as { containers: Container[]; initContainers?: Container[] };
    const next = backOffStatus(pod.status);
    this.store.updateStatus("pods", pod.metadata.namespace, pod.metadata.name, next.status);
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
      if (!next.backingOff.includes(c.name)) continue;
      for (const e of backOffEvents(c.name, (spec.initContainers ?? []).some((i) => i.name === c.name), c.image)) this.events.record(pod, node, e);
    }
  }

  /** Periodic kubelet work: pods waiting on a pull back off, then retry when the back-off ends. */
  tick() {
    const pending = [...this.store.peek("pods")].filter((p) => (p.status as { phase?: string })?.phase === "Pending" && (p.spec as { nodeName?: string }).nodeName);
    const touched = new Map<string, [string, string, string]>();
    for (const p of pending) {
      const state = this.backoff.get(p.metadata.uid!);
      if (state && state.wait > 0) {
        state.wait -= 1;
        this.backOff(structuredClone(p));
        continue;
      }
      this.startPod(structuredClone(p));
      const owner = p.metadata.ownerReferences?.[0];
      if (!owner) continue;
      if (owner.kind === "ReplicaSet") {
        const rs = this.store.get("replicasets", p.metadata.namespace, owner.name);
        const d = rs?.metadata.ownerReferences?.[0];
        if (d) touched.set(`Deployment/${p.metadata.namespace}/${d.name}`, ["Deployment", p.metadata.namespace!, d.name]);
      } else touched.set(`${owner.kind}/${p.metadata.namespace}/${owner.name}`, [owner.kind, p.metadata.namespace!, owner.name]);
    }
    for (const [kind, ns, name] of touched.values()) this.reconcile(kind, ns, name);
  }

  findWorkload(ns: string, kind: string, name: string): K8sObject {
    const resource = RESOURCE[kind] ?? `${kind.toLowerCase()}s`;
    const o = this.store.get(resource, ns, name);
    if (!o) throw new Error(`no ${kind} ${ns}/${name} in cluster ${this.spec.name}`);
    return o;
  }

  /** Delete and recreate a workload's pods; they pull again under their pull policy. */
  restart(ns: string, kind: string, name: string, opts: { reschedule?: boolean } = {}) {
    const w = this.findWorkload(ns, kind, name);
    const owners = kind === "Deployment" ? this.store.list("replicasets", { namespace: ns }).items.filter((rs) => (rs.metadata.ownerReferences ?? []).some((r) => r.uid === w.metadata.uid)) : [w];
    for (const owner of owners) {
      this.generations.set(owner.metadata.uid!, this.podGeneration(owner) + 1);
      if (opts.reschedule) this.shift.set(owner.metadata.uid!, (this.shift.get(owner.metadata.uid!) ?? 0) + 1);
      for (const p of this.podsOwnedBy(owner)) this.deletePod(p);
    }
    this.reconcile(w.kind, ns, name);
  }
}

/** `host:port/repo:tag@digest` → `host:port/repo` (a registry port is not a tag). */
export function withoutTagOrDigest(image: string): string {
  const r = parseReference(image);
  return r.ok ? `${r.value.registry}/${r.value.repository}` : image;
}
