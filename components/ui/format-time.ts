// How times read in the UI: an absolute time always names its zone ("2026-12-01 14:28:20 UTC";
// the zone is the browser's own), and an age reads "4m 10s ago".

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m ago`;
  return `${Math.floor(h / 24)}d ago`;
}

const FORMAT = new Intl.DateTimeFormat("en-CA", {
  year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false, timeZoneName: "short",
});

/** "2026-12-01 14:28:20 UTC"; with `isDateShown: false`, "14:28:20 UTC" (for times within a day's list). */
export function formatAbsolute(at: string | number | Date, { isDateShown = true }: { isDateShown?: boolean } = {}): string {
  const f = FORMAT.formatToParts(at instanceof Date ? at : new Date(at));
  const get = (t: string) => f.find((p) => p.type === t)?.value ?? "";
  const clock = `${get("hour") === "24" ? "00" : get("hour")}:${get("minute")}:${get("second")} ${get("timeZoneName")}`;
  return isDateShown ? `${get("year")}-${get("month")}-${get("day")} ${clock}` : clock;
}
