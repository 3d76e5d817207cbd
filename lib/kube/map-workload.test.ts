import { describe, expect, it } from "vitest";
import { D1, daemonSet, deployment } from "./fixtures";
import { allowedArchitectures, detectManagedBy, effectivePullPolicy, mapWorkload } from "./map-workload";
import { podSpecSchema, workloadSchema } from "./schemas";

describe("effectivePullPolicy (Kubernetes defaults)", () => {
  it.each([
    ["nginx", undefined, "Always"],
    ["nginx:latest", undefined, "Always"],
    ["nginx:latest@" + D1, undefined, "Always"],
    ["nginx@" + D1, undefined, "IfNotPresent"],
    ["nginx:1.27", undefined, "IfNotPresent"],
    ["127.0.0.1:5000/team/api", undefined, "Always"],
    ["127.0.0.1:5000/team/api:1.8", null, "IfNotPresent"],
    ["nginx:latest", "IfNotPresent", "IfNotPresent"],
    ["nginx:1.27", "Always", "Always"],
    ["nginx:1.27", "Never", "Never"],
    ["Not A Valid Ref", undefined, "IfNotPresent"],
  ])("%s with %s → %s", (image, policy, expected) => {
    expect(effectivePullPolicy(image, policy)).toBe(expected);
  });
});

describe("mapWorkload", () => {
  it("maps containers and init containers with parsed references and effective policies", () => {
    const raw = deployment("api", {
      image: "registry.example.com/shop/api:1.8",
      spec: { initContainers: [{ name: "migrate", image: "Bad Image!", imagePullPolicy: "Always" }], imagePullSecrets: [{ name: "regcred" }, {}], nodeSelector: { pool: "general" } },
    });
    const w = mapWorkload("Deployment", workloadSchema.parse(raw));
    expect(w).toMatchObject({ kind: "Deployment", namespace: "shop", name: "api", uid: "uid-api", replicas: 2, imagePullSecrets: ["regcred"], nodeSelector: { pool: "general" }, managedBy: null });
    expect(w.containers).toEqual([
      { name: "migrate", isInit: true, image: "Bad Image!", reference: null, referenceError: expect.stringContaining("whitespace"), pullPolicy: "Always" },
      { name: "app", isInit: false, image: "registry.example.com/shop/api:1.8", reference: { registry: "registry.example.com", repository: "shop/api", tag: "1.8" }, pullPolicy: "IfNotPresent" },
    ]);
  });

  it("takes DaemonSet replicas from status.desiredNumberScheduled and defaults Deployments to 1", () => {
    expect(mapWorkload("DaemonSet", workloadSchema.parse(daemonSet("node-exporter", { desired: 6 }))).replicas).toBe(6);
    const d = deployment("api") as { spec: Record<string, unknown> };
    delete d.spec.replicas;
    expect(mapWorkload("Deployment", workloadSchema.parse(d)).replicas).toBe(1);
  });

  it("rejects a template without containers (the object is skipped, not mapped)", () => {
    const d = deployment("api", { spec: { containers: [] } });
    expect(workloadSchema.safeParse(d).success).toBe(false);
  });
});

describe("allowedArchitectures", () => {
  const nodes = ["amd64", "arm64", "s390x"];
  const spec = (extra: Record<string, unknown>) => podSpecSchema.parse({ containers: [{ name: "c", image: "x:1" }], ...extra });
  const affinity = (...terms: { key: string; operator: string; values?: string[] }[][]) => ({
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms.map((t) => ({ matchExpressions: t })) } } },
  });

  it.each([
    ["no constraint", {}, null],
    ["nodeSelector", { nodeSelector: { "kubernetes.io/arch": "arm64" } }, ["arm64"]],
    ["affinity In", affinity([{ key: "kubernetes.io/arch", operator: "In", values: ["arm64", "amd64"] }]), ["amd64", "arm64"]],
    ["affinity NotIn → complement of observed nodes", affinity([{ key: "kubernetes.io/arch", operator: "NotIn", values: ["arm64"] }]), ["amd64", "s390x"]],
    ["In and NotIn in one term (AND)", affinity([{ key: "kubernetes.io/arch", operator: "In", values: ["arm64", "amd64"] }, { key: "kubernetes.io/arch", operator: "NotIn", values: ["amd64"] }]), ["arm64"]],
    ["two terms (OR)", affinity([{ key: "kubernetes.io/arch", operator: "In", values: ["amd64"] }], [{ key: "kubernetes.io/arch", operator: "In", values: ["s390x"] }]), ["amd64", "s390x"]],
    ["a term without arch leaves it open", affinity([{ key: "kubernetes.io/arch", operator: "In", values: ["amd64"] }], [{ key: "zone", operator: "In", values: ["a"] }]), null],
    ["other keys only", affinity([{ key: "node.kubernetes.io/instance-type", operator: "In", values: ["m7g.large"] }]), null],
    ["nodeSelector ∩ affinity", { nodeSelector: { "kubernetes.io/arch": "amd64" }, ...affinity([{ key: "kubernetes.io/arch", operator: "In", values: ["amd64", "arm64"] }]) }, ["amd64"]],
    ["contradiction", { nodeSelector: { "kubernetes.io/arch": "amd64" }, ...affinity([{ key: "kubernetes.io/arch", operator: "In", values: ["arm64"] }]) }, []],
  ])("%s", (_, extra, expected) => {
    expect(allowedArchitectures(spec(extra), nodes)).toEqual(expected);
  });
});

describe("detectManagedBy", () => {
  it.each([
    ["Argo CD instance label", { labels: { "argocd.argoproj.io/instance": "shop" } }, "argocd"],
    ["Argo CD tracking annotation", { annotations: { "argocd.argoproj.io/tracking-id": "shop:apps/Deployment:shop/api" } }, "argocd"],
    ["Argo CD manager", { managedFields: [{ manager: "kubectl-client-side-apply" }, { manager: "argocd-controller" }] }, "argocd"],
    ["Argo CD application controller", { managedFields: [{ manager: "argocd-application-controller" }] }, "argocd"],
    ["Flux kustomize label", { labels: { "kustomize.toolkit.fluxcd.io/name": "apps", "kustomize.toolkit.fluxcd.io/namespace": "flux-system" } }, "flux"],
    ["Flux helm label", { labels: { "helm.toolkit.fluxcd.io/name": "api" } }, "flux"],
    ["Flux manager", { managedFields: [{ manager: "helm-controller" }] }, "flux"],
    ["kubectl only", { labels: { app: "api" }, managedFields: [{ manager: "kubectl-edit" }, { manager: "kube-controller-manager" }] }, null],
    ["Argo CD server (UI edit), not its controller", { managedFields: [{ manager: "argocd-server" }] }, null],
    ["nothing", {}, null],
  ])("%s", (_, meta, expected) => {
    expect(detectManagedBy(meta)).toBe(expected);
  });

  it("is carried onto the workload", () => {
    const raw = deployment("cart", { labels: { "argocd.argoproj.io/instance": "shop" } });
    expect(mapWorkload("Deployment", workloadSchema.parse(raw)).managedBy).toBe("argocd");
  });
});
