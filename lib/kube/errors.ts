// Turns whatever a list request threw into a gap value with a message an operator can act on:
// which cluster, which server, which request, the HTTP status and the Kubernetes Status message.
import type { GapCode } from "@/lib/drift/observation";

export type Failure = {
  code: GapCode;
  message: string;
  /** Fatal failures end the cluster's collection (nothing else would succeed either). */
  isFatal: boolean;
};

export type FailureContext = { cluster: string; server: string; what: string };

const DNS = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME"]);
const NETWORK = new Set(["ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "ETIMEDOUT", "ECONNABORTED", "UND_ERR_SOCKET"]);
const TLS = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|DEPTH_ZERO|HOSTNAME_MISMATCH/;

/** The `message` of a Kubernetes Status body (object or JSON text), else a short excerpt. */
export function statusMessage(body: unknown): string {
  if (body === undefined || body === null || body === "") return "";
  if (typeof body === "object") return typeof (body as { message?: unknown }).message === "string" ? (body as { message: string }).message : "";
  const text = String(body);
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed?.message === "string") return parsed.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.replace(/\s+/g, " ").slice(0, 200);
}

function httpFailure(status: number, body: unknown, ctx: FailureContext): Failure {
  const detail = statusMessage(body);
  const where = `cluster ${ctx.cluster} (${ctx.server}): ${ctx.what}: HTTP ${status}`;
  if (status === 401) return { code: "UNAUTHORIZED", isFatal: true, message: `${where} Unauthorized${detail ? `: ${detail}` : ""} — the kubeconfig credentials were refused` };
  if (status === 403) return { code: "FORBIDDEN", isFatal: false, message: `${where} Forbidden${detail ? `: ${detail}` : ""}` };
  if (status === 410) return { code: "ERROR", isFatal: false, message: `${where}${detail ? `: ${detail}` : ""} (the continue token expired during the listing)` };
  return { code: "ERROR", isFatal: false, message: `${where}${detail ? `: ${detail}` : ""}` };
}

export function describeFailure(e: unknown, ctx: FailureContext): Failure {
  const err = (e ?? {}) as { name?: string; code?: unknown; errno?: unknown; body?: unknown; message?: string; type?: string; cause?: { code?: string; message?: string } };
  if (typeof err.code === "number" && err.code >= 100) return httpFailure(err.code, err.body, ctx);
  const where = `cluster ${ctx.cluster} (${ctx.server}): ${ctx.what}`;
  const code = String(err.cause?.code ?? (typeof err.code === "string" ? err.code : "") ?? "");
  const text = (err.cause?.message ?? err.message ?? String(e)).split("\n")[0]!;
  if (err.name === "AbortError" || err.type === "aborted") return { code: "TIMEOUT", isFatal: true, message: `${where}: timed out: ${text}` };
  if (DNS.has(code)) return { code: "UNREACHABLE", isFatal: true, message: `${where}: cannot resolve the server's host name (${code}): ${text}` };
  if (TLS.test(code)) return { code: "UNREACHABLE", isFatal: true, message: `${where}: TLS handshake failed (${code}): ${text} — check certificate-authority-data` };
  if (NETWORK.has(code) || err.type === "system") return { code: "UNREACHABLE", isFatal: true, message: `${where}: unreachable (${code || "network error"}): ${text}` };
  if (e instanceof SyntaxError || /JSON|deserial/i.test(text)) return { code: "INVALID_RESPONSE", isFatal: false, message: `${where}: the response is not a valid list: ${text}` };
  return { code: "ERROR", isFatal: false, message: `${where}: ${text}` };
}
