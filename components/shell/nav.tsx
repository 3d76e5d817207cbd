"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useNavMenu } from "@/components/shell/use-nav-menu";

const LINKS = [
  { href: "/", label: "Fleet" },
  { href: "/nodes", label: "Nodes" },
  { href: "/changes", label: "Changes" },
  { href: "/releases", label: "Releases" },
  { href: "/audit", label: "Audit" },
] as const;

const NAV_ID = "main-nav";

/** The sections; below `md` they fold behind a Menu button and open as a full-width list under the header. */
export function Nav() {
  const pathname = usePathname();
  const { isOpen, toggle, close, buttonRef, panelRef } = useNavMenu(pathname);
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={isOpen}
        aria-controls={NAV_ID}
        onClick={toggle}
        className="inline-flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-200 ring-1 ring-slate-700 ring-inset hover:bg-slate-800 hover:text-white aria-expanded:bg-slate-800 md:hidden"
      >
        <MenuIcon isOpen={isOpen} />
        Menu
      </button>
      <nav
        ref={panelRef}
        id={NAV_ID}
        aria-label="Main"
        className={`${isOpen ? "flex" : "hidden"} min-w-0 gap-1 max-md:order-last max-md:basis-full max-md:flex-col max-md:border-t max-md:border-slate-800 max-md:pt-2 md:flex`}
      >
        {LINKS.map((l) => {
          const isActive = l.href === "/" ? pathname === "/" || pathname.startsWith("/workloads") : pathname.startsWith(l.href);
          return (
            <Link
              key={l.href}
              href={l.href}
              aria-current={isActive ? "page" : undefined}
              onClick={close}
              className={`rounded-md px-3 py-1.5 text-sm font-medium max-md:py-2 ${isActive ? "bg-slate-800 text-white" : "text-slate-300 hover:bg-slate-800/60 hover:text-white"}`}
            >
              {l.label}
            </Link>
          );
        })}
      </nav>
    </>
  );
}

function MenuIcon({ isOpen }: { isOpen: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round">
      {isOpen ? <path d="M4 4l8 8M12 4l-8 8" /> : <path d="M2.5 4h11M2.5 8h11M2.5 12h11" />}
    </svg>
  );
}
