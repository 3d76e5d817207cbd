import type { RegistryErrorCode } from "@/lib/drift/observation";

export type RegistryError = {
  code: RegistryErrorCode;
  message: string;
  retryAfterMs?: number;
  /** For UNREACHABLE: what went wrong underneath (an HTTP 5xx answer, a timeout, a refused or broken connection). */
  cause?: "server-error" | "timeout" | "refused" | "network";
};

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

/** A registry's own error text is shown to users and stored: one line, a few hundred characters. */
const MAX_DETAIL = 300;
const detailOf = (message: string | undefined) => {
  if (!message) return "";
  const line = message.replace(/\s+/g, " ").trim();
  return `: ${line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL)}…` : line}`;
};

/** Map an HTTP error answer (status + optional `{"errors":[{code,message}]}` body) to our codes. */
export function classifyHttpError(status: number, body: string, what: string): RegistryError {
  let first: { code?: string; message?: string } | undefined;
  try {
    first = (JSON.parse(body) as { errors?: { code?: string; message?: string }[] }).errors?.[0];
  } catch {
    // not JSON: status decides
  }
  const fromBody = typeof first?.code === "string" ? CODES[first.code] : undefined;
  const detail = detailOf(typeof first?.message === "string" ? first.message : undefined);
  if (fromBody) return { code: fromBody, message: `${what}: ${first!.code}${detail}` };
  if (status === 401) return { code: "UNAUTHORIZED", message: `${what}: 401 Unauthorized${detail}` };
  if (status === 403) return { code: "DENIED", message: `${what}: 403 Forbidden${detail}` };
  if (status === 404) return { code: "MANIFEST_UNKNOWN", message: `${what}: 404 Not Found${detail}` };
  if (status === 429) return { code: "TOO_MANY_REQUESTS", message: `${what}: 429 Too Many Requests${detail}` };
  if (status >= 500) return { code: "UNREACHABLE", cause: "server-error", message: `${what}: registry answered ${status}${detail}` };
  return { code: "INVALID_RESPONSE", message: `${what}: unexpected status ${status}${detail}` };
}

// Socket errors name the address that answered ("connect ECONNREFUSED 10.0.3.7:443"): users see
// the class of failure, not which internal addresses exist.
const NETWORK_TEXT: Record<string, string> = {
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "host name lookup failed (temporary)",
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed",
  UND_ERR_SOCKET: "connection closed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EADDRNOTAVAIL: "address not available",
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS certificate not trusted (self-signed)",
  SELF_SIGNED_CERT_IN_CHAIN: "TLS certificate not trusted (self-signed certificate in the chain)",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate not trusted (unknown issuer)",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "TLS certificate not trusted (unknown issuer)",
  CERT_HAS_EXPIRED: "TLS certificate expired",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate does not name this host",
  EPROTO: "TLS handshake failed (is this an http-only registry?)",
  ERR_SSL_WRONG_VERSION_NUMBER: "TLS handshake failed (is this an http-only registry?)",
};

/** Transport failures (DNS, refused, reset, TLS, timeout) are all UNREACHABLE, with the class of cause. */
export function classifyTransportError(e: unknown, what: string): RegistryError {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? err.code ?? "";
  const msg = err.cause?.message ?? err.message ?? String(e);
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT" || /aborted|timeout/i.test(msg)) {
    return { code: "UNREACHABLE", cause: "timeout", message: `${what}: timed out` };
  }
  const text = NETWORK_TEXT[code] ?? (/^[A-Z][A-Z0-9_]+$/.test(code) ? "network error" : "request failed");
  return { code: "UNREACHABLE", cause: code === "ECONNREFUSED" ? "refused" : "network", message: `${what}: ${code ? `${code} ` : ""}${text}` };
}

export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
