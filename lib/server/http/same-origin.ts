import type { Identity } from "@/lib/server/auth/identity";
import type { AuthSettings } from "@/lib/server/auth/settings";

// CSRF defence for unsafe methods, without tokens: browsers always send `Origin` (and modern ones
// `Sec-Fetch-Site`) on a cross-site fetch or form post, and a page cannot send
// `Content-Type: application/json` to another origin without a CORS preflight we never answer.
// So: a request that looks like a browser must be same-origin and JSON; a request that looks like
// a script (neither header) must prove itself another way than an ambient cookie.

export const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const isBrowserRequest = (req: Request) => req.headers.has("origin") || req.headers.has("sec-fetch-site");

const isJson = (req: Request) => /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(req.headers.get("content-type") ?? "");

/** Why a browser's unsafe request is refused, or null when it is same-origin JSON. */
export function browserWriteRefusal(req: Request, settings: Pick<AuthSettings, "publicUrl">): { status: number; detail: string } | null {
  if (!isBrowserRequest(req)) return null;
  const site = req.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return { status: 403, detail: `cross-origin request refused (Sec-Fetch-Site: ${site})` };
  const origin = req.headers.get("origin");
  if (origin !== null && !isOwnOrigin(origin, req, settings)) return { status: 403, detail: "cross-origin request refused (Origin is not this site)" };
  if (!isJson(req)) return { status: 415, detail: "changes from a browser must be sent as JSON (Content-Type: application/json)" };
  return null;
}

function isOwnOrigin(origin: string, req: Request, settings: Pick<AuthSettings, "publicUrl">) {
  if (settings.publicUrl && origin === settings.publicUrl.origin) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file:) or garbage
  }
  // The Host header was already checked against the allowlist in proxy.ts.
  const host = req.headers.get("host");
  return host !== null && url.host.toLowerCase() === host.toLowerCase() && (url.protocol === "http:" || url.protocol === "https:");
}

/** A script (no browser headers) may change things only with credentials a browser never attaches by itself. */
export const scriptWriteAllowed = (identity: Identity) => identity.via === "bearer" || identity.via === "proxy" || identity.mode === "none";
