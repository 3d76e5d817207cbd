// Kubelet events as a real kubelet records them: one Event object per (pod, container, type,
// reason, message, source), repeated reports aggregated into it (count+1, lastTimestamp), with
// one-second timestamps. A pull attempt that fails records Normal Pulling, Warning Failed
// "Failed to pull image …: <cause>" and Warning Failed "Error: ErrImagePull"; each sync during the
// back-off records Normal BackOff "Back-off pulling image …" and Warning Failed "Error: ImagePullBackOff".
import type { K8sObject, ObjectStore } from "@/sim/api/store";

export type PodEvent = { container: string; isInit: boolean; type: "Normal" | "Warning"; reason: string; message: string };

/** RFC 3339 with second resolution, as core/v1 Event timestamps are. */
export const eventTime = (d: Date) => d.toISOString().replace(/\.\d+Z$/, "Z");

export function pullAttemptEvents(container: string, isInit: boolean, image: string, cause: string): PodEvent[] {
  return [
    { container, isInit, type: "Normal", reason: "Pulling", message: `Pulling image "${image}"` },
    { container, isInit, type: "Warning", reason: "Failed", message: `Failed to pull image "${image}": ${cause}` },
    { container, isInit, type: "Warning", reason: "Failed", message: "Error: ErrImagePull" },
  ];
}

export function backOffEvents(container: string, isInit: boolean, image: string): PodEvent[] {
  return [
    { container, isInit, type: "Normal", reason: "BackOff", message: `Back-off pulling image "${image}"` },
    { container, isInit, type: "Warning", reason: "Failed", message: "Error: ImagePullBackOff" },
  ];
}

export class EventRecorder {
  private names = new Map<string, string>(); // aggregation key → event name
  private seq = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  record(pod: K8sObject, node: string, e: PodEvent) {
    const ns = pod.metadata.namespace!;
    const fieldPath = `spec.${e.isInit ? "initContainers" : "containers"}{${e.container}}`;
    const key = [pod.metadata.uid, fieldPath, e.type, e.reason, e.message, node].join("\u0000");
    const at = eventTime(this.now());
    const name = this.names.get(key);
    const existing = name ? this.store.get("events", ns, name) : undefined;
    if (existing) {
      this.store.update("events", { ...existing, count: ((existing.count as number | undefined) ?? 1) + 1, lastTimestamp: at });
      return;
    }
    const fresh = `${pod.metadata.name}.${(++this.seq).toString(16).padStart(16, "0")}`;
    this.names.set(key, fresh);
    this.store.create("events", {
      apiVersion: "v1", kind: "Event",
      metadata: { name: fresh, namespace: ns },
      involvedObject: { kind: "Pod", namespace: ns, name: pod.metadata.name, uid: pod.metadata.uid, apiVersion: "v1", fieldPath },
      reason: e.reason, message: e.message, type: e.type,
      count: 1, firstTimestamp: at, lastTimestamp: at, source: { component: "kubelet", host: node },
      reportingComponent: "kubelet", reportingInstance: node,
    });
  }

  /** A deleted pod's events are kept (as the API server keeps them until their TTL); only the index is dropped. */
  forget(podUid: string | undefined) {
    for (const key of [...this.names.keys()]) if (key.startsWith(`${podUid}\u0000`)) this.names.delete(key);
  }
}
