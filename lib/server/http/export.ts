import "server-only";
import { stringify } from "csv-stringify/sync";
import { logger } from "@/lib/server/logger";

// Streamed exports (CSV with a header row, or NDJSON): the body pulls one batch at a time from an
// async source, so a million rows cost the memory of one batch. Timestamps are the DTOs' ISO 8601
// UTC strings. The file name carries the filters, so a saved file says what it holds.

export type ExportColumn<T> = { header: string; value: (row: T) => unknown };

/** `driftwatch-audit_environment-prod_from-2026-09-01T00-00-00Z.csv`: only [A-Za-z0-9._-]. */
export function exportFilename(base: string, filters: Record<string, unknown>, ext: "csv" | "ndjson"): string {
  const safe = (v: string) => v.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  const parts = Object.entries(filters)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `${safe(k)}-${safe(String(v))}`);
  return `${[base, ...parts].join("_")}.${ext}`;
}

// csv-stringify writes true as "1" and false as "": spell them out.
const CSV_OPTIONS = { cast: { boolean: (v: boolean) => String(v) } };
const SLICE_ROWS = 50;
const cell = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : v);

export function streamExport<T>(opts: {
  format: "csv" | "ndjson";
  filename: string;
  columns: ExportColumn<T>[];
  batches: AsyncIterator<T[]>;
  /** The NDJSON form of a row (default: the row itself). */
  toJson?: (row: T) => unknown;
}): Response {
  const enc = new TextEncoder();
  let isFirst = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (isFirst && opts.format === "csv") controller.enqueue(enc.encode(stringify([opts.columns.map((c) => c.header)])));
        isFirst = false;
        const next = await opts.batches.next();
        if (next.done) {
          controller.close();
          return;
        }
        // Text in slices of a few dozen rows: a string over ~128 KiB is born in V8's old space,
        // where a whole batch's worth would pile up as garbage until a full collection.
        for (let i = 0; i < next.value.length; i += SLICE_ROWS) {
          const slice = next.value.slice(i, i + SLICE_ROWS);
          const text =
            opts.format === "csv"
              ? stringify(slice.map((r) => opts.columns.map((c) => cell(c.value(r)))), CSV_OPTIONS)
              : slice.map((r) => JSON.stringify(opts.toJson ? opts.toJson(r) : r)).join("\n") + "\n";
          controller.enqueue(enc.encode(text));
        }
      } catch (e) {
        // Headers are gone already: cut the stream so the client sees an incomplete download.
        logger.error("export failed mid-stream", { file: opts.filename, error: e instanceof Error ? e.message : String(e) });
        controller.error(e);
      }
    },
    async cancel() {
      await opts.batches.return?.(undefined);
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": opts.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${opts.filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
