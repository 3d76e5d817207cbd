import { describe, expect, it } from "vitest";
import type { WorkloadRow } from "@/lib/server/data/workloads";
import type { ContainerDto } from "@/lib/schemas/workloads";
import { compareElsewhere } from "./get-workload";

const D1 = `sha256:${"1".repeat(64)}`;
const D2 = `sha256:${"2".repeat(64)}`;
const container = (name: string, releases: string[]) =>
  ({ name, image: `r/${name}:1`, releases: releases.map((release) => ({ release })) }) as unknown as ContainerDto;
const peer = (cluster: string, environment: string | null, containers: ContainerDto[]) =>
  ({ cluster: { name: cluster, environment, lastSuccessAt: null }, status: "in-sync", current: { containers } }) as unknown as WorkloadRow;

describe("compareElsewhere", () => {
  // Which releases count as "the same" is decided in lib/drift/cross-cluster (tested there, against
  // the cross-cluster finding); here: how that and the environments become a relation.
  it.each([
    ["the same release", "prod", [container("app", [D1])], [container("app", [D1])], "same-release"],
    ["a different release, same environment", "prod", [container("app", [D1])], [container("app", [D2])], "cross-cluster"],
    ["a different release, other environment", "staging", [container("app", [D1])], [container("app", [D2])], "promotion-lag"],
    ["a split there whose majority runs what runs here (as the findings see it)", "prod", [container("app", [D1])], [container("app", [D1, D2])], "same-release"],
    ["a split there whose majority differs", "prod", [container("app", [D1])], [container("app", [D2, D1])], "cross-cluster"],
    ["a container running here only (no release to compare)", "prod", [container("app", [D1]), container("sidecar", [D2])], [container("app", [D1])], "same-release"],
    ["no pod running here (nothing compared)", "prod", [container("app", [])], [container("app", [D1])], "not-comparable"],
  ] as const)("%s → %s", (_name, env, mine, theirs, relation) => {
    expect(compareElsewhere("prod", [...mine], peer("other", env, [...theirs])).relation).toBe(relation);
  });

  it("claims neither drift nor lag when an environment is unknown", () => {
    expect(compareElsewhere(null, [container("app", [D1])], peer("other", "prod", [container("app", [D2])])).relation).toBe("different-release");
    expect(compareElsewhere("prod", [container("app", [D1])], peer("other", null, [container("app", [D2])])).relation).toBe("different-release");
    expect(compareElsewhere(null, [container("app", [D1])], peer("other", null, [container("app", [D1])])).relation).toBe("same-release");
  });

  it("says per container whether it matches", () => {
    const r = compareElsewhere("prod", [container("app", [D1]), container("sidecar", [D1])], peer("other", "prod", [container("app", [D1]), container("sidecar", [D2])]));
    expect(r.containers.map((c) => [c.name, c.matches])).toEqual([["app", true], ["sidecar", false]]);
  });
});
