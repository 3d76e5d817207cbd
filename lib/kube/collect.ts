// One collection of one cluster: paginated lists of workloads, their revisions, pods, nodes and
// pull-failure events, reduced into a ClusterObservation. Never rejects: an unreachable cluster,
// a 401 or a 403 on one resource are recorded as data.
import { AppsV1Api, CoreV1Api } from "@kubernetes/client-node";
import type { z } from "zod";
import type { ClusterObservation, CollectionGap, PullFailureEvent } from "@/lib/drift/observation";
import { createAssembly } from "./assemble";
import type { ClusterSource } from "./clusters";
import { describeFailure, type Failure } from "./errors";
import { listAll, type ListOptions, type ListPage, type PageFetcher, type Skipped } from "./list";
import { mapPullFailureEvent } from "./map-event";
import { controllerRevisionSchema, eventSchema, nodeSchema, podSchema, replicaSetSchema, workloadSchema } from "./schemas";

export type CollectOptions = {
  /** Items per list request (`limit`). Default 500. */
  pageSize?: number;
  /** Per request. Default 15 000 ms. */
  timeoutMs?: number;
  now?: () => Date;
  /** Warning events for pull failures. Default true. */
  includeEvents?: boolean;
  /** Lists in flight at once. Default 3. */
  concurrency?: number;
};

type Common = Pick<ListOptions<z.ZodType>, "pageSize" | "timeoutMs" | "signal" | "onSkip" | "onPage">;
type Task = { resource: string; run: (common: Common) => Promise<number> };

function task<S extends z.ZodType>(resource: string, schema: S, fetch: PageFetcher, onItem: (item: z.infer<S>) => void): Task {
  return { resource, run: (common) => listAll({ ...common, resource, schema, fetch, onItem }) };
}

function tasksFor(source: ClusterSource, assembly: ReturnType<typeof createAssembly>, events: PullFailureEvent[], opts: CollectOptions, now: Date): Task[] {
  const core = source.kubeConfig.makeApiClient(CoreV1Api);
  const apps = source.kubeConfig.makeApiClient(AppsV1Api);
  const page = (p: Promise<unknown>) => p as Promise<ListPage>;
  const tasks: Task[] = [
    // Largest first, so the small lists overlap with it.
    task("pods", podSchema, (r, o) => page(core.listPodForAllNamespaces(r, o)), (p) => assembly.addPod(p)),
    task("nodes", nodeSchema, (r, o) => page(core.listNode(r, o)), (n) => assembly.addNode(n)),
    task("apps/v1/replicasets", replicaSetSchema, (r, o) => page(apps.listReplicaSetForAllNamespaces(r, o)), (rs) => assembly.addReplicaSet(rs)),
    task("apps/v1/deployments", workloadSchema, (r, o) => page(apps.listDeploymentForAllNamespaces(r, o)), (w) => assembly.addWorkload("Deployment", w)),
    task("apps/v1/statefulsets", workloadSchema, (r, o) => page(apps.listStatefulSetForAllNamespaces(r, o)), (w) => assembly.addWorkload("StatefulSet", w)),
    task("apps/v1/daemonsets", workloadSchema, (r, o) => page(apps.listDaemonSetForAllNamespaces(r, o)), (w) => assembly.addWorkload("DaemonSet", w)),
    task("apps/v1/controllerrevisions", controllerRevisionSchema, (r, o) => page(apps.listControllerRevisionForAllNamespaces(r, o)), (cr) => assembly.addControllerRevision(cr)),
  ];
  if (opts.includeEvents !== false) {
    const fetchEvents: PageFetcher = (r, o) => page(core.listEventForAllNamespaces({ ...r, fieldSelector: "type=Warning" }, o));
    tasks.push(
      task("events", eventSchema, fetchEvents, (e) => {
        const ev = mapPullFailureEvent(e, now);
        if (ev) events.push(ev);
      }),
    );
  }
  return tasks;
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

export async function collectCluster(source: ClusterSource, opts: CollectOptions = {}): Promise<ClusterObservation> {
  const now = (opts.now ?? (() => new Date()))();
  const base = { cluster: source.name, environment: source.environment, server: source.server, collectedAt: now.toISOString() };
  const gaps: CollectionGap[] = [];
  const skipped: Skipped[] = [];
  const events: PullFailureEvent[] = [];
  const assembly = createAssembly();
  const abort = new AbortController();
  let fatal: Failure | null = null;
  let hasAnswered = false;
  try {
    const tasks = tasksFor(source, assembly, events, opts, now);
    await pool(tasks, opts.concurrency ?? 3, async (t) => {
      if (fatal) return;
      try {
        const onPage = () => void (hasAnswered = true);
        await t.run({ pageSize: opts.pageSize ?? 500, timeoutMs: opts.timeoutMs ?? 15_000, signal: abort.signal, onSkip: (s) => void skipped.push(s), onPage });
      } catch (e) {
        if (fatal) return; // aborted because another list already failed for good
        const f = describeFailure(e, { cluster: source.name, server: source.server, what: `listing ${t.resource}` });
        // A timeout once the server has answered is one slow list (e.g. a huge event list), not a dead cluster.
        if (f.isFatal && !(f.code === "TIMEOUT" && hasAnswered)) {
          fatal = f;
          abort.abort();
        } else gaps.push({ resource: t.resource, code: f.code, message: f.message });
      }
    });
    const failure = fatal as Failure | null;
    if (failure) return { ...base, status: "failed", error: { code: failure.code, message: failure.message }, gaps, skipped, nodes: [], workloads: [], events: [] };
    // Nothing listed at all (every request refused): nothing usable.
    if (gaps.length === tasks.length) return { ...base, status: "failed", error: { code: gaps[0]!.code, message: gaps[0]!.message }, gaps, skipped, nodes: [], workloads: [], events: [] };
    const { nodes, workloads } = assembly.finish();
    events.sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
    return { ...base, status: gaps.length ? "partial" : "ok", gaps, skipped, nodes, workloads, ...(opts.includeEvents === false ? {} : { events }) };
  } catch (e) {
    // Only a bug or a broken client configuration gets here (e.g. an exec credential plugin failing).
    const f = describeFailure(e, { cluster: source.name, server: source.server, what: "collecting" });
    return { ...base, status: "failed", error: { code: f.code, message: f.message }, gaps, skipped, nodes: [], workloads: [], events: [] };
  }
}
