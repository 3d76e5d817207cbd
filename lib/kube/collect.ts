// One collection of one cluster: paginated lists of workloads, their revisions, pods, nodes and
// pull-failure events, mapped into a ClusterObservation. Never throws: an unreachable cluster,
// a 401 or a 403 on one resource are recorded as data.
import { AppsV1Api, CoreV1Api } from "@kubernetes/client-node";
import type { z } from "zod";
import type { ClusterObservation, CollectionGap, GapCode, NodeObservation, PullFailureEvent, WorkloadKind, WorkloadObservation } from "@/lib/drift/observation";
import type { ClusterSource } from "./clusters";
import { mapNode, mapPod, newWorkload, nodeSchema, podSchema, replicaSetSchema, revisionSchema, templateImages, workloadSchema } from "./map";

export type CollectOptions = { pageSize?: number; timeoutMs?: number; now?: () => Date; includeEvents?: boolean };
type Page = { items: unknown[]; metadata?: { _continue?: string; continue?: string } };

class CollectError extends Error {
  constructor(readonly code: GapCode, message: string, readonly fatal: boolean) {
    super(message);
  }
}

function classify(e: unknown, what: string, source: ClusterSource): CollectError {
  const err = e as { code?: number | string; body?: unknown; message?: string; cause?: { code?: string; message?: string } };
  if (e instanceof CollectError) return e;
  if (typeof err.code === "number") {
    let detail = "";
    try {
      detail = (typeof err.body === "string" ? (JSON.parse(err.body) as { message?: string }) : (err.body as { message?: string }))?.message ?? "";
    } catch {
      detail = String(err.body ?? "").slice(0, 200);
    }
    const msg = `cluster ${source.name} (${source.server}): ${what}: HTTP ${err.code}${detail ? `: ${detail}` : ""}`;
    if (err.code === 401) return new CollectError("UNAUTHORIZED", msg, true);
    if (err.code === 403) return new CollectError("FORBIDDEN", msg, false);
    return new CollectError(err.code >= 500 ? "UNREACHABLE" : "ERROR", msg, false);
  }
  const code = err.cause?.code ?? (typeof err.code === "string" ? err.code : "");
  const text = err.cause?.message ?? err.message ?? String(e);
  return new CollectError("UNREACHABLE", `cluster ${source.name} (${source.server}) is unreachable: ${what}: ${code ? `${code} ` : ""}${text}`.trim(), true);
}

