// The simulated cluster's object store: what etcd plus the API server's registry do, in memory.
// Objects are indexed resource → namespace → name; every change bumps one global
// resourceVersion and is delivered synchronously (as copies) to watchers. A short per-resource
// event history lets a watch resume from a resourceVersion, as the API server's watch cache does.
import { randomUUID } from "node:crypto";
import { compileFieldSelector, compileLabelSelector, exactName, SelectorError } from "./selectors";
import { deepEqual } from "./deep-equal";

export type ObjectMeta = {
  name: string; namespace?: string; uid?: string; resourceVersion?: string; generation?: number; creationTimestamp?: string;
  labels?: Record<string, string>; annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  managedFields?: unknown[];
  [k: string]: unknown;
};
export type K8sObject = { apiVersion: string; kind: string; metadata: ObjectMeta; [k: string]: unknown };
export type WatchEvent = { type: "ADDED" | "MODIFIED" | "DELETED"; object: K8sObject };
export type ListOptions = {
  namespace?: string; labelSelector?: string; fieldSelector?: string;
  /** Page size; 0 or absent = everything. */
  limit?: number;
  /** Resume strictly after this (namespace, name) position, as a continue token does. */
  after?: { namespace: string; name: string };
};
export type ListResult = { items: K8sObject[]; resourceVersion: string; next?: { namespace: string; name: string }; remaining?: number };
export type WatchOptions = { namespace?: string; sinceResourceVersion?: string };

export class StoreError extends Error {
  constructor(readonly status: number, readonly reason: string, message: string) {
    super(message);
  }
}

export const CLUSTER_SCOPED = new Set(["namespaces", "nodes"]);
const HISTORY = 5000;
const copy = <T>(o: T): T => structuredClone(o);

type Listener = { fn: (ev: WatchEvent) => void; namespace?: string };
type Bucket = {
  byNs: Map<string, Map<string, K8sObject>>;
  sortedNs?: string[];
  sortedNames: Map<string, string[]>;
  history: { rv: number; ev: WatchEvent }[];
  /** resourceVersion of the newest event dropped from history (0 = none dropped). */
  floor: number;
  listeners: Set<Listener>;
};

/** First index in a sorted array whose value is > x. */
function upperBound(sorted: string[], x: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const byteSort = (a: string[]) => a.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));

export class ObjectStore {
  private buckets = new Map<string, Bucket>();
  private rv = 1;

  resourceVersion(): string {
    return String(this.rv);
  }

  private bucket(resource: string): Bucket {
    let b = this.buckets.get(resource);
    if (!b) this.buckets.set(resource, (b = { byNs: new Map(), sortedNames: new Map(), history: [], floor: 0, listeners: new Set() }));
    return b;
  }

  private nsOf(resource: string, namespace: string | undefined): string {
    if (CLUSTER_SCOPED.has(resource)) return "";
    if (!namespace) throw new StoreError(400, "BadRequest", `${resource} is namespaced: a namespace is required`);
    return namespace;
  }

  private emit(resource: string, b: Bucket, ev: WatchEvent) {
    b.history.push({ rv: this.rv, ev });
    if (b.history.length > HISTORY) b.floor = b.history.shift()!.rv;
    for (const l of [...b.listeners]) {
      if (l.namespace && ev.object.metadata.namespace !== l.namespace) continue;
      if (b.listeners.has(l)) l.fn(copy(ev));
    }
  }

