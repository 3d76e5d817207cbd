// Formatting helpers shared by the UI. Pure and deterministic.

/** "sha256:abcd1234…" → first 12 hex digits ("abcd1234ef56"); other strings unchanged. */
export function shortDigest(digest: string): string {
  const match = /sha256:([0-9a-f]{12})/i.exec(digest);
  return match?.[1] ? match[1].toLowerCase() : digest;
}

/** An image reference with its pinned digest shortened: "shop/checkout:2.4.1@sha256:abcd1234ef56…". */
export function shortImageRef(image: string): string {
  return image.replace(/@sha256:([a-f0-9]{64})$/, (_, hex: string) => `@sha256:${hex.slice(0, 12)}…`);
}

export const RELEASE_PALETTE_SIZE = 8;

/** A stable palette index for a release, so the same bytes have the same colour on every page. */
export function releaseColor(digest: string, paletteSize = RELEASE_PALETTE_SIZE): number {
  if (paletteSize <= 0) return 0;
  const hex = /sha256:([0-9a-f]{8})/i.exec(digest)?.[1];
  if (hex) return parseInt(hex, 16) % paletteSize;
  // Not a digest: a small string hash (djb2) keeps it stable all the same.
  let hash = 5381;
  for (let i = 0; i < digest.length; i++) hash = (hash * 33 + digest.charCodeAt(i)) >>> 0;
  return hash % paletteSize;
}

/** "45s", "12m", "3h 5m", "2d 4h" — the age of data or of a release. */
export function describeAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days}d ${hours % 24}h` : `${days}d`;
}
