import { describe, expect, it } from "vitest";
import { allowedMethods, matchApiRoute } from "@/lib/server/http/api-methods";
import { refuseMethod } from "@/lib/server/http/method-not-allowed";

const request = (method: string, pathname: string, headers: Record<string, string> = {}) => ({ method, headers: new Headers(headers), nextUrl: { pathname } });

describe("Allow, by Next's rules", () => {
  it.each([
    [["GET"], ["GET", "HEAD", "OPTIONS"]],
    [["POST"], ["OPTIONS", "POST"]],
    [["GET", "HEAD", "DELETE"], ["DELETE", "GET", "HEAD", "OPTIONS"]],
    [["OPTIONS", "PUT"], ["OPTIONS", "PUT"]],
  ])("%j exported → %j", (exported, allow) => {
    expect(allowedMethods(exported)).toEqual(allow);
  });
});

describe("matching a pathname to its route", () => {
  it.each([
    ["/api/clusters", "/api/clusters"],
    ["/api/audit/verify", "/api/audit/verify"],
    ["/api/audit/0f3c/review", "/api/audit/[correlationId]/review"],
    ["/api/workloads/prod-eu/shop/Deployment/checkout", "/api/workloads/[cluster]/[namespace]/[kind]/[name]"],
    // a workload named "pin" is the detail route, one level deeper is the pin route
    ["/api/workloads/prod-eu/shop/Deployment/pin", "/api/workloads/[cluster]/[namespace]/[kind]/[name]"],
    ["/api/workloads/prod-eu/shop/Deployment/checkout/pin", "/api/workloads/[cluster]/[namespace]/[kind]/[name]/pin"],
    ["/api/workloads/prod-eu/shop/Deployment", null],
    ["/api/workloads/prod-eu//Deployment/checkout", null],
    ["/api/clusters/extra", null],
    ["/api/no-such-thing", null],
  ])("%s → %s", (pathname, route) => {
    expect(matchApiRoute(pathname)?.route ?? null).toBe(route);
  });
});

describe("refuseMethod", () => {
  const answer = async (res: Response | null) =>
    res && { status: res.status, type: res.headers.get("content-type"), allow: res.headers.get("allow"), body: await res.json() };

  it("a PUT on a GET-only route: 405 problem+json naming the method, with Allow", async () => {
    expect(await answer(refuseMethod(request("PUT", "/api/clusters")))).toEqual({
      status: 405,
      type: "application/problem+json",
      allow: "GET, HEAD, OPTIONS",
      body: {
        type: "about:blank",
        title: "Method PUT Not Allowed",
        status: 405,
        code: "METHOD_NOT_ALLOWED",
        detail: "PUT is not allowed on /api/clusters; it allows GET, HEAD, OPTIONS",
        method: "PUT",
        allow: ["GET", "HEAD", "OPTIONS"],
      },
    });
  });

  it("passes what the route takes, unknown API paths (the catch-all's 404) and pages", () => {
    const passed = [
      request("GET", "/api/clusters"),
      request("HEAD", "/api/clusters"),
      request("OPTIONS", "/api/clusters"),
      request("POST", "/api/workloads/a/b/c/d/pin"),
      request("DELETE", "/api/no-such-thing"),
      request("GET", "/"),
      request("POST", "/workloads/a/b/c/d"),
    ].map((r) => refuseMethod(r));
    expect(passed).toEqual([null, null, null, null, null, null, null]);
  });

  it("HEAD on a POST-only route, and unknown methods, are refused too", () => {
    expect([refuseMethod(request("HEAD", "/api/poll"))?.headers.get("allow"), refuseMethod(request("PROPFIND", "/api/me"))?.status]).toEqual(["OPTIONS, POST", 405]);
  });

  it("a TRACE (marked by scripts/trace-method.mjs, arriving as OPTIONS) is a 405 on API routes and pages", async () => {
    const trace = (pathname: string) => refuseMethod(request("OPTIONS", pathname, { "x-driftwatch-method": "TRACE" }));
    const api = await answer(trace("/api/workloads/a/b/c/d/pin"));
    const page = await answer(trace("/nodes"));
    expect([api?.status, api?.allow, api?.body.title, page?.status, page?.allow, page?.body.detail]).toEqual([
      405, "OPTIONS, POST", "Method TRACE Not Allowed", 405, "GET, HEAD", "TRACE is not allowed on /nodes; it allows GET, HEAD",
    ]);
  });
});
