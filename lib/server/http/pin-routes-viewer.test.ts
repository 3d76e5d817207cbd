// A viewer is refused at the API edge before any body is read or any cluster is asked: proxy
// mode with the identity headers of a trusted proxy, as in production behind oauth2-proxy.
import { beforeAll, describe, expect, it } from "vitest";
import { proxyHeaders, inProxyMode } from "@/test/proxy-mode";

type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let pin: Route;
let unpin: Route;
inProxyMode();

beforeAll(async () => {
  pin = (await import("@/app/api/workloads/[cluster]/[namespace]/[kind]/[name]/pin/route")).POST;
  unpin = (await import("@/app/api/workloads/[cluster]/[namespace]/[kind]/[name]/unpin/route")).POST;
});

const params = { cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "checkout" };
const call = (route: Route, user: string) =>
  route(
    new Request("http://127.0.0.1:3000/api/workloads/prod-eu/shop/Deployment/checkout/pin", {
      method: "POST",
      headers: proxyHeaders(user),
      body: JSON.stringify({ container: "app", digest: `sha256:${"a".repeat(64)}`, preview: false, reason: "r", idempotencyKey: "viewer-0001", resourceVersion: "1" }),
    }),
    { params: Promise.resolve(params) },
  );

describe("pin routes for a viewer", () => {
  it("answer 403 for pin and unpin, naming the role needed", async () => {
    const [a, b] = [await call(pin, "vera"), await call(unpin, "vera")];
    const body = (await a.json()) as { code: string; detail: string };
    expect([a.status, b.status, body.code, body.detail]).toEqual([403, 403, "FORBIDDEN", "this needs the operator role; you are vera (viewer)"]);
  });

  it("an operator gets past the edge (here: no cluster access in a unit test, so 503)", async () => {
    const res = await call(pin, "olga");
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([503, "UNAVAILABLE"]);
  });
});
