// The simulated fleet: a registry, one HTTPS Kubernetes API server per cluster, a kubelet and
// controllers per cluster, and a control endpoint. Used by `npm run sim`, by `npm start` in
// demo mode and by the integration and end-to-end tests.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startClusterApiServer, type ApiServer, type RequestCounts } from "./api/server";
import { generateClusterTls } from "./api/tls";
import { kubeconfigFor } from "./api/kubeconfig";
import { loadFleetFile, parseBuildImage, parseFleet, type Fleet, type FleetFile } from "./world/fleet";
import { RegistryModel } from "./world/registry";
import { startRegistryServer } from "./world/registry-server";
import { ClusterWorld } from "./world/world";
import { startControlServer } from "./world/control";

export type { FleetFile } from "./world/fleet";
export const DEMO_FLEET = fileURLToPath(new URL("./fleets/demo.yaml", import.meta.url));

export type SimControl = {
  state(): unknown;
  setTag(repository: string, tag: string, build: string): { digest: string };
  deleteTag(repository: string, tag: string): { deleted: boolean };
  deleteDigest(repository: string, digest: string): { deleted: boolean };
  addBuild(name: string, platforms: string[]): { ok: true };
  /** The POST /registry/faults body (validated by the registry server), or undefined to clear. */
  setRegistryFault(f: unknown): Promise<{ ok: true }>;
  restart(cluster: string, ns: string, kind: string, name: string): { ok: true };
  reschedule(cluster: string, ns: string, kind: string, name: string): { ok: true };
  addNode(cluster: string, node: { name: string; arch: "amd64" | "arm64" | "arm"; runtime?: "containerd" | "cri-o" | "docker" }): { ok: true };
  cordon(cluster: string, node: string): { ok: true };
  setDown(cluster: string, down: boolean): { ok: true };
  /** PATCH/PUT requests the cluster's API server accepted since start. */
  requestCounts(cluster: string): RequestCounts;
  /** Self-heal of a managed workload: revert changes after N seconds; null turns it off. */
  setSelfHeal(cluster: string, ns: string, kind: string, name: string, afterSeconds: number | null, manager?: string): { manager: string; afterSeconds: number | null; reverts: number };
};

export type SimFleetHandle = {
  kubeconfigPath: string;
  kubeconfig: string;
  controlUrl: string;
  /** The registry as image references name it (registryName when given). */
  registryHost: string;
  /** Where the registry listens (127.0.0.1:port); differs from registryHost when registryName is set. */
  registryAddress: string;
  clusters: { name: string; context: string; environment: string; server: string }[];
  control: SimControl;
  worlds: Map<string, ClusterWorld>;
  stop(): Promise<void>;
};

/**
 * `registryName`: name the registry by this host in every image reference instead of its address,
 * so references stay the same whatever port it gets (clients map the name to registryAddress).
 */
