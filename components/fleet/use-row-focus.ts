"use client";

import { useEffect, type KeyboardEvent } from "react";

// The fleet table is one Tab stop: only the "current" row has tabIndex 0 (roving tabindex), the
// arrow keys move it. The row opened last is remembered for this tab, so Back puts focus on it.
const KEY = "driftwatch-fleet-row";

export function rememberRow(key: string) {
  try { sessionStorage.setItem(KEY, key); } catch { /* storage off: nothing to restore */ }
}

function moveTo(from: HTMLElement, to: HTMLElement | null) {
  if (!to) return;
  from.tabIndex = -1;
  to.tabIndex = 0;
  to.focus();
}

/** Arrow keys (and j/k) move between rows, Home/End to the ends, Enter opens the workload. */
export function onRowKey(e: KeyboardEvent<HTMLTableRowElement>, open: () => void) {
  const row = e.currentTarget;
  const rows = row.parentElement?.children;
  if (e.key === "ArrowDown" || e.key === "j") moveTo(row, row.nextElementSibling as HTMLElement | null);
  else if (e.key === "ArrowUp" || e.key === "k") moveTo(row, row.previousElementSibling as HTMLElement | null);
  else if (e.key === "Home" && rows) moveTo(row, rows[0] as HTMLElement);
  else if (e.key === "End" && rows) moveTo(row, rows[rows.length - 1] as HTMLElement);
  else if (e.key === "Enter") open();
  else return;
  e.preventDefault();
}

/** After Back: focus the row the user came from (once its data is on the page). */
export function useRestoreRowFocus(rowCount: number) {
  useEffect(() => {
    let key: string | null = null;
    try { key = sessionStorage.getItem(KEY); } catch { return; }
    if (!key || rowCount === 0) return;
    const row = document.querySelector<HTMLElement>(`tr[data-workload="${CSS.escape(key)}"]`);
    if (!row) return;
    sessionStorage.removeItem(KEY);
    row.parentElement?.querySelectorAll<HTMLElement>("tr[tabindex='0']").forEach((r) => { r.tabIndex = -1; });
    row.tabIndex = 0;
    row.focus();
  }, [rowCount]);
}
