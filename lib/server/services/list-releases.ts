import "server-only";
import { compareReleaseIntervals, releaseIntervals, type ReleaseInterval } from "@/lib/drift/release-intervals";
import { FIELD_MANAGER } from "@/lib/kube/field-manager";
import { getPgPool } from "@/lib/server/db/pg-pool";
import type { Queryable } from "@/lib/server/db/pg-types";
import { listReportWorkloads, loadDriftwatchChanges, loadIndexPlatforms, loadStateIntervals, type ChangeWindow, type DriftwatchChange, type ReportWorkload, type WorkloadKey } from "@/lib/server/data/releases";
import { AppError } from "@/lib/server/errors";
import { exportFilename, streamExport, type ExportColumn } from "@/lib/server/http/export";
import type { ReleaseFilters, ReleaseListDto, ReleaseQuery, ReleaseRowDto } from "@/lib/schemas/audit";

// The release report: what ran, where, from when to when, deployed by digest or tag, and who
// changed it. Rows come workload by workload (cluster, namespace, kind, name order), so both the
// paged API and the streamed exports read by keyset with memory bounded by one batch.

/** How long before a new interval a Driftwatch change may have happened (a poll sees it later). */
const MATCH_WINDOW_MS = 2 * 3600_000;
const CLOCK_SKEW_MS = 60_000;
/**
 * States read per batch, about: the next batch takes as many workloads as the last one's states
 * per workload allow (1 to 50). A batch's states, intervals and rows are what a report holds in
 * memory; with 20 workloads of a year each (~1,000 states) V8 let the heap grow ~70 MB more.
 */
const STATE_BUDGET = 500;

type Cursor = { w: WorkloadKey; row: Pick<ReleaseInterval, "container" | "release" | "specImage"> & { from: string } };

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.w.cluster, c.w.namespace, c.w.kind, c.w.name, c.row.container, c.row.from, c.row.release, c.row.specImage])).toString("base64url");
function decodeCursor(s: string): Cursor {
  try {
    const v = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === 8 && v.every((x) => typeof x === "string") && !Number.isNaN(Date.parse(String(v[5])))) {
      const [cluster, namespace, kind, name, container, from, release, specImage] = v as string[];
      return { w: { cluster: cluster!, namespace: namespace!, kind: kind!, name: name! }, row: { container: container!, from: from!, release: release!, specImage: specImage! } };
    }
  } catch {
    // fall through
  }
  throw new AppError("BAD_REQUEST", "cursor must come from a previous response", { invalid: [{ field: "cursor", message: "not a cursor of this report" }] });
}

const digestOf = (image: string) => /@(sha256:[a-f0-9]{64})$/.exec(image)?.[1] ?? null;

/** The Driftwatch change that made this interval: same container and target image, shortly before it began. */
function matchChange(iv: ReleaseInterval, changes: DriftwatchChange[]): DriftwatchChange | null {
  const start = iv.from.getTime();
  let best: DriftwatchChange | null = null;
  for (const c of changes) {
    if (c.container && c.container !== iv.container) continue;
    const target = c.toImage ?? "";
    if (target !== iv.specImage && !(digestOf(target) && digestOf(target) === digestOf(iv.specImage))) continue;
    const at = c.at.getTime();
    if (at > start + CLOCK_SKEW_MS || at < start - MATCH_WINDOW_MS) continue;
    if (!best || at > best.at.getTime()) best = c;
  }
  return best;
}

/** An interval a Driftwatch change may have begun: a new spec image that Driftwatch's field manager (or no known one) set. */
const mayBeDriftwatch = (iv: ReleaseInterval) => iv.start !== "release-change" && (!iv.imageManager || iv.imageManager === FIELD_MANAGER);

/** Per workload, the time span in which a change could have begun one of its intervals (none: no such interval). */
function changeWindows(perWorkload: { w: ReportWorkload; ivs: ReleaseInterval[] }[]): ChangeWindow[] {
  return perWorkload.flatMap(({ w, ivs }) => {
    const starts = ivs.filter(mayBeDriftwatch).map((iv) => iv.from.getTime());
    if (starts.length === 0) return [];
    return [{ cluster: w.cluster, namespace: w.namespace, kind: w.kind, name: w.name, from: new Date(Math.min(...starts) - MATCH_WINDOW_MS), to: new Date(Math.max(...starts) + CLOCK_SKEW_MS) }];
  });
}

function toRow(w: ReportWorkload, iv: ReleaseInterval, changes: DriftwatchChange[], platforms: Map<string, string[]>, now: Date): ReleaseRowDto {
  // The image's field manager outranks timing: when another manager set the image (kubectl set
  // to a digest a Driftwatch pin also chose, within the window), that manager made the change.
  const change = mayBeDriftwatch(iv) ? matchChange(iv, changes) : null;
  const changedBy: ReleaseRowDto["changedBy"] = change
    ? { type: "driftwatch", name: change.actor }
    : iv.start !== "release-change" && iv.imageManager
      ? { type: "field-manager", name: iv.imageManager }
      : { type: "unknown", name: null };
  const index = platforms.get(iv.release);
  return {
    cluster: w.cluster, environment: w.environment, namespace: w.namespace, kind: w.kind, name: w.name,
    container: iv.container, specImage: iv.specImage, digest: iv.release,
    indexDigest: index ? iv.release : null, platformDigests: index ?? [],
    from: iv.from.toISOString(), to: iv.to?.toISOString() ?? null,
    durationSeconds: Math.round(((iv.to ?? now).getTime() - iv.from.getTime()) / 1000),
    byDigest: digestOf(iv.specImage) !== null,
    changedBy,
    correlationId: change?.correlationId ?? null,
  };
}

