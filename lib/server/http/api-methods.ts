// Which methods each API route exports, so a wrong method gets a 405 problem+json with an Allow
// header at the edge (proxy.ts) instead of Next's empty 405. Next answers unexported methods
// before any route code runs, so the table has to live outside the routes; it has no server
// imports (proxy.ts loads it) and routes-inventory.test.ts fails when it differs from the
// methods app/api/**/route.ts really exports. Paths no entry matches fall through to Next,
// where app/api/[...path] answers 404.

export const EXPORTABLE_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"] as const;
export type ExportableMethod = (typeof EXPORTABLE_METHODS)[number];

/** Route folder under app/ (dynamic segments as Next writes them) → the methods its route.ts exports. */
export const API_ROUTE_METHODS: Readonly<Record<string, readonly ExportableMethod[]>> = {
  "/api/audit": ["GET"],
  "/api/audit/[correlationId]/review": ["POST"],
  "/api/audit/verify": ["GET"],
  "/api/auth/callback": ["GET"],
  "/api/auth/login": ["GET"],
  "/api/auth/logout": ["POST"],
  "/api/changes": ["GET"],
  "/api/clusters": ["GET"],
  "/api/health": ["GET"],
  "/api/me": ["GET"],
  "/api/metrics": ["GET"],
  "/api/nodes": ["GET"],
  "/api/poll": ["POST"],
  "/api/registries": ["GET"],
  "/api/releases": ["GET"],
  "/api/search": ["GET"],
  "/api/summary": ["GET"],
  "/api/workloads": ["GET"],
  "/api/workloads/[cluster]/[namespace]/[kind]/[name]": ["GET"],
  "/api/workloads/[cluster]/[namespace]/[kind]/[name]/pin": ["POST"],
  "/api/workloads/[cluster]/[namespace]/[kind]/[name]/unpin": ["POST"],
};

/**
 * What a route answers, by Next 16's rules (route-modules/app-route/helpers/auto-implement-methods):
 * HEAD comes with GET, OPTIONS always (a 204 with this same list), sorted as Next sorts its Allow.
 */
export function allowedMethods(exported: readonly string[]): string[] {
  const allow = new Set([...exported, "OPTIONS"]);
  if (allow.has("GET")) allow.add("HEAD");
  return [...allow].sort();
}

const isDynamic = (segment: string) => /^\[[^\].]+\]$/.test(segment);

/**
 * The route a pathname reaches, as Next picks it: same number of segments, static segments
 * equal, and at the first segment where candidates differ a static one beats a dynamic one.
 */
export function matchApiRoute(pathname: string): { route: string; allow: string[] } | null {
  const parts = pathname.split("/");
  let best: { route: string; rank: string } | null = null;
  for (const route of Object.keys(API_ROUTE_METHODS)) {
    const segs = route.split("/");
    if (segs.length !== parts.length) continue;
    let rank = "";
    let ok = true;
    for (let i = 0; i < segs.length && ok; i++) {
      if (isDynamic(segs[i]!)) rank += "1";
      else if (segs[i] === parts[i]) rank += "0";
      else ok = false;
    }
    if (ok && parts.every((p, i) => i === 0 || p !== "") && (!best || rank < best.rank)) best = { route, rank };
  }
  return best ? { route: best.route, allow: allowedMethods(API_ROUTE_METHODS[best.route]!) } : null;
}
