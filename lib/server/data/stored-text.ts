// Error texts come from outside (registries, API servers, kubelets) and can be megabytes; they
// are copied into poll, cluster, tag and workload rows kept for weeks. Every text stored is cut
// to 1 KiB of UTF-8 here, the one place that decides how.

export const MAX_STORED_TEXT_BYTES = 1024;
const MARK = " …[truncated]";

/** `text` if it fits in `max` UTF-8 bytes, else its longest prefix that fits with the mark (never half a character). */
export function boundText(text: string, max = MAX_STORED_TEXT_BYTES): string {
  if (Buffer.byteLength(text, "utf8") <= max) return text;
  const budget = max - Buffer.byteLength(MARK, "utf8");
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch, "utf8");
    if (bytes + n > budget) break;
    bytes += n;
    end += ch.length;
  }
  return text.slice(0, end) + MARK;
}

export function boundOptionalText(text: string | null | undefined): string | null {
  return text == null ? null : boundText(text);
}

/** Every string inside a JSON value (messages in findings, gaps, resolutions) bounded; shape kept. */
export function boundTexts<T>(value: T): T {
  if (typeof value === "string") return boundText(value) as T;
  if (Array.isArray(value)) return value.map((v) => boundTexts(v)) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, boundTexts(v)])) as T;
  }
  return value;
}
