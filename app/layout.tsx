import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "@/components/providers";
import { Nav } from "@/components/shell/nav";
import { UserMenu } from "@/components/shell/user-menu";
import { pageGate } from "@/lib/server/auth/page";
import { headers } from "next/headers";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { THEME_SCRIPT } from "@/components/shell/theme-script";
import { StyleNonce } from "@/components/shell/style-nonce";

export const metadata: Metadata = {
  title: { default: "Driftwatch", template: "%s · Driftwatch" },
  description: "Which bytes are actually running across your Kubernetes fleet, and do they match what you deployed?",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The session is checked here, on the server, for every page (oidc: anonymous → /login).
  const { identity, isLoginPage } = await pageGate();
  // The CSP allows inline scripts only with this request's nonce (proxy.ts).
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen">
        <a href="#main" className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-900 focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50">
          Skip to content
        </a>
        <Providers>
          <StyleNonce nonce={nonce} />
          <header className="bg-slate-900">
            <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-2.5 md:gap-x-6">
              <Link href="/" className="flex items-center gap-2 text-white">
                <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-gradient-to-br from-sky-400 to-amber-400" />
                <span className="font-semibold tracking-tight">Driftwatch</span>
              </Link>
              {identity ? <Nav /> : null}
              <ThemeToggle />
              {identity ? <UserMenu /> : null}
            </div>
          </header>
          <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 focus:outline-none">{identity || isLoginPage ? children : <SignedOut />}</main>
        </Providers>
      </body>
    </html>
  );
}

/** No identity and no sign-in page to send to: proxy mode without the proxy, or none mode off this machine. */
function SignedOut() {
  return (
    <div role="alert" className="mx-auto max-w-md rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <p className="font-medium">Not signed in</p>
      <p className="mt-1">
        This request carries no identity Driftwatch trusts. Behind an authenticating proxy, open Driftwatch through the proxy&apos;s address; without sign-in, only the machine Driftwatch runs on may use it.
      </p>
    </div>
  );
}
