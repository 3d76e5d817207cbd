import { describe, expect, it } from "vitest";
import { parseAuthSettings } from "@/lib/server/auth/settings";
import { contentSecurityPolicy, hostnameOf, isAllowedHost, securityHeaders } from "@/lib/server/http/edge";

describe("Host allowlist", () => {
  it("parses Host headers", () => {
    expect(["localhost:3000", "[::1]:3000", "Example.COM", "a b", "", "evil.example:99999x"].map((h) => hostnameOf(h))).toEqual(["localhost", "::1", "example.com", undefined, undefined, undefined]);
  });

  it("allows loopback names and the public URL host by default", () => {
    const s = parseAuthSettings({ DRIFTWATCH_PUBLIC_URL: "https://driftwatch.example.com" });
    const hosts = ["localhost:3000", "127.0.0.1:3000", "[::1]:3000", "driftwatch.example.com", "attacker.example:3000", "127.0.0.1.nip.io", null];
    expect(hosts.map((h) => isAllowedHost(h, s))).toEqual([true, true, true, true, false, false, false]);
  });

  it("DRIFTWATCH_ALLOWED_HOSTS replaces the loopback names; wildcards allow subdomains", () => {
    const s = parseAuthSettings({ DRIFTWATCH_ALLOWED_HOSTS: "dw.internal,*.corp.example" });
    expect(["dw.internal:8080", "a.corp.example", "corp.example", "localhost"].map((h) => isAllowedHost(h, s))).toEqual([true, true, false, false]);
  });
});

describe("security headers", () => {
  it("pages get a nonce CSP without unsafe-inline in production", () => {
    const csp = contentSecurityPolicy("page", "abc", false, false);
    expect([csp.includes("script-src 'self' 'nonce-abc' 'strict-dynamic'"), csp.includes("unsafe"), csp.includes("frame-ancestors 'none'"), csp.startsWith("default-src 'self'")]).toEqual([true, false, true, true]);
  });

  it("HSTS only over https", () => {
    expect([securityHeaders(true)["strict-transport-security"], securityHeaders(false)["strict-transport-security"]]).toEqual(["max-age=31536000; includeSubDomains", undefined]);
  });
});
