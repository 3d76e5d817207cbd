// Builds workloads from validated objects in any order, page by page: each object is reduced
// to its observation at once (no whole pod is kept), and ownership is resolved at the end.
// Pod → ReplicaSet → Deployment; Pod → StatefulSet/DaemonSet; ReplicaSets and
// ControllerRevisions become the revision history.
import type { NodeObservation, PodObservation, WorkloadKind, WorkloadObservation } from "@/lib/drift/observation";
import { mapNode } from "./map-node";
import { mapPod } from "./map-pod";
import { KUBERNETES_ARCHITECTURES, allowedArchitectures, mapWorkload, pullSecretNames, templateImages } from "./map-workload";
import { isoTime, type PodSpec, type RawControllerRevision, type RawNode, type RawPod, type RawReplicaSet, type RawWorkload } from "./schemas";

type Owner = { kind: string; name: string; uid: string; controller?: boolean | null };
type Revision = WorkloadObservation["revisions"][number];
/** A revision before we know which spelling the pods use (`<name>-<hash>` or `<hash>`). */
type PendingRevision = Omit<Revision, "revision"> & { owner: Owner; namespace: string; forms: string[] };
/** `owner` is the ReplicaSet for Deployment pods, resolved once every ReplicaSet is known. */
type PendingPod = { owner: Owner; namespace: string; pod: PodObservation; pullSecrets: string[] };

const key = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;
/** The managing owner when it is of a wanted kind: the reference marked `controller: true`, else (objects written without the flag) the first of a wanted kind. */
const controllerOf = (refs: Owner[] | null | undefined, kinds: string[]) => {
  const ctl = refs?.find((r) => r.controller === true);
  if (ctl) return kinds.includes(ctl.kind) ? ctl : undefined;
  return refs?.find((r) => kinds.includes(r.kind));
};

/** Deployment ReplicaSets are named `<deployment>-<pod-template-hash>`. */
function deploymentNameOfReplicaSet(rsName: string, hash: string | undefined): string | null {
  if (hash && rsName.endsWith(`-${hash}`)) return rsName.slice(0, -hash.length - 1);
  const cut = rsName.lastIndexOf("-");
  return cut > 0 ? rsName.slice(0, cut) : null;
}

