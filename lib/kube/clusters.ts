// Clusters come from kubeconfig contexts (or the in-cluster service account). Several files
// (KUBECONFIG=a:b) merge as kubectl merges them: the first definition of a name wins. A broken
// file or context is an error value for that source; the others still load.
//
// Environment of a context (used to compare clusters of the same environment):
//   1. `environments[context]` from the caller (Driftwatch's configuration), else
//   2. a context extension named "driftwatch" with a string `environment`:
//        contexts:
//        - name: prod-eu
//          context: { cluster: prod-eu, user: admin, extensions: [{ name: driftwatch, extension: { environment: prod } }] }
//   3. else null (the cluster is compared with no other).
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { KubeConfig, type Cluster, type Context, type User } from "@kubernetes/client-node";
import { parse as parseYaml } from "yaml";

export type ClusterSource = { name: string; environment: string | null; server: string; kubeConfig: KubeConfig };
export type SourceError = { source: string; message: string };

export type LoadOptions = {
  /** A kubeconfig path; else KUBECONFIG (colon-separated), else ~/.kube/config. */
  kubeconfigPath?: string;
  /** Contexts to use: "all" (the default; an empty list means the same) or the names wanted. */
  contexts?: string[] | "all";
  /** context → environment (e.g. prod, staging); wins over the context's extension. */
  environments?: Record<string, string>;
  /** Use the pod's service account instead of a kubeconfig (context name "in-cluster"). */
  inCluster?: boolean;
};

export const ENVIRONMENT_EXTENSION = "driftwatch";

type RawEntry = { name?: unknown; cluster?: unknown; context?: unknown; user?: unknown };
type Merged = {
  clusters: Map<string, Cluster>;
  users: Map<string, User>;
  contexts: Map<string, { ctx: Context; file: string; environment: string | null }>;
  /** Entries present in a file but unusable, with why (e.g. a cluster without server). */
  invalid: Map<string, string>;
};

function kubeconfigPaths(opts: LoadOptions): string[] {
  if (opts.kubeconfigPath) return [opts.kubeconfigPath];
  if (process.env.KUBECONFIG) return process.env.KUBECONFIG.split(path.delimiter).filter(Boolean);
  return [path.join(homedir(), ".kube", "config")];
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
const entries = (v: unknown): RawEntry[] => (Array.isArray(v) ? v.filter((x): x is RawEntry => !!x && typeof x === "object") : []);

function environmentExtension(entry: RawEntry): string | null {
  const exts = (entry.context as { extensions?: unknown } | undefined)?.extensions;
  for (const x of entries(exts) as { name?: unknown; extension?: { environment?: unknown } }[]) {
    if (x.name === ENVIRONMENT_EXTENSION && typeof x.extension?.environment === "string" && x.extension.environment) return x.extension.environment;
  }
  return null;
}

/**
 * A YAML error by kind and position only: the parser's messages can quote the input (an alias
 * name, the offending line), and a kubeconfig holds tokens and keys.
 */
function yamlProblem(e: unknown): string {
  const err = e as { code?: string; linePos?: { line: number; col: number }[]; name?: string };
  const pos = err.linePos?.[0];
  if (err.code) return `invalid YAML (${err.code}${pos ? ` at line ${pos.line}, column ${pos.col}` : ""})`;
  if (err.name === "ReferenceError") return "invalid YAML (an alias refers to no anchor)";
  return "invalid YAML";
}

/** Reads one file into `merged`; returns an error value when the file as a whole is unusable. */
function mergeFile(file: string, merged: Merged): SourceError | null {
  if (!existsSync(file)) return { source: file, message: `kubeconfig ${file} does not exist` };
  let text: string;
  let raw: unknown;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return { source: file, message: `kubeconfig ${file} cannot be read: ${message(e)}` };
  }
  try {
    // "error": no YAML warnings on stderr (they print the offending line, token and all).
    raw = parseYaml(text, { logLevel: "error" });
  } catch (e) {
    return { source: file, message: `kubeconfig ${file} cannot be read: ${yamlProblem(e)}` };
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { source: file, message: `kubeconfig ${file} is not a kubeconfig: expected a mapping with clusters, users and contexts` };
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text, { onInvalidEntry: "filter" });
    kc.makePathsAbsolute(path.dirname(file));
  } catch (e) {
    const mark = (e as { mark?: { line?: number; column?: number } }).mark;
    const where = mark?.line !== undefined ? ` at line ${mark.line + 1}, column ${(mark.column ?? 0) + 1}` : "";
    return { source: file, message: `kubeconfig ${file} cannot be read: ${(e as { name?: string }).name === "YAMLException" ? `invalid YAML${where}` : message(e)}` };
  }
  const r = raw as { clusters?: unknown; users?: unknown; contexts?: unknown };
  for (const c of kc.clusters) if (!merged.clusters.has(c.name)) merged.clusters.set(c.name, c);
  for (const u of kc.users) if (!merged.users.has(u.name)) merged.users.set(u.name, u);
  for (const e of entries(r.clusters)) {
    const name = String(e.name ?? "");
    if (name && !kc.clusters.some((c) => c.name === name)) merged.invalid.set(`cluster/${name}`, `has no server URL (clusters[].cluster.server) in ${file}`);
  }
  for (const e of entries(r.contexts)) {
    const name = typeof e.name === "string" ? e.name : "";
    const ctx = kc.contexts.find((c) => c.name === name);
    if (!name || merged.contexts.has(name)) continue;
    if (!ctx) merged.invalid.set(`context/${name}`, `context "${name}" in ${file} names no cluster (contexts[].context.cluster)`);
    else merged.contexts.set(name, { ctx, file, environment: environmentExtension(e) });
  }
  return null;
}

