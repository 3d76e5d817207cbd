// Server-side Table output (what `kubectl get` asks for): the columns a real API server prints.
import type { K8sObject } from "./store";
import type { ResourceInfo } from "./resources";

type Col = { name: string; type: string; format?: string; priority: number; description: string };
const col = (name: string, priority = 0, type = "string", format?: string): Col => ({ name, type, priority, description: name, ...(format ? { format } : {}) });

export function age(ts: string | undefined, now = Date.now()): string {
  if (!ts) return "<unknown>";
  const s = Math.max(0, Math.floor((now - Date.parse(ts)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function podRow(p: Any): unknown[] {
  const cs: Any[] = p.status?.containerStatuses ?? [];
  const ready = cs.filter((c) => c.ready).length;
  const waiting = cs.find((c) => c.state?.waiting)?.state.waiting.reason;
  const restarts = cs.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  return [p.metadata.name, `${ready}/${p.spec.containers.length}`, waiting ?? p.status?.phase ?? "Unknown", restarts, age(p.metadata.creationTimestamp), p.status?.podIP ?? "<none>", p.spec.nodeName ?? "<none>", "<none>", "<none>"];
}

function nodeRow(n: Any): unknown[] {
  const ready = (n.status?.conditions ?? []).some((c: Any) => c.type === "Ready" && c.status === "True");
  const status = `${ready ? "Ready" : "NotReady"}${n.spec?.unschedulable ? ",SchedulingDisabled" : ""}`;
  const ip = (n.status?.addresses ?? []).find((a: Any) => a.type === "InternalIP")?.address ?? "<none>";
  const info = n.status?.nodeInfo ?? {};
  return [n.metadata.name, status, "<none>", age(n.metadata.creationTimestamp), info.kubeletVersion ?? "", ip, "<none>", info.osImage ?? "", info.kernelVersion ?? "", info.containerRuntimeVersion ?? ""];
}

function deployRow(d: Any): unknown[] {
  const cs: Any[] = d.spec.template.spec.containers;
  const sel = Object.entries(d.spec.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(",");
  return [d.metadata.name, `${d.status?.readyReplicas ?? 0}/${d.spec.replicas ?? 0}`, d.status?.updatedReplicas ?? 0, d.status?.availableReplicas ?? 0, age(d.metadata.creationTimestamp), cs.map((c) => c.name).join(","), cs.map((c) => c.image).join(","), sel];
}

const TABLES: Record<string, { columns: Col[]; row: (o: Any) => unknown[] }> = {
  pods: { columns: [col("Name", 0, "string", "name"), col("Ready"), col("Status"), col("Restarts", 0, "integer"), col("Age"), col("IP", 1), col("Node", 1), col("Nominated Node", 1), col("Readiness Gates", 1)], row: podRow },
  nodes: { columns: [col("Name", 0, "string", "name"), col("Status"), col("Roles"), col("Age"), col("Version"), col("Internal-IP", 1), col("External-IP", 1), col("OS-Image", 1), col("Kernel-Version", 1), col("Container-Runtime", 1)], row: nodeRow },
  deployments: { columns: [col("Name", 0, "string", "name"), col("Ready"), col("Up-to-date", 0, "integer"), col("Available", 0, "integer"), col("Age"), col("Containers", 1), col("Images", 1), col("Selector", 1)], row: deployRow },
};

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && accept.includes("as=Table");
}

export function toTable(info: ResourceInfo, items: K8sObject[], meta: { resourceVersion: string; continue?: string }, includeObject: string | null) {
  const t = TABLES[info.name] ?? { columns: [col("Name", 0, "string", "name"), col("Age")], row: (o: Any) => [o.metadata.name, age(o.metadata.creationTimestamp)] };
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: meta,
    columnDefinitions: t.columns,
    rows: items.map((o) => ({
      cells: t.row(o as Any),
      object: includeObject === "None" ? undefined : includeObject === "Object" ? o : { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata },
    })),
  };
}
