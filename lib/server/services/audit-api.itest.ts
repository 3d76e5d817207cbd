// GET /api/audit, its exports, POST …/review, GET /api/audit/verify and `driftwatch audit verify`
// against a real Postgres, with events written through the data layer as pin/rollback writes them.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase } from "@/test/db";
import { appendAuditEvent, type AuditEventInput } from "@/lib/server/data/audit";
import { auditListSchema, auditVerifySchema, type AuditEventOut } from "@/lib/schemas/audit";

type Route = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;
const call = async (route: Route, url: string, init?: RequestInit, params?: Record<string, string>) => {
  const res = await route(new Request(`http://localhost${url}`, init), params ? { params: Promise.resolve(params) } : undefined);
  return res;
};
const getJson = async (route: Route, url: string) => {
  const res = await call(route, url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const change = (id: string, over: Partial<AuditEventInput> = {}) => {
  const base: AuditEventInput = {
    correlationId: id, phase: "intent", action: "pin", actor: "alice", role: "operator", reason: "INC-9: tag api:1.8 was rebuilt", ticket: "INC-9",
    cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "api", container: "api",
    fromImage: "reg/shop/api:1.8", toImage: `reg/shop/api:1.8@sha256:${"b".repeat(64)}`, ...over,
  };
  return [
    base,
    { ...base, phase: "result", outcome: "applied", details: { resourceVersion: "812" } },
    { ...base, phase: "rollout", outcome: "progressing", details: { updated: 1, desired: 3 } },
    { ...base, phase: "final", outcome: "succeeded", details: { updated: 3, desired: 3 } },
  ] satisfies AuditEventInput[];
};

describe("audit API", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let prisma: PrismaClient;
  let routes: { list: Route; verify: Route; review: Route };
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
    await prisma.cluster.createMany({ data: [{ name: "prod-eu", environment: "prod", server: "https://eu" }, { name: "staging", environment: "staging", server: "https://st" }] });
    for (const e of change("chg-a")) await appendAuditEvent(e, prisma);
    for (const e of change("chg-b", { actor: "bob", action: "rollback", cluster: "staging", name: "web", container: "web" })) await appendAuditEvent(e, prisma);
    for (let i = 0; i < 5; i++) await appendAuditEvent({ ...change(`poll-${i}`)[0]!, action: "poll-now", phase: "result", outcome: "ok", container: null, fromImage: null, toImage: null }, prisma);
    routes = {
      list: (await import("@/app/api/audit/route")).GET as Route,
      verify: (await import("@/app/api/audit/verify/route")).GET as Route,
      review: (await import("@/app/api/audit/[correlationId]/review/route")).POST as Route,
    };
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it("groups the phases of one change together, with the cluster's environment", async () => {
    const { status, body } = await getJson(routes.list, "/api/audit?correlationId=chg-a");
    expect(status).toBe(200);
    const list = auditListSchema.parse(body);
    expect(list.items.map((c) => [c.correlationId, c.action, c.actor, c.environment, c.outcome, c.events.map((e) => e.phase)])).toEqual([
      ["chg-a", "pin", "alice", "prod", "succeeded", ["intent", "result", "rollout", "final"]],
    ]);
    expect(list.nextCursor).toBeNull();
  });

  it("filters by environment, actor, action and outcome, and pages with a cursor without repeats", async () => {
    const ids = async (q: string) => auditListSchema.parse((await getJson(routes.list, `/api/audit?${q}`)).body).items.map((c) => c.correlationId);
    expect(await ids("environment=staging")).toEqual(["chg-b"]);
    expect(await ids("actor=bob&action=rollback")).toEqual(["chg-b"]);
    expect(await ids("outcome=succeeded")).toEqual(["chg-b", "chg-a"]);
    expect(await ids("action=poll-now&environment=prod")).toEqual(["poll-4", "poll-3", "poll-2", "poll-1", "poll-0"]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = auditListSchema.parse((await getJson(routes.list, `/api/audit?limit=2${cursor ? `&cursor=${cursor}` : ""}`)).body);
      seen.push(...page.items.map((c) => c.correlationId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["poll-4", "poll-3", "poll-2", "poll-1", "poll-0", "chg-b", "chg-a"]);
  });

  it("answers 400 naming unknown and malformed parameters", async () => {
    const { status, body } = await getJson(routes.list, "/api/audit?clster=prod-eu&from=yesterday&limit=0");
    expect(status).toBe(400);
    expect((body.invalid as { field: string }[]).map((f) => f.field).sort()).toEqual(["clster", "from", "limit"]);
  });

  it("exports NDJSON that round-trips to the stored events, and CSV with a header row and the filters in the file name", async () => {
    const res = await call(routes.list, "/api/audit?format=ndjson&environment=prod");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="driftwatch-audit_environment-prod.ndjson"');
    const lines = (await res.text()).trimEnd().split("\n").map((l) => JSON.parse(l) as AuditEventOut);
    const stored = await prisma.auditEvent.findMany({ where: { cluster: "prod-eu" }, orderBy: { id: "asc" } });
    expect(lines.map((e) => ({ ...e, at: new Date(e.at), id: BigInt(e.id) }))).toEqual(stored.map((s) => ({ ...s, environment: "prod" })));
    expect(lines.every((e) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(e.at))).toBe(true);

    const csv = await call(routes.list, "/api/audit?format=csv&actor=bob&from=2020-01-01T00:00:00Z");
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="driftwatch-audit_from-2020-01-01T00-00-00Z_actor-bob.csv"');
    const [header, ...data] = (await csv.text()).trimEnd().split("\n");
    expect(header).toBe("id,at,correlationId,phase,action,actor,role,environment,cluster,namespace,kind,name,container,fromImage,toImage,outcome,reason,ticket,idempotencyKey,details,prevHash,hash");
    expect(data.map((l) => l.split(",")[3])).toEqual(["intent", "result", "rollout", "final"]);
  });

  it("adds a review mark as one more event of the change, once per reviewer, and 404s an unknown change", async () => {
    const post = (id: string, body: unknown) =>
      call(routes.review, `/api/audit/${id}/review`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }, { correlationId: id });
    const first = await post("chg-a", { note: "checked against INC-9", ticket: "CAB-3" });
    expect(first.status).toBe(201);
    expect((await post("chg-a", { note: "again" })).status).toBe(200);
    expect((await post("nope", {})).status).toBe(404);
    expect((await post("chg-a", { note: 1 })).status).toBe(400);
    const list = auditListSchema.parse((await getJson(routes.list, "/api/audit?correlationId=chg-a")).body);
    expect(list.items[0]!.reviews).toEqual([{ by: "local", at: expect.stringMatching(/Z$/), note: "checked against INC-9", isSelfReview: false }]);
    expect(list.items[0]!.events.map((e) => e.phase)).toEqual(["intent", "result", "rollout", "final", "review"]);
    expect(list.items[0]!.outcome).toBe("succeeded");
    expect(await prisma.auditEvent.count({ where: { correlationId: "chg-a" } })).toBe(5);

    // The reviewer made the change themselves: recorded, and said so in the list.
    for (const e of change("chg-self", { actor: "local" })) await appendAuditEvent(e, prisma);
    expect((await post("chg-self", { note: "my own emergency pin" })).status).toBe(201);
    const own = auditListSchema.parse((await getJson(routes.list, "/api/audit?correlationId=chg-self")).body).items[0]!;
    expect(own.reviews).toEqual([{ by: "local", at: expect.stringMatching(/Z$/), note: "my own emergency pin", isSelfReview: true }]);
    expect(own.events.at(-1)!.details).toEqual({ selfReview: true, authMode: "none" });
  });

  it("verifies through the API and the command line; after a superuser edit both name the event", async () => {
    const total = await prisma.auditEvent.count();
    expect(auditVerifySchema.parse((await getJson(routes.verify, "/api/audit/verify")).body)).toMatchObject({ ok: true, checked: total, firstBreak: null });
    const cli = (args: string[]) => spawnSync(process.execPath, ["bin/driftwatch.mjs", "audit", ...args], { env: { ...process.env, DATABASE_URL: db.url }, encoding: "utf8" });
    const good = cli(["verify"]);
    expect([good.status, good.stdout.startsWith(`audit log intact: ${total} events verified; newest event`)]).toEqual([0, true]);

    const victim = await prisma.auditEvent.findFirstOrThrow({ where: { correlationId: "chg-b", phase: "result" } });
    const su = new pg.Client({ connectionString: db.url });
    await su.connect();
    await su.query(`SET session_replication_role = replica`);
    await su.query(`UPDATE audit_event SET actor = 'mallory' WHERE id = ${victim.id}`);
    await su.end();

    expect(auditVerifySchema.parse((await getJson(routes.verify, "/api/audit/verify")).body).firstBreak).toMatchObject({ id: String(victim.id), correlationId: "chg-b", problem: "content" });
    const bad = cli(["verify", "--json"]);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout).firstBreak).toMatchObject({ id: String(victim.id), correlationId: "chg-b", problem: "content" });
    const text = cli(["verify"]);
    expect(text.stdout).toMatch(new RegExp(`^audit log BROKEN at event ${victim.id} \\(correlation id chg-b\\)`));
    expect(cli(["verfy"]).status).toBe(2);
  });
});
