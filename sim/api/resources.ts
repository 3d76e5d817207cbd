// The API resources a simulated cluster serves, and their discovery documents.
export type ResourceInfo = { name: string; singular: string; kind: string; group: "" | "apps"; namespaced: boolean; shortNames?: string[] };

export const RESOURCES: ResourceInfo[] = [
  { name: "namespaces", singular: "namespace", kind: "Namespace", group: "", namespaced: false, shortNames: ["ns"] },
  { name: "nodes", singular: "node", kind: "Node", group: "", namespaced: false, shortNames: ["no"] },
  { name: "pods", singular: "pod", kind: "Pod", group: "", namespaced: true, shortNames: ["po"] },
  { name: "events", singular: "event", kind: "Event", group: "", namespaced: true, shortNames: ["ev"] },
  { name: "secrets", singular: "secret", kind: "Secret", group: "", namespaced: true },
  { name: "serviceaccounts", singular: "serviceaccount", kind: "ServiceAccount", group: "", namespaced: true, shortNames: ["sa"] },
  { name: "deployments", singular: "deployment", kind: "Deployment", group: "apps", namespaced: true, shortNames: ["deploy"] },
  { name: "replicasets", singular: "replicaset", kind: "ReplicaSet", group: "apps", namespaced: true, shortNames: ["rs"] },
  { name: "statefulsets", singular: "statefulset", kind: "StatefulSet", group: "apps", namespaced: true, shortNames: ["sts"] },
  { name: "daemonsets", singular: "daemonset", kind: "DaemonSet", group: "apps", namespaced: true, shortNames: ["ds"] },
  { name: "controllerrevisions", singular: "controllerrevision", kind: "ControllerRevision", group: "apps", namespaced: true },
];

export const PATCHABLE = new Set(["deployments", "statefulsets", "daemonsets", "nodes", "pods"]);

const verbs = (r: ResourceInfo) => (PATCHABLE.has(r.name) ? ["get", "list", "watch", "patch", "update"] : ["get", "list", "watch"]);

export function resourceList(group: "" | "apps") {
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group ? `${group}/v1` : "v1",
    resources: RESOURCES.filter((r) => r.group === group).map((r) => ({
      name: r.name, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: verbs(r), ...(r.shortNames ? { shortNames: r.shortNames } : {}),
    })),
  };
}

export const API_VERSIONS = { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }] };
export const API_GROUPS = {
  kind: "APIGroupList",
  apiVersion: "v1",
  groups: [{ name: "apps", versions: [{ groupVersion: "apps/v1", version: "v1" }], preferredVersion: { groupVersion: "apps/v1", version: "v1" } }],
};
export const VERSION = { major: "1", minor: "30", gitVersion: "v1.30.4-driftwatch-sim", gitCommit: "0000000", gitTreeState: "clean", buildDate: "2026-01-01T00:00:00Z", goVersion: "go1.22", compiler: "gc", platform: "linux/amd64" };

export function groupOf(resource: string): string {
  return RESOURCES.find((r) => r.name === resource)?.group ?? "";
}
