import "server-only";
import { NextResponse } from "next/server";
import { endSessionUrl, finishLogin, startLogin } from "@/lib/server/auth/oidc";
import { safeReturnTo } from "@/lib/server/auth/return-to";
import { roleFor } from "@/lib/server/auth/roles";
import { clearCookie, LOGIN_COOKIE, loginCookie, readLoginState, readSession, revokeSession, SESSION_COOKIE, sessionCookie } from "@/lib/server/auth/session";
import { getAuthSettings } from "@/lib/server/auth/settings";
import { logger } from "@/lib/server/logger";

// Sign-in and sign-out for DRIFTWATCH_AUTH=oidc. In the other modes there is nothing to do here:
// the proxy (or the loopback-only local operator) decides who is signed in.

const redirect = (to: string | URL) => new NextResponse(null, { status: 302, headers: { location: String(to), "cache-control": "no-store" } });
const toLogin = (error: string) => redirect(`/login?error=${encodeURIComponent(error)}`);

export async function beginLogin(returnTo: string | undefined) {
  const s = getAuthSettings();
  if (s.mode !== "oidc") return redirect(safeReturnTo(returnTo));
  try {
    const { url, state } = await startLogin(s, returnTo ?? "/");
    const res = redirect(url);
    res.headers.append("set-cookie", await loginCookie(state, s));
    return res;
  } catch (e) {
    logger.error("OpenID provider unreachable", { issuer: s.oidc.issuer, error: e instanceof Error ? e.message : String(e) });
    return toLogin("provider");
  }
}

export async function completeLogin(req: Request) {
  const s = getAuthSettings();
  if (s.mode !== "oidc") return redirect("/");
  const login = await readLoginState(req, s);
  if (!login) return toLogin("expired");
  let res: NextResponse;
  try {
    const who = await finishLogin(s, req, login);
    if (!roleFor(who, s.roles)) {
      logger.warn("sign-in refused: no role mapping", { user: who.user });
      res = toLogin("denied");
    } else {
      res = redirect(login.returnTo);
      res.headers.append("set-cookie", await sessionCookie(who, s));
      logger.info("signed in", { user: who.user });
    }
  } catch (e) {
    // The reason (bad state, nonce, signature, code) goes to the log, never into the URL.
    logger.warn("sign-in failed", { error: e instanceof Error ? e.message : String(e) });
    res = toLogin("failed");
  }
  res.headers.append("set-cookie", clearCookie(LOGIN_COOKIE, s));
  return res;
}

export async function logout(req: Request) {
  const s = getAuthSettings();
  const session = await readSession(req, s);
  if (session) revokeSession(session);
  const res = NextResponse.json({ loggedOut: true, endSessionUrl: s.mode === "oidc" ? (await endSessionUrl(s)) ?? null : null }, { headers: { "cache-control": "no-store" } });
  res.headers.append("set-cookie", clearCookie(SESSION_COOKIE, s));
  return res;
}