export async function collectCluster(source: ClusterSource, opts: CollectOptions = {}): Promise<ClusterObservation> {
  const now = opts.now ?? (() => new Date());
  const pageSize = opts.pageSize ?? 500;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const core = source.kubeConfig.makeApiClient(CoreV1Api);
  const apps = source.kubeConfig.makeApiClient(AppsV1Api);
  const gaps: CollectionGap[] = [];
  const skipped: ClusterObservation["skipped"] = [];
  const base = { cluster: source.name, environment: source.environment, server: source.server, collectedAt: now().toISOString() };

  async function listAll<T extends z.ZodType>(resource: string, schema: T, fetchPage: (c: string | undefined) => Promise<Page>, onItem: (item: z.infer<T>) => void): Promise<boolean> {
    let cont: string | undefined;
    try {
      do {
        const page = await withTimeout(fetchPage(cont), timeoutMs, () => new CollectError("TIMEOUT", `cluster ${source.name} (${source.server}): listing ${resource} timed out after ${timeoutMs} ms`, true));
        for (const raw of page.items) {
          const parsed = schema.safeParse(raw);
          if (parsed.success) onItem(parsed.data);
          else skipped.push({ resource, name: (raw as { metadata?: { name?: string } })?.metadata?.name ?? "?", reason: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
        }
        cont = page.metadata?._continue ?? page.metadata?.continue ?? undefined;
      } while (cont);
      return true;
    } catch (e) {
      const err = classify(e, `listing ${resource}`, source);
      if (err.fatal) throw err;
      gaps.push({ resource, code: err.code, message: err.message });
      return false;
    }
  }

  try {
    const nodes: NodeObservation[] = [];
    await listAll("nodes", nodeSchema, (c) => core.listNode({ limit: pageSize, _continue: c }) as Promise<Page>, (n) => nodes.push(mapNode(n)));
    const arches = [...new Set(nodes.map((n) => n.architecture))];
    const workloads = new Map<string, WorkloadObservation>();
    const add = (kind: WorkloadKind) => (w: z.infer<typeof workloadSchema>) => {
      if (w.metadata.uid) workloads.set(w.metadata.uid, newWorkload(kind, w, arches));
    };
    const rsOwner = new Map<string, { owner: string; hash: string | null }>();
    const revisions: { owner: string; revision: string; number: number | null; createdAt?: string; images: Record<string, string> }[] = [];
    const ownerOf = (m: { ownerReferences?: { kind: string; uid: string }[] | null }, kinds: string[]) => m.ownerReferences?.find((r) => kinds.includes(r.kind))?.uid;
    await Promise.all([
      listAll("apps/v1/deployments", workloadSchema, (c) => apps.listDeploymentForAllNamespaces({ limit: pageSize, _continue: c }) as Promise<Page>, add("Deployment")),
      listAll("apps/v1/statefulsets", workloadSchema, (c) => apps.listStatefulSetForAllNamespaces({ limit: pageSize, _continue: c }) as Promise<Page>, add("StatefulSet")),
      listAll("apps/v1/daemonsets", workloadSchema, (c) => apps.listDaemonSetForAllNamespaces({ limit: pageSize, _continue: c }) as Promise<Page>, add("DaemonSet")),
      listAll("apps/v1/replicasets", replicaSetSchema, (c) => apps.listReplicaSetForAllNamespaces({ limit: pageSize, _continue: c }) as Promise<Page>, (rs) => {
        const owner = ownerOf(rs.metadata, ["Deployment"]);
        if (!owner || !rs.metadata.uid) return;
        const hash = rs.metadata.labels?.["pod-template-hash"] ?? null;
        rsOwner.set(rs.metadata.uid, { owner, hash });
        const n = Number(rs.metadata.annotations?.["deployment.kubernetes.io/revision"]);
        if (hash) revisions.push({ owner, revision: hash, number: Number.isFinite(n) ? n : null, createdAt: rs.metadata.creationTimestamp ? new Date(rs.metadata.creationTimestamp).toISOString() : undefined, images: templateImages(rs.spec?.template?.spec) });
      }),
      listAll("apps/v1/controllerrevisions", revisionSchema, (c) => apps.listControllerRevisionForAllNamespaces({ limit: pageSize, _continue: c }) as Promise<Page>, (cr) => {
        const owner = ownerOf(cr.metadata, ["StatefulSet", "DaemonSet"]);
        const tpl = (cr.data as { spec?: { template?: { spec?: unknown } } } | undefined)?.spec?.template?.spec as Parameters<typeof templateImages>[0];
        if (owner) revisions.push({ owner, revision: cr.metadata.name, number: cr.revision, images: templateImages(tpl) });
      }),
    ]);
    for (const r of revisions) workloads.get(r.owner)?.revisions.push({ revision: r.revision, number: r.number, ...(r.createdAt ? { createdAt: r.createdAt } : {}), images: r.images });
    for (const w of workloads.values()) {
      w.revisions.sort((a, b) => (b.number ?? 0) - (a.number ?? 0));
      if (w.kind !== "StatefulSet") w.currentRevision = w.revisions[0]?.revision ?? null;
    }
    await listAll("pods", podSchema, (c) => core.listPodForAllNamespaces({ limit: pageSize, _continue: c }) as Promise<Page>, (p) => {
      const direct = p.metadata.ownerReferences?.find((r) => r.kind === "StatefulSet" || r.kind === "DaemonSet");
      const viaRs = p.metadata.ownerReferences?.find((r) => r.kind === "ReplicaSet");
      const ownerUid = direct?.uid ?? (viaRs ? rsOwner.get(viaRs.uid)?.owner : undefined);
      const w = ownerUid ? workloads.get(ownerUid) : undefined;
      if (w) w.pods.push(mapPod(p, w.kind === "Deployment" ? "pod-template-hash" : "controller-revision-hash"));
    });
    const events: PullFailureEvent[] = [];
    if (opts.includeEvents !== false) {
      await listAll("events", revisionSchema.pick({ metadata: true }).loose(), (c) => core.listEventForAllNamespaces({ limit: pageSize, _continue: c, fieldSelector: "type=Warning" }) as Promise<Page>, (ev) => {
        const e = ev as unknown as { reason?: string; message?: string; involvedObject?: { kind?: string; name?: string; namespace?: string }; lastTimestamp?: string | Date; eventTime?: string | Date };
        if (e.involvedObject?.kind !== "Pod" || !/pull|image/i.test(`${e.reason} ${e.message}`)) return;
        events.push({ namespace: e.involvedObject.namespace ?? "", pod: e.involvedObject.name ?? "", reason: e.reason ?? "", message: e.message ?? "", lastSeen: new Date(e.lastTimestamp ?? e.eventTime ?? now()).toISOString() });
      });
    }
    const list = [...workloads.values()].sort((a, b) => `${a.namespace}/${a.kind}/${a.name}`.localeCompare(`${b.namespace}/${b.kind}/${b.name}`));
    return { ...base, status: gaps.length ? "partial" : "ok", gaps, skipped, nodes, workloads: list, events };
  } catch (e) {
    const err = classify(e, "collecting", source);
    return { ...base, status: "failed", error: { code: err.code, message: err.message }, gaps, skipped, nodes: [], workloads: [], events: [] };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p.finally(() => clearTimeout(t)), new Promise<T>((_, reject) => (t = setTimeout(() => reject(onTimeout()), ms)))]);
}
