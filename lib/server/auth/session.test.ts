import { describe, expect, it } from "vitest";
import { readSession, revokeSession, SESSION_COOKIE, sessionCookie } from "@/lib/server/auth/session";
import { parseAuthSettings } from "@/lib/server/auth/settings";

const base = { DRIFTWATCH_AUTH: "oidc", DRIFTWATCH_OIDC_ISSUER: "https://idp.example.com", DRIFTWATCH_OIDC_CLIENT_ID: "dw", DRIFTWATCH_SESSION_SECRET: "s".repeat(40), DRIFTWATCH_SESSION_HOURS: "1" };
const withCookie = (setCookie: string) => new Request("http://x/", { headers: { cookie: `other=1; ${setCookie.split(";")[0]}` } });

describe("session cookie", () => {
  it("is sealed, HttpOnly, SameSite=Lax, Secure only over https, and reads back", async () => {
    const https = parseAuthSettings({ ...base, DRIFTWATCH_PUBLIC_URL: "https://dw.example.com" });
    const http = parseAuthSettings({ ...base, DRIFTWATCH_PUBLIC_URL: "http://127.0.0.1:3000" });
    const now = Date.now();
    const c = await sessionCookie({ user: "Ana", email: "ana@example.com", groups: ["sre"] }, https, now);
    expect(c).toMatch(new RegExp(`^${SESSION_COOKIE}=Fe26\\.2\\*[^;]+; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure$`));
    expect((await sessionCookie({ user: "Ana" }, http, now)).endsWith("Max-Age=3600")).toBe(true);
    expect(c).not.toContain("ana@example.com");
    expect(await readSession(withCookie(c), https, now + 1000)).toEqual({ sid: expect.any(String), user: "Ana", email: "ana@example.com", groups: ["sre"], exp: now + 3_600_000 });
  });

  it("an expired, tampered or foreign-secret cookie is no session", async () => {
    const s = parseAuthSettings({ ...base, DRIFTWATCH_PUBLIC_URL: "https://dw.example.com" });
    const other = parseAuthSettings({ ...base, DRIFTWATCH_PUBLIC_URL: "https://dw.example.com", DRIFTWATCH_SESSION_SECRET: "t".repeat(40) });
    const now = Date.now();
    const c = await sessionCookie({ user: "Ana" }, s, now);
    const tampered = c.replace(/(Fe26\.2\*[^*]+\*)(.)/, (_m, a: string, b: string) => a + (b === "A" ? "B" : "A"));
    expect([await readSession(withCookie(c), s, now + 3_600_001), await readSession(withCookie(tampered), s, now), await readSession(withCookie(c), other, now)]).toEqual([null, null, null]);
  });

  it("a signed-out session is refused, even from a copy of its cookie; other sessions are not", async () => {
    const s = parseAuthSettings({ ...base, DRIFTWATCH_PUBLIC_URL: "https://dw.example.com" });
    const a = await sessionCookie({ user: "Ana" }, s);
    const b = await sessionCookie({ user: "Ana" }, s);
    revokeSession((await readSession(withCookie(a), s))!);
    expect([await readSession(withCookie(a), s), (await readSession(withCookie(b), s))?.user]).toEqual([null, "Ana"]);
  });
});
