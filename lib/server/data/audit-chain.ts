import { createHash } from "node:crypto";

// The audit log's hash chain, pure: what an event's hash covers and how a run of events is
// checked. Each event's hash covers its id, its time, every recorded field and the previous
// event's hash, so editing, deleting, inserting or reordering a row breaks the chain at that row.

/** The fields an event's hash covers (exactly what is stored, as read back from Postgres). */
export type ChainedContent = {
  id: bigint | string;
  at: Date;
  correlationId: string;
  phase: string;
  action: string;
  actor: string;
  role: string | null;
  reason: string | null;
  ticket: string | null;
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
  container: string | null;
  fromImage: string | null;
  toImage: string | null;
  outcome: string | null;
  idempotencyKey: string | null;
  details: unknown;
  prevHash: string | null;
};

/** JSON with object keys sorted at every depth: one text per value, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** sha256 (hex) of the event's canonical content, its previous hash included. */
export function hashAuditContent(e: ChainedContent): string {
  const content = {
    v: 1,
    id: String(e.id),
    at: e.at.toISOString(),
    correlationId: e.correlationId,
    phase: e.phase,
    action: e.action,
    actor: e.actor,
    role: e.role,
    reason: e.reason,
    ticket: e.ticket,
    cluster: e.cluster,
    namespace: e.namespace,
    kind: e.kind,
    name: e.name,
    container: e.container,
    fromImage: e.fromImage,
    toImage: e.toImage,
    outcome: e.outcome,
    idempotencyKey: e.idempotencyKey,
    details: e.details ?? {},
    prevHash: e.prevHash,
  };
  return createHash("sha256").update(canonicalJson(content)).digest("hex");
}

export type ChainRow = ChainedContent & { hash: string | null };

/** Every stored column of an event (a Prisma select): what the verifier reads. */
export const CHAIN_SELECT = {
  id: true, at: true, correlationId: true, phase: true, action: true, actor: true, role: true, reason: true, ticket: true,
  cluster: true, namespace: true, kind: true, name: true, container: true, fromImage: true, toImage: true, outcome: true,
  idempotencyKey: true, details: true, prevHash: true, hash: true,
} as const;

export type ChainBreak = {
  id: string;
  correlationId: string;
  /** content: the row's fields no longer match its hash; link: prevHash is not the previous row's hash; unchained: a row without a hash after the chain began. */
  problem: "content" | "link" | "unchained";
  message: string;
};

/**
 * Checks events in id order, carrying state between batches. Rows without a hash before the first
 * chained row predate the chain (written before it existed) and are counted, not judged.
 */
export class ChainVerifier {
  checked = 0;
  legacy = 0;
  lastHash: string | null = null;
  lastId: string | null = null;
  broken: ChainBreak | null = null;
  private started = false;

  /** Returns false once a break is found (later rows are not judged: the first break is the news). */
  push(row: ChainRow): boolean {
    if (this.broken) return false;
    const id = String(row.id);
    const at = (problem: ChainBreak["problem"], message: string) => {
      this.broken = { id, correlationId: row.correlationId, problem, message };
      return false;
    };
    if (row.hash === null) {
      if (this.started) return at("unchained", `event ${id} has no hash, but the chain began before it`);
      this.legacy += 1;
      this.lastId = id;
      return true;
    }
    if (this.started && row.prevHash !== this.lastHash) {
      return at("link", `event ${id} says the previous hash is ${row.prevHash ?? "none"}, but event ${this.lastId} has ${this.lastHash}`);
    }
    if (!this.started && row.prevHash !== null) {
      return at("link", `event ${id} is the first chained event but points at a previous hash ${row.prevHash}`);
    }
    if (hashAuditContent(row) !== row.hash) return at("content", `event ${id} was changed after it was written: its content does not match its hash`);
    this.started = true;
    this.checked += 1;
    this.lastHash = row.hash;
    this.lastId = id;
    return true;
  }
}

export type AuditVerification = {
  ok: boolean;
  /** Chained events whose hash and link were checked. */
  checked: number;
  /** Events written before the chain existed (no hash), at the start of the log. */
  legacy: number;
  /** The last event that verified (the newest when ok): keep it elsewhere to also detect a truncated tail. */
  head: { id: string; hash: string | null } | null;
  firstBreak: ChainBreak | null;
};

/**
 * Walks the log in id order through `fetchBatch` (keyset: rows with id > after, ascending), so
 * memory stays flat; stops at the first break. Shared by the API and the command line.
 */
export async function verifyChain(fetchBatch: (after: bigint | null, limit: number) => Promise<ChainRow[]>, batch = 500): Promise<AuditVerification> {
  const verifier = new ChainVerifier();
  let after: bigint | null = null;
  for (;;) {
    const rows = await fetchBatch(after, batch);
    for (const r of rows) if (!verifier.push(r)) break;
    if (verifier.broken || rows.length < batch) break;
    after = BigInt(rows[rows.length - 1]!.id);
  }
  return {
    ok: verifier.broken === null,
    checked: verifier.checked,
    legacy: verifier.legacy,
    head: verifier.lastId === null ? null : { id: verifier.lastId, hash: verifier.lastHash },
    firstBreak: verifier.broken,
  };
}
