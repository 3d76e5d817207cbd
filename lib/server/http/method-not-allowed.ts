import { NextResponse } from "next/server";
import { matchApiRoute } from "@/lib/server/http/api-methods";

// proxy.ts's answer to a method a path does not take: 405 problem+json naming the method, with
// the Allow header RFC 9110 asks for (the same list Next's automatic OPTIONS gives). Pure of
// server state, so proxy.ts can load it and the unit tests can call it.

/** Set by scripts/trace-method.mjs (overwritten on every request): the method Node really received. */
export const ORIGINAL_METHOD_HEADER = "x-driftwatch-method";

/** Pages answer GET and HEAD (Driftwatch has no server actions); only TRACE is refused here for them. */
const PAGE_METHODS = ["GET", "HEAD"];

export function methodNotAllowed(method: string, pathname: string, allow: string[]) {
  const detail = `${method} is not allowed on ${pathname}; it allows ${allow.join(", ")}`;
  return NextResponse.json(
    { type: "about:blank", title: `Method ${method} Not Allowed`, status: 405, code: "METHOD_NOT_ALLOWED", detail, method, allow },
    { status: 405, headers: { "content-type": "application/problem+json", "cache-control": "no-store", allow: allow.join(", ") } },
  );
}

/**
 * The 405 for this request, or null when its route takes the method (or no API route matches:
 * app/api/[...path] then answers 404). TRACE reaches here as OPTIONS marked with its real name.
 */
export function refuseMethod(req: { method: string; headers: Headers; nextUrl: { pathname: string } }) {
  const traced = req.headers.get(ORIGINAL_METHOD_HEADER) === "TRACE";
  const method = traced ? "TRACE" : req.method.toUpperCase();
  const { pathname } = req.nextUrl;
  if (pathname === "/api" || pathname.startsWith("/api/")) {
    const match = matchApiRoute(pathname);
    if (match && !match.allow.includes(method)) return methodNotAllowed(method, pathname, match.allow);
    return null;
  }
  return traced ? methodNotAllowed(method, pathname, PAGE_METHODS) : null;
}
