"use client";

import { useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { useMe } from "@/lib/client/use-me";
import { z } from "zod";

/** The signed-in user's name and role in the header; sign-out in oidc mode. */
export function UserMenu() {
  const me = useMe();
  const [isLeaving, setLeaving] = useState(false);
  if (!me.data) return null;
  const { user, role, mode } = me.data;
  const logout = async () => {
    setLeaving(true);
    await apiFetch("/api/auth/logout", z.object({ loggedOut: z.literal(true) }).loose(), { method: "POST" }).catch(() => undefined);
    window.location.replace("/login?loggedOut=1");
  };
  return (
    <div className="ml-auto flex items-center gap-2 text-sm text-slate-300" role="group" aria-label="Signed in">
      <span className="font-medium text-white" data-testid="user-name">{user}</span>
      <span className="rounded bg-slate-800 px-1.5 py-0.5 text-xs text-slate-300" data-testid="user-role">{role}</span>
      {mode === "oidc" ? (
        <button type="button" onClick={logout} disabled={isLeaving} className="rounded-md px-2 py-1 text-xs font-medium text-slate-300 hover:bg-slate-800 hover:text-white disabled:opacity-60">
          {isLeaving ? "Signing out…" : "Sign out"}
        </button>
      ) : null}
    </div>
  );
}
