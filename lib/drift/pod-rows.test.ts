import { describe, expect, it } from "vitest";
import { analyzeOne, deployment, node, pod, running, waiting, digest, T0 } from "./fixtures";
import { describePods } from "./pod-rows";

const IMG = "reg.example/shop/search:1.2";
const D = digest("search-1.2");

describe("describePods", () => {
  it("lists every pod, the waiting one with its node, architecture and the cause kept through back-off", () => {
    const w = deployment("shop", "search").container("app", IMG).revision("7d9f").pods([
      pod("search-a", "n1", "7d9f", { app: running(D) }),
      pod("search-c", "n3", "7d9f", { app: waiting("ImagePullBackOff", `Back-off pulling image "${IMG}"`) }),
      pod("search-b", "n2", "7d9f", { app: running(D) }),
      pod("search-d", null, "7d9f", { app: waiting("ContainerCreating") }),
    ]);
    const nodes = [node("n1"), node("n2"), node("n3", "arm", { variant: "v7" })];
    const cause = `Failed to pull image "${IMG}": ${IMG}: not found`;
    const events = [
      { namespace: "shop", pod: "search-c", container: "app", reason: "Failed", message: cause, lastSeen: "2026-11-02T09:58:00.000Z", count: 4 },
      { namespace: "shop", pod: "search-c", container: "app", reason: "Failed", message: "Error: ImagePullBackOff", lastSeen: "2026-11-02T09:59:59.000Z", count: 11 },
    ];
    const a = analyzeOne(w, { nodes, events });
    const rows = describePods(w.build(), nodes, a.findings);
    const brief = rows.map((r) => [r.name, r.node, r.architecture, r.ready, r.containers.map((c) => [c.reason, c.cause, c.message, c.waitingMessage, c.lastEventAt, c.eventCount])]);
    expect(brief).toEqual([
      ["search-a", "n1", "amd64", true, [[null, null, null, null, null, null]]],
      ["search-b", "n2", "amd64", true, [[null, null, null, null, null, null]]],
      ["search-c", "n3", "arm/v7", false, [["ImagePullBackOff", "manifest-unknown", cause, `Back-off pulling image "${IMG}"`, "2026-11-02T09:58:00.000Z", 4]]],
      ["search-d", null, null, false, [["ContainerCreating", null, null, null, null, null]]],
    ]);
    expect(rows[0]).toMatchObject({ phase: "Running", revision: "7d9f", createdAt: T0 });
  });
});
