import { NextResponse, type NextRequest } from "next/server";
import { getAuthSettings } from "@/lib/server/auth/settings";
import { contentSecurityPolicy, isAllowedHost, securityHeaders } from "@/lib/server/http/edge";
import { refuseMethod } from "@/lib/server/http/method-not-allowed";

// Next 16's request proxy (formerly middleware), in front of every page and API route:
//  - a Host allowlist (DNS rebinding: a hostile name resolving to us must not read the fleet);
//  - security headers, with a fresh CSP nonce per page that Next puts on its own scripts;
//  - 405 problem+json (with Allow) for a method the API route does not export, and for TRACE.
// Authentication is NOT decided here: routes (withRoute) and pages (the root layout) check the
// session themselves, so nothing depends on this file having run.

export function proxy(req: NextRequest) {
  const settings = getAuthSettings();
  const isHttps = settings.publicUrl?.protocol === "https:";
  const isApi = req.nextUrl.pathname.startsWith("/api/");
  const host = req.headers.get("host");
  // Liveness probes address the pod by IP; /api/health names nothing of the fleet.
  if (!isAllowedHost(host, settings) && req.nextUrl.pathname !== "/api/health") {
    const res = NextResponse.json(
      { type: "about:blank", title: "Misdirected Request", status: 421, code: "HOST_NOT_ALLOWED", detail: "this Host is not one Driftwatch serves; add it to DRIFTWATCH_ALLOWED_HOSTS" },
      { status: 421, headers: { "content-type": "application/problem+json", "cache-control": "no-store" } },
    );
    return withHeaders(res, contentSecurityPolicy("api", "", false, isHttps), isHttps);
  }
  const refused = refuseMethod(req);
  if (refused) return withHeaders(refused, contentSecurityPolicy("api", "", false, isHttps), isHttps);
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(isApi ? "api" : "page", nonce, process.env.NODE_ENV === "development", isHttps);
  const requestHeaders = new Headers(req.headers);
  if (!isApi) {
    requestHeaders.set("content-security-policy", csp);
    requestHeaders.set("x-nonce", nonce);
    // Lets the root layout tell the login page from the others (the session check is its own).
    requestHeaders.set("x-driftwatch-path", req.nextUrl.pathname);
  }
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp, isHttps);
}

function withHeaders(res: NextResponse, csp: string, isHttps: boolean) {
  res.headers.set("content-security-policy", csp);
  for (const [k, v] of Object.entries(securityHeaders(isHttps))) res.headers.set(k, v);
  return res;
}

export const config = {
  // Everything but the hashed build assets (immutable, no data).
  // Also a TRACE anywhere (scripts/trace-method.mjs marks it with ORIGINAL_METHOD_HEADER; Next
  // reads this config statically, so the name is written out), so it is never served as OPTIONS.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)", { source: "/:path*", has: [{ type: "header", key: "x-driftwatch-method" }] }],
};
