import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authenticate, type Identity } from "@/lib/server/auth/identity";
import { getAuthSettings } from "@/lib/server/auth/settings";

// Pages check the session on the server (the root layout calls this), not only in proxy.ts.
// Reading the request headers also makes every page dynamic, which the per-request CSP nonce needs.

export type PageGate = { identity: Identity | null; mode: "oidc" | "proxy" | "none"; isLoginPage: boolean };

export async function pageGate(): Promise<PageGate> {
  const h = await headers();
  const path = h.get("x-driftwatch-path") ?? "/";
  const isLoginPage = path === "/login";
  const identity = await authenticate(new Request(`http://driftwatch.invalid${path}`, { headers: h }));
  const { mode } = getAuthSettings();
  if (!identity && mode === "oidc" && !isLoginPage) redirect(`/login?returnTo=${encodeURIComponent(path)}`);
  return { identity, mode, isLoginPage };
}
