// A pod reduced to what drift needs: where it runs, which template revision it belongs to and,
// per container, the bytes the runtime reports (imageID → digest) and why it may be waiting.
import { parseImageId } from "@/lib/oci/reference";
import type { ContainerStatusObservation, PodObservation } from "@/lib/drift/observation";
import { isoTime, type RawContainerStatus, type RawPod } from "./schemas";

export function mapContainerStatus(s: RawContainerStatus, isInit: boolean): ContainerStatusObservation {
  const imageID = s.imageID ?? "";
  const id = parseImageId(imageID);
  const st = s.state;
  const state = st?.running ? "running" : st?.waiting ? "waiting" : st?.terminated ? "terminated" : "unknown";
  const reason = st?.waiting?.reason;
  const message = st?.waiting?.message;
  return {
    name: s.name,
    isInit,
    image: s.image ?? "",
    imageID,
    digest: id.digest,
    ...(id.repository ? { digestRepository: id.repository } : {}),
    isUnverifiable: id.isUnverifiable,
    ready: s.ready === true,
    restartCount: s.restartCount ?? 0,
    state,
    ...(reason ? { waiting: { reason, ...(message ? { message } : {}) } } : {}),
  };
}

/** `revisionLabel`: pod-template-hash (Deployment) or controller-revision-hash (StatefulSet/DaemonSet). */
export function mapPod(p: RawPod, revisionLabel: string): PodObservation {
  const status = p.status ?? {};
  const reported = new Map<string, ContainerStatusObservation>();
  for (const s of status.initContainerStatuses ?? []) reported.set(`i/${s.name}`, mapContainerStatus(s, true));
  for (const s of status.containerStatuses ?? []) reported.set(`c/${s.name}`, mapContainerStatus(s, false));
  const declared = [...(p.spec.initContainers ?? []).map((c) => ({ c, isInit: true })), ...p.spec.containers.map((c) => ({ c, isInit: false }))];
  return {
    name: p.metadata.name,
    ...(p.metadata.uid ? { uid: p.metadata.uid } : {}),
    node: p.spec.nodeName ?? null,
    revision: p.metadata.labels?.[revisionLabel] ?? null,
    phase: status.phase ?? "Unknown",
    ready: (status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
    createdAt: isoTime(p.metadata.creationTimestamp),
    // Spec order; a container the kubelet has not reported yet is "unknown" with no imageID.
    containers: declared.map(
      ({ c, isInit }) =>
        reported.get(`${isInit ? "i" : "c"}/${c.name}`) ?? {
          name: c.name, isInit, image: c.image ?? "", imageID: "", digest: null, isUnverifiable: false, ready: false, restartCount: 0, state: "unknown" as const,
        },
    ),
  };
}
