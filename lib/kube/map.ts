// Pure mapping from Kubernetes objects to the observation the drift engine reads. Every object
// is validated for the fields used; invalid ones are skipped with a reason, never a crash.
import { z } from "zod";
import { parseImageId, parseReference } from "@/lib/oci/reference";
import type { ContainerSpec, ContainerStatusObservation, NodeObservation, PodObservation, PullPolicy, WorkloadKind, WorkloadObservation } from "@/lib/drift/observation";

const meta = z.looseObject({
  name: z.string().min(1),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  labels: z.record(z.string(), z.string()).nullish(),
  annotations: z.record(z.string(), z.string()).nullish(),
  creationTimestamp: z.union([z.string(), z.date()]).nullish(),
  ownerReferences: z.array(z.looseObject({ kind: z.string(), name: z.string(), uid: z.string() })).nullish(),
  managedFields: z.array(z.looseObject({ manager: z.string().nullish() })).nullish(),
});
const containerSchema = z.looseObject({ name: z.string().min(1), image: z.string().nullish(), imagePullPolicy: z.string().nullish() });
const podSpec = z.looseObject({
  containers: z.array(containerSchema).min(1),
  initContainers: z.array(containerSchema).nullish(),
  nodeSelector: z.record(z.string(), z.string()).nullish(),
  nodeName: z.string().nullish(),
  imagePullSecrets: z.array(z.looseObject({ name: z.string().nullish() })).nullish(),
  affinity: z.unknown().optional(),
});
export const workloadSchema = z.looseObject({
  metadata: meta,
  spec: z.looseObject({ replicas: z.number().nullish(), template: z.looseObject({ spec: podSpec }) }),
  status: z.looseObject({ updateRevision: z.string().nullish(), desiredNumberScheduled: z.number().nullish() }).nullish(),
});
export const podSchema = z.looseObject({ metadata: meta, spec: podSpec, status: z.looseObject({}).passthrough().nullish() });
export const nodeSchema = z.looseObject({ metadata: meta, spec: z.looseObject({ unschedulable: z.boolean().nullish() }).nullish(), status: z.looseObject({}).nullish() });
export const replicaSetSchema = z.looseObject({ metadata: meta, spec: z.looseObject({ template: z.looseObject({ spec: podSpec }).nullish() }).nullish() });
export const revisionSchema = z.looseObject({ metadata: meta, revision: z.number(), data: z.unknown().optional() });

type Meta = z.infer<typeof meta>;
const iso = (d: string | Date | null | undefined) => (d instanceof Date ? d.toISOString() : d ?? "");

export function defaultPullPolicy(image: string, policy?: string | null): PullPolicy {
  if (policy === "Always" || policy === "IfNotPresent" || policy === "Never") return policy;
  const r = parseReference(image);
  if (!r.ok) return "IfNotPresent";
  return !r.value.digest && (r.value.tag === undefined || r.value.tag === "latest") ? "Always" : "IfNotPresent";
}

function containerSpecs(spec: z.infer<typeof podSpec>): ContainerSpec[] {
  const one = (c: z.infer<typeof containerSchema>, isInit: boolean): ContainerSpec => {
    const image = c.image ?? "";
    const parsed = parseReference(image);
    return {
      name: c.name, isInit, image, reference: parsed.ok ? parsed.value : null,
      ...(parsed.ok ? {} : { referenceError: parsed.error.message }),
      pullPolicy: defaultPullPolicy(image, c.imagePullPolicy),
    };
  };
  return [...(spec.initContainers ?? []).map((c) => one(c, true)), ...spec.containers.map((c) => one(c, false))];
}

/** Architectures allowed by nodeSelector / required node affinity on kubernetes.io/arch; null = any. */
export function allowedArchitectures(spec: z.infer<typeof podSpec>, nodeArches: string[]): string[] | null {
  let allowed: Set<string> | null = null;
  const sel = spec.nodeSelector?.["kubernetes.io/arch"];
  if (sel) allowed = new Set([sel]);
  const terms = (spec.affinity as { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchExpressions?: { key: string; operator: string; values?: string[] }[] }[] } } } | undefined)
    ?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms?.length) {
    // Terms are ORed; expressions within a term are ANDed.
    const union = new Set<string>();
    let constrained = false;
    for (const t of terms) {
      let set: Set<string> | null = null; // null: this term does not constrain the architecture
      for (const e of t.matchExpressions ?? []) {
        if (e.key !== "kubernetes.io/arch") continue;
        constrained = true;
        // NotIn is resolved against the architectures of the nodes we observed.
        const base: Set<string> = set ?? new Set(e.operator === "In" ? e.values ?? [] : nodeArches);
        set = new Set([...base].filter((a) => (e.operator === "In" ? e.values?.includes(a) : e.operator === "NotIn" ? !e.values?.includes(a) : true)));
      }
      if (set === null) set = new Set(nodeArches);
      for (const a of set) union.add(a);
    }
    if (constrained) allowed = allowed ? new Set([...allowed].filter((a) => union.has(a))) : union;
  }
  return allowed ? [...allowed].sort() : null;
}

