// Where the browser goes after signing in: a path on this site, never another origin. The test is
// the URL parser's own reading, as a browser's: "/\t/evil.example" and "/\evil.example" both read
// as "//evil.example" (tabs and newlines are dropped, a backslash is a slash), which a pattern on
// the raw text lets through.

const BASE = "http://driftwatch.invalid";

/** The same-site path `v` names (normalised), else "/". */
export function safeReturnTo(v: string | null | undefined): string {
  if (!v || !v.startsWith("/")) return "/";
  let u: URL;
  try {
    u = new URL(v, BASE);
  } catch {
    return "/";
  }
  return u.origin === BASE ? `${u.pathname}${u.search}${u.hash}` : "/";
}
