// Child process of `npm run bench -- collect`: one collection, timed, so its peak memory is its own.
import { loadClusterSources } from "../lib/kube/clusters";
import { collectCluster } from "../lib/kube/collect";

const [kubeconfigPath, context] = process.argv.slice(2);
const { clusters } = loadClusterSources({ kubeconfigPath, contexts: [context!] });
const t0 = performance.now();
const obs = await collectCluster(clusters[0]!, { pageSize: 500 });
const ms = performance.now() - t0;
const pods = obs.workloads.reduce((n, w) => n + w.pods.length, 0);
console.log(JSON.stringify({ ms, status: obs.status, workloads: obs.workloads.length, pods, nodes: obs.nodes.length, maxRssKb: process.resourceUsage().maxRSS }));
