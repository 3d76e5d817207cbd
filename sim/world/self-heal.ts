// A GitOps controller's self-heal, per workload: the pod template as created is "what Git says";
// when anyone else changes it, the controller puts it back after N seconds (Argo CD's default is
// about 5 s) and shows up in managedFields as the manager that did it. Proves a pin warning true.
import { deepEqual } from "@/sim/api/deep-equal";
import type { K8sObject, ObjectStore } from "@/sim/api/store";

const RESOURCE: Record<string, string> = { Deployment: "deployments", StatefulSet: "statefulsets", DaemonSet: "daemonsets" };

/** One managedFields entry, as the API server writes it for an Update. */
export function managedFieldsEntry(manager: string, at: Date) {
  return { manager, operation: "Update", apiVersion: "apps/v1", time: at.toISOString().replace(/\.\d+Z$/, "Z"), fieldsType: "FieldsV1", fieldsV1: {} };
}

type Managed = { resource: string; namespace: string; name: string; manager: string; afterSeconds: number | null; desired: unknown; timer?: NodeJS.Timeout; reverts: number };

export class SelfHeal {
  private managed = new Map<string, Managed>();
  private unwatch = new Map<string, () => void>();

  constructor(private readonly store: ObjectStore) {}

  /** Start managing (or change the delay; null turns self-heal off) with the current template as Git's. */
  manage(kind: string, namespace: string, name: string, o: { manager: string; afterSeconds: number | null }) {
    const resource = RESOURCE[kind];
    const obj = resource ? this.store.get(resource, namespace, name) : undefined;
    if (!resource || !obj) throw new Error(`no ${kind} ${namespace}/${name}`);
    const key = `${resource}/${namespace}/${name}`;
    const prev = this.managed.get(key);
    if (prev?.timer) clearTimeout(prev.timer);
    const m: Managed = { resource, namespace, name, manager: o.manager, afterSeconds: o.afterSeconds, desired: prev?.desired ?? structuredClone(templateOf(obj)), reverts: prev?.reverts ?? 0 };
    this.managed.set(key, m);
    if (!this.unwatch.has(resource)) this.unwatch.set(resource, this.store.watch(resource, (ev) => ev.type === "MODIFIED" && this.changed(ev.object)));
    return { manager: m.manager, afterSeconds: m.afterSeconds, reverts: m.reverts };
  }

  status() {
    return [...this.managed.values()].map((m) => ({ resource: m.resource, namespace: m.namespace, name: m.name, manager: m.manager, afterSeconds: m.afterSeconds, reverts: m.reverts }));
  }

  private changed(obj: K8sObject) {
    const m = this.managed.get(`${RESOURCE[obj.kind] ?? ""}/${obj.metadata.namespace}/${obj.metadata.name}`);
    if (!m || m.afterSeconds === null || m.timer || deepEqual(templateOf(obj), m.desired)) return;
    m.timer = setTimeout(() => {
      m.timer = undefined;
      this.revert(m);
    }, m.afterSeconds * 1000);
    m.timer.unref?.();
  }

  private revert(m: Managed) {
    const cur = this.store.get(m.resource, m.namespace, m.name);
    if (!cur || deepEqual(templateOf(cur), m.desired)) return;
    const entries = ((cur.metadata.managedFields ?? []) as { manager?: string }[]).filter((e) => e.manager !== m.manager);
    const spec = { ...(cur.spec as object), template: structuredClone(m.desired) };
    this.store.update(m.resource, { ...cur, metadata: { ...cur.metadata, managedFields: [...entries, managedFieldsEntry(m.manager, new Date())] }, spec });
    m.reverts++;
  }

  stop() {
    for (const m of this.managed.values()) clearTimeout(m.timer);
    for (const u of this.unwatch.values()) u();
  }
}

function templateOf(obj: K8sObject): unknown {
  return (obj.spec as { template?: unknown } | undefined)?.template;
}
