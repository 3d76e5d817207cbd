// Demo mode: with no cluster configured, `npm start` runs the simulated fleet in-process and
// points Driftwatch at it.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

export type DemoFleet = { env: Record<string, string>; stop: () => Promise<void> };

/** "demo" unless a kubeconfig is configured (DRIFTWATCH_KUBECONFIG, KUBECONFIG or ~/.kube/config). */
export function resolveClusterMode(env: NodeJS.ProcessEnv): "demo" | "kubeconfig" {
  if (env.DRIFTWATCH_DEMO === "1") return "demo";
  if (env.DRIFTWATCH_DEMO === "0") return "kubeconfig";
  if (env.DRIFTWATCH_KUBECONFIG || env.KUBECONFIG) return "kubeconfig";
  return existsSync(path.join(homedir(), ".kube", "config")) ? "kubeconfig" : "demo";
}

export async function startDemoFleet(outDir: string, say: (m: string) => void): Promise<DemoFleet> {
  say("no cluster configured: starting the simulated demo fleet");
  const { startSimFleet } = await import("../sim/index");
  // Image references name the registry's host:port; keep the port across restarts so the stored
  // history does not see every image change each time Driftwatch starts.
  const portFile = path.join(outDir, "registry-port");
  const stored = existsSync(portFile) ? Number(readFileSync(portFile, "utf8").trim()) : undefined;
  const sim = await startSimFleet({ outDir, registryPort: stored && Number.isInteger(stored) ? stored : undefined });
  const port = Number(sim.registryHost.split(":").pop());
  if (stored && port !== stored) say(`demo registry port ${stored} is taken; using ${port} (image references in the history change once)`);
  writeFileSync(portFile, `${port}\n`); // startSimFleet made outDir
  say(`demo fleet ready: ${sim.clusters.map((c) => `${c.name} (${c.environment})`).join(", ")}; registry ${sim.registryHost}; control ${sim.controlUrl}`);
  return {
    env: {
      DRIFTWATCH_DEMO: "1",
      DRIFTWATCH_KUBECONFIG: sim.kubeconfigPath,
      DRIFTWATCH_CONTEXTS: sim.clusters.map((c) => c.context).join(","),
      DRIFTWATCH_ENVIRONMENTS: sim.clusters.map((c) => `${c.context}=${c.environment}`).join(","),
      DRIFTWATCH_INSECURE_REGISTRIES: sim.registryHost,
      DRIFTWATCH_SIM_CONTROL: sim.controlUrl,
    },
    stop: () => sim.stop(),
  };
}
