// Clusters come from kubeconfig contexts (or the in-cluster service account). A broken
// kubeconfig or context is an error value for that source; the others still load.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";

export type ClusterSource = { name: string; environment: string | null; server: string; kubeConfig: KubeConfig };
export type SourceError = { source: string; message: string };

export type LoadOptions = {
  /** A kubeconfig path; else KUBECONFIG (colon-separated), else ~/.kube/config. */
  kubeconfigPath?: string;
  /** Contexts to use; empty = all. */
  contexts?: string[];
  /** context → environment (e.g. prod, staging) for cross-cluster comparison. */
  environments?: Record<string, string>;
  inCluster?: boolean;
};

function kubeconfigPaths(opts: LoadOptions): string[] {
  if (opts.kubeconfigPath) return [opts.kubeconfigPath];
  if (process.env.KUBECONFIG) return process.env.KUBECONFIG.split(path.delimiter).filter(Boolean);
  return [path.join(homedir(), ".kube", "config")];
}

export function loadClusterSources(opts: LoadOptions = {}): { clusters: ClusterSource[]; errors: SourceError[] } {
  const errors: SourceError[] = [];
  const clusters: ClusterSource[] = [];
  const env = (ctx: string) => opts.environments?.[ctx] ?? null;
  if (opts.inCluster) {
    const kc = new KubeConfig();
    try {
      kc.loadFromCluster();
      clusters.push({ name: "in-cluster", environment: env("in-cluster"), server: kc.getCurrentCluster()?.server ?? "", kubeConfig: kc });
    } catch (e) {
      errors.push({ source: "in-cluster", message: `cannot use the in-cluster service account: ${e instanceof Error ? e.message : String(e)}` });
    }
    return { clusters, errors };
  }
  for (const file of kubeconfigPaths(opts)) {
    if (!existsSync(file)) {
      errors.push({ source: file, message: `kubeconfig ${file} does not exist` });
      continue;
    }
    const base = new KubeConfig();
    try {
      base.loadFromFile(file);
    } catch (e) {
      errors.push({ source: file, message: `kubeconfig ${file} cannot be read: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}` });
      continue;
    }
    const wanted = opts.contexts?.length ? opts.contexts : base.getContexts().map((c) => c.name);
    for (const name of wanted) {
      const ctx = base.getContextObject(name);
      if (!ctx) {
        if (opts.contexts?.length) errors.push({ source: name, message: `context "${name}" is not in kubeconfig ${file} (it has: ${base.getContexts().map((c) => c.name).join(", ") || "none"})` });
        continue;
      }
      const cluster = base.getCluster(ctx.cluster);
      if (!cluster) {
        errors.push({ source: name, message: `context "${name}" in ${file} names cluster "${ctx.cluster}", which is not defined` });
        continue;
      }
      if (ctx.user && !base.getUser(ctx.user)) {
        errors.push({ source: name, message: `context "${name}" in ${file} names user "${ctx.user}", which is not defined` });
        continue;
      }
      const kc = new KubeConfig();
      kc.loadFromOptions({ clusters: base.clusters, users: base.users, contexts: base.contexts, currentContext: name });
      clusters.push({ name, environment: env(name), server: cluster.server, kubeConfig: kc });
    }
  }
  return { clusters, errors };
}
