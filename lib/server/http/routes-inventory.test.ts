import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allowedMethods, API_ROUTE_METHODS, matchApiRoute } from "@/lib/server/http/api-methods";

// Every API route declares its role in withRoute (the one gate). This reads the sources (no
// Next needed): each exported method must be `withRoute({ role: "…"`, and only the routes listed
// here may be public.
const apiDir = path.join(__dirname, "../../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
// The catch-all answers 404 problem+json for paths no route claims, whatever the method.
const CATCH_ALL = METHODS.map((m) => `${m} /api/[...path]`);
const PUBLIC = ["GET /api/auth/callback", "GET /api/auth/login", "GET /api/health", ...CATCH_ALL];

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

type Entry = { route: string; role: string | null };

function inventory(): Entry[] {
  const out: Entry[] = [];
  for (const file of routeFiles(apiDir)) {
    const src = readFileSync(file, "utf8");
    const url = "/api/" + path.relative(apiDir, path.dirname(file)).split(path.sep).join("/");
    for (const m of METHODS) {
      if (!new RegExp(`export\\s+(?:const|async function|function)\\s+${m}\\b`).test(src)) continue;
      const declared = new RegExp(`export\\s+const\\s+${m}\\s*=\\s*withRoute\\(\\s*\\{\\s*role:\\s*"(\\w+)"`).exec(src);
      out.push({ route: `${m} ${url}`, role: declared?.[1] ?? null });
    }
  }
  return out.sort((a, b) => a.route.localeCompare(b.route));
}

describe("API route inventory", () => {
  const routes = inventory();

  it("finds the routes", () => {
    expect(routes.length).toBeGreaterThanOrEqual(9);
    // Printed so a reviewer sees the whole access table in the test log.
    console.log(routes.map((r) => `${r.role ?? "NONE"}\t${r.route}`).join("\n"));
  });

  it("every exported handler declares a role through withRoute", () => {
    expect(routes.filter((r) => r.role === null).map((r) => r.route)).toEqual([]);
    expect(routes.filter((r) => !["public", "viewer", "operator"].includes(r.role!)).map((r) => r.route)).toEqual([]);
  });

  it("only the listed routes are public", () => {
    expect(routes.filter((r) => r.role === "public").map((r) => r.route)).toEqual(PUBLIC.filter((p) => routes.some((r) => r.route === p)).sort((a, b) => a.localeCompare(b)));
    expect(routes.filter((r) => r.role === "public").map((r) => r.route).every((r) => PUBLIC.includes(r))).toBe(true);
  });

  it("changes need the operator role; reads the viewer role", () => {
    const roleOf = (route: string) => routes.find((r) => r.route === route)?.role;
    expect([roleOf("POST /api/poll"), roleOf("GET /api/clusters"), roleOf("GET /api/workloads"), roleOf("GET /api/health")]).toEqual(["operator", "viewer", "viewer", "public"]);
    const unsafe = routes.filter((r) => /^(POST|PUT|PATCH|DELETE) /.test(r.route) && r.route !== "POST /api/auth/logout" && !CATCH_ALL.includes(r.route));
    expect(unsafe.filter((r) => r.role !== "operator").map((r) => r.route)).toEqual([]);
  });
});

describe("the Allow table proxy.ts answers 405s from", () => {
  const routes = inventory();
  const exported = new Map<string, string[]>();
  for (const r of routes) {
    const [method, url] = r.route.split(" ") as [string, string];
    if (url !== "/api/[...path]") exported.set(url, [...(exported.get(url) ?? []), method]);
  }

  it("lists exactly the methods each route file exports (add a new route to lib/server/http/api-methods.ts)", () => {
    const table = Object.fromEntries(Object.entries(API_ROUTE_METHODS).map(([url, ms]) => [url, [...ms].sort()]));
    expect(table).toEqual(Object.fromEntries([...exported].map(([url, ms]) => [url, ms.sort()])));
  });

  it("gives every route its Allow set, as Next's automatic OPTIONS does", () => {
    const allow = Object.fromEntries(Object.keys(API_ROUTE_METHODS).sort().map((url) => [url, allowedMethods(API_ROUTE_METHODS[url]!).join(", ")]));
    const get = "GET, HEAD, OPTIONS";
    const post = "OPTIONS, POST";
    expect(allow).toEqual({
      "/api/audit": get,
      "/api/audit/[correlationId]/review": post,
      "/api/audit/verify": get,
      "/api/auth/callback": get,
      "/api/auth/login": get,
      "/api/auth/logout": post,
      "/api/changes": get,
      "/api/clusters": get,
      "/api/health": get,
      "/api/me": get,
      "/api/metrics": get,
      "/api/nodes": get,
      "/api/poll": post,
      "/api/registries": get,
      "/api/releases": get,
      "/api/search": get,
      "/api/summary": get,
      "/api/workloads": get,
      "/api/workloads/[cluster]/[namespace]/[kind]/[name]": get,
      "/api/workloads/[cluster]/[namespace]/[kind]/[name]/pin": post,
      "/api/workloads/[cluster]/[namespace]/[kind]/[name]/unpin": post,
    });
  });

  it("every route is reached by a concrete path of its own shape", () => {
    const concrete = (url: string) => url.replace(/\[(\w+)\]/g, (_m, name: string) => `x-${name}`);
    expect([...exported.keys()].map((url) => matchApiRoute(concrete(url))?.route ?? null)).toEqual([...exported.keys()]);
  });
});
