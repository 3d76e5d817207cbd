import type { Finding } from "./kinds";
import type { NodeObservation, WorkloadObservation } from "./observation";
import type { PullFailureClass } from "./pull-failure";
import { compareStrings } from "./util";

// Every pod of a workload as the workload page lists it, the waiting ones included: where it
// runs, on which architecture, and why a container waits (for a pull failure, the cause the
// pull-failing finding settled on, with when the kubelet last reported it).

export type PodContainerState = {
  name: string;
  isInit: boolean;
  state: "running" | "waiting" | "terminated" | "unknown";
  ready: boolean;
  restarts: number;
  /** Waiting reason (ErrImagePull, ImagePullBackOff, ContainerCreating …), null when not waiting. */
  reason: string | null;
  /** The most informative message: for a pull failure the cause's text, else the waiting message. */
  message: string | null;
  /** The waiting message as the kubelet reports it now ("Back-off pulling image …" while backing off). */
  waitingMessage: string | null;
  /** Classified pull-failure cause, null when the container is not failing to pull. */
  cause: PullFailureClass | null;
  /** When the kubelet last reported the cause (event lastSeen), null when unknown. */
  lastEventAt: string | null;
  /** How often it reported it (the event's count), null when unknown. */
  eventCount: number | null;
};

export type PodRow = {
  name: string;
  node: string | null;
  /** "amd64", "arm/v7"; null when unscheduled or the node is unknown. */
  architecture: string | null;
  revision: string | null;
  phase: string;
  ready: boolean;
  createdAt: string;
  containers: PodContainerState[];
};

type PullDetail = { pod: string; class: PullFailureClass; message: string; at?: string | null; count?: number | null };

export function describePods(workload: WorkloadObservation, nodes: readonly NodeObservation[], findings: readonly Finding[]): PodRow[] {
  const arch = new Map(nodes.map((n) => [n.name, n.variant ? `${n.architecture}/${n.variant}` : n.architecture]));
  const pulls = new Map<string, PullDetail>();
  for (const f of findings) {
    if (f.kind !== "pull-failing" || !f.container) continue;
    for (const p of (f.details.pods as PullDetail[] | undefined) ?? []) pulls.set(`${p.pod}\u0000${f.container}`, p);
  }
  return [...workload.pods]
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((pod) => ({
      name: pod.name,
      node: pod.node,
      architecture: pod.node ? (arch.get(pod.node) ?? null) : null,
      revision: pod.revision,
      phase: pod.phase,
      ready: pod.ready,
      createdAt: pod.createdAt,
      containers: pod.containers.map((c) => {
        const pull = pulls.get(`${pod.name}\u0000${c.name}`); // names are unique across init and regular containers
        return {
          name: c.name,
          isInit: c.isInit,
          state: c.state,
          ready: c.ready,
          restarts: c.restartCount,
          reason: c.waiting?.reason ?? null,
          message: pull?.message ?? c.waiting?.message ?? null,
          waitingMessage: c.waiting?.message ?? null,
          cause: pull?.class ?? null,
          lastEventAt: pull?.at ?? null,
          eventCount: pull?.count ?? null,
        };
      }),
    }));
}
