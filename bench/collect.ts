// `npm run bench -- collect [pods workloads nodes]`: collect a simulated cluster of 10,000 pods /
// 1,000 workloads / 200 nodes and compare with `kubectl get pods,deploy,rs,nodes -A -o json`
// on the same cluster in the same run (time and peak memory of each, as separate processes).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { startSimFleet } from "../sim/index";
import { generateScaleFleet } from "../sim/fleets/scale";

// Asynchronous on purpose: the simulated cluster serves from this process's event loop.
async function timed(cmd: string[]): Promise<{ ms: number; maxRssKb: number | null; stdout: string }> {
  const useTime = existsSync("/usr/bin/time");
  const t0 = performance.now();
  const child = spawn(useTime ? "/usr/bin/time" : cmd[0]!, useTime ? ["-v", ...cmd] : cmd.slice(1));
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.on("close", r));
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`${cmd.join(" ")} failed: ${stderr.slice(-500)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return { ms, maxRssKb: rss ? Number(rss[1]) : null, stdout };
}

const mb = (kb: number | null) => (kb === null ? "n/a (no /usr/bin/time)" : `${(kb / 1024).toFixed(0)} MiB`);

export async function run(args: string[]) {
  const sizes = { pods: Number(args[0] ?? 10_000), workloads: Number(args[1] ?? 1_000), nodes: Number(args[2] ?? 200) };
  const t0 = performance.now();
  const sim = await startSimFleet({ fleet: generateScaleFleet(sizes) });
  console.log(`simulated cluster: ${sizes.pods} pods, ${sizes.workloads} workloads, ${sizes.nodes} nodes (ready in ${(performance.now() - t0).toFixed(0)} ms)`);
  try {
    const ctx = sim.clusters[0]!.context;
    const ours = await timed([process.execPath, "--conditions=react-server", "--import", "tsx", "bench/_collect-child.ts", sim.kubeconfigPath, ctx]);
    const o = JSON.parse(ours.stdout.trim().split("\n").pop()!);
    console.log(`driftwatch collect: ${o.ms.toFixed(0)} ms in-process (${ours.ms.toFixed(0)} ms with process start), peak RSS ${mb(ours.maxRssKb ?? o.maxRssKb)}; ${o.workloads} workloads, ${o.pods} pods, ${o.nodes} nodes, status ${o.status}`);
    const k = await timed(["/usr/bin/kubectl", "--kubeconfig", sim.kubeconfigPath, "--context", ctx, "get", "pods,deploy,rs,nodes", "-A", "-o", "json"]);
    console.log(`kubectl get pods,deploy,rs,nodes -A -o json: ${k.ms.toFixed(0)} ms, peak RSS ${mb(k.maxRssKb)}, ${(k.stdout.length / 1e6).toFixed(1)} MB of JSON`);
    console.log(`ratio (driftwatch / kubectl): time ${(ours.ms / k.ms).toFixed(2)}, memory ${ours.maxRssKb && k.maxRssKb ? (ours.maxRssKb / k.maxRssKb).toFixed(2) : "n/a"}`);
  } finally {
    await sim.stop();
  }
}
