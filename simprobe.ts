import { startSimFleet } from "@/sim/index";
const t0 = Date.now();
const sim = await startSimFleet({});
console.log("ready in", Date.now() - t0, "ms", sim.kubeconfigPath, sim.registryHost);
const w = sim.worlds.get("prod-eu")!;
for (const p of w.store.list("pods", { namespace: "shop" }).items.filter((p) => p.metadata.name.startsWith("checkout") || p.metadata.name.startsWith("search"))) {
  const cs = (p.status as any).containerStatuses?.[0];
  console.log(p.metadata.name, (p.spec as any).nodeName, cs?.imageID?.slice(-12), cs?.state?.waiting?.reason ?? "running");
}
console.log(JSON.stringify(sim.clusters));
(globalThis as any).sim = sim;
await new Promise((r) => setTimeout(r, 300000));
