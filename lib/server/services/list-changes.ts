import "server-only";
import { getDb } from "@/lib/server/db/client";
import { listTagMovePage, listTransitionPage, type ChangeKey, type TagMoveRow, type TransitionRow } from "@/lib/server/data/changes";
import type { Transition } from "@/lib/server/data/workload-states";
import { AppError } from "@/lib/server/errors";
import type { ChangesQuery } from "@/lib/schemas/audit";
import type { ChangeDto, ChangeListDto } from "@/lib/schemas/fleet";

// Release transitions and tag moves across the fleet, newest first, paged by keyset over both
// sources merged in one order (time desc, source, id desc), so a long range reads in full.

const DAY = 24 * 3600 * 1000;

const encodeCursor = (k: ChangeKey) => Buffer.from(`${k.at.toISOString()}|${k.source}|${k.id}`).toString("base64url");
function decodeCursor(s: string): ChangeKey {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\|(release|tag)\|(\d{1,19})$/.exec(Buffer.from(s, "base64url").toString("utf8"));
  if (!m) throw new AppError("BAD_REQUEST", "cursor must come from a previous response", { invalid: [{ field: "cursor", message: "not a cursor of this feed" }] });
  return { at: new Date(m[1]!), source: m[2] as ChangeKey["source"], id: BigInt(m[3]!) };
}

type Row = { key: ChangeKey; items: ChangeDto[] };

function transitionItems(t: TransitionRow): ChangeDto[] {
  return ((t.changes as Transition[]) ?? []).map((c) => ({
    type: "release" as const,
    at: t.from.toISOString(),
    cluster: t.cluster,
    environment: t.environment,
    namespace: t.namespace,
    kind: t.kind,
    name: t.name,
    container: c.container,
    ...(c.fromSpecImage !== c.toSpecImage ? { fromImage: c.fromSpecImage ?? undefined, toImage: c.toSpecImage ?? undefined } : {}),
    fromReleases: c.type === "release-change" ? c.fromReleases : [],
    toReleases: c.type === "release-change" ? c.toReleases : [],
  }));
}

const tagItem = (m: TagMoveRow): ChangeDto => ({
  type: "tag",
  at: m.from.toISOString(),
  reference: m.reference,
  fromDigest: m.previousDigest,
  toDigest: m.digest,
  error: m.errorCode ? { code: m.errorCode, message: m.errorMessage } : null,
});

const compareKeys = (a: ChangeKey, b: ChangeKey) =>
  b.at.getTime() - a.at.getTime() || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0);

/** Default window: the 7 days before `until` (or now). A page holds whole rows: `limit` items or a few more. */
export async function listChanges(q: ChangesQuery, now = new Date()): Promise<ChangeListDto> {
  const until = q.until ? new Date(q.until) : undefined;
  const since = q.since ? new Date(q.since) : new Date((until ?? now).getTime() - 7 * DAY);
  const { environment, cluster, namespace, kind, name } = q;
  const win = { since, until, after: q.cursor ? decodeCursor(q.cursor) : undefined, take: q.limit + 1, filters: { environment, cluster, namespace, kind, name } };
  const db = getDb();
  const [transitions, moves] = await Promise.all([listTransitionPage(db, win), listTagMovePage(db, win)]);
  const rows: Row[] = [
    ...transitions.map((t) => ({ key: { at: t.from, source: "release" as const, id: t.id }, items: transitionItems(t) })),
    ...moves.map((m) => ({ key: { at: m.from, source: "tag" as const, id: m.id }, items: [tagItem(m)] })),
  ].sort((a, b) => compareKeys(a.key, b.key));
  const items: ChangeDto[] = [];
  let taken = 0;
  while (taken < rows.length && items.length < q.limit) items.push(...rows[taken++]!.items);
  const hasMore = taken < rows.length;
  return { items, nextCursor: hasMore ? encodeCursor(rows[taken - 1]!.key) : null };
}
