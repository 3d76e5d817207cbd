// Who else manages a workload, and would they revert a live pin? A pin that will be reverted is
// worse than none, so this is decided before the plan. Pure: the object's metadata is the input.
//
// Argo CD: `argocd.argoproj.io/tracking-id: <app>:<group>/<kind>:<ns>/<name>` counts only when it
// names the object itself (a copied manifest carries someone else's id); field manager
// `argocd-controller`; `app.kubernetes.io/instance` is only a weak hint (many Helm charts set it).
// Flux: `kustomize.toolkit.fluxcd.io/name`+`/namespace`, `helm.toolkit.fluxcd.io/name`+`/namespace`;
// managers `kustomize-controller`, `helm-controller`. Helm: `app.kubernetes.io/managed-by: Helm`
// with `meta.helm.sh/release-name`/`release-namespace`.

export type ManagedObject = {
  /** API group of the object ("apps" for workloads). */
  group: string;
  kind: string;
  namespace: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  /** metadata.managedFields managers, as the API server lists them. */
  managers: readonly { manager: string; operation?: string; time?: string }[];
};

export type GitOpsTool = "argocd" | "flux-kustomization" | "flux-helmrelease" | "helm";

export type GitOpsManager = {
  tool: GitOpsTool;
  confidence: "strong" | "weak";
  /** Application / Kustomization / HelmRelease / release name, when known (ns/name for Flux and Helm). */
  owner: string | null;
  /** Why we think so, in words (label, annotation or field manager seen). */
  evidence: string[];
  /** The field manager a revert would show up under. */
  fieldManager: string;
  /** Who reverts a live patch, and when. */
  whoReverts: string;
  /** A live pin would be reverted promptly: refuse unless the operator overrides. */
  revertsLivePatch: boolean;
};

export const ARGO_MANAGERS = ["argocd-controller", "argocd-application-controller"];

const TRACKING_ID = /^([^:]+):([^/]*)\/([^:]+):([^/]*)\/(.+)$/;

/** The Argo CD application a tracking id names, when it names this very object. */
export function trackingIdApp(id: string, o: Pick<ManagedObject, "group" | "kind" | "namespace" | "name">): string | null {
  const m = TRACKING_ID.exec(id.trim());
  if (!m) return null;
  const [, app, group, kind, ns, name] = m;
  return group === o.group && kind === o.kind && (ns === o.namespace || ns === "") && name === o.name ? app! : null;
}

function argo(o: ManagedObject, managers: Set<string>): GitOpsManager | null {
  const evidence: string[] = [];
  let owner: string | null = null;
  const tracking = o.annotations["argocd.argoproj.io/tracking-id"];
  if (tracking) {
    owner = trackingIdApp(tracking, o);
    if (owner) evidence.push(`annotation argocd.argoproj.io/tracking-id names this ${o.kind} (application ${owner})`);
  }
  const legacy = o.labels["argocd.argoproj.io/instance"];
  if (legacy) {
    owner ??= legacy;
    evidence.push(`label argocd.argoproj.io/instance=${legacy}`);
  }
  const manager = ARGO_MANAGERS.find((m) => managers.has(m));
  if (manager) evidence.push(`field manager ${manager} in managedFields`);
  const who = (owner ? `Argo CD application ${owner}` : "Argo CD");
  const whoReverts = `${who}: with self-heal on it re-syncs about 5 s after a live change; without self-heal the pin stays until the next commit or a manual sync`;
  if (evidence.length > 0) return { tool: "argocd", confidence: "strong", owner, evidence, fieldManager: manager ?? "argocd-controller", whoReverts, revertsLivePatch: true };
  const instance = o.labels["app.kubernetes.io/instance"];
  if (instance && o.labels["app.kubernetes.io/managed-by"] !== "Helm") {
    return {
      tool: "argocd", confidence: "weak", owner: instance, fieldManager: "argocd-controller", revertsLivePatch: false,
      evidence: [`label app.kubernetes.io/instance=${instance} (only a hint: many Helm charts set it too)`],
      whoReverts: `possibly Argo CD application ${instance}: if it manages this ${o.kind} with self-heal, it re-syncs about 5 s after a live change`,
    };
  }
  return null;
}

