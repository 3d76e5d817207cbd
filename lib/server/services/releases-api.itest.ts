// GET /api/releases against a real Postgres: release intervals merged from stored states, who
// changed each (Driftwatch actor from the audit log, else the image's field manager), index and
// platform digests, filters, cursor pages that add up to the whole report, and the exports; a
// Driftwatch change is credited only where Driftwatch's field manager set the image.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase } from "@/test/db";
import { appendAuditEvent } from "@/lib/server/data/audit";
import { releaseListSchema, type ReleaseRowDto } from "@/lib/schemas/audit";

type Route = (req: Request) => Promise<Response>;
const D = (s: string) => new Date(s.startsWith("20") ? s : `2026-${s}Z`);
const dig = (c: string) => `sha256:${c.repeat(64)}`;
const container = (specImage: string, release: string, imageManager?: string) => ({
  name: "app", isInit: false, specImage, releases: [{ release, pods: 2, readyPods: 2 }], health: { replicas: 2, ready: 2, restarts: 0, pullFailures: 0 }, ...(imageManager ? { imageManager } : {}),
});

describe("release report API", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let prisma: PrismaClient;
  let route: Route;
  let pinnedAt: Date;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
    const prod = await prisma.cluster.create({ data: { name: "prod-eu", environment: "prod", server: "https://eu" } });
    const stg = await prisma.cluster.create({ data: { name: "staging", environment: "staging", server: "https://st" } });
    const wl = (clusterId: number, name: string) =>
      prisma.workload.create({ data: { clusterId, namespace: "shop", kind: "Deployment", name, firstSeenAt: D("01-01T00:00:00"), lastSeenAt: D("12-01T00:00:00") } });
    const api = await wl(prod.id, "api");
    const web = await wl(prod.id, "web");
    const stgApi = await wl(stg.id, "api");
    const pin = { correlationId: "chg-pin", action: "pin" as const, actor: "alice", role: "operator", cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "api", container: "app", fromImage: "reg/api:1.8", toImage: `reg/api:1.8@${dig("c")}` };
    await appendAuditEvent({ ...pin, phase: "intent" }, prisma);
    const applied = await appendAuditEvent({ ...pin, phase: "result", outcome: "applied" }, prisma);
    // The next poll, half a minute later, saw the new spec: that state begins the pinned release.
    pinnedAt = new Date(applied.at.getTime() + 30_000);
    const P = pinnedAt.toISOString();
    const state = (workloadId: number, from: string, to: string | null, c: ReturnType<typeof container>) =>
      ({ workloadId, from: D(from), to: to ? D(to) : null, stateHash: `${workloadId}-${from}`, containers: [c], status: "in-sync" });
    await prisma.workloadState.createMany({
      data: [
        state(api.id, "01-01T00:00:00", "03-01T00:00:00", container("reg/api:1.7", dig("a"), "helm")),
        state(api.id, "03-01T00:00:00", "05-01T00:00:00", container("reg/api:1.7", dig("a"), "helm")), // health change only
        state(api.id, "05-01T00:00:00", P, container("reg/api:1.8", dig("b"), "kubectl-set")),
        state(api.id, P, null, container(`reg/api:1.8@${dig("c")}`, dig("c"), "driftwatch")),
        state(web.id, "01-01T00:00:00", "10-01T00:00:00", container("reg/web:2", dig("d"))),
        state(web.id, "10-01T00:00:00", null, container("reg/web:2", dig("e"))), // the tag moved
        state(stgApi.id, "01-01T00:00:00", null, container("reg/api:1.9", dig("f"), "argocd-controller")),
      ],
    });
    await prisma.indexManifest.create({ data: { digest: dig("c"), mediaType: "application/vnd.oci.image.index.v1+json", platforms: [{ os: "linux", architecture: "amd64", digest: dig("1") }, { os: "linux", architecture: "arm64", digest: dig("2") }] } });
    route = (await import("@/app/api/releases/route")).GET as Route;
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  const get = async (q: string) => {
    const res = await route(new Request(`http://localhost/api/releases?${q}`));
    return { status: res.status, res };
  };
  const list = async (q: string) => releaseListSchema.parse(await (await get(q)).res.json());
  const brief = (r: ReleaseRowDto) => [r.cluster, r.name, r.specImage, r.digest.slice(7, 8), r.from.slice(5, 10), r.to?.slice(5, 10) ?? null, r.byDigest, r.changedBy.type, r.changedBy.name];

  it("one row per release interval, with who changed it", async () => {
    const { items, nextCursor } = await list("");
    expect(nextCursor).toBeNull();
    const pm = pinnedAt.toISOString().slice(5, 10);
    expect(items.map(brief)).toEqual([
      ["prod-eu", "api", "reg/api:1.7", "a", "01-01", "05-01", false, "field-manager", "helm"],
      ["prod-eu", "api", "reg/api:1.8", "b", "05-01", pm, false, "field-manager", "kubectl-set"],
      ["prod-eu", "api", `reg/api:1.8@${dig("c")}`, "c", pm, null, true, "driftwatch", "alice"],
      ["prod-eu", "web", "reg/web:2", "d", "01-01", "10-01", false, "unknown", null],
      ["prod-eu", "web", "reg/web:2", "e", "10-01", null, false, "unknown", null],
      ["staging", "api", "reg/api:1.9", "f", "01-01", null, false, "field-manager", "argocd-controller"],
    ]);
    const pinned = items[2]!;
    expect([pinned.indexDigest, pinned.platformDigests, pinned.correlationId, pinned.environment]).toEqual([dig("c"), [dig("1"), dig("2")], "chg-pin", "prod"]);
    expect(items[0]!.durationSeconds).toBe((Date.parse("2026-05-01") - Date.parse("2026-01-01")) / 1000);
  });

  it("filters by environment and range, keeping the true start and end of overlapping releases", async () => {
    const { items } = await list("environment=prod&from=2026-09-01T00:00:00Z&to=2026-10-01T00:00:00Z");
    expect(items.map(brief)).toEqual([
      ["prod-eu", "api", "reg/api:1.8", "b", "05-01", pinnedAt.toISOString().slice(5, 10), false, "field-manager", "kubectl-set"],
      ["prod-eu", "web", "reg/web:2", "d", "01-01", "10-01", false, "unknown", null],
    ]);
    expect((await list("cluster=staging&name=api")).items.map((r) => r.digest)).toEqual([dig("f")]);
  });

  it("pages with a cursor: the pages add up to the whole report, no repeats", async () => {
    const whole = (await list("")).items;
    for (const limit of [1, 2, 4]) {
      const seen: ReleaseRowDto[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(`limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.map(brief)).toEqual(whole.map(brief));
    }
  });

  it("rejects unknown and malformed parameters by name", async () => {
    const { status, res } = await get("env=prod&to=soon&cursor=bogus!");
    expect(status).toBe(400);
    expect(((await res.json()) as { invalid: { field: string }[] }).invalid.map((f) => f.field).sort()).toEqual(["cursor", "env", "to"]);
  });

  it("exports CSV and NDJSON with the filters in the file name", async () => {
    const csv = (await get("format=csv&environment=prod")).res;
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="driftwatch-releases_environment-prod.csv"');
    const lines = (await csv.text()).trimEnd().split("\n");
    expect(lines[0]).toBe("cluster,environment,namespace,kind,name,container,specImage,digest,indexDigest,platformDigests,from,to,durationSeconds,byDigest,changedByType,changedByName,correlationId");
    expect(lines.slice(1).map((l) => l.split(",").slice(10, 12).concat(l.split(",").slice(13)))).toEqual([
      ["2026-01-01T00:00:00.000Z", "2026-05-01T00:00:00.000Z", "false", "field-manager", "helm", ""],
      ["2026-05-01T00:00:00.000Z", pinnedAt.toISOString(), "false", "field-manager", "kubectl-set", ""],
      [pinnedAt.toISOString(), "", "true", "driftwatch", "alice", "chg-pin"],
      ["2026-01-01T00:00:00.000Z", "2026-10-01T00:00:00.000Z", "false", "unknown", "", ""],
      ["2026-10-01T00:00:00.000Z", "", "false", "unknown", "", ""],
    ]);
    const nd = (await get("format=ndjson&cluster=staging")).res;
    const rows = (await nd.text()).trimEnd().split("\n").map((l) => JSON.parse(l) as ReleaseRowDto);
    expect(rows.map(brief)).toEqual([["staging", "api", "reg/api:1.9", "f", "01-01", null, false, "field-manager", "argocd-controller"]]);
  });

  it("credits a Driftwatch change only where Driftwatch set the image: kubectl to the same digest soon after a pin is kubectl's", async () => {
    const qa = await prisma.cluster.create({ data: { name: "qa", environment: "qa", server: "https://qa" } });
    const cart = await prisma.workload.create({ data: { clusterId: qa.id, namespace: "shop", kind: "Deployment", name: "cart", firstSeenAt: D("01-01T00:00:00"), lastSeenAt: D("12-01T00:00:00") } });
    const pin = { correlationId: "chg-cart", action: "pin" as const, actor: "alice", role: "operator", cluster: "qa", namespace: "shop", kind: "Deployment", name: "cart", container: "app", fromImage: "reg/cart:1", toImage: `reg/cart:1@${dig("9")}` };
    await appendAuditEvent({ ...pin, phase: "intent" }, prisma);
    const at = (await appendAuditEvent({ ...pin, phase: "result", outcome: "applied" }, prisma)).at.getTime();
    const t = (minutes: number) => new Date(at + minutes * 60_000);
    const state = (from: Date, to: Date | null, c: ReturnType<typeof container>) => ({ workloadId: cart.id, from, to, stateHash: `cart-${from.toISOString()}`, containers: [c], status: "in-sync" });
    // Pinned, set back to the tag with kubectl, then kubectl sets the pin's digest (without the tag), all within the match window.
    await prisma.workloadState.createMany({
      data: [
        state(D("01-01T00:00:00"), t(0.5), container("reg/cart:1", dig("8"), "helm")),
        state(t(0.5), t(5), container(`reg/cart:1@${dig("9")}`, dig("9"), "driftwatch")),
        state(t(5), t(10), container("reg/cart:1", dig("8"), "kubectl-set")),
        state(t(10), null, container(`reg/cart@${dig("9")}`, dig("9"), "kubectl-set")),
      ],
    });
    const rows = (await list("cluster=qa")).items.map((r) => [r.specImage, r.from, r.changedBy.type, r.changedBy.name, r.correlationId]);
    expect(rows).toEqual([
      ["reg/cart:1", "2026-01-01T00:00:00.000Z", "field-manager", "helm", null],
      [`reg/cart:1@${dig("9")}`, t(0.5).toISOString(), "driftwatch", "alice", "chg-cart"],
      ["reg/cart:1", t(5).toISOString(), "field-manager", "kubectl-set", null],
      [`reg/cart@${dig("9")}`, t(10).toISOString(), "field-manager", "kubectl-set", null],
    ]);
  });
});

