import { describe, expect, it } from "vitest";
import { exposureProblem, parseAuthSettings, parseCidrs } from "@/lib/server/auth/settings";

describe("access settings", () => {
  it("none is the default and fine on loopback", () => {
    expect([parseAuthSettings({}).mode, exposureProblem({}), exposureProblem({ HOST: "::1" }), exposureProblem({ HOST: "localhost" })]).toEqual(["none", null, null, null]);
  });

  it("refuses HOST=0.0.0.0 without authentication, naming the setting that allows it", () => {
    const msg = exposureProblem({ HOST: "0.0.0.0" });
    expect(msg).toMatch(/^HOST=0\.0\.0\.0 is not a loopback address and DRIFTWATCH_AUTH is "none"/);
    expect(msg).toContain("DRIFTWATCH_ALLOW_UNAUTHENTICATED=1");
    expect([exposureProblem({ HOST: "0.0.0.0", DRIFTWATCH_ALLOW_UNAUTHENTICATED: "1" }), exposureProblem({ HOST: "0.0.0.0", DRIFTWATCH_AUTH: "proxy" })]).toEqual([null, null]);
  });

  it("each mode names what it is missing", () => {
    expect(() => parseAuthSettings({ DRIFTWATCH_AUTH: "oidc" })).toThrow(
      "invalid configuration: DRIFTWATCH_OIDC_ISSUER is required with DRIFTWATCH_AUTH=oidc; DRIFTWATCH_OIDC_CLIENT_ID is required with DRIFTWATCH_AUTH=oidc; DRIFTWATCH_PUBLIC_URL is required with DRIFTWATCH_AUTH=oidc; DRIFTWATCH_SESSION_SECRET is required with DRIFTWATCH_AUTH=oidc",
    );
    expect(() => parseAuthSettings({ DRIFTWATCH_AUTH: "proxy" })).toThrow("DRIFTWATCH_TRUSTED_PROXIES is required with DRIFTWATCH_AUTH=proxy");
    expect(() => parseAuthSettings({ DRIFTWATCH_AUTH: "proxy", DRIFTWATCH_TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow('DRIFTWATCH_TRUSTED_PROXIES: "10.0.0.0/33" has an invalid prefix length');
    expect(() => parseAuthSettings({ DRIFTWATCH_OIDC_ISSUER: "http://idp.example.com" })).toThrow("DRIFTWATCH_OIDC_ISSUER must be https");
    expect(() => parseAuthSettings({ DRIFTWATCH_AUTH: "oidc", DRIFTWATCH_OIDC_ISSUER: "https://idp.example.com", DRIFTWATCH_OIDC_CLIENT_ID: "dw", DRIFTWATCH_PUBLIC_URL: "https://dw.example.com", DRIFTWATCH_SESSION_SECRET: "short" })).toThrow("DRIFTWATCH_SESSION_SECRET must be at least 32 characters");
  });

  it("trusted proxies as CIDRs and single addresses, v4 and v6", () => {
    const list = parseCidrs("10.0.0.0/8, 192.168.1.7, fd00::/8");
    expect([list.check("10.1.2.3", "ipv4"), list.check("192.168.1.7", "ipv4"), list.check("192.168.1.8", "ipv4"), list.check("fd00::1", "ipv6"), list.check("fe80::1", "ipv6")]).toEqual([true, true, false, true, false]);
  });
});
