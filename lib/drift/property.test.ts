import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeFleet } from "./fleet";
import { T0, analyzeOne, cluster, deployment, digest, local, node, platformsOf, pod, resolved, running, waiting, type StatusPart } from "./fixtures";
import { workloadStateKey } from "./state";

const IMG = "reg.example/shop/checkout:2.4.1";
const IDX = digest("p-idx");
const AMD = digest("p-amd");
const ARM = digest("p-arm");
const OTHER = digest("p-other");
const indexes = { [IDX]: platformsOf({ amd64: AMD, arm64: ARM }) };
const nodes = [node("amd-1"), node("amd-2"), node("arm-1", "arm64")];

const statusArb: fc.Arbitrary<StatusPart> = fc.oneof(
  fc.constantFrom(IDX, AMD, ARM, OTHER).map((d) => running(d)),
  fc.record({ d: fc.constantFrom(IDX, OTHER), restarts: fc.nat(3), ready: fc.boolean() }).map((x) => running(x.d, { restartCount: x.restarts, ready: x.ready })),
  fc.constant(local(digest("p-cfg"))),
  fc.constantFrom(
    waiting("ContainerCreating"),
    waiting("ErrImagePull", "manifest unknown"),
    waiting("ImagePullBackOff", "Back-off pulling image"),
  ),
);

const podsArb = fc
  .array(fc.record({ rev: fc.constantFrom("r1", "r2", null), node: fc.constantFrom("amd-1", "amd-2", "arm-1"), app: statusArb, side: statusArb }), {
    minLength: 0,
    maxLength: 8,
  })
  .map((rows) => rows.map((r, i) => pod(`p-${i}`, r.node, r.rev, { app: r.app, side: r.side })));

const resolutionArb = fc.constantFrom({}, resolved(IMG, IDX, indexes[IDX]), resolved(IMG, OTHER));

function build(pods: ReturnType<typeof pod>[]) {
  return deployment("shop", "checkout").container("app", IMG).container("side", `reg.example/ops/sidecar@${OTHER}`).revision("r1").pods(pods);
}

describe("analysis properties", () => {
  it("is invariant to pod order", () => {
    fc.assert(
      fc.property(podsArb, resolutionArb, fc.nat(), (pods, resolutions, seed) => {
        const shuffled = shuffle(pods, seed);
        const a = analyzeOne(build(pods), { nodes, resolutions, indexes });
        const b = analyzeOne(build(shuffled), { nodes, resolutions, indexes });
        expect(b).toEqual(a);
        expect(workloadStateKey(b)).toBe(workloadStateKey(a));
      }),
      { numRuns: 300 },
    );
  });

  it("calls a workload drift exactly when some finding is a warning or critical", () => {
    fc.assert(
      fc.property(podsArb, resolutionArb, (pods, resolutions) => {
        const a = analyzeOne(build(pods), { nodes, resolutions, indexes });
        expect(a.status === "drift").toBe(a.findings.some((f) => f.severity !== "info"));
        // Every pod with an image is in exactly one release group per container.
        for (const c of a.containers) {
          const grouped = c.releases.flatMap((r) => r.pods);
          expect(new Set(grouped).size).toBe(grouped.length);
          expect(grouped.length + c.pendingPods.length).toBe(pods.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never reports skew when all pods run one multi-arch release however it is reported", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(IDX, AMD, ARM), { minLength: 1, maxLength: 8 }), (ds) => {
        const pods = ds.map((d, i) => pod(`p-${i}`, "amd-1", "r1", { app: running(d), side: running(OTHER) }));
        const a = analyzeOne(build(pods), { nodes, resolutions: resolved(IMG, IDX, indexes[IDX]), indexes });
        expect(a.findings.map((f) => f.kind)).toEqual(["floating-tag"]);
        expect(a.status).toBe("in-sync");
      }),
    );
  });

  it("fleet analysis is invariant to the order of clusters", () => {
    fc.assert(
      fc.property(fc.array(podsArb, { minLength: 1, maxLength: 4 }), fc.nat(), (podSets, seed) => {
        const observations = podSets.map((pods, i) => cluster(`c-${i}`, i % 2 ? "prod" : "staging", { nodes, workloads: [build(pods)] }));
        const run = (obs: typeof observations) => analyzeFleet({ observations: obs, resolutions: resolved(IMG, IDX, indexes[IDX]), indexes, now: T0 });
        expect(run(shuffle(observations, seed))).toEqual(run(observations));
      }),
      { numRuns: 100 },
    );
  });
});

/** Deterministic Fisher–Yates driven by a seed (fast-check shrinks the seed). */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
