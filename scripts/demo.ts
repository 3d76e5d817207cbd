// Demo mode: with no cluster configured, `npm start` runs the simulated fleet in-process and
// points Driftwatch at it.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

/** The demo registry's name in image references (".internal" is reserved for private use: it never resolves publicly). */
export const DEMO_REGISTRY = "registry.demo.internal";

export type DemoFleet = { env: Record<string, string>; stop: () => Promise<void> };

/** "demo" unless a kubeconfig is configured (DRIFTWATCH_KUBECONFIG, KUBECONFIG or ~/.kube/config). */
export function resolveClusterMode(env: NodeJS.ProcessEnv): "demo" | "kubeconfig" {
  if (env.DRIFTWATCH_DEMO === "1") return "demo";
  if (env.DRIFTWATCH_DEMO === "0") return "kubeconfig";
  if (env.DRIFTWATCH_KUBECONFIG || env.KUBECONFIG) return "kubeconfig";
  return existsSync(path.join(homedir(), ".kube", "config")) ? "kubeconfig" : "demo";
}

/** `tickMs`: how often the simulated kubelets move on (tests that compare two runs stop the clock). */
export async function startDemoFleet(outDir: string, say: (m: string) => void, opts: { tickMs?: number } = {}): Promise<DemoFleet> {
  say("no cluster configured: starting the simulated demo fleet");
  const { startSimFleet } = await import("../sim/index");
  // Image references name the registry by a fixed name, never by its port: the stored history
  // keeps the same references across restarts whatever port the registry gets. Driftwatch is
  // told where the name listens (DRIFTWATCH_REGISTRY_ENDPOINTS). The port is still reused when
  // free, so the address rarely changes either.
  const portFile = path.join(outDir, "registry-port");
  const stored = existsSync(portFile) ? Number(readFileSync(portFile, "utf8").trim()) : undefined;
  const sim = await startSimFleet({ outDir, tickMs: opts.tickMs, registryName: DEMO_REGISTRY, registryPort: stored && Number.isInteger(stored) ? stored : undefined });
  const port = Number(sim.registryAddress.split(":").pop());
  if (stored && port !== stored) say(`demo registry port ${stored} is taken; listening on ${port} (image references stay ${DEMO_REGISTRY}/…)`);
  writeFileSync(portFile, `${port}\n`); // startSimFleet made outDir
  // For scripts and end-to-end tests that drive the simulator (faults, retags) while Driftwatch runs.
  writeFileSync(path.join(outDir, "control-url"), `${sim.controlUrl}\n`);
  say(`demo fleet ready: ${sim.clusters.map((c) => `${c.name} (${c.environment})`).join(", ")}; registry ${sim.registryHost} at ${sim.registryAddress}; control ${sim.controlUrl}`);
  return {
    env: {
      DRIFTWATCH_DEMO: "1",
      DRIFTWATCH_KUBECONFIG: sim.kubeconfigPath,
      DRIFTWATCH_CONTEXTS: sim.clusters.map((c) => c.context).join(","),
      DRIFTWATCH_ENVIRONMENTS: sim.clusters.map((c) => `${c.context}=${c.environment}`).join(","),
      DRIFTWATCH_INSECURE_REGISTRIES: sim.registryHost,
      DRIFTWATCH_REGISTRY_ENDPOINTS: `${sim.registryHost}=${sim.registryAddress}`,
      DRIFTWATCH_SIM_CONTROL: sim.controlUrl,
    },
    stop: () => sim.stop(),
  };
}
