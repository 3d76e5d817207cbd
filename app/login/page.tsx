import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { safeReturnTo } from "@/lib/server/auth/return-to";
import { pageGate } from "@/lib/server/auth/page";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  expired: "The sign-in took too long or was started in another browser. Try again.",
  failed: "The OpenID provider's answer could not be verified. Try again; the server log says why.",
  denied: "You are signed in at the provider, but no Driftwatch role is mapped to you. Ask an operator to add you to DRIFTWATCH_VIEWERS or DRIFTWATCH_OPERATORS.",
  provider: "The OpenID provider cannot be reached. Try again in a moment.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const one = (k: string) => (typeof sp[k] === "string" ? (sp[k] as string) : undefined);
  const returnTo = safeReturnTo(one("returnTo"));
  const { identity, mode } = await pageGate();
  if (identity || mode !== "oidc") redirect(returnTo);
  const error = ERRORS[one("error") ?? ""];
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title="Sign in" description="Driftwatch shows what runs in production and can pin workloads: sign in with your organisation's account." />
      {one("loggedOut") ? <p role="status" className="mb-3 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-700">You are signed out.</p> : null}
      {error ? <p role="alert" className="mb-3 rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">{error}</p> : null}
      {/* A plain link: the server answers with a redirect to the provider (no script needed). */}
      <a href={`/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`} className="inline-block rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700">
        Sign in with single sign-on
      </a>
    </div>
  );
}
