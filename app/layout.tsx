import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "@/components/providers";
import { Nav } from "@/components/shell/nav";
import { pageGate } from "@/lib/server/auth/page";

export const metadata: Metadata = {
  title: { default: "Driftwatch", template: "%s · Driftwatch" },
  description: "Which bytes are actually running across your Kubernetes fleet, and do they match what you deployed?",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  await pageGate();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <Providers>
          <header className="bg-slate-900">
            <div className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-2.5">
              <Link href="/" className="flex items-center gap-2 text-white">
                <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-gradient-to-br from-sky-400 to-amber-400" />
                <span className="font-semibold tracking-tight">Driftwatch</span>
              </Link>
              <Nav />
            </div>
          </header>
          <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
