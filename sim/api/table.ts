// Server-side Table output (what `kubectl get` asks for with `Accept: …;as=Table`): kubectl prints
// these columns; from a plain list it could only print NAME and AGE.
import type { K8sObject } from "./store";
import type { ResourceInfo } from "./resources";
import { age, daemonSetRow, deploymentRow, eventRow, nodeRow, podRow, replicaSetRow, statefulSetRow } from "./table-rows";

export { age } from "./table-rows";

type Col = { name: string; type: string; format: string; priority: number; description: string };
type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const col = (name: string, priority = 0, type = "string", format = ""): Col => ({ name, type, format, priority, description: name });
const NAME = col("Name", 0, "string", "name");

const TABLES: Record<string, { columns: Col[]; row: (o: Any) => unknown[] }> = {
  pods: { columns: [NAME, col("Ready"), col("Status"), col("Restarts", 0, "string"), col("Age"), col("IP", 1), col("Node", 1), col("Nominated Node", 1), col("Readiness Gates", 1)], row: podRow },
  nodes: { columns: [NAME, col("Status"), col("Roles"), col("Age"), col("Version"), col("Internal-IP", 1), col("External-IP", 1), col("OS-Image", 1), col("Kernel-Version", 1), col("Container-Runtime", 1)], row: nodeRow },
  deployments: { columns: [NAME, col("Ready"), col("Up-to-date", 0, "integer"), col("Available", 0, "integer"), col("Age"), col("Containers", 1), col("Images", 1), col("Selector", 1)], row: deploymentRow },
  replicasets: { columns: [NAME, col("Desired", 0, "integer"), col("Current", 0, "integer"), col("Ready", 0, "integer"), col("Age"), col("Containers", 1), col("Images", 1), col("Selector", 1)], row: replicaSetRow },
  statefulsets: { columns: [NAME, col("Ready"), col("Age"), col("Containers", 1), col("Images", 1)], row: statefulSetRow },
  daemonsets: {
    columns: [NAME, col("Desired", 0, "integer"), col("Current", 0, "integer"), col("Ready", 0, "integer"), col("Up-to-date", 0, "integer"), col("Available", 0, "integer"), col("Node Selector"), col("Age"), col("Containers", 1), col("Images", 1), col("Selector", 1)],
    row: daemonSetRow,
  },
  namespaces: { columns: [NAME, col("Status"), col("Age")], row: (n) => [n.metadata.name, n.status?.phase ?? "Active", age(n.metadata.creationTimestamp)] },
  events: { columns: [col("Last Seen"), col("Type"), col("Reason"), col("Object"), col("Message"), col("Source", 1), col("Count", 1, "integer"), col("First Seen", 1), col("Last Seen", 1), col("Name", 1, "string", "name")], row: eventRow },
  secrets: { columns: [NAME, col("Type"), col("Data", 0, "integer"), col("Age")], row: (s) => [s.metadata.name, s.type ?? "Opaque", Object.keys(s.data ?? {}).length, age(s.metadata.creationTimestamp)] },
  serviceaccounts: { columns: [NAME, col("Secrets", 0, "integer"), col("Age")], row: (s) => [s.metadata.name, (s.secrets ?? []).length, age(s.metadata.creationTimestamp)] },
  controllerrevisions: { columns: [NAME, col("Controller"), col("Revision", 0, "integer"), col("Age")], row: controllerRevisionRow },
};

function controllerRevisionRow(r: Any): unknown[] {
  const owner = (r.metadata.ownerReferences ?? []).find((o: Any) => o.controller);
  const controller = owner ? `${String(owner.kind).toLowerCase()}.${String(owner.apiVersion).split("/")[0]}/${owner.name}` : "<none>";
  return [r.metadata.name, controller, r.revision ?? 0, age(r.metadata.creationTimestamp)];
}

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /;\s*as=Table/.test(accept);
}

export function toTable(info: ResourceInfo, items: K8sObject[], meta: { resourceVersion: string; continue?: string; remainingItemCount?: number }, includeObject: string | undefined) {
  const t = TABLES[info.name] ?? { columns: [NAME, col("Age")], row: (o: Any) => [o.metadata.name, age(o.metadata.creationTimestamp)] };
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
