// The audit routes at the API edge in proxy mode: a viewer may not add a review mark (403 before
// any body is read or the database asked), and without an identity even the reads answer 401.
import { beforeAll, describe, expect, it } from "vitest";
import { proxyHeaders, inProxyMode } from "@/test/proxy-mode";

type Route = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;
let review: Route;
let list: Route;
let releases: Route;
inProxyMode();

beforeAll(async () => {
  review = (await import("@/app/api/audit/[correlationId]/review/route")).POST as Route;
  list = (await import("@/app/api/audit/route")).GET as Route;
  releases = (await import("@/app/api/releases/route")).GET as Route;
});

const headers = proxyHeaders;

describe("audit routes by role", () => {
  it("refuse a viewer's review mark, naming the role needed", async () => {
    const res = await review(
      new Request("http://127.0.0.1:3000/api/audit/chg-1/review", { method: "POST", headers: headers("vera"), body: JSON.stringify({ note: "ok" }) }),
      { params: Promise.resolve({ correlationId: "chg-1" }) },
    );
    const body = (await res.json()) as { code: string; detail: string };
    expect([res.status, body.code, body.detail]).toEqual([403, "FORBIDDEN", "this needs the operator role; you are vera (viewer)"]);
  });

  it("answer 401 to reads and exports without an identity", async () => {
    const a = await list(new Request("http://127.0.0.1:3000/api/audit?format=csv", { headers: headers() }));
    const b = await releases(new Request("http://127.0.0.1:3000/api/releases", { headers: headers() }));
    expect([a.status, b.status]).toEqual([401, 401]);
  });
});
