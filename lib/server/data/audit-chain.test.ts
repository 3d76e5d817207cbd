import { describe, expect, it } from "vitest";
import { canonicalJson, ChainVerifier, hashAuditContent, type ChainRow } from "./audit-chain";

const base = {
  at: new Date("2026-12-01T10:00:00.123Z"), correlationId: "c-1", phase: "intent", action: "pin", actor: "alice", role: "operator",
  reason: "rollback after incident", ticket: "INC-7", cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "api",
  container: "api", fromImage: "r/api:1", toImage: "r/api@sha256:aa", outcome: null, idempotencyKey: "k1", details: { b: 1, a: [1, { d: 2, c: 3 }] },
};

/** A correctly chained run of n events. */
function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prevHash: string | null = null;
  for (let i = 1; i <= n; i++) {
    const content = { ...base, id: BigInt(i), correlationId: `c-${Math.ceil(i / 2)}`, prevHash };
    const hash = hashAuditContent(content);
    rows.push({ ...content, hash });
    prevHash = hash;
  }
  return rows;
}

const run = (rows: ChainRow[]) => {
  const v = new ChainVerifier();
  for (const r of rows) if (!v.push(r)) break;
  return v;
};

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined, x: null }], c: "é" } })).toBe('{"a":{"c":"é","d":[3,{"x":null,"z":1}]},"b":1}');
  });
  it("gives the same text whatever the key order", () => {
    expect(canonicalJson({ x: 1, y: { p: 1, q: 2 } })).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }));
  });
});

describe("hashAuditContent", () => {
  it("changes when any covered field changes", () => {
    const h = hashAuditContent({ ...base, id: 1n, prevHash: null });
    const variants = [
      { id: 2n }, { at: new Date("2026-12-01T10:00:00.124Z") }, { actor: "mallory" }, { reason: null }, { toImage: "r/api@sha256:bb" },
      { details: { b: 2, a: [1, { d: 2, c: 3 }] } }, { prevHash: "00" }, { role: "viewer" }, { ticket: "INC-8" }, { outcome: "applied" },
    ];
    const hashes = variants.map((v) => hashAuditContent({ ...base, id: 1n, prevHash: null, ...v }));
    expect(new Set([h, ...hashes]).size).toBe(variants.length + 1);
  });
  it("does not depend on the key order of details, nor on the id's type", () => {
    expect(hashAuditContent({ ...base, id: 5n, prevHash: null })).toBe(hashAuditContent({ ...base, id: "5", prevHash: null, details: { a: [1, { c: 3, d: 2 }], b: 1 } }));
  });
});

describe("ChainVerifier", () => {
  it("accepts an intact chain after a prefix of events written before the chain existed", () => {
    const legacy: ChainRow[] = [{ ...base, id: 1n, prevHash: null, hash: null }, { ...base, id: 2n, prevHash: null, hash: null }];
    const rows = chain(4).map((r) => ({ ...r, id: r.id as bigint + 2n })); // ids 3..6, hashed as 1..4: re-hash
    let prev: string | null = null;
    const rechained = rows.map((r) => { const c = { ...r, prevHash: prev }; const hash = hashAuditContent(c); prev = hash; return { ...c, hash }; });
    const v = run([...legacy, ...rechained]);
    expect({ broken: v.broken, checked: v.checked, legacy: v.legacy, lastId: v.lastId }).toEqual({ broken: null, checked: 4, legacy: 2, lastId: "6" });
  });

  it("names an edited event by id and correlation id", () => {
    const rows = chain(6);
    rows[2] = { ...rows[2]!, actor: "mallory" };
    expect(run(rows).broken).toEqual({ id: "3", correlationId: "c-2", problem: "content", message: "event 3 was changed after it was written: its content does not match its hash" });
  });

  it("names the event after a deleted one (its link points at a hash that is gone)", () => {
    const rows = chain(6);
    rows.splice(3, 1);
    const v = run(rows);
    expect([v.broken?.id, v.broken?.correlationId, v.broken?.problem, v.checked]).toEqual(["5", "c-3", "link", 3]);
  });

  it("catches a re-hashed edit (content matches its own hash, but the next event's link breaks)", () => {
    const rows = chain(5);
    const edited = { ...rows[1]!, toImage: "evil@sha256:ff" };
    rows[1] = { ...edited, hash: hashAuditContent(edited) };
    expect([run(rows).broken?.id, run(rows).broken?.problem]).toEqual(["3", "link"]);
  });

  it("refuses a hash-less event once the chain has begun, and a first event pointing at a missing predecessor", () => {
    const rows = chain(3);
    expect(run([rows[0]!, { ...rows[1]!, hash: null }]).broken?.problem).toBe("unchained");
    expect(run(rows.slice(1)).broken).toEqual({ id: "2", correlationId: "c-1", problem: "link", message: `event 2 is the first chained event but points at a previous hash ${rows[0]!.hash}` });
  });
});
