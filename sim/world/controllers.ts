// Workload controllers: Deployment → ReplicaSets → Pods, StatefulSet/DaemonSet →
// ControllerRevisions → Pods. A template change makes a new revision and replaces the pods.
import type { K8sObject } from "@/sim/api/store";
import { shortHash } from "./hash";
import type { ClusterWorld } from "./world";
import { isPodReady } from "./pods";

type Tpl = { metadata?: { labels?: Record<string, string> }; spec: Record<string, unknown> };
const CHANGE_CAUSE = "kubernetes.io/change-cause";
const ownerRef = (o: K8sObject) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid!, controller: true, blockOwnerDeletion: true });
const ownedBy = (o: K8sObject, owner: K8sObject) => (o.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid);

export function reconcileDeployment(w: ClusterWorld, ns: string, name: string) {
  const d = w.store.get("deployments", ns, name);
  if (!d) return;
  const spec = d.spec as { replicas?: number; selector: { matchLabels: Record<string, string> }; template: Tpl };
  const hash = shortHash(spec.template);
  const owned = w.store.list("replicasets", { namespace: ns }).items.filter((rs) => ownedBy(rs, d));
  const revisionOf = (rs: K8sObject) => Number(rs.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? 0);
  const maxRev = Math.max(0, ...owned.map(revisionOf));
  let rs = owned.find((r) => r.metadata.labels?.["pod-template-hash"] === hash);
  const replicas = spec.replicas ?? 1;
  // As the real controller does, the new ReplicaSet carries the Deployment's change-cause, so
  // `kubectl rollout history` tells why each revision was made.
  const changeCause = d.metadata.annotations?.[CHANGE_CAUSE];
  const cause: Record<string, string> = changeCause ? { [CHANGE_CAUSE]: changeCause } : {};
  if (!rs) {
    const labels = { ...(spec.template.metadata?.labels ?? {}), "pod-template-hash": hash };
    rs = w.store.create("replicasets", {
      apiVersion: "apps/v1", kind: "ReplicaSet",
      metadata: { name: `${name}-${hash}`, namespace: ns, labels, annotations: { "deployment.kubernetes.io/revision": String(maxRev + 1), "deployment.kubernetes.io/desired-replicas": String(replicas), ...cause }, ownerReferences: [ownerRef(d)] },
      spec: { replicas, selector: { matchLabels: { ...spec.selector.matchLabels, "pod-template-hash": hash } }, template: { ...spec.template, metadata: { ...spec.template.metadata, labels } } },
    });
  } else if (revisionOf(rs) !== maxRev || (rs.spec as { replicas: number }).replicas !== replicas) {
    // Rolling back to an old template re-uses its ReplicaSet under a new revision number.
    const rev = revisionOf(rs) === maxRev ? maxRev : maxRev + 1;
    rs = w.store.update("replicasets", { ...rs, metadata: { ...rs.metadata, annotations: { ...rs.metadata.annotations, "deployment.kubernetes.io/revision": String(rev), ...(rev !== revisionOf(rs) ? cause : ({} as Record<string, string>)) } }, spec: { ...(rs.spec as object), replicas } });
  }
  for (const old of owned) {
    if (old.metadata.uid === rs.metadata.uid) continue;
    for (const p of w.podsOwnedBy(old)) w.deletePod(p);
    if ((old.spec as { replicas: number }).replicas !== 0) w.store.update("replicasets", { ...old, spec: { ...(old.spec as object), replicas: 0 } });
    w.store.updateStatus("replicasets", ns, old.metadata.name, { replicas: 0, observedGeneration: old.metadata.generation });
  }
  const pods = w.ensurePods(rs, replicas, (i) => `${rs!.metadata.name}-${shortHash([rs!.metadata.name, i, w.podGeneration(rs!)], 5)}`, (rs.spec as { template: Tpl }).template);
  const ready = pods.filter(isPodReady).length;
  w.store.updateStatus("replicasets", ns, rs.metadata.name, { replicas: pods.length, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation });
  w.store.updateStatus("deployments", ns, name, {
    observedGeneration: d.metadata.generation, replicas: pods.length, updatedReplicas: pods.length, readyReplicas: ready, availableReplicas: ready,
    unavailableReplicas: pods.length - ready,
    conditions: [
      { type: "Available", status: ready === replicas ? "True" : "False", reason: ready === replicas ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable" },
      { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.` },
    ],
  });
}

/** StatefulSets and DaemonSets keep their template history in ControllerRevisions. */
function ensureRevision(w: ClusterWorld, owner: K8sObject, template: Tpl): { name: string; revision: number; isNew: boolean } {
  const hash = shortHash(template);
  const name = `${owner.metadata.name}-${hash}`;
  const owned = w.store.list("controllerrevisions", { namespace: owner.metadata.namespace }).items.filter((cr) => ownedBy(cr, owner));
  const existing = owned.find((cr) => cr.metadata.name === name);
  if (existing) return { name, revision: Number(existing.revision), isNew: false };
  const revision = Math.max(0, ...owned.map((cr) => Number(cr.revision))) + 1;
  w.store.create("controllerrevisions", {
    apiVersion: "apps/v1", kind: "ControllerRevision",
    metadata: { name, namespace: owner.metadata.namespace, labels: { ...(template.metadata?.labels ?? {}), "controller-revision-hash": name }, ownerReferences: [ownerRef(owner)] },
    revision, data: { spec: { template: { $patch: "replace", ...template } } },
  });
  return { name, revision, isNew: true };
}

export function reconcileStatefulSet(w: ClusterWorld, ns: string, name: string) {
  const s = w.store.get("statefulsets", ns, name);
  if (!s) return;
  const spec = s.spec as { replicas?: number; template: Tpl };
  const rev = ensureRevision(w, s, spec.template);
  const labels = { ...(spec.template.metadata?.labels ?? {}), "controller-revision-hash": rev.name };
  const template = { ...spec.template, metadata: { ...spec.template.metadata, labels } };
  for (const p of w.podsOwnedBy(s)) if (p.metadata.labels?.["controller-revision-hash"] !== rev.name) w.deletePod(p);
  const pods = w.ensurePods(s, spec.replicas ?? 1, (i) => `${name}-${i}`, template);
  const ready = pods.filter(isPodReady).length;
  w.store.updateStatus("statefulsets", ns, name, { observedGeneration: s.metadata.generation, replicas: pods.length, readyReplicas: ready, currentReplicas: pods.length, updatedReplicas: pods.length, currentRevision: rev.name, updateRevision: rev.name });
}

export function reconcileDaemonSet(w: ClusterWorld, ns: string, name: string) {
  const ds = w.store.get("daemonsets", ns, name);
  if (!ds) return;
  const spec = ds.spec as { template: Tpl };
  const rev = ensureRevision(w, ds, spec.template);
  const labels = { ...(spec.template.metadata?.labels ?? {}), "controller-revision-hash": rev.name };
  const template = { ...spec.template, metadata: { ...spec.template.metadata, labels } };
  for (const p of w.podsOwnedBy(ds)) if (p.metadata.labels?.["controller-revision-hash"] !== rev.name) w.deletePod(p);
  const nodes = w.eligibleNodes(template.spec);
  const pods = w.ensureDaemonPods(ds, nodes, template);
  const ready = pods.filter(isPodReady).length;
  w.store.updateStatus("daemonsets", ns, name, { observedGeneration: ds.metadata.generation, desiredNumberScheduled: nodes.length, currentNumberScheduled: pods.length, numberReady: ready, updatedNumberScheduled: pods.length, numberAvailable: ready });
}