const overlaps = (iv: ReleaseInterval, f: ReleaseFilters) =>
  (!f.to || iv.from.getTime() < Date.parse(f.to)) && (!f.from || iv.to === null || iv.to.getTime() > Date.parse(f.from));

/** Batches of report rows, workload by workload, starting after `cursor`. */
export async function* releaseRows(db: Queryable, opts: { filters: ReleaseFilters; cursor?: Cursor; now?: Date }): AsyncGenerator<{ rows: ReleaseRowDto[]; keys: Cursor[] }> {
  const now = opts.now ?? new Date();
  const f = opts.filters;
  let after: WorkloadKey | undefined = opts.cursor?.w;
  let inclusive = opts.cursor !== undefined;
  let take = 10;
  for (;;) {
    const workloads = await listReportWorkloads(db, { filters: f, after, inclusive, take });
    if (workloads.length === 0) return;
    const states = await loadStateIntervals(db, { workloadIds: workloads.map((w) => w.id), from: f.from, to: f.to });
    const stateCount = [...states.values()].reduce((n, list) => n + list.length, 0);
    const perWorkload = workloads.map((w) => ({ w, ivs: releaseIntervals(states.get(w.id) ?? []).filter((iv) => overlaps(iv, f)) }));
    const [changes, platforms] = await Promise.all([
      loadDriftwatchChanges(db, changeWindows(perWorkload)),
      loadIndexPlatforms(db, [...new Set(perWorkload.flatMap((p) => p.ivs.map((iv) => iv.release)))]),
    ]);
    const rows: ReleaseRowDto[] = [];
    const keys: Cursor[] = [];
    for (const { w, ivs } of perWorkload) {
      const own = changes.filter((c) => c.cluster === w.cluster && c.namespace === w.namespace && c.kind === w.kind && c.name === w.name);
      const isCursorWorkload = opts.cursor && inclusive && sameWorkload(w, opts.cursor.w);
      for (const iv of ivs) {
        if (isCursorWorkload && compareReleaseIntervals(iv, { ...opts.cursor!.row, from: new Date(opts.cursor!.row.from), to: null, start: "first-seen", imageManager: null }) <= 0) continue;
        rows.push(toRow(w, iv, own, platforms, now));
        keys.push({ w, row: { container: iv.container, from: iv.from.toISOString(), release: iv.release, specImage: iv.specImage } });
      }
    }
    yield { rows, keys };
    if (workloads.length < take) return;
    take = Math.max(1, Math.min(50, Math.floor((STATE_BUDGET * workloads.length) / Math.max(1, stateCount))));
    const last = workloads[workloads.length - 1]!;
    after = { cluster: last.cluster, namespace: last.namespace, kind: last.kind, name: last.name };
    inclusive = false;
  }
}

const sameWorkload = (a: WorkloadKey, b: WorkloadKey) => a.cluster === b.cluster && a.namespace === b.namespace && a.kind === b.kind && a.name === b.name;

export function releaseFiltersOf(q: ReleaseQuery): ReleaseFilters {
  const { cursor: _c, limit: _l, format: _f, ...filters } = q;
  return filters;
}

export async function listReleases(q: ReleaseQuery, now = new Date()): Promise<ReleaseListDto> {
  const items: ReleaseRowDto[] = [];
  let lastKey: Cursor | null = null;
  let hasMore = false;
  const gen = releaseRows(getPgPool(), { filters: releaseFiltersOf(q), cursor: q.cursor ? decodeCursor(q.cursor) : undefined, now });
  for await (const batch of gen) {
    for (let i = 0; i < batch.rows.length; i++) {
      if (items.length === q.limit) {
        hasMore = true;
        break;
      }
      items.push(batch.rows[i]!);
      lastKey = batch.keys[i]!;
    }
    if (hasMore) break;
  }
  await gen.return(undefined);
  return { items, nextCursor: hasMore && lastKey ? encodeCursor(lastKey) : null };
}

export const RELEASE_COLUMNS: ExportColumn<ReleaseRowDto>[] = [
  ...(["cluster", "environment", "namespace", "kind", "name", "container", "specImage", "digest", "indexDigest"] as const).map((k) => ({ header: k, value: (r: ReleaseRowDto) => r[k] })),
  { header: "platformDigests", value: (r) => r.platformDigests.join(" ") },
  ...(["from", "to", "durationSeconds", "byDigest"] as const).map((k) => ({ header: k, value: (r: ReleaseRowDto) => r[k] })),
  { header: "changedByType", value: (r) => r.changedBy.type },
  { header: "changedByName", value: (r) => r.changedBy.name },
  { header: "correlationId", value: (r) => r.correlationId },
];

export function exportReleases(q: ReleaseQuery, format: "csv" | "ndjson", now = new Date()): Response {
  const filters = releaseFiltersOf(q);
  async function* batches() {
    for await (const b of releaseRows(getPgPool(), { filters, now })) if (b.rows.length) yield b.rows;
  }
  return streamExport({ format, filename: exportFilename("driftwatch-releases", filters, format), columns: RELEASE_COLUMNS, batches: batches() });
}
