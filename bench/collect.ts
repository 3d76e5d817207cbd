// `npm run bench -- collect [pods workloads nodes]`: collect a simulated cluster of 10,000 pods /
// 1,000 workloads / 200 nodes and compare with `kubectl get pods,deploy,rs,nodes -A -o json`
// on the same cluster in the same run (time and peak memory of each, as separate processes).
// The collector lists more than kubectl here (StatefulSets, DaemonSets, ControllerRevisions,
// events too) and validates and reduces every object; kubectl only prints.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { startSimFleet } from "@/sim/index";
import { generateScaleFleet } from "@/sim/fleets/scale";

type Timed = { ms: number; maxRssKb: number | null; cpuS: number | null; stdout: string };

// Asynchronous on purpose: the simulated cluster serves from this process's event loop.
async function timed(cmd: string[], env: NodeJS.ProcessEnv = process.env): Promise<Timed> {
  const useTime = existsSync("/usr/bin/time");
  const t0 = performance.now();
  const child = spawn(useTime ? "/usr/bin/time" : cmd[0]!, useTime ? ["-v", ...cmd] : cmd.slice(1), { env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.on("close", r));
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`${cmd.join(" ")} failed: ${stderr.slice(-500)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  return { ms, maxRssKb: rss ? Number(rss[1]) : null, cpuS: user && sys ? Number(user[1]) + Number(sys[1]) : null, stdout };
}

const cpu = (t: Timed) => (t.cpuS === null ? "" : `, ${t.cpuS.toFixed(1)} s CPU`);
const mib = (kb: number | null | undefined) => (kb ? `${(kb / 1024).toFixed(0)} MiB` : "n/a");
const lastJson = (t: Timed) => JSON.parse(t.stdout.trim().split("\n").pop()!) as Record<string, unknown> & { maxRssKb: number };
const node = (...args: string[]) => [process.execPath, "--conditions=react-server", "--import", "tsx", "bench/_collect-child.ts", ...args];

export async function run(args: string[]): Promise<void> {
  const sizes = { pods: Number(args[0] ?? 10_000), workloads: Number(args[1] ?? 1_000), nodes: Number(args[2] ?? 200) };
  const t0 = performance.now();
  const sim = await startSimFleet({ fleet: generateScaleFleet(sizes) });
  console.log(`simulated cluster: ${sizes.pods} pods, ${sizes.workloads} workloads, ${sizes.nodes} nodes (ready in ${(performance.now() - t0).toFixed(0)} ms)`);
  try {
    const ctx = sim.clusters[0]!.context;
    const base = lastJson(await timed(node(sim.kubeconfigPath, ctx, "--baseline")));
    const ours = await timed(node(sim.kubeconfigPath, ctx));
    const o = lastJson(ours) as ReturnType<typeof lastJson> & { ms: number; workloads: number; pods: number; nodes: number; status: string; bytes: number; heapBeforeMb: number; heapPeakMb: number };
    if (o.status !== "ok") throw new Error(`collection ${o.status}: ${JSON.stringify(o.error)}`);
    const oursRss = ours.maxRssKb ?? o.maxRssKb;
    console.log(`driftwatch collect: ${o.ms.toFixed(0)} ms in-process (${ours.ms.toFixed(0)} ms with process start${cpu(ours)}), peak RSS ${mib(oursRss)} (runtime + modules alone: ${mib(base.maxRssKb)}), heap ${o.heapBeforeMb.toFixed(0)} → peak ${o.heapPeakMb.toFixed(0)} MiB while collecting; ${o.workloads} workloads, ${o.pods} pods, ${o.nodes} nodes; observation ${(o.bytes / 1e6).toFixed(1)} MB as JSON`);
    const k = await timed(["/usr/bin/kubectl", "--kubeconfig", sim.kubeconfigPath, "--context", ctx, "get", "pods,deploy,rs,nodes", "-A", "-o", "json"]);
    console.log(`kubectl get pods,deploy,rs,nodes -A -o json: ${k.ms.toFixed(0)} ms${cpu(k)}, peak RSS ${mib(k.maxRssKb)}, ${(k.stdout.length / 1e6).toFixed(1)} MB of JSON`);
    const memRatio = oursRss && k.maxRssKb ? (oursRss / k.maxRssKb).toFixed(2) : "n/a";
    console.log(`ratio (driftwatch / kubectl), both including process start: time ${(ours.ms / k.ms).toFixed(2)}, peak memory ${memRatio}`);
  } finally {
    await sim.stop();
  }
}
