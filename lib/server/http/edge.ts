import type { AuthSettings } from "@/lib/server/auth/settings";

// What proxy.ts applies to every page and API response: the Host allowlist (DNS rebinding) and
// the security headers. Pure functions of the request and the settings, so they are unit-tested.

/** Host header → hostname without port or IPv6 brackets, lower-case; undefined when malformed. */
export function hostnameOf(host: string | null): string | undefined {
  if (!host) return undefined;
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(host.trim());
  return m?.[1] ? m[1].replace(/^\[|\]$/g, "").toLowerCase() : undefined;
}

export function isAllowedHost(host: string | null, settings: Pick<AuthSettings, "allowedHosts">): boolean {
  const name = hostnameOf(host);
  if (!name) return false;
  if (settings.allowedHosts.has(name) || settings.allowedHosts.has(host!.trim().toLowerCase())) return true;
  // "*.example.com" entries allow any subdomain (not the apex).
  for (const entry of settings.allowedHosts) if (entry.startsWith("*.") && name.endsWith(entry.slice(1))) return true;
  return false;
}

export function contentSecurityPolicy(kind: "page" | "api", nonce: string, isDev: boolean, isHttps: boolean): string {
  if (kind === "api") return "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  // Next applies the nonce to its own scripts and inline styles ('strict-dynamic' lets the
  // scripts they load run); React's dev tooling needs eval, production never does.
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' ${isDev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(isHttps ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Headers every response carries (the CSP is added separately: it depends on the nonce). */
export function securityHeaders(isHttps: boolean): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
    ...(isHttps ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