  create(resource: string, obj: K8sObject): K8sObject {
    const b = this.bucket(resource);
    const ns = this.nsOf(resource, obj.metadata.namespace);
    let names = b.byNs.get(ns);
    if (names?.has(obj.metadata.name)) throw new StoreError(409, "AlreadyExists", `${resource} "${obj.metadata.name}" already exists`);
    const stored = copy(obj);
    if (!ns) delete stored.metadata.namespace;
    stored.metadata.uid ??= randomUUID();
    stored.metadata.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, "Z");
    stored.metadata.generation = 1;
    stored.metadata.resourceVersion = String(++this.rv);
    if (!names) {
      b.byNs.set(ns, (names = new Map()));
      b.sortedNs = undefined;
    }
    names.set(stored.metadata.name, stored);
    b.sortedNames.delete(ns);
    this.emit(resource, b, { type: "ADDED", object: stored });
    return copy(stored);
  }

  private raw(resource: string, namespace: string | undefined, name: string): K8sObject | undefined {
    const ns = CLUSTER_SCOPED.has(resource) ? "" : namespace ?? "";
    return this.buckets.get(resource)?.byNs.get(ns)?.get(name);
  }

  get(resource: string, namespace: string | undefined, name: string): K8sObject | undefined {
    const o = this.raw(resource, namespace, name);
    return o ? copy(o) : undefined;
  }

  /** Live objects (no copy) for controllers that only read: never mutate what this yields. */
  *peek(resource: string, namespace?: string): IterableIterator<K8sObject> {
    const b = this.buckets.get(resource);
    if (!b) return;
    if (namespace !== undefined && !CLUSTER_SCOPED.has(resource)) {
      yield* b.byNs.get(namespace)?.values() ?? [];
      return;
    }
    for (const names of b.byNs.values()) yield* names.values();
  }

  count(resource: string, namespace?: string): number {
    const b = this.buckets.get(resource);
    if (!b) return 0;
    if (namespace !== undefined && !CLUSTER_SCOPED.has(resource)) return b.byNs.get(namespace)?.size ?? 0;
    let n = 0;
    for (const names of b.byNs.values()) n += names.size;
    return n;
  }

  /** Objects in key order (namespace, then name), starting strictly after `after`. */
  private *ordered(b: Bucket, namespace: string | undefined, after?: { namespace: string; name: string }): Generator<[string, K8sObject]> {
    b.sortedNs ??= byteSort([...b.byNs.keys()]);
    const nss = namespace !== undefined ? [namespace] : b.sortedNs;
    for (const ns of nss) {
      if (after && ns < after.namespace) continue;
      const names = b.byNs.get(ns);
      if (!names) continue;
      let sorted = b.sortedNames.get(ns);
      if (!sorted) b.sortedNames.set(ns, (sorted = byteSort([...names.keys()])));
      const start = after && ns === after.namespace ? upperBound(sorted, after.name) : 0;
      for (let i = start; i < sorted.length; i++) yield [ns, names.get(sorted[i]!)!];
    }
  }

  list(resource: string, opts: ListOptions = {}): ListResult {
    const b = this.bucket(resource);
    let labels: ReturnType<typeof compileLabelSelector> | undefined;
    let fields: ReturnType<typeof compileFieldSelector> | undefined;
    try {
      labels = opts.labelSelector ? compileLabelSelector(opts.labelSelector) : undefined;
      fields = opts.fieldSelector ? compileFieldSelector(opts.fieldSelector, resource) : undefined;
    } catch (e) {
      if (e instanceof SelectorError) throw new StoreError(400, "BadRequest", e.message);
      throw e;
    }
    const namespace = CLUSTER_SCOPED.has(resource) ? undefined : opts.namespace || undefined;
    const resourceVersion = this.resourceVersion();
    const name = exactName(opts.fieldSelector);
    if (name !== undefined && namespace !== undefined) {
      // One key: the common `metadata.name=X` watch/list needs no scan.
      const o = b.byNs.get(namespace)?.get(name);
      const hit = o && (!labels || labels(o.metadata.labels ?? {})) && (!fields || fields(o));
      return { items: hit && !opts.after ? [copy(o)] : [], resourceVersion };
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const items: K8sObject[] = [];
    let next: ListResult["next"];
    let remaining = 0;
    for (const [, o] of this.ordered(b, namespace, opts.after)) {
      if (labels && !labels(o.metadata.labels ?? {})) continue;
      if (fields && !fields(o)) continue;
      if (items.length < limit) {
        items.push(copy(o));
        continue;
      }
      if (!next) {
        const last = items[items.length - 1]!;
        next = { namespace: last.metadata.namespace ?? "", name: last.metadata.name };
      }
      remaining++;
    }
    return next ? { items, resourceVersion, next, remaining } : { items, resourceVersion };
  }

  update(resource: string, obj: K8sObject, opts: { expectResourceVersion?: string } = {}): K8sObject {
    const b = this.bucket(resource);
    const ns = this.nsOf(resource, obj.metadata.namespace);
    const prev = b.byNs.get(ns)?.get(obj.metadata.name);
    if (!prev) throw new StoreError(404, "NotFound", `${resource} "${obj.metadata.name}" not found`);
    if (opts.expectResourceVersion && opts.expectResourceVersion !== prev.metadata.resourceVersion) throw conflict(resource, obj.metadata.name);
    const next = copy(obj);
    next.metadata.uid = prev.metadata.uid;
    next.metadata.creationTimestamp = prev.metadata.creationTimestamp;
    next.metadata.generation = (prev.metadata.generation ?? 1) + (deepEqual(prev.spec, next.spec) ? 0 : 1);
    if (!ns) delete next.metadata.namespace;
    next.metadata.resourceVersion = prev.metadata.resourceVersion;
    if (deepEqual(prev, next)) return copy(prev); // a no-op write changes nothing, as in Kubernetes
    next.metadata.resourceVersion = String(++this.rv);
    b.byNs.get(ns)!.set(next.metadata.name, next);
    this.emit(resource, b, { type: "MODIFIED", object: next });
    return copy(next);
  }

  updateStatus(resource: string, namespace: string | undefined, name: string, status: unknown): K8sObject {
    const prev = this.raw(resource, namespace, name);
    if (!prev) throw new StoreError(404, "NotFound", `${resource} "${name}" not found`);
    return this.update(resource, { ...prev, status: copy(status) });
  }

  delete(resource: string, namespace: string | undefined, name: string): K8sObject | undefined {
    const b = this.bucket(resource);
    const ns = CLUSTER_SCOPED.has(resource) ? "" : namespace ?? "";
    const names = b.byNs.get(ns);
    const prev = names?.get(name);
    if (!names || !prev) return undefined;
    names.delete(name);
    b.sortedNames.delete(ns);
    if (names.size === 0) {
      b.byNs.delete(ns);
      b.sortedNs = undefined;
    }
    const gone = { ...prev, metadata: { ...prev.metadata, resourceVersion: String(++this.rv) } };
    this.emit(resource, b, { type: "DELETED", object: gone });
    return copy(gone);
  }

  /**
   * Calls `listener` synchronously after each change. With `sinceResourceVersion`, first replays
   * the retained events newer than it; a version older than the history throws 410 Expired.
   */
  watch(resource: string, listener: (ev: WatchEvent) => void, opts: WatchOptions = {}): () => void {
    const b = this.bucket(resource);
    const l: Listener = { fn: listener, namespace: CLUSTER_SCOPED.has(resource) ? undefined : opts.namespace || undefined };
    if (opts.sinceResourceVersion !== undefined && opts.sinceResourceVersion !== "" && opts.sinceResourceVersion !== "0") {
      const since = Number(opts.sinceResourceVersion);
      if (!Number.isInteger(since) || since < 0) throw new StoreError(400, "BadRequest", `invalid resource version "${opts.sinceResourceVersion}"`);
      if (since < b.floor) throw new StoreError(410, "Expired", `too old resource version: ${since} (${b.floor})`);
      for (const h of b.history) {
        if (h.rv > since && (!l.namespace || h.ev.object.metadata.namespace === l.namespace)) listener(copy(h.ev));
      }
    }
    b.listeners.add(l);
    return () => void b.listeners.delete(l);
  }
}

export function conflict(resource: string, name: string): StoreError {
  return new StoreError(409, "Conflict", `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
}
