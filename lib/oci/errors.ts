import type { RegistryErrorCode } from "@/lib/drift/observation";

export type RegistryError = { code: RegistryErrorCode; message: string; retryAfterMs?: number };

export class RegistryFailure extends Error {
  constructor(readonly error: RegistryError) {
    super(error.message);
  }
}

const CODES: Record<string, RegistryErrorCode> = {
  MANIFEST_UNKNOWN: "MANIFEST_UNKNOWN",
  NAME_UNKNOWN: "NAME_UNKNOWN",
  UNAUTHORIZED: "UNAUTHORIZED",
  DENIED: "DENIED",
  TOOMANYREQUESTS: "TOO_MANY_REQUESTS",
  NAME_INVALID: "INVALID_REFERENCE",
  TAG_INVALID: "INVALID_REFERENCE",
  MANIFEST_BLOB_UNKNOWN: "MANIFEST_UNKNOWN",
};

/** Map an HTTP error answer (status + optional `{"errors":[{code,message}]}` body) to our codes. */
export function classifyHttpError(status: number, body: string, what: string): RegistryError {
  let first: { code?: string; message?: string } | undefined;
  try {
    first = (JSON.parse(body) as { errors?: { code?: string; message?: string }[] }).errors?.[0];
  } catch {
    // not JSON: status decides
  }
  const fromBody = first?.code ? CODES[first.code] : undefined;
  const detail = first?.message ? `: ${first.message}` : "";
  if (fromBody) return { code: fromBody, message: `${what}: ${first!.code}${detail}` };
  if (status === 401) return { code: "UNAUTHORIZED", message: `${what}: 401 Unauthorized${detail}` };
  if (status === 403) return { code: "DENIED", message: `${what}: 403 Forbidden${detail}` };
  if (status === 404) return { code: "MANIFEST_UNKNOWN", message: `${what}: 404 Not Found${detail}` };
  if (status === 429) return { code: "TOO_MANY_REQUESTS", message: `${what}: 429 Too Many Requests${detail}` };
  if (status >= 500) return { code: "UNREACHABLE", message: `${what}: registry answered ${status}${detail}` };
  return { code: "INVALID_RESPONSE", message: `${what}: unexpected status ${status}${detail}` };
}

/** Transport failures (DNS, refused, reset, TLS, timeout) are all UNREACHABLE, with the cause. */
export function classifyTransportError(e: unknown, what: string): RegistryError {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? err.code ?? "";
  const msg = err.cause?.message ?? err.message ?? String(e);
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT" || /aborted|timeout/i.test(msg)) {
    return { code: "UNREACHABLE", message: `${what}: timed out` };
  }
  return { code: "UNREACHABLE", message: `${what}: ${code ? `${code} ` : ""}${msg}`.trim() };
}

export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