function flux(o: ManagedObject, managers: Set<string>): GitOpsManager[] {
  const out: GitOpsManager[] = [];
  const ks = o.labels["kustomize.toolkit.fluxcd.io/name"];
  if (ks || managers.has("kustomize-controller")) {
    const owner = ks ? `${o.labels["kustomize.toolkit.fluxcd.io/namespace"] ?? "?"}/${ks}` : null;
    out.push({
      tool: "flux-kustomization", confidence: "strong", owner, fieldManager: "kustomize-controller", revertsLivePatch: true,
      evidence: [...(ks ? [`label kustomize.toolkit.fluxcd.io/name=${ks}`] : []), ...(managers.has("kustomize-controller") ? ["field manager kustomize-controller in managedFields"] : [])],
      whoReverts: `Flux Kustomization ${owner ?? "(unnamed)"}: re-applies Git every interval (60 s at the least), reverting a live change`,
    });
  }
  const hr = o.labels["helm.toolkit.fluxcd.io/name"];
  if (hr || managers.has("helm-controller")) {
    const owner = hr ? `${o.labels["helm.toolkit.fluxcd.io/namespace"] ?? "?"}/${hr}` : null;
    out.push({
      tool: "flux-helmrelease", confidence: "strong", owner, fieldManager: "helm-controller", revertsLivePatch: false,
      evidence: [...(hr ? [`label helm.toolkit.fluxcd.io/name=${hr}`] : []), ...(managers.has("helm-controller") ? ["field manager helm-controller in managedFields"] : [])],
      whoReverts: `Flux HelmRelease ${owner ?? "(unnamed)"}: reverts a live change only with drift detection enabled (off by default); the next chart upgrade overwrites it`,
    });
  }
  return out;
}

function helm(o: ManagedObject): GitOpsManager | null {
  if (o.labels["app.kubernetes.io/managed-by"] !== "Helm") return null;
  const release = o.annotations["meta.helm.sh/release-name"];
  const ns = o.annotations["meta.helm.sh/release-namespace"];
  const owner = release ? `${ns ?? o.namespace}/${release}` : null;
  return {
    tool: "helm", confidence: release ? "strong" : "weak", owner, fieldManager: "helm", revertsLivePatch: false,
    evidence: ["label app.kubernetes.io/managed-by=Helm", ...(release ? [`annotation meta.helm.sh/release-name=${release}`] : [])],
    whoReverts: `Helm release ${owner ?? "(unnamed)"}: nothing reverts a live change by itself, but the next helm upgrade overwrites it`,
  };
}

/**
 * Every manager detected on the workload or the objects that own it (walked by the caller,
 * workload first). Strong evidence first; each tool once.
 */
export function detectGitOps(objects: readonly ManagedObject[]): GitOpsManager[] {
  const found = new Map<GitOpsTool, GitOpsManager>();
  for (const o of objects) {
    const managers = new Set(o.managers.map((m) => m.manager));
    const candidates = [argo(o, managers), ...flux(o, managers), helm(o)].filter((m): m is GitOpsManager => m !== null);
    for (const m of candidates) {
      const seen = found.get(m.tool);
      if (!seen || (seen.confidence === "weak" && m.confidence === "strong")) found.set(m.tool, m);
    }
  }
  const rank = (m: GitOpsManager) => (m.confidence === "strong" ? 0 : 1) + (m.revertsLivePatch ? 0 : 2);
  return [...found.values()].sort((a, b) => rank(a) - rank(b));
}

/** The same change as Git patches: a kustomize `images:` entry and Helm values (`image.digest`). */
export function gitPatchSnippets(target: { name: string; tag?: string; digest: string }): { kustomize: string; helm: string } {
  const kustomize = ["images:", `  - name: ${target.name}`, `    newName: ${target.name}`, `    digest: ${target.digest}`, ""].join("\n");
  const helmValues = ["image:", `  repository: ${target.name}`, ...(target.tag ? [`  tag: "${target.tag}"`] : []), `  digest: ${target.digest}`, ""].join("\n");
  return { kustomize, helm: helmValues };
}

/**
 * A revert of a pin: the newest managedFields entry after the pin, other than Driftwatch's, is
 * who changed the image back (an Update by a GitOps controller, or anyone else).
 */
export function revertedBy(managers: ManagedObject["managers"], pinnedAt: string, self = "driftwatch"): { manager: string; at: string | null } | null {
  const after = managers
    .filter((m) => m.manager !== self && m.time !== undefined && Date.parse(m.time) >= Date.parse(pinnedAt) - 1000)
    .sort((a, b) => Date.parse(b.time!) - Date.parse(a.time!));
  const newest = after[0];
  return newest ? { manager: newest.manager, at: newest.time ?? null } : null;
}
