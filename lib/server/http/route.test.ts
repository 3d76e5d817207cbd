import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { json } from "@/lib/server/http/api";
import { hit, resetLimitsForTests } from "@/lib/server/http/rate-limit";
import { withRoute } from "@/lib/server/http/route";

// The wrapper's write checks in `none` mode (the local operator): CSRF by Origin/Sec-Fetch-Site
// and content type, per-route limits with Retry-After.
const route = withRoute({ role: "operator", query: z.object({ cluster: z.string().optional() }), limit: ({ query }) => hit(`t:${query.cluster}`, 1, 10_000) }, async () => json({ ok: true }, 202));
const call = (headers: Record<string, string>, url = "http://127.0.0.1:3000/api/poll?cluster=a") => route(new Request(url, { method: "POST", headers: { host: "127.0.0.1:3000", ...headers }, body: "{}" }));

describe("withRoute write checks", () => {
  beforeEach(() => resetLimitsForTests());

  it("refuses a cross-origin browser request with 403 problem+json", async () => {
    const res = await call({ origin: "https://evil.example", "content-type": "text/plain" });
    expect([res.status, res.headers.get("content-type"), (await res.json()).code]).toEqual([403, "application/problem+json", "CROSS_ORIGIN"]);
  });

  it("refuses Sec-Fetch-Site cross-site and same-site", async () => {
    const a = await call({ "sec-fetch-site": "cross-site", "content-type": "application/json" });
    const b = await call({ "sec-fetch-site": "same-site", "content-type": "application/json" });
    expect([a.status, b.status]).toEqual([403, 403]);
  });

  it("refuses a same-origin browser request that is not JSON with 415", async () => {
    const res = await call({ origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(415);
  });

  it("accepts same-origin JSON, and a script in none mode", async () => {
    const a = await call({ origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin", "content-type": "application/json" });
    const b = await call({}, "http://127.0.0.1:3000/api/poll?cluster=b");
    expect([a.status, b.status]).toEqual([202, 202]);
  });

  it("answers the route's limit with 429 and Retry-After", async () => {
    const first = await call({});
    const second = await call({});
    const body = await second.json();
    expect([first.status, second.status, second.headers.get("retry-after"), body.code, body.retryAfterSeconds]).toEqual([202, 429, "10", "TOO_MANY_REQUESTS", 10]);
  });
});
