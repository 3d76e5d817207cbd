import { describe, expect, it } from "vitest";
import { detectGitOps, gitPatchSnippets, revertedBy, trackingIdApp, type ManagedObject } from "./gitops";

const obj = (o: Partial<ManagedObject> = {}): ManagedObject => ({ group: "apps", kind: "Deployment", namespace: "shop", name: "cart", labels: {}, annotations: {}, managers: [], ...o });
const tools = (o: ManagedObject) => detectGitOps([o]).map((m) => `${m.tool}:${m.confidence}:${m.revertsLivePatch}`);

describe("detectGitOps", () => {
  it("an Argo CD tracking id counts only when it names the object itself", () => {
    expect(trackingIdApp("shop-prod:apps/Deployment:shop/cart", obj())).toBe("shop-prod");
    expect(trackingIdApp("shop-prod:apps/Deployment:shop/checkout", obj())).toBeNull();
    expect(trackingIdApp("shop-prod:/Service:shop/cart", obj())).toBeNull();
    expect(tools(obj({ annotations: { "argocd.argoproj.io/tracking-id": "shop-prod:apps/Deployment:other/cart" } }))).toEqual([]);
    const [m] = detectGitOps([obj({ annotations: { "argocd.argoproj.io/tracking-id": "shop-prod:apps/Deployment:shop/cart" } })]);
    expect(m).toMatchObject({ tool: "argocd", confidence: "strong", owner: "shop-prod", fieldManager: "argocd-controller", revertsLivePatch: true });
    expect(m!.whoReverts).toBe("Argo CD application shop-prod: with self-heal on it re-syncs about 5 s after a live change; without self-heal the pin stays until the next commit or a manual sync");
  });

  it("the argocd-controller field manager is evidence; app.kubernetes.io/instance only a weak hint", () => {
    expect(tools(obj({ managers: [{ manager: "argocd-controller", operation: "Update" }] }))).toEqual(["argocd:strong:true"]);
    expect(tools(obj({ labels: { "app.kubernetes.io/instance": "cart" } }))).toEqual(["argocd:weak:false"]);
    // Helm charts set the instance label too: with Helm's labels it is Helm's.
    expect(tools(obj({ labels: { "app.kubernetes.io/instance": "cart", "app.kubernetes.io/managed-by": "Helm" }, annotations: { "meta.helm.sh/release-name": "cart", "meta.helm.sh/release-namespace": "shop" } }))).toEqual(["helm:strong:false"]);
  });

  it("Flux Kustomization reverts every interval; a HelmRelease only with drift detection", () => {
    const ks = detectGitOps([obj({ labels: { "kustomize.toolkit.fluxcd.io/name": "apps", "kustomize.toolkit.fluxcd.io/namespace": "flux-system" } })]);
    expect(ks.map((m) => [m.tool, m.owner, m.revertsLivePatch, m.whoReverts])).toEqual([
      ["flux-kustomization", "flux-system/apps", true, "Flux Kustomization flux-system/apps: re-applies Git every interval (60 s at the least), reverting a live change"],
    ]);
    const hr = detectGitOps([obj({ labels: { "helm.toolkit.fluxcd.io/name": "cart", "helm.toolkit.fluxcd.io/namespace": "shop" }, managers: [{ manager: "helm-controller" }] })]);
    expect(hr.map((m) => [m.tool, m.owner, m.revertsLivePatch, m.evidence])).toEqual([
      ["flux-helmrelease", "shop/cart", false, ["label helm.toolkit.fluxcd.io/name=cart", "field manager helm-controller in managedFields"]],
    ]);
  });

  it("walks owners: evidence on an owning object counts, strong before weak", () => {
    const owner = obj({ kind: "Rollout", group: "argoproj.io", annotations: { "argocd.argoproj.io/tracking-id": "web:argoproj.io/Rollout:shop/cart" } });
    expect(detectGitOps([obj({ labels: { "app.kubernetes.io/instance": "x" } }), owner]).map((m) => `${m.tool}:${m.confidence}`)).toEqual(["argocd:strong"]);
    expect(tools(obj())).toEqual([]);
  });
});

describe("gitPatchSnippets", () => {
  it("a kustomize images entry and Helm values with image.digest", () => {
    const d = `sha256:${"a".repeat(64)}`;
    expect(gitPatchSnippets({ name: "127.0.0.1:5000/shop/cart", tag: "3.1.0", digest: d })).toEqual({
      kustomize: `images:\n  - name: 127.0.0.1:5000/shop/cart\n    newName: 127.0.0.1:5000/shop/cart\n    digest: ${d}\n`,
      helm: `image:\n  repository: 127.0.0.1:5000/shop/cart\n  tag: "3.1.0"\n  digest: ${d}\n`,
    });
  });
});

describe("revertedBy", () => {
  it("names the newest other manager that wrote after the pin", () => {
    const managers = [
      { manager: "kube-controller-manager", time: "2026-11-02T09:00:00Z" },
      { manager: "driftwatch", time: "2026-11-02T10:00:00Z" },
      { manager: "argocd-controller", time: "2026-11-02T10:00:05Z" },
    ];
    expect(revertedBy(managers, "2026-11-02T10:00:00.400Z")).toEqual({ manager: "argocd-controller", at: "2026-11-02T10:00:05Z" });
    expect(revertedBy(managers.slice(0, 2), "2026-11-02T10:00:00.400Z")).toBeNull();
  });
});
