// A large single-cluster fleet for benchmarks: `pods` pods over `workloads` Deployments on
// `nodes` nodes, a mix of pinned and tagged multi-arch images.
import type { FleetFile } from "@/sim/world/fleet";

export function generateScaleFleet(opts: { pods: number; workloads: number; nodes: number }): FleetFile {
  const builds: Record<string, { platforms: string[] }> = {};
  const repositories: Record<string, { tags: Record<string, string> }> = {};
  const services = 50;
  for (let s = 0; s < services; s++) {
    builds[`svc-${s}-1`] = { platforms: ["linux/amd64", "linux/arm64"] };
    repositories[`scale/svc-${s}`] = { tags: { "1.0": `svc-${s}-1` } };
  }
  const perWorkload = Math.max(1, Math.round(opts.pods / opts.workloads));
  return {
    registry: { builds, repositories },
    clusters: [
      {
        name: "scale",
        environment: "bench",
        nodes: Array.from({ length: opts.nodes }, (_, i) => ({ name: `node-${i}`, arch: i % 5 === 0 ? ("arm64" as const) : ("amd64" as const) })),
        workloads: Array.from({ length: opts.workloads }, (_, i) => {
          const s = i % services;
          return {
            kind: "Deployment" as const,
            namespace: `ns-${i % 20}`,
            name: `svc-${i}`,
            replicas: perWorkload,
            containers: [{ name: "app", image: i % 2 ? `scale/svc-${s}@build:svc-${s}-1` : `scale/svc-${s}:1.0` }],
          };
        }),
      },
    ],
  };
}
