// `npm run sim -- [--fleet FILE] [--out DIR]`: run the simulated fleet in the foreground.
import path from "node:path";
import { parseArgs } from "node:util";
import { startSimFleet } from "./index";

let values: { fleet?: string; out?: string };
try {
  ({ values } = parseArgs({ options: { fleet: { type: "string" }, out: { type: "string" } }, strict: true, allowPositionals: false }));
} catch (e) {
  console.error(`${e instanceof Error ? e.message : String(e)}\nusage: npm run sim -- [--fleet FILE] [--out DIR]`);
  process.exit(2);
}
const outDir = path.resolve(values.out ?? ".data/sim");
try {
  const sim = await startSimFleet({ fleet: values.fleet, outDir });
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
