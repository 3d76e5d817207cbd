// The pin patch: a strategic merge patch of only the chosen container's image and Driftwatch's
// annotations, with metadata.resourceVersion in the body (as kubectl does) so a change since
// the preview answers 409, field manager `driftwatch`, and `dryRun=All` for the preview.
import { AppsV1Api, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import type { ClusterSource } from "./clusters";
import { FIELD_MANAGER } from "./field-manager";
import { kubeFailure, timeoutOptions, toLiveWorkload, type KubeFailure, type LiveWorkload, type WorkloadRef } from "./workload-object";

export { FIELD_MANAGER };
export const PIN_ANNOTATIONS = {
  digest: "driftwatch.io/pinned-digest",
  by: "driftwatch.io/pinned-by",
  at: "driftwatch.io/pinned-at",
  changeCause: "kubernetes.io/change-cause",
} as const;

export type PinPatchInput = {
  container: string;
  isInit: boolean;
  image: string;
  resourceVersion: string;
  /** pin: the digest; unpin: null (the pinned-* annotations are removed). */
  digest: string | null;
  user: string;
  reason: string;
  at: Date;
};

/** The exact body sent, for the preview and the apply alike. */
export function buildPinPatch(p: PinPatchInput): Record<string, unknown> {
  const annotations: Record<string, string | null> = p.digest
    ? { [PIN_ANNOTATIONS.digest]: p.digest, [PIN_ANNOTATIONS.by]: p.user, [PIN_ANNOTATIONS.at]: p.at.toISOString() }
    : { [PIN_ANNOTATIONS.digest]: null, [PIN_ANNOTATIONS.by]: null, [PIN_ANNOTATIONS.at]: null };
  annotations[PIN_ANNOTATIONS.changeCause] = `${p.reason} (driftwatch: ${p.user})`;
  const list = p.isInit ? "initContainers" : "containers";
  return {
    metadata: { resourceVersion: p.resourceVersion, annotations },
    spec: { template: { spec: { [list]: [{ name: p.container, image: p.image }] } } },
  };
}

export type FieldChange = { path: string; from: string | null; to: string | null };

/** Only what a pin touches: container images and annotations that differ. */
export function pinDiff(before: LiveWorkload, after: LiveWorkload): FieldChange[] {
  const out: FieldChange[] = [];
  for (const c of after.containers) {
    const old = before.containers.find((b) => b.name === c.name && b.isInit === c.isInit);
    if (old?.image !== c.image) out.push({ path: `spec.template.spec.${c.isInit ? "initContainers" : "containers"}[name=${c.name}].image`, from: old?.image ?? null, to: c.image });
  }
  const keys = [...new Set([...Object.keys(before.annotations), ...Object.keys(after.annotations)])].sort();
  for (const k of keys) {
    const from = before.annotations[k] ?? null;
    const to = after.annotations[k] ?? null;
    if (from !== to) out.push({ path: `metadata.annotations[${k}]`, from, to });
  }
  return out;
}

export type PatchResult = { ok: true; value: LiveWorkload } | { ok: false; error: KubeFailure };

export async function patchWorkload(source: ClusterSource, ref: WorkloadRef, body: Record<string, unknown>, opts: { dryRun: boolean }): Promise<PatchResult> {
  const apps = source.kubeConfig.makeApiClient(AppsV1Api);
  const options = setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch, timeoutOptions());
  const args = { name: ref.name, namespace: ref.namespace, body, fieldManager: FIELD_MANAGER, ...(opts.dryRun ? { dryRun: "All" } : {}) };
  try {
    const raw =
      ref.kind === "Deployment" ? await apps.patchNamespacedDeployment(args, options)
        : ref.kind === "StatefulSet" ? await apps.patchNamespacedStatefulSet(args, options)
          : await apps.patchNamespacedDaemonSet(args, options);
    return { ok: true, value: toLiveWorkload(ref, raw as Parameters<typeof toLiveWorkload>[1]) };
  } catch (e) {
    const f = kubeFailure(e, source, ref, "patch");
    if (f.code === "CONFLICT") return { ok: false, error: { ...f, message: `changed since you looked: review again (${f.message})` } };
    return { ok: false, error: f };
  }
}
