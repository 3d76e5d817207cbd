// One workload object read live (for a pin preview, apply and the rollout follower): the facts
// a plan and kubectl's rollout rules need, from the object the API server returns.
import { AppsV1Api } from "@kubernetes/client-node";
import type { WorkloadKind } from "@/lib/drift/observation";
import type { ClusterSource } from "./clusters";
import { describeFailure } from "./errors";
import { withSignal } from "./list";

export type WorkloadRef = { kind: WorkloadKind; namespace: string; name: string };

export type LiveWorkload = {
  ref: WorkloadRef;
  uid: string | null;
  resourceVersion: string;
  generation: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  managers: { manager: string; operation?: string; time?: string }[];
  owners: { kind: string; name: string; apiVersion: string }[];
  paused: boolean;
  containers: { name: string; image: string; isInit: boolean }[];
  /** The pod template's scheduling constraints (which nodes it may land on). */
  scheduling: { nodeSelector: Record<string, string>; affinity: unknown };
  rollout: {
    kind: WorkloadKind; generation: number; observedGeneration: number; desired: number; replicas: number; updated: number; ready: number; available: number;
    paused: boolean; progressingReason: string | null; currentRevision: string | null; updateRevision: string | null;
  };
};

/** A failed request as a value: status, a code and a message an operator can act on. */
export type KubeFailure = { code: "CONFLICT" | "FORBIDDEN" | "NOT_FOUND" | "INVALID" | "UNAUTHORIZED" | "UNREACHABLE" | "ERROR"; status: number | null; message: string };

type Raw = {
  metadata?: { uid?: string; resourceVersion?: string; generation?: number; labels?: Record<string, string>; annotations?: Record<string, string>; managedFields?: { manager?: string; operation?: string; time?: string | Date }[]; ownerReferences?: { kind: string; name: string; apiVersion: string }[] };
  spec?: { replicas?: number; paused?: boolean; template?: { spec?: { containers?: { name: string; image?: string }[]; initContainers?: { name: string; image?: string }[]; nodeSelector?: Record<string, string>; affinity?: unknown } } };
  status?: Record<string, unknown> & { conditions?: { type: string; reason?: string }[] };
};

const RESOURCE: Record<WorkloadKind, string> = { Deployment: "deployments.apps", StatefulSet: "statefulsets.apps", DaemonSet: "daemonsets.apps" };
export const resourceOf = (kind: WorkloadKind) => RESOURCE[kind];

const num = (v: unknown) => (typeof v === "number" ? v : 0);
const time = (t: string | Date | undefined) => (t instanceof Date ? t.toISOString().replace(/\.\d+Z$/, "Z") : t);

export function toLiveWorkload(ref: WorkloadRef, raw: Raw): LiveWorkload {
  const m = raw.metadata ?? {};
  const s = raw.status ?? {};
  const tpl = raw.spec?.template?.spec ?? {};
  const generation = m.generation ?? 0;
  const observedGeneration = num(s.observedGeneration);
  const progressing = (s.conditions ?? []).find((c) => c.type === "Progressing");
  const rollout =
    ref.kind === "DaemonSet"
      ? { desired: num(s.desiredNumberScheduled), replicas: num(s.currentNumberScheduled), updated: num(s.updatedNumberScheduled), ready: num(s.numberReady), available: num(s.numberAvailable) }
      : { desired: raw.spec?.replicas ?? 1, replicas: num(s.replicas), updated: num(s.updatedReplicas), ready: num(s.readyReplicas), available: ref.kind === "StatefulSet" && s.availableReplicas === undefined ? num(s.readyReplicas) : num(s.availableReplicas) };
  return {
    ref,
    uid: m.uid ?? null,
    resourceVersion: m.resourceVersion ?? "",
    generation,
    labels: m.labels ?? {},
    annotations: m.annotations ?? {},
    managers: (m.managedFields ?? []).map((f) => ({ manager: f.manager ?? "", ...(f.operation ? { operation: f.operation } : {}), ...(f.time ? { time: time(f.time) } : {}) })),
    owners: (m.ownerReferences ?? []).map((o) => ({ kind: o.kind, name: o.name, apiVersion: o.apiVersion })),
    paused: raw.spec?.paused === true,
    containers: [
      ...(tpl.initContainers ?? []).map((c) => ({ name: c.name, image: c.image ?? "", isInit: true })),
      ...(tpl.containers ?? []).map((c) => ({ name: c.name, image: c.image ?? "", isInit: false })),
    ],
    scheduling: { nodeSelector: tpl.nodeSelector ?? {}, affinity: tpl.affinity ?? null },
    rollout: {
      kind: ref.kind, generation, observedGeneration, ...rollout, paused: raw.spec?.paused === true,
      progressingReason: progressing?.reason ?? null,
      currentRevision: typeof s.currentRevision === "string" ? s.currentRevision : null,
      updateRevision: typeof s.updateRevision === "string" ? s.updateRevision : null,
    },
  };
}

/** Turns a client error into a value; a 403 names the permission Driftwatch's credentials lack. */
export function kubeFailure(e: unknown, source: ClusterSource, ref: WorkloadRef, verb: "get" | "patch"): KubeFailure {
  const f = describeFailure(e, { cluster: source.name, server: source.server, what: `${verb} ${ref.kind} ${ref.namespace}/${ref.name}` });
  const status = typeof (e as { code?: unknown })?.code === "number" ? ((e as { code: number }).code) : null;
  if (status === 409) return { code: "CONFLICT", status, message: f.message };
  if (status === 403) {
    return { code: "FORBIDDEN", status, message: `Driftwatch's credentials for cluster ${source.name} lack the "${verb}" permission on ${resourceOf(ref.kind)} in namespace ${ref.namespace} (${f.message})` };
  }
  if (status === 404) return { code: "NOT_FOUND", status, message: f.message };
  if (status === 422 || status === 400) return { code: "INVALID", status, message: f.message };
  if (status === 401) return { code: "UNAUTHORIZED", status, message: f.message };
  if (f.code === "UNREACHABLE" || f.code === "TIMEOUT") return { code: "UNREACHABLE", status, message: f.message };
  return { code: "ERROR", status, message: f.message };
}

/** Per request, so a hung API server never hangs a pin. */
export function timeoutOptions(ms = 15_000) {
  return withSignal(AbortSignal.timeout(ms));
}

export async function readWorkload(source: ClusterSource, ref: WorkloadRef): Promise<{ ok: true; value: LiveWorkload } | { ok: false; error: KubeFailure }> {
  const apps = source.kubeConfig.makeApiClient(AppsV1Api);
  const args = { name: ref.name, namespace: ref.namespace };
  try {
    const raw =
      ref.kind === "Deployment" ? await apps.readNamespacedDeployment(args, timeoutOptions())
        : ref.kind === "StatefulSet" ? await apps.readNamespacedStatefulSet(args, timeoutOptions())
          : await apps.readNamespacedDaemonSet(args, timeoutOptions());
    return { ok: true, value: toLiveWorkload(ref, raw as Raw) };
  } catch (e) {
    return { ok: false, error: kubeFailure(e, source, ref, "get") };
  }
}
