import { describe, expect, it } from "vitest";
import { imageFieldManagers } from "./image-managers";

const owns = (...names: string[]) => ({
  "f:spec": { "f:template": { "f:spec": { "f:containers": Object.fromEntries(names.map((n) => [`k:{"name":"${n}"}`, { ".": {}, "f:image": {}, "f:name": {} }])) } } },
});
const c = (...names: string[]) => names.map((name) => ({ name, isInit: false }));

describe("imageFieldManagers", () => {
  it("names the manager owning each container's image field, the newest when shared", () => {
    const fields = [
      { manager: "helm", operation: "Update", time: "2026-10-01T00:00:00Z", fieldsV1: owns("api", "sidecar") },
      { manager: "kube-controller-manager", operation: "Update", time: "2026-12-01T00:00:00Z", fieldsV1: { "f:metadata": { "f:annotations": {} } } },
      { manager: "kubectl-set", operation: "Update", time: "2026-11-20T10:00:00Z", fieldsV1: owns("api") },
      { manager: "kube-controller-manager", operation: "Update", subresource: "status", time: "2026-12-01T00:00:00Z", fieldsV1: { "f:status": {} } },
    ];
    expect(imageFieldManagers(fields, c("api", "sidecar", "other"))).toEqual({ api: "kubectl-set", sidecar: "helm" });
  });

  it("reads init containers under f:initContainers", () => {
    const fields = [{ manager: "argocd-controller", operation: "Apply", time: "2026-11-01T00:00:00Z", fieldsV1: { "f:spec": { "f:template": { "f:spec": { "f:initContainers": { 'k:{"name":"migrate"}': { "f:image": {} } } } } } } }];
    expect(imageFieldManagers(fields, [{ name: "migrate", isInit: true }, { name: "migrate2", isInit: false }])).toEqual({ migrate: "argocd-controller" });
  });

  it("falls back to the newest writer of the object when no entry carries field sets", () => {
    const fields = [
      { manager: "kubectl-create", operation: "Update", time: "2026-11-01T00:00:00Z", fieldsV1: {} },
      { manager: "kubectl-set", operation: "Update", time: "2026-11-02T00:00:00Z", fieldsV1: {} },
      { manager: "kubelet", operation: "Update", subresource: "status", time: "2026-11-03T00:00:00Z" },
    ];
    expect(imageFieldManagers(fields, c("api"))).toEqual({ api: "kubectl-set" });
  });

  it("knows nothing without managedFields", () => {
    expect([imageFieldManagers(undefined, c("api")), imageFieldManagers([{ manager: "" }, "junk"], c("api"))]).toEqual([{}, {}]);
  });
});
