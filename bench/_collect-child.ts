// Child process of `npm run bench -- collect`: one collection, timed, so its peak memory is its
// own. With `--baseline` it only loads the same modules, to show what the runtime itself costs.
import { loadClusterSources } from "@/lib/kube/clusters";
import { collectCluster } from "@/lib/kube/collect";

const [kubeconfigPath, context, mode] = process.argv.slice(2);
if (mode === "--baseline") {
  console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
} else {
  const { clusters } = loadClusterSources({ kubeconfigPath, contexts: [context!] });
  // Peak heap while collecting: what the collector itself holds, without the runtime's baseline.
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 10);
  const t0 = performance.now();
  const obs = await collectCluster(clusters[0]!, { pageSize: Number(process.env.PAGE_SIZE ?? 500) });
  const ms = performance.now() - t0;
  clearInterval(sampler);
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  const pods = obs.workloads.reduce((n, w) => n + w.pods.length, 0);
  const bytes = Buffer.byteLength(JSON.stringify(obs));
  console.log(JSON.stringify({ ms, status: obs.status, error: obs.error, workloads: obs.workloads.length, pods, nodes: obs.nodes.length, bytes, heapBeforeMb: heapBefore / 2 ** 20, heapPeakMb: heapPeak / 2 ** 20, maxRssKb: process.resourceUsage().maxRSS }));
}
