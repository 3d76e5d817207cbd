// A sick registry on the demo fleet: for each fault the simulated registry can show, two polls
// during it and one after must leave every workload's drift kinds exactly as they were, write
// no workload_state row, and name the host (and its Retry-After) in GET /api/registries.
// The faults are Driftwatch's alone (`pulls: false`): the nodes keep pulling as before, so what
// is tested is the registry error alone. The last case lets the nodes meet the outage too.
import { describe, expect, it } from "vitest";
import type { Harness } from "./test-harness";
import { useDemoHarness } from "@/test/demo-harness";
import { registryListSchema } from "@/lib/schemas/registries";

type Kinds = Record<string, string>;

describe("registry faults on the demo fleet", () => {
  let h!: Harness;
  useDemoHarness(async (x, databaseUrl) => {
    h = x;
    process.env.DATABASE_URL = databaseUrl;
    await h.pollAll();
    await h.pollAll(); // pods that back off settle their pull-failure reasons
  });

  /** "cluster ns/Kind/name" → "status: kind,kind" for every workload, sorted. */
  const fleetKinds = async (): Promise<Kinds> => {
    const rows = await h.prisma.workload.findMany({ where: { deletedAt: null }, select: { namespace: true, kind: true, name: true, status: true, driftKinds: true, cluster: { select: { name: true } } } });
    const entries = rows.map((w) => [`${w.cluster.name} ${w.namespace}/${w.kind}/${w.name}`, `${w.status}: ${[...w.driftKinds].sort().join(",")}`] as const);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
  };
  const registries = async () => {
    const { GET } = await import("@/app/api/registries/route");
    const res = await GET(new Request("http://test/api/registries"), { params: Promise.resolve({}) } as never);
    expect(res.status).toBe(200);
    return registryListSchema.parse(await res.json()).items;
  };

  it("starts from the demo's findings", async () => {
    const kinds = await fleetKinds();
    expect(Object.keys(kinds).length).toBeGreaterThanOrEqual(29);
    expect(
      ["prod-eu shop/Deployment/recommendations", "prod-eu shop/Deployment/search", "prod-eu media/Deployment/image-resizer", "staging finance/Deployment/ledger"].map((k) => [k, kinds[k]]),
    ).toEqual([
      ["prod-eu shop/Deployment/recommendations", "drift: floating-tag,tag-moved"],
      ["prod-eu shop/Deployment/search", "drift: floating-tag,pull-failing,tag-missing"],
      ["prod-eu media/Deployment/image-resizer", "drift: floating-tag,platform-gap,pull-failing"],
      ["staging finance/Deployment/ledger", "drift: floating-tag,pull-failing,unverifiable"],
    ]);
    expect((await registries()).map((r) => [r.host, r.status])).toEqual([[h.sim.registryHost, "ok"]]);
  });

  // 429 last: the resolver then honours Retry-After past the end of the fault.
  it.each([
    ["401", { status: 401, pulls: false }, "unauthorized", "UNAUTHORIZED"],
    ["503", { status: 503, pulls: false }, "unavailable", "SERVER_ERROR"],
    ["a timeout", { status: "timeout", pulls: false }, "unreachable", "TIMEOUT"],
    ["a refused connection", { status: "unreachable", pulls: false }, "unreachable", "CONNECTION_REFUSED"],
    ["429", { status: 429, retryAfterSeconds: 30, pulls: false }, "rate-limited", "TOO_MANY_REQUESTS"],
  ] as const)("a registry answering %s for two polls changes no finding and no history, and is named with its state", async (_name, fault, status, code) => {
    const before = await fleetKinds();
    const states = await h.prisma.workloadState.count();
    const openResolutions = await h.prisma.tagResolution.findMany({ where: { to: null }, select: { id: true }, orderBy: { id: "asc" } });
    await h.control("POST", "/registry/faults", fault);
    for (let i = 0; i < 2; i++) {
      expect((await h.pollAll()).map((r) => r.status)).toEqual(["ok", "ok", "ok"]);
      expect(await fleetKinds()).toEqual(before);
      expect(await h.prisma.workloadState.count()).toBe(states);
    }
    const [host] = await registries();
    expect([host?.host, host?.status, host?.lastError?.code]).toEqual([h.sim.registryHost, status, code]);
    expect(host?.failingSince).not.toBeNull();
    if (status === "rate-limited") {
      expect(host!.retryAfterSeconds).toBeGreaterThan(0);
      expect(host!.retryAfterSeconds).toBeLessThanOrEqual(30);
    } else expect(host!.retryAfterSeconds).toBeNull();
    const metrics = await (await (await import("@/app/api/metrics/route")).GET(new Request("http://localhost/api/metrics"), { params: Promise.resolve({}) } as never)).text();
    const series = (name: string) => metrics.split("\n").filter((l) => l.startsWith(`${name}{registry="${h.sim.registryHost}"`) && l.endsWith(" 1"));
    expect(series("driftwatch_registry_status")).toEqual([`driftwatch_registry_status{registry="${h.sim.registryHost}",status="${status}"} 1`]);
    expect(await h.prisma.tagResolution.findMany({ where: { to: null }, select: { id: true }, orderBy: { id: "asc" } })).toEqual(openResolutions);

    await h.control("DELETE", "/registry/faults");
    // After a timeout the host is not asked again for one timeout (1.5 s here): wait that out.
    if (code === "TIMEOUT") await new Promise((r) => setTimeout(r, 1_600));
    await h.pollAll();
    expect(await fleetKinds()).toEqual(before);
    expect(await h.prisma.workloadState.count()).toBe(states);
    // Retry-After is honoured past the fault: the host stays rate-limited until it has passed.
    expect((await registries())[0]?.status).toBe(status === "rate-limited" ? "rate-limited" : "ok");
  });

  it("says how old the kept answer is, on the findings drawn from it", async () => {
    // The 429 above is still honoured (Retry-After 30 s): this poll asks nothing and keeps every answer.
    await h.pollAll();
    const w = await h.prisma.workload.findFirstOrThrow({ where: { cluster: { name: "prod-eu" }, namespace: "shop", name: "recommendations" }, select: { current: true } });
    const moved = (w.current as { findings: { kind: string; message: string; details: Record<string, unknown> }[] }).findings.find((f) => f.kind === "tag-moved");
    expect(moved?.message).toMatch(/ \(as of \d{4}-\d\d-\d\d \d\d:\d\d UTC; registry 127\.0\.0\.1:\d+ rate-limited since \d\d:\d\d UTC, retry after \d+ s\)$/);
    expect(moved?.details).toMatchObject({ asOf: expect.any(String), registry: { host: h.sim.registryHost, status: "rate-limited", code: "TOO_MANY_REQUESTS" } });
  });

  // Last: pods that retried during the outage take a while to settle their pull-failure causes.
  it("records only the pods' new pull-failure cause when the nodes meet the outage too", async () => {
    const before = await fleetKinds();
    const lastId = (await h.prisma.workloadState.aggregate({ _max: { id: true } }))._max.id ?? 0;
    await h.control("POST", "/registry/faults", { status: "timeout" });
    await h.pollAll();
    await h.pollAll();
    expect(await fleetKinds()).toEqual(before);
    // Pods that retry their pull during the outage now fail for another reason: that is news
    // from the cluster, not from the registry check, and only pull-failing workloads carry it.
    const fresh = await h.prisma.workloadState.findMany({ where: { id: { gt: lastId } }, select: { workload: { select: { driftKinds: true } } } });
    expect(fresh.filter((s) => !s.workload.driftKinds.includes("pull-failing"))).toEqual([]);
    await h.control("DELETE", "/registry/faults");
    await h.pollAll();
    expect(await fleetKinds()).toEqual(before);
  });
});
