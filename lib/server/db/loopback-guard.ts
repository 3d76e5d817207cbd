// Tests create and drop whole databases on the server they are given. A DATABASE_URL left over
// from a shell that talks to a shared or production server must not be used by accident: only a
// loopback server (or a local socket) is accepted unless the caller opts in.

export const ALLOW_REMOTE_DB_VAR = "DRIFTWATCH_TEST_ALLOW_REMOTE_DB";

const LOOPBACK_NAMES = new Set(["localhost", "ip6-localhost", "ip6-loopback"]);

/** Whether a Postgres URL names this machine: localhost, 127.0.0.0/8, ::1 or a Unix socket. */
export function isLoopbackDatabaseUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  // libpq's `?host=` overrides the authority; a path there is a Unix socket folder.
  const hostParam = u.searchParams.get("host");
  const host = (hostParam ?? u.hostname).toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "" || host.startsWith("/")) return true;
  if (LOOPBACK_NAMES.has(host) || host.endsWith(".localhost")) return true;
  if (host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Refuses (throws) a non-loopback server for tests before anything connects to it.
 * `variable` is the environment variable the URL came from, named in the message.
 */
export function assertTestDatabaseAllowed(url: string, variable: string, env: Record<string, string | undefined> = process.env): void {
  if (isLoopbackDatabaseUrl(url) || env[ALLOW_REMOTE_DB_VAR] === "1") return;
  let where = "an unparseable URL";
  try {
    const u = new URL(url);
    where = `${u.hostname || "?"}${u.port ? `:${u.port}` : ""}`;
  } catch {
    // keep the generic wording: the URL itself may hold a password
  }
  throw new Error(
    `refusing to run tests against ${variable} (${where}): tests create and drop databases there and only a loopback server is used by default. ` +
      `Unset ${variable} to use a throwaway embedded PostgreSQL, or set ${ALLOW_REMOTE_DB_VAR}=1 if this server is meant for tests.`,
  );
}