export function createAssembly() {
  const nodes: NodeObservation[] = [];
  const workloads = new Map<string, { obs: WorkloadObservation; spec: PodSpec }>();
  const byUid = new Map<string, string>();
  const rsToDeployment = new Map<string, Owner>(); // RS uid → its Deployment
  const bareReplicaSets = new Set<string>(); // listed ReplicaSets no Deployment owns
  const revisions: PendingRevision[] = [];
  const pods: PendingPod[] = [];

  // By uid; by name only when the uid is unknown on either side (a recreated object of the same
  // name has a new uid, and its predecessor's revisions are not its own).
  const find = (owner: Owner, namespace: string) => {
    const k = byUid.get(owner.uid);
    if (k) return workloads.get(k);
    const w = workloads.get(key(owner.kind, namespace, owner.name));
    return w && (!w.obs.uid || owner.uid.startsWith("name:")) ? w : undefined;
  };
  const deploymentOf = (rs: Owner, revision: string | null): Owner | null => {
    const known = rsToDeployment.get(rs.uid);
    if (known) return known;
    // A listed ReplicaSet without a Deployment is not a workload Driftwatch tracks, even when
    // its name looks like `<deployment>-<hash>`.
    if (bareReplicaSets.has(rs.uid)) return null;
    // Without the ReplicaSet (e.g. listing them is forbidden) its name still names the Deployment.
    const name = deploymentNameOfReplicaSet(rs.name, revision ?? undefined);
    return name ? { kind: "Deployment", name, uid: `name:${name}` } : null;
  };

  return {
    addNode(n: RawNode) {
      nodes.push(mapNode(n));
    },
    addWorkload(kind: WorkloadKind, w: RawWorkload) {
      const obs = mapWorkload(kind, w);
      const k = key(kind, obs.namespace, obs.name);
      workloads.set(k, { obs, spec: w.spec.template.spec });
      if (w.metadata.uid) byUid.set(w.metadata.uid, k);
    },
    addReplicaSet(rs: RawReplicaSet) {
      const owner = controllerOf(rs.metadata.ownerReferences, ["Deployment"]);
      if (!owner) {
        if (rs.metadata.uid) bareReplicaSets.add(rs.metadata.uid);
        return;
      }
      if (rs.metadata.uid) rsToDeployment.set(rs.metadata.uid, owner);
      const hash = rs.metadata.labels?.["pod-template-hash"];
      const n = Number(rs.metadata.annotations?.["deployment.kubernetes.io/revision"]);
      revisions.push({
        owner, namespace: rs.metadata.namespace ?? "default",
        forms: [hash ?? rs.metadata.name.slice(owner.name.length + 1)],
        number: Number.isFinite(n) && n > 0 ? n : null,
        ...(rs.metadata.creationTimestamp ? { createdAt: isoTime(rs.metadata.creationTimestamp) } : {}),
        images: templateImages(rs.spec?.template?.spec),
      });
    },
    addControllerRevision(cr: RawControllerRevision) {
      const owner = controllerOf(cr.metadata.ownerReferences, ["StatefulSet", "DaemonSet"]);
      if (!owner) return;
      // Pods carry `<name>-<hash>` (StatefulSet, and this simulator) or `<hash>` (DaemonSet on a
      // real cluster, equal to the revision's own controller-revision-hash label).
      const hash = cr.metadata.labels?.["controller-revision-hash"];
      revisions.push({
        owner, namespace: cr.metadata.namespace ?? "default",
        forms: hash && hash !== cr.metadata.name ? [hash, cr.metadata.name] : [cr.metadata.name],
        number: cr.revision,
        ...(cr.metadata.creationTimestamp ? { createdAt: isoTime(cr.metadata.creationTimestamp) } : {}),
        images: templateImages(cr.data?.spec?.template?.spec),
      });
    },
    addPod(p: RawPod) {
      const namespace = p.metadata.namespace ?? "default";
      // Bare pods, Jobs and other controllers' pods are not workloads Driftwatch tracks.
      const owner = controllerOf(p.metadata.ownerReferences, ["StatefulSet", "DaemonSet", "ReplicaSet"]);
      if (!owner) return;
      const label = owner.kind === "ReplicaSet" ? "pod-template-hash" : "controller-revision-hash";
      // Pods also carry the pull secrets their service account added at admission (not in the template).
      pods.push({ owner, namespace, pod: mapPod(p, label), pullSecrets: pullSecretNames(p.spec) });
    },
    finish(): { nodes: NodeObservation[]; workloads: WorkloadObservation[] } {
      const observed = [...new Set(nodes.map((n) => n.architecture).filter((a) => a !== "unknown"))].sort();
      // No nodes seen (e.g. listing them is forbidden): NotIn is resolved against every architecture Kubernetes knows.
      const arches = observed.length ? observed : KUBERNETES_ARCHITECTURES;
      for (const { owner, namespace, pod, pullSecrets } of pods) {
        const o = owner.kind === "ReplicaSet" ? deploymentOf(owner, pod.revision) : owner;
        const w = o ? find(o, namespace) : undefined;
        if (!w) continue;
        w.obs.pods.push(pod);
        for (const s of pullSecrets) if (!w.obs.imagePullSecrets.includes(s)) w.obs.imagePullSecrets.push(s);
      }
      for (const { owner, namespace, forms, ...rev } of revisions) {
        const w = find(owner, namespace);
        if (!w) continue;
        const used = new Set(w.obs.pods.map((p) => p.revision));
        w.obs.revisions.push({ revision: forms.find((f) => used.has(f)) ?? forms[0]!, ...rev });
      }
      for (const { obs, spec } of workloads.values()) {
        obs.revisions.sort((a, b) => (b.number ?? 0) - (a.number ?? 0) || (b.createdAt ?? "").localeCompare(a.createdAt ?? ""));
        // A StatefulSet the controller has not reconciled yet has no updateRevision: newest wins.
        if (obs.kind !== "StatefulSet" || obs.currentRevision === null) obs.currentRevision = obs.revisions[0]?.revision ?? null;
        obs.allowedArchitectures = allowedArchitectures(spec, arches);
        obs.pods.sort((a, b) => a.name.localeCompare(b.name));
      }
      const list = [...workloads.values()].map((w) => w.obs);
      list.sort((a, b) => key(a.namespace, a.kind, a.name).localeCompare(key(b.namespace, b.kind, b.name)));
      nodes.sort((a, b) => a.name.localeCompare(b.name));
      return { nodes, workloads: list };
    },
  };
}

export type Assembly = ReturnType<typeof createAssembly>;
