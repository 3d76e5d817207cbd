// Pod objects and their status, as the scheduler and kubelet leave them.
import type { K8sObject } from "@/sim/api/store";
import type { PullResult } from "./kubelet";

type Container = { name: string; image: string; imagePullPolicy?: string };

export function podStatus(pod: K8sObject, results: Map<string, PullResult>, opts: { hostIP: string; podIP: string; startedAt: string }) {
  const spec = pod.spec as { containers: Container[]; initContainers?: Container[] };
  const status = (c: Container) => {
    const r = results.get(c.name)!;
    if (r.ok) return { name: c.name, image: c.image, imageID: r.imageID, ready: true, started: true, restartCount: 0, state: { running: { startedAt: opts.startedAt } } };
    return { name: c.name, image: c.image, imageID: "", ready: false, started: false, restartCount: 0, state: { waiting: { reason: r.reason, message: r.message } } };
  };
  const inits = (spec.initContainers ?? []).map((c) => {
    const r = results.get(c.name)!;
    if (!r.ok) return status(c);
    return { name: c.name, image: c.image, imageID: r.imageID, ready: true, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed", startedAt: opts.startedAt, finishedAt: opts.startedAt } } };
  });
  const containers = spec.containers.map(status);
  const ready = [...results.values()].every((r) => r.ok);
  return {
    phase: ready ? "Running" : "Pending",
    hostIP: opts.hostIP,
    podIP: opts.podIP,
    startTime: opts.startedAt,
    conditions: [
      { type: "PodScheduled", status: "True", lastTransitionTime: opts.startedAt },
      { type: "Ready", status: ready ? "True" : "False", lastTransitionTime: opts.startedAt, ...(ready ? {} : { reason: "ContainersNotReady" }) },
    ],
    ...(inits.length ? { initContainerStatuses: inits } : {}),
    containerStatuses: containers,
  };
}

type Status = { name: string; image: string; state?: { waiting?: { reason: string; message?: string } } };

/**
 * Between pull attempts a kubelet (before 1.32) reports ImagePullBackOff with only "Back-off
 * pulling image …": the cause is in the earlier "Failed to pull image" event alone.
 */
export function backOffStatus(status: unknown): { status: unknown; backingOff: string[] } {
  const s = structuredClone(status ?? {}) as { containerStatuses?: Status[]; initContainerStatuses?: Status[] };
  const backingOff: string[] = [];
  for (const c of [...(s.initContainerStatuses ?? []), ...(s.containerStatuses ?? [])]) {
    const reason = c.state?.waiting?.reason;
    if (reason !== "ErrImagePull" && reason !== "ImagePullBackOff") continue;
    c.state = { waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${c.image}"` } };
    backingOff.push(c.name);
  }
  return { status: s, backingOff };
}

export const isPodReady = (p: K8sObject) =>
  ((p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