export function detectManagedBy(m: Meta): "argocd" | "flux" | null {
  const labels = m.labels ?? {};
  const annotations = m.annotations ?? {};
  const managers = (m.managedFields ?? []).map((f) => f.manager ?? "");
  if ("argocd.argoproj.io/instance" in labels || "argocd.argoproj.io/tracking-id" in annotations || managers.some((x) => x.startsWith("argocd"))) return "argocd";
  if (Object.keys(labels).some((k) => k.startsWith("kustomize.toolkit.fluxcd.io/") || k.startsWith("helm.toolkit.fluxcd.io/")) || managers.some((x) => x === "kustomize-controller" || x === "helm-controller")) return "flux";
  return null;
}

export function mapNode(n: z.infer<typeof nodeSchema>): NodeObservation {
  const status = (n.status ?? {}) as { nodeInfo?: { architecture?: string; operatingSystem?: string }; conditions?: { type: string; status: string }[]; images?: { names?: string[] | null; sizeBytes?: number | null }[] };
  const labels = n.metadata.labels ?? {};
  const variant = labels["kubernetes.io/arch-variant"];
  return {
    name: n.metadata.name,
    os: status.nodeInfo?.operatingSystem ?? labels["kubernetes.io/os"] ?? "linux",
    architecture: status.nodeInfo?.architecture ?? labels["kubernetes.io/arch"] ?? "unknown",
    ...(variant ? { variant } : {}),
    labels,
    ready: (status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
    unschedulable: !!n.spec?.unschedulable,
    images: (status.images ?? []).map((i) => ({ names: i.names ?? [], ...(typeof i.sizeBytes === "number" ? { sizeBytes: i.sizeBytes } : {}) })),
  };
}

export function newWorkload(kind: WorkloadKind, w: z.infer<typeof workloadSchema>, nodeArches: string[]): WorkloadObservation {
  const spec = w.spec.template.spec;
  return {
    kind, namespace: w.metadata.namespace ?? "default", name: w.metadata.name, ...(w.metadata.uid ? { uid: w.metadata.uid } : {}),
    labels: w.metadata.labels ?? {}, annotations: w.metadata.annotations ?? {},
    replicas: kind === "DaemonSet" ? w.status?.desiredNumberScheduled ?? 0 : w.spec.replicas ?? 1,
    currentRevision: kind === "StatefulSet" ? w.status?.updateRevision ?? null : null,
    revisions: [],
    nodeSelector: spec.nodeSelector ?? {},
    allowedArchitectures: allowedArchitectures(spec, nodeArches),
    imagePullSecrets: (spec.imagePullSecrets ?? []).map((s) => s.name ?? "").filter(Boolean),
    containers: containerSpecs(spec),
    pods: [],
    managedBy: detectManagedBy(w.metadata),
  };
}

type RawStatus = { name: string; image?: string; imageID?: string; ready?: boolean; restartCount?: number; state?: { running?: unknown; terminated?: unknown; waiting?: { reason?: string; message?: string } } };

function mapStatus(s: RawStatus, isInit: boolean): ContainerStatusObservation {
  const id = parseImageId(s.imageID ?? "");
  const state = s.state?.running ? "running" : s.state?.waiting ? "waiting" : s.state?.terminated ? "terminated" : "unknown";
  return {
    name: s.name, isInit, image: s.image ?? "", imageID: s.imageID ?? "", digest: id.digest, ...(id.repository ? { digestRepository: id.repository } : {}),
    isUnverifiable: id.isUnverifiable, ready: !!s.ready, restartCount: s.restartCount ?? 0, state,
    ...(s.state?.waiting?.reason ? { waiting: { reason: s.state.waiting.reason, ...(s.state.waiting.message ? { message: s.state.waiting.message } : {}) } } : {}),
  };
}

export function mapPod(p: z.infer<typeof podSchema>, revisionLabel: string): PodObservation {
  const status = (p.status ?? {}) as { phase?: string; conditions?: { type: string; status: string }[]; containerStatuses?: RawStatus[]; initContainerStatuses?: RawStatus[] };
  const reported = new Map<string, ContainerStatusObservation>();
  for (const s of status.initContainerStatuses ?? []) reported.set(`i/${s.name}`, mapStatus(s, true));
  for (const s of status.containerStatuses ?? []) reported.set(`c/${s.name}`, mapStatus(s, false));
  const all = [...(p.spec.initContainers ?? []).map((c) => ({ c, init: true })), ...p.spec.containers.map((c) => ({ c, init: false }))];
  return {
    name: p.metadata.name, ...(p.metadata.uid ? { uid: p.metadata.uid } : {}),
    node: p.spec.nodeName ?? null,
    revision: p.metadata.labels?.[revisionLabel] ?? null,
    phase: status.phase ?? "Unknown",
    ready: (status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
    createdAt: iso(p.metadata.creationTimestamp),
    containers: all.map(({ c, init }) =>
      reported.get(`${init ? "i" : "c"}/${c.name}`) ?? { name: c.name, isInit: init, image: c.image ?? "", imageID: "", digest: null, isUnverifiable: false, ready: false, restartCount: 0, state: "unknown" as const },
    ),
  };
}

export function templateImages(spec: z.infer<typeof podSpec> | undefined | null): Record<string, string> {
  return Object.fromEntries([...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) => [c.name, c.image ?? ""]));
}
