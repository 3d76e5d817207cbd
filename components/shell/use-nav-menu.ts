"use client";

import { useEffect, useRef, useState } from "react";

/**
 * The collapsed nav on narrow screens: a disclosure (button + region), not an ARIA menu — the
 * links stay plain links in Tab order. It is open only on the page where it was opened, so any
 * navigation closes it without an effect; Escape, a click outside, or Tab leaving it close it too.
 */
export function useNavMenu(pathname: string) {
  const [openOn, setOpenOn] = useState<string | null>(null);
  const isOpen = openOn === pathname;
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!isOpen) return;
    const inside = (n: EventTarget | null) => n instanceof Node && (buttonRef.current?.contains(n) || panelRef.current?.contains(n));
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      // Focus goes back to the button only when it was in the menu (not when typing elsewhere).
      const hadFocus = inside(document.activeElement);
      setOpenOn(null);
      if (hadFocus) buttonRef.current?.focus();
    };
    const onPointer = (e: PointerEvent) => { if (!inside(e.target)) setOpenOn(null); };
    const onFocus = (e: FocusEvent) => { if (!inside(e.target)) setOpenOn(null); };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("focusin", onFocus);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("focusin", onFocus);
    };
  }, [isOpen]);

  return { isOpen, buttonRef, panelRef, toggle: () => setOpenOn(isOpen ? null : pathname), close: () => setOpenOn(null) };
}
