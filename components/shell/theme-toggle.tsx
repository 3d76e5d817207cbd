"use client";

import { useEffect, useState } from "react";
import { THEME_KEY } from "@/components/shell/theme-script";

// Light, dark, or following the system (the default). The choice lives in this browser's
// localStorage; the inline script in app/layout.tsx applies it before the first paint.
type Theme = "system" | "light" | "dark";
const NEXT: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };
const ICON: Record<Theme, string> = { system: "◐", light: "☀", dark: "☾" };

function apply(theme: Theme) {
  const dark = theme === "dark" || (theme === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    const stored = localStorage.getItem(THEME_KEY);
    // Reading the browser's stored choice after mount: the server cannot know it.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (stored === "light" || stored === "dark") setTheme(stored);
  }, []);
  useEffect(() => {
    if (theme !== "system") return;
    const mq = window.matchMedia("(prefers-color-scheme: dark)");
    const onChange = () => apply("system");
    mq.addEventListener("change", onChange);
    return () => mq.removeEventListener("change", onChange);
  }, [theme]);
  const choose = () => {
    const next = NEXT[theme];
    setTheme(next);
    if (next === "system") localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, next);
    apply(next);
  };
  return (
    <button
      type="button"
      onClick={choose}
      aria-label={`Theme: ${theme} (change)`}
      title={`Theme: ${theme}`}
      className="rounded-md px-2 py-1 text-sm text-slate-200 hover:bg-slate-800 hover:text-white"
    >
      <span aria-hidden>{ICON[theme]}</span> <span className="hidden sm:inline">{theme}</span>
    </button>
  );
}

