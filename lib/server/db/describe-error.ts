// One line that says why a database call failed. Prisma's errors start with a blank line and an
// "Invalid `prisma.…()` invocation" banner (the first line is empty), and with a driver adapter
// the reason itself sits in `meta.driverAdapterError.cause` as a kind plus a few fields.

type AdapterCause = { kind?: string; host?: string; port?: number; db?: string; user?: string; message?: string; reason?: string; cause?: string; code?: string };

export function describeDbError(e: unknown): string {
  const cause = adapterCause(e);
  if (cause?.kind) return describeCause(cause);
  const text = e instanceof Error ? e.message || (e as NodeJS.ErrnoException).code || e.name : String(e);
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l && !/^Invalid `.*` invocation/.test(l));
  const first = lines[0] ?? (e instanceof Error ? e.name : "unknown error");
  // "Raw query failed. Code: `N/A`. Message: `Can't reach …`" → "Can't reach …"
  return /Message: `(.+)`$/.exec(first)?.[1] ?? first;
}

function adapterCause(e: unknown): AdapterCause | undefined {
  const meta = (e as { meta?: { driverAdapterError?: { cause?: AdapterCause } } } | undefined)?.meta;
  const fromMeta = meta?.driverAdapterError?.cause;
  if (fromMeta) return fromMeta;
  // A DriverAdapterError thrown as is (outside a query) carries the cause itself.
  const own = e as { name?: string; cause?: AdapterCause } | undefined;
  return own?.name === "DriverAdapterError" ? own.cause : undefined;
}

function describeCause(c: AdapterCause): string {
  const at = c.host ? ` at ${c.host}${c.port ? `:${c.port}` : ""}` : "";
  switch (c.kind) {
    case "DatabaseNotReachable":
      return `cannot reach PostgreSQL${at}`;
    case "DatabaseDoesNotExist":
      return `database ${c.db ?? "(unnamed)"} does not exist`;
    case "DatabaseAccessDenied":
      return `access to database ${c.db ?? "(unnamed)"} denied`;
    case "AuthenticationFailed":
      return `PostgreSQL refused the credentials${c.user ? ` of user ${c.user}` : ""}`;
    case "ConnectionClosed":
      return "the connection to PostgreSQL was closed";
    case "SocketTimeout":
      return "PostgreSQL did not answer in time";
    case "TlsConnectionError":
      return `TLS to PostgreSQL failed: ${c.reason ?? "unknown reason"}`;
    case "TooManyConnections":
      return `PostgreSQL has too many connections: ${c.cause ?? ""}`.trim();
    case "postgres":
      return `PostgreSQL: ${c.message ?? "error"}${c.code ? ` (${c.code})` : ""}`;
    default:
      return c.message ?? c.cause ?? c.kind ?? "database error";
  }
}
