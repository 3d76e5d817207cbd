"use client";

import { setNonce } from "get-nonce";

/**
 * Hands this request's CSP nonce to the style injector Radix dialogs use for scroll locking
 * (react-style-singleton reads it through get-nonce); without it the nonce CSP refuses the
 * injected <style> and the page behind an open dialog keeps scrolling.
 */
export function StyleNonce({ nonce }: { nonce?: string }) {
  if (typeof window !== "undefined" && nonce) setNonce(nonce);
  return null;
}
