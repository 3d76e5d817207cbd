// The simulated cluster's object store: what etcd + the API server's registry do, in memory.
// Objects are kept per resource, keyed "namespace/name"; every change bumps one global
// resourceVersion and is delivered to watchers.
import { randomUUID } from "node:crypto";
import { matchesLabelSelector, matchesFieldSelector } from "./selectors";

export type ObjectMeta = {
  name: string; namespace?: string; uid?: string; resourceVersion?: string; generation?: number; creationTimestamp?: string;
  labels?: Record<string, string>; annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  [k: string]: unknown;
};
export type K8sObject = { apiVersion: string; kind: string; metadata: ObjectMeta; [k: string]: unknown };
export type WatchEvent = { type: "ADDED" | "MODIFIED" | "DELETED"; object: K8sObject };

export class StoreError extends Error {
  constructor(readonly status: number, readonly reason: string, message: string) {
    super(message);
  }
}

export const CLUSTER_SCOPED = new Set(["namespaces", "nodes"]);
const WORKLOADS = new Set(["deployments", "statefulsets", "daemonsets", "replicasets"]);
const copy = <T>(o: T): T => structuredClone(o);
const key = (ns: string | undefined, name: string) => `${ns ?? ""}/${name}`;

export class ObjectStore {
  private data = new Map<string, Map<string, K8sObject>>();
  private watchers = new Map<string, Set<(ev: WatchEvent) => void>>();
  private rv = 1;

  resourceVersion(): string {
    return String(this.rv);
  }

  private bucket(resource: string) {
    let b = this.data.get(resource);
    if (!b) this.data.set(resource, (b = new Map()));
    return b;
  }

  private emit(resource: string, ev: WatchEvent) {
    for (const w of this.watchers.get(resource) ?? []) w(copy(ev));
  }

  create(resource: string, obj: K8sObject): K8sObject {
    const b = this.bucket(resource);
    const k = key(obj.metadata.namespace, obj.metadata.name);
    if (b.has(k)) throw new StoreError(409, "AlreadyExists", `${resource} "${obj.metadata.name}" already exists`);
    const stored = copy(obj);
    stored.metadata.uid ??= randomUUID();
    stored.metadata.creationTimestamp ??= new Date().toISOString();
    stored.metadata.resourceVersion = String(++this.rv);
    if (WORKLOADS.has(resource)) stored.metadata.generation = 1;
    b.set(k, stored);
    this.emit(resource, { type: "ADDED", object: stored });
    return copy(stored);
  }

  get(resource: string, namespace: string | undefined, name: string): K8sObject | undefined {
    const o = this.data.get(resource)?.get(key(CLUSTER_SCOPED.has(resource) ? undefined : namespace, name));
    return o ? copy(o) : undefined;
  }

  /** Live objects (no copy) for controllers that only read. */
  peek(resource: string): IterableIterator<K8sObject> {
    return this.bucket(resource).values();
  }

  list(resource: string, opts: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {}): { items: K8sObject[]; resourceVersion: string } {
    const items: K8sObject[] = [];
    for (const o of this.bucket(resource).values()) {
      if (opts.namespace && o.metadata.namespace !== opts.namespace) continue;
      if (opts.labelSelector && !matchesLabelSelector(o.metadata.labels ?? {}, opts.labelSelector)) continue;
      if (opts.fieldSelector && !matchesFieldSelector(o, opts.fieldSelector)) continue;
      items.push(copy(o));
    }
    items.sort((a, b) => key(a.metadata.namespace, a.metadata.name).localeCompare(key(b.metadata.namespace, b.metadata.name)));
    return { items, resourceVersion: this.resourceVersion() };
  }

  update(resource: string, obj: K8sObject, opts: { expectResourceVersion?: string } = {}): K8sObject {
    const b = this.bucket(resource);
    const k = key(obj.metadata.namespace, obj.metadata.name);
    const prev = b.get(k);
    if (!prev) throw new StoreError(404, "NotFound", `${resource} "${obj.metadata.name}" not found`);
    if (opts.expectResourceVersion && opts.expectResourceVersion !== prev.metadata.resourceVersion) {
      throw new StoreError(409, "Conflict", `Operation cannot be fulfilled on ${resource} "${obj.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`);
    }
    const next = copy(obj);
    next.metadata = { ...next.metadata, uid: prev.metadata.uid, creationTimestamp: prev.metadata.creationTimestamp, resourceVersion: String(++this.rv) };
    if (WORKLOADS.has(resource)) {
      const specChanged = JSON.stringify(prev.spec) !== JSON.stringify(next.spec);
      next.metadata.generation = (prev.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    }
    b.set(k, next);
    this.emit(resource, { type: "MODIFIED", object: next });
    return copy(next);
  }

  updateStatus(resource: string, namespace: string | undefined, name: string, status: unknown): K8sObject {
    const cur = this.get(resource, namespace, name);
    if (!cur) throw new StoreError(404, "NotFound", `${resource} "${name}" not found`);
    const b = this.bucket(resource);
    const next = { ...cur, status, metadata: { ...cur.metadata, resourceVersion: String(++this.rv) } };
    b.set(key(cur.metadata.namespace, name), next);
    this.emit(resource, { type: "MODIFIED", object: next });
    return copy(next);
  }

  delete(resource: string, namespace: string | undefined, name: string): K8sObject | undefined {
    const b = this.bucket(resource);
    const k = key(CLUSTER_SCOPED.has(resource) ? undefined : namespace, name);
    const prev = b.get(k);
    if (!prev) return undefined;
    b.delete(k);
    prev.metadata.resourceVersion = String(++this.rv);
    this.emit(resource, { type: "DELETED", object: prev });
    return copy(prev);
  }

  watch(resource: string, listener: (ev: WatchEvent) => void): () => void {
    let set = this.watchers.get(resource);
    if (!set) this.watchers.set(resource, (set = new Set()));
    set.add(listener);
    return () => set!.delete(listener);
  }
}
