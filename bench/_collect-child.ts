// Child process of `npm run bench -- collect`: one collection, timed, so its peak memory is its
// own. With `--baseline` it only loads the same modules, to show what the runtime itself costs.
import { loadClusterSources } from "@/lib/kube/clusters";
import { collectCluster } from "@/lib/kube/collect";

const [kubeconfigPath, context, mode] = process.argv.slice(2);
if (mode === "--baseline") {
  console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
} else {
  const { clusters } = loadClusterSources({ kubeconfigPath, contexts: [context!] });
  const t0 = performance.now();
  const obs = await collectCluster(clusters[0]!, { pageSize: Number(process.env.PAGE_SIZE ?? 500) });
  const ms = performance.now() - t0;
  const pods = obs.workloads.reduce((n, w) => n + w.pods.length, 0);
  const bytes = Buffer.byteLength(JSON.stringify(obs));
  console.log(JSON.stringify({ ms, status: obs.status, error: obs.error, workloads: obs.workloads.length, pods, nodes: obs.nodes.length, bytes, maxRssKb: process.resourceUsage().maxRSS }));
}
