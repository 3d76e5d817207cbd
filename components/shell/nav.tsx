"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Fleet" },
  { href: "/nodes", label: "Nodes" },
  { href: "/changes", label: "Changes" },
  { href: "/releases", label: "Releases" },
  { href: "/audit", label: "Audit" },
] as const;

export function Nav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex min-w-0 gap-1 overflow-x-auto">
      {LINKS.map((l) => {
        const isActive = l.href === "/" ? pathname === "/" || pathname.startsWith("/workloads") : pathname.startsWith(l.href);
        return (
          <Link
            key={l.href}
            href={l.href}
            aria-current={isActive ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-sm font-medium ${isActive ? "bg-slate-800 text-white" : "text-slate-300 hover:bg-slate-800/60 hover:text-white"}`}
          >
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}
