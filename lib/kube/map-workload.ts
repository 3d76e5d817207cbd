// Pod-template facts of a workload: container references and effective pull policies,
// architecture constraints, pull secrets and the GitOps controller that owns it.
import { parseReference } from "@/lib/oci/reference";
import type { ContainerSpec, PullPolicy, WorkloadKind, WorkloadObservation } from "@/lib/drift/observation";
import { imageFieldManagers } from "./image-managers";
import type { Meta, PodSpec, RawWorkload } from "./schemas";

const ARCH_LABEL = "kubernetes.io/arch";
/** GOARCH values Kubernetes nodes report; the universe for NotIn when no node was observed. */
export const KUBERNETES_ARCHITECTURES = ["386", "amd64", "arm", "arm64", "loong64", "mips64le", "ppc64le", "riscv64", "s390x"];

/**
 * Kubernetes' defaulting (SetDefaults_Container): `Always` when the tag is `latest` — also in
 * `repo:latest@sha256:…` — or when there is neither tag nor digest; else `IfNotPresent`.
 * An unparsable image has no tag as far as Kubernetes is concerned, so `IfNotPresent`.
 */
export function effectivePullPolicy(image: string, policy?: string | null): PullPolicy {
  if (policy === "Always" || policy === "IfNotPresent" || policy === "Never") return policy;
  const r = parseReference(image);
  if (!r.ok) return "IfNotPresent";
  const { tag, digest } = r.value;
  return tag === "latest" || (tag === undefined && !digest) ? "Always" : "IfNotPresent";
}

export function containerSpecs(spec: PodSpec): ContainerSpec[] {
  const one = (c: PodSpec["containers"][number], isInit: boolean): ContainerSpec => {
    const image = c.image ?? "";
    const parsed = parseReference(image);
    return {
      name: c.name,
      isInit,
      image,
      reference: parsed.ok ? parsed.value : null,
      ...(parsed.ok ? {} : { referenceError: parsed.error.message }),
      pullPolicy: effectivePullPolicy(image, c.imagePullPolicy),
    };
  };
  return [...(spec.initContainers ?? []).map((c) => one(c, true)), ...spec.containers.map((c) => one(c, false))];
}

/**
 * Architectures the template may run on, from `nodeSelector["kubernetes.io/arch"]` and required
 * node affinity. Terms are ORed, expressions within a term ANDed. `NotIn`, `Exists` and
 * `DoesNotExist` can only be resolved against a known set, so they use the architectures of the
 * nodes observed in the cluster. null = unconstrained.
 */
export function allowedArchitectures(spec: PodSpec, nodeArches: string[]): string[] | null {
  let allowed: Set<string> | null = null;
  const selected = spec.nodeSelector?.[ARCH_LABEL];
  if (selected) allowed = new Set([selected]);
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const archTerms = terms.map((t) => (t.matchExpressions ?? []).filter((e) => e.key === ARCH_LABEL));
  // A term that says nothing about the architecture lets the pod run anywhere (terms are ORed).
  if (terms.length && archTerms.every((t) => t.length)) {
    const union = new Set<string>();
    for (const exprs of archTerms) {
      let set: Set<string> | null = null;
      for (const e of exprs) {
        const values = e.values ?? [];
        const base: string[] = set ? [...set] : e.operator === "In" ? values : nodeArches;
        set = new Set(
          base.filter((a) =>
            e.operator === "In" ? values.includes(a) : e.operator === "NotIn" ? !values.includes(a) : e.operator !== "DoesNotExist",
          ),
        );
      }
      for (const a of set ?? []) union.add(a);
    }
    allowed = allowed ? new Set([...allowed].filter((a) => union.has(a))) : union;
  }
  return allowed ? [...allowed].sort() : null;
}

const ARGO_MANAGERS = new Set(["argocd-controller", "argocd-application-controller"]);
const FLUX_MANAGERS = new Set(["kustomize-controller", "helm-controller"]);

/** The GitOps controller that will revert direct edits, from labels, annotations or managedFields. */
export function detectManagedBy(m: Pick<Meta, "labels" | "annotations" | "managedFields">): "argocd" | "flux" | null {
  const labels = m.labels ?? {};
  const annotations = m.annotations ?? {};
  const managers = (m.managedFields ?? []).map((f) => f.manager ?? "");
  if ("argocd.argoproj.io/instance" in labels || "argocd.argoproj.io/tracking-id" in annotations || managers.some((x) => ARGO_MANAGERS.has(x))) {
    return "argocd";
  }
  const fluxLabel = Object.keys(labels).some((k) => k.startsWith("kustomize.toolkit.fluxcd.io/") || k.startsWith("helm.toolkit.fluxcd.io/"));
  if (fluxLabel || managers.some((x) => FLUX_MANAGERS.has(x))) return "flux";
  return null;
}

/** container name → image, init containers included (revision history). */
export function templateImages(spec: PodSpec | null | undefined): Record<string, string> {
  return Object.fromEntries([...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) => [c.name, c.image ?? ""]));
}

/** The workload without revisions, pods or arch constraints (those need the whole cluster). */
export function mapWorkload(kind: WorkloadKind, w: RawWorkload): WorkloadObservation {
  const spec = w.spec.template.spec;
  return {
    kind,
    namespace: w.metadata.namespace ?? "default",
    name: w.metadata.name,
    ...(w.metadata.uid ? { uid: w.metadata.uid } : {}),
    labels: w.metadata.labels ?? {},
    annotations: w.metadata.annotations ?? {},
    replicas: kind === "DaemonSet" ? (w.status?.desiredNumberScheduled ?? 0) : (w.spec.replicas ?? 1),
    currentRevision: kind === "StatefulSet" ? (w.status?.updateRevision ?? null) : null,
    revisions: [],
    nodeSelector: spec.nodeSelector ?? {},
    allowedArchitectures: null,
    imagePullSecrets: pullSecretNames(spec),
    containers: containerSpecs(spec),
    pods: [],
    managedBy: detectManagedBy(w.metadata),
    imageManagers: imageFieldManagers(w.metadata.managedFields, containerSpecs(spec)),
  };
}

/** The names in a pod spec's imagePullSecrets. */
export function pullSecretNames(spec: Pick<PodSpec, "imagePullSecrets">): string[] {
  return (spec.imagePullSecrets ?? []).map((s) => s.name ?? "").filter(Boolean);
}
