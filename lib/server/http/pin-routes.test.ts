// The pin routes need the operator role at the one API edge; a viewer is refused before any
// body is read or any cluster is asked.
import { describe, expect, it } from "vitest";
import { hasRole, type Identity } from "@/lib/server/auth/identity";
import { POST as pin } from "@/app/api/workloads/[cluster]/[namespace]/[kind]/[name]/pin/route";
import { POST as unpin } from "@/app/api/workloads/[cluster]/[namespace]/[kind]/[name]/unpin/route";

describe("pin routes", () => {
  it("declare the operator role", () => {
    expect([pin.role, unpin.role]).toEqual(["operator", "operator"]);
  });

  it("a viewer does not have it; an operator does", () => {
    const viewer: Identity = { user: "vera", role: "viewer", mode: "oidc", via: "session" };
    expect([hasRole(viewer, "operator"), hasRole({ ...viewer, role: "operator" }, "operator")]).toEqual([false, true]);
  });

  it("a body that is not a pin request is a 400 naming the fields", async () => {
    const req = new Request("http://127.0.0.1/api/workloads/prod-eu/shop/Deployment/checkout/pin", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ container: "app", digest: "sha256:nope" }) });
    const res = await pin(req, { params: Promise.resolve({ cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "checkout" }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { invalid: { field: string }[] }).invalid.map((i) => i.field)).toEqual(["digest"]);
  });
});
