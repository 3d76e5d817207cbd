// `npm run sim -- [--fleet FILE] [--out DIR]`: run the simulated fleet in the foreground.
import path from "node:path";
import { startSimFleet } from "./index";

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const outDir = path.resolve(arg("--out") ?? ".data/sim");
try {
  const sim = await startSimFleet({ fleet: arg("--fleet"), outDir });
  console.log(JSON.stringify({ ready: true, kubeconfig: sim.kubeconfigPath, control: sim.controlUrl, registry: sim.registryHost, clusters: sim.clusters }));
  const stop = async () => {
    await sim.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
