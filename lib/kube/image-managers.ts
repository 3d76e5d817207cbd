// Who set each container's image: the field manager that owns `spec.template.spec.containers[name].image`
// in `metadata.managedFields` (e.g. argocd-controller, kubectl-set, helm, kustomize-controller).
// Several managers can share a field (server-side apply); the one with the newest `time` wins.
// A server that records managers without field sets (fieldsV1 empty everywhere) only says who wrote
// the object last: that newest non-status Update is the best answer it gives.

type Entry = { manager?: unknown; operation?: unknown; time?: unknown; subresource?: unknown; fieldsV1?: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function ownsImage(fields: unknown, container: string, isInit: boolean): boolean {
  const spec = isObject(fields) ? fields["f:spec"] : undefined;
  const template = isObject(spec) ? spec["f:template"] : undefined;
  const podSpec = isObject(template) ? template["f:spec"] : undefined;
  const list = isObject(podSpec) ? podSpec[isInit ? "f:initContainers" : "f:containers"] : undefined;
  const item = isObject(list) ? list[`k:${JSON.stringify({ name: container })}`] : undefined;
  return isObject(item) && "f:image" in item;
}

const timeOf = (e: Entry) => (typeof e.time === "string" ? Date.parse(e.time) || 0 : e.time instanceof Date ? e.time.getTime() : 0);

/** container name → the field manager that set its image, for containers where that is known. */
export function imageFieldManagers(managedFields: unknown, containers: { name: string; isInit: boolean }[]): Record<string, string> {
  const entries = (Array.isArray(managedFields) ? managedFields : []).filter(
    (e): e is Entry & { manager: string } => isObject(e) && typeof e.manager === "string" && e.manager !== "",
  );
  const newestFirst = [...entries].sort((a, b) => timeOf(b) - timeOf(a));
  const hasFieldSets = entries.some((e) => isObject(e.fieldsV1) && Object.keys(e.fieldsV1).length > 0);
  const out: Record<string, string> = {};
  for (const c of containers) {
    const owner = hasFieldSets
      ? newestFirst.find((e) => ownsImage(e.fieldsV1, c.name, c.isInit))
      : newestFirst.find((e) => !e.subresource && (e.operation === undefined || e.operation === "Update" || e.operation === "Apply"));
    if (owner) out[c.name] = owner.manager;
  }
  return out;
}