function sourceFor(name: string, merged: Merged, opts: LoadOptions): ClusterSource | SourceError {
  const entry = merged.contexts.get(name);
  if (!entry) {
    const why = merged.invalid.get(`context/${name}`);
    if (why) return { source: name, message: why };
    const known = [...merged.contexts.keys()].join(", ") || "none";
    return { source: name, message: `context "${name}" is not in the kubeconfig (it has: ${known})` };
  }
  const { ctx, file } = entry;
  const cluster = merged.clusters.get(ctx.cluster);
  if (!cluster) {
    const why = merged.invalid.get(`cluster/${ctx.cluster}`);
    return { source: name, message: `context "${name}" in ${file} names cluster "${ctx.cluster}", which ${why ?? "is not defined"}` };
  }
  const user = ctx.user ? merged.users.get(ctx.user) : undefined;
  if (ctx.user && !user) return { source: name, message: `context "${name}" in ${file} names user "${ctx.user}", which is not defined` };
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({ clusters: [cluster], users: user ? [user] : [], contexts: [ctx], currentContext: name });
  return { name, environment: opts.environments?.[name] ?? entry.environment, server: cluster.server, kubeConfig };
}

const SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

function loadInCluster(opts: LoadOptions): { clusters: ClusterSource[]; errors: SourceError[] } {
  const fail = (why: string) => ({ clusters: [], errors: [{ source: "in-cluster", message: `cannot use the in-cluster service account: ${why}` }] });
  // The client does not check these itself and would build "https://undefined:undefined".
  if (!process.env.KUBERNETES_SERVICE_HOST || !process.env.KUBERNETES_SERVICE_PORT) return fail("KUBERNETES_SERVICE_HOST/PORT are not set (not running in a pod)");
  if (!existsSync(path.join(SERVICE_ACCOUNT, "token"))) return fail(`${SERVICE_ACCOUNT}/token does not exist (automountServiceAccountToken is off?)`);
  const kc = new KubeConfig();
  try {
    kc.loadFromCluster();
  } catch (e) {
    return fail(message(e));
  }
  const server = kc.getCurrentCluster()?.server ?? "";
  return { clusters: [{ name: "in-cluster", environment: opts.environments?.["in-cluster"] ?? null, server, kubeConfig: kc }], errors: [] };
}

export function loadClusterSources(opts: LoadOptions = {}): { clusters: ClusterSource[]; errors: SourceError[] } {
  if (opts.inCluster) return loadInCluster(opts);
  const errors: SourceError[] = [];
  const clusters: ClusterSource[] = [];
  const merged: Merged = { clusters: new Map(), users: new Map(), contexts: new Map(), invalid: new Map() };
  const files = kubeconfigPaths(opts);
  for (const file of files) {
    const err = mergeFile(file, merged);
    if (err) errors.push(err);
  }
  const invalidContexts = [...merged.invalid.keys()].filter((k) => k.startsWith("context/")).map((k) => k.slice("context/".length));
  const named = opts.contexts === "all" ? [] : (opts.contexts ?? []);
  const wanted = [...new Set(named.length ? named : [...merged.contexts.keys(), ...invalidContexts])];
  if (!wanted.length && !errors.length) errors.push({ source: files.join(path.delimiter), message: `kubeconfig ${files.join(path.delimiter)} defines no contexts` });
  for (const name of wanted) {
    const r = sourceFor(name, merged, opts);
    if ("kubeConfig" in r) clusters.push(r);
    else errors.push(r);
  }
  return { clusters, errors };
}
