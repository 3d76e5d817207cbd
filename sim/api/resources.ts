// The API resources a simulated cluster serves, and their (legacy, non-aggregated) discovery
// documents. kubectl asks for aggregated discovery first and accepts these forms.
export type ResourceInfo = { name: string; singular: string; kind: string; group: "" | "apps"; namespaced: boolean; shortNames?: string[]; categories?: string[] };

export const RESOURCES: ResourceInfo[] = [
  { name: "namespaces", singular: "namespace", kind: "Namespace", group: "", namespaced: false, shortNames: ["ns"] },
  { name: "nodes", singular: "node", kind: "Node", group: "", namespaced: false, shortNames: ["no"] },
  { name: "pods", singular: "pod", kind: "Pod", group: "", namespaced: true, shortNames: ["po"], categories: ["all"] },
  { name: "events", singular: "event", kind: "Event", group: "", namespaced: true, shortNames: ["ev"] },
  { name: "secrets", singular: "secret", kind: "Secret", group: "", namespaced: true },
  { name: "serviceaccounts", singular: "serviceaccount", kind: "ServiceAccount", group: "", namespaced: true, shortNames: ["sa"] },
  { name: "deployments", singular: "deployment", kind: "Deployment", group: "apps", namespaced: true, shortNames: ["deploy"], categories: ["all"] },
  { name: "replicasets", singular: "replicaset", kind: "ReplicaSet", group: "apps", namespaced: true, shortNames: ["rs"], categories: ["all"] },
  { name: "statefulsets", singular: "statefulset", kind: "StatefulSet", group: "apps", namespaced: true, shortNames: ["sts"], categories: ["all"] },
  { name: "daemonsets", singular: "daemonset", kind: "DaemonSet", group: "apps", namespaced: true, shortNames: ["ds"], categories: ["all"] },
  { name: "controllerrevisions", singular: "controllerrevision", kind: "ControllerRevision", group: "apps", namespaced: true },
];

/** Resources that accept PATCH and PUT. */
export const PATCHABLE = new Set(["deployments", "statefulsets", "daemonsets", "nodes", "pods"]);
/** Resources whose `status` only the status subresource changes (PATCH/PUT keep it). */
export const HAS_STATUS = new Set(["deployments", "statefulsets", "daemonsets", "replicasets", "nodes", "pods", "namespaces"]);
export const DELETABLE = new Set(["pods"]);

const verbs = (r: ResourceInfo) => ["get", "list", "watch", ...(PATCHABLE.has(r.name) ? ["patch", "update"] : []), ...(DELETABLE.has(r.name) ? ["delete"] : [])];

export const apiVersionOf = (info: ResourceInfo) => (info.group ? `${info.group}/v1` : "v1");
/** `deployments.apps`, `pods`: how Kubernetes names a resource in messages. */
export const qualifiedName = (info: ResourceInfo) => (info.group ? `${info.name}.${info.group}` : info.name);

export function resourceList(group: "" | "apps") {
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group ? `${group}/v1` : "v1",
    resources: RESOURCES.filter((r) => r.group === group).map((r) => ({
      name: r.name, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: verbs(r),
      ...(r.shortNames ? { shortNames: r.shortNames } : {}), ...(r.categories ? { categories: r.categories } : {}),
    })),
  };
}

const APPS_GROUP = { name: "apps", versions: [{ groupVersion: "apps/v1", version: "v1" }], preferredVersion: { groupVersion: "apps/v1", version: "v1" } };
export const API_GROUP_APPS = { kind: "APIGroup", apiVersion: "v1", ...APPS_GROUP };
export const API_VERSIONS = { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1:6443" }] };
export const API_GROUPS = { kind: "APIGroupList", apiVersion: "v1", groups: [APPS_GROUP] };
export const VERSION = { major: "1", minor: "31", gitVersion: "v1.31.4-driftwatch-sim", gitCommit: "0000000000000000000000000000000000000000", gitTreeState: "clean", buildDate: "2026-01-01T00:00:00Z", goVersion: "go1.22.10", compiler: "gc", platform: "linux/amd64" };

export function groupOf(resource: string): string {
  return RESOURCES.find((r) => r.name === resource)?.group ?? "";
}