export async function startSimFleet(opts: { fleet?: FleetFile | string; outDir?: string; log?: (msg: string) => void; tickMs?: number; registryPort?: number; registryName?: string } = {}): Promise<SimFleetHandle> {
  const fleet: Fleet = typeof opts.fleet === "object" ? parseFleet(opts.fleet) : loadFleetFile(opts.fleet ?? DEMO_FLEET);
  const model = new RegistryModel();
  for (const [name, b] of Object.entries(fleet.registry.builds)) model.addBuild({ name, platforms: b.platforms, format: b.format, index: b.index });
  const registry = await startRegistryServer(model, { port: opts.registryPort });
  const host = opts.registryName ?? registry.host;
  model.credentials = fleet.registry.pullCredentials;
  for (const [repo, r] of Object.entries(fleet.registry.repositories)) {
    if (r.private) model.privateRepos.add(repo);
    for (const b of r.history) model.push(repo, b);
    for (const [tag, b] of Object.entries(r.tags)) model.setTag(repo, tag, b);
  }
  const expand = (image: string) => {
    // `repo[:tag]@build:NAME`: the build is pushed to `repo` and pinned by digest (the tag kept, as a kubelet ignores it).
    const sugar = parseBuildImage(image);
    if (sugar) return `${host}/${sugar.repository}${sugar.tag ? `:${sugar.tag}` : ""}@${model.digestOfBuild(sugar.repository, sugar.build)}`;
    const first = image.split("/")[0]!;
    return image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") ? image : `${host}/${image}`;
  };
  const worlds = new Map<string, ClusterWorld>();
  const servers = new Map<string, ApiServer>();
  const entries = [];
  for (const c of fleet.clusters) {
    // A fault with `pulls: false` is Driftwatch's alone (its rate limit, its credentials): the nodes pull as usual.
    const pullFault = () => {
      const f = registry.currentFault();
      return f?.pulls === false ? undefined : f;
    };
    const world = new ClusterWorld(c, model, host, pullFault, expand);
    world.init();
    const token = randomBytes(18).toString("hex");
    const tls = await generateClusterTls(c.name);
    const server = await startClusterApiServer({ name: c.name, store: world.store, token, forbidden: c.forbidden, tls });
    if (c.down) server.setDown(true);
    worlds.set(c.name, world);
    servers.set(c.name, server);
    entries.push({ name: c.name, url: server.url, caCert: tls.caCert, token: c.clientToken ?? token, environment: c.environment });
  }
  const world = (name: string) => {
    const w = worlds.get(name);
    if (!w) throw new Error(`unknown cluster "${name}"`);
    return w;
  };
  const control: SimControl = {
    state: () => ({ registry: host, fault: registry.currentFault() ?? null, clusters: fleet.clusters.map((c) => ({ name: c.name, environment: c.environment })) }),
    setTag: (repo, tag, build) => ({ digest: model.setTag(repo, tag, build).digest }),
    deleteTag: (repo, tag) => ({ deleted: model.deleteTag(repo, tag) }),
    deleteDigest: (repo, digest) => ({ deleted: model.deleteDigest(repo, digest) }),
    addBuild: (name, platforms) => (model.addBuild({ name, platforms, format: "oci" }), { ok: true }),
    setRegistryFault: async (f) => (await registry.setFault(f), { ok: true }),
    restart: (c, ns, kind, name) => (world(c).restart(ns, kind, name), { ok: true }),
    reschedule: (c, ns, kind, name) => (world(c).restart(ns, kind, name, { reschedule: true }), { ok: true }),
    addNode: (c, n) => (world(c).addNode({ name: n.name, arch: n.arch, os: "linux", runtime: n.runtime ?? "containerd", labels: {}, unschedulable: false, cached: [] }), { ok: true }),
    cordon: (c, n) => (world(c).cordon(n), { ok: true }),
    requestCounts: (c) => {
      world(c);
      return servers.get(c)!.counts();
    },
    setSelfHeal: (c, ns, kind, name, afterSeconds, manager) => {
      const spec = fleet.clusters.find((x) => x.name === c)?.workloads.find((w) => w.namespace === ns && w.kind === kind && w.name === name);
      return world(c).selfHeal.manage(kind, ns, name, { manager: manager ?? spec?.manager ?? "argocd-controller", afterSeconds });
    },
    setDown: (c, down) => {
      world(c);
      servers.get(c)!.setDown(down);
      return { ok: true };
    },
  };
  const controlServer = await startControlServer(control);
  const tick = setInterval(() => {
    for (const w of worlds.values()) w.tick();
  }, opts.tickMs ?? 2000);
  tick.unref();
  const outDir = opts.outDir ?? mkdtempSync(path.join(tmpdir(), "driftwatch-sim-"));
  mkdirSync(outDir, { recursive: true });
  const kubeconfig = kubeconfigFor(entries);
  const kubeconfigPath = path.join(outDir, "kubeconfig");
  writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });
  opts.log?.(`simulated fleet: ${entries.map((e) => `${e.name} ${e.url}`).join(", ")}; registry ${host}`);
  return {
    kubeconfigPath, kubeconfig, controlUrl: controlServer.url, registryHost: host, registryAddress: registry.host, control, worlds,
    clusters: entries.map((e) => ({ name: e.name, context: e.name, environment: e.environment, server: e.url })),
    stop: async () => {
      clearInterval(tick);
      for (const w of worlds.values()) w.selfHeal.stop();
      await Promise.all([...servers.values()].map((s) => s.stop()));
      await controlServer.stop();
      await registry.stop();
    },
  };
}
