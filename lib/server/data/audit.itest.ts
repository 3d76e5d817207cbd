// The audit log against a real Postgres: appends chain in id order (also when many run at once),
// an append inside a caller's transaction rolls back with it, and a superuser who bypasses the
// append-only trigger to edit or delete a row is named by the verifier.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createTestDatabase } from "@/test/db";
import { utcTypes } from "@/lib/server/db/pg-types";
import { appendAuditEvent, listAuditEventsByCorrelation, listAuditEventsByIdempotencyKey, type AuditEventInput } from "./audit";
import { verifyAuditChain } from "./audit-read";

const event = (over: Partial<AuditEventInput> = {}): AuditEventInput => ({
  correlationId: "chg-1", phase: "intent", action: "pin", actor: "alice", role: "operator", reason: "INC-42 rollback", ticket: "INC-42",
  cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "api", container: "api",
  fromImage: "reg/api:1.8", toImage: "reg/api:1.8@sha256:" + "a".repeat(64), idempotencyKey: "idem-1", details: { dryRun: { changed: ["spec.template"] } },
  ...over,
});

describe("audit log", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let prisma: PrismaClient;
  let su: pg.Client;
  let reader: pg.Pool; // the verifier reads with node-postgres, as the API and the CLI do
  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url, max: 8 }) });
    su = new pg.Client({ connectionString: db.url }); // the test server's user is a superuser
    await su.connect();
    reader = new pg.Pool({ connectionString: db.url, types: utcTypes, max: 2 });
  });
  afterAll(async () => {
    await su?.end();
    await reader?.end();
    await prisma?.$disconnect();
    await db?.drop();
  });

  it("chains appends: each event points at the previous one's hash, and phases of one change list together", async () => {
    const a = await appendAuditEvent(event(), prisma);
    const b = await appendAuditEvent(event({ phase: "result", outcome: "applied", details: { resourceVersion: "12" } }), prisma);
    await appendAuditEvent(event({ correlationId: "chg-2", action: "poll-now", idempotencyKey: null }), prisma);
    const events = await listAuditEventsByCorrelation("chg-1", prisma);
    expect(events.map((e) => [e.id, e.phase, e.outcome, e.hash, e.prevHash])).toEqual([
      [a.id, "intent", null, a.hash, null],
      [b.id, "result", "applied", b.hash, a.hash],
    ]);
    expect(events[0]).toMatchObject({ role: "operator", ticket: "INC-42", idempotencyKey: "idem-1", details: { dryRun: { changed: ["spec.template"] } } });
    expect(events[0]!.at).toBe(a.at.toISOString());
    expect((await listAuditEventsByIdempotencyKey("idem-1", prisma)).map((e) => e.id)).toEqual([a.id, b.id]);
    expect(await verifyAuditChain(reader)).toMatchObject({ ok: true, checked: 3, legacy: 0, firstBreak: null });
  });

  it("keeps one chain when 40 appends race on 8 connections", async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => appendAuditEvent(event({ correlationId: `race-${i}`, phase: "rollout", details: { i } }), prisma)));
    const rows = await prisma.auditEvent.findMany({ select: { id: true, prevHash: true, hash: true, at: true }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(43);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
      expect(rows[i]!.at.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.at.getTime());
    }
    expect(await verifyAuditChain(reader, { batch: 7 })).toMatchObject({ ok: true, checked: 43, head: { id: rows[42]!.id.toString(), hash: rows[42]!.hash } });
  });

  it("commits or rolls back with the caller's transaction", async () => {
    const before = await prisma.auditEvent.count();
    await expect(
      prisma.$transaction(async (tx) => {
        await appendAuditEvent(event({ correlationId: "rolled-back" }), tx);
        throw new Error("the PATCH failed before commit");
      }),
    ).rejects.toThrow("the PATCH failed before commit");
    await prisma.$transaction(async (tx) => {
      await appendAuditEvent(event({ correlationId: "in-tx", phase: "intent" }), tx);
      await appendAuditEvent(event({ correlationId: "in-tx", phase: "result", outcome: "applied" }), tx);
    });
    expect(await prisma.auditEvent.count()).toBe(before + 2);
    expect(await listAuditEventsByCorrelation("rolled-back", prisma)).toEqual([]);
    expect((await verifyAuditChain(reader)).ok).toBe(true);
  });

  it("still refuses UPDATE and DELETE for ordinary sessions", async () => {
    await expect(su.query(`UPDATE audit_event SET actor = 'mallory'`)).rejects.toThrow(/append-only/);
    await expect(su.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
  });

  it("names the event a superuser edited with the trigger disabled, then the one after a deleted event", async () => {
    const target = (await listAuditEventsByCorrelation("race-7", prisma))[0]!;
    await su.query(`BEGIN; SET LOCAL session_replication_role = replica; UPDATE audit_event SET "toImage" = 'evil/api@sha256:ff' WHERE id = $1; COMMIT;`.replace("$1", target.id));
    expect((await verifyAuditChain(reader)).firstBreak).toEqual({
      id: target.id, correlationId: "race-7", problem: "content", message: `event ${target.id} was changed after it was written: its content does not match its hash`,
    });

    // A fresh copy of the log where a row is deleted instead (ALTER TABLE … DISABLE TRIGGER ALL).
    const other = await createTestDatabase();
    const p2 = new PrismaClient({ adapter: new PrismaPg({ connectionString: other.url }) });
    const c2 = new pg.Client({ connectionString: other.url, types: utcTypes });
    await c2.connect();
    try {
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push((await appendAuditEvent(event({ correlationId: `d-${i}` }), p2)).id);
      expect(await verifyAuditChain(c2)).toMatchObject({ ok: true, checked: 5 });
      await c2.query(`ALTER TABLE audit_event DISABLE TRIGGER ALL`);
      await c2.query(`DELETE FROM audit_event WHERE id = ${ids[2]}`);
      await c2.query(`ALTER TABLE audit_event ENABLE TRIGGER ALL`);
      const res = await verifyAuditChain(c2);
      expect([res.ok, res.checked, res.firstBreak?.id, res.firstBreak?.correlationId, res.firstBreak?.problem]).toEqual([false, 2, ids[3], "d-3", "link"]);
    } finally {
      await c2.end();
      await p2.$disconnect();
      await other.drop();
    }
  });
});
