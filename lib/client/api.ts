import type { z } from "zod";

// The one fetch wrapper the UI uses: problem+json errors become ApiError with the server's
// detail, responses are validated against the shared zod contract.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function apiFetch<T extends z.ZodType>(url: string, schema: T, init?: RequestInit): Promise<z.infer<T>> {
  let res: Response;
  // Changes are always sent as JSON: the server refuses anything else from a browser (CSRF).
  const isChange = !!init?.method && !["GET", "HEAD"].includes(init.method.toUpperCase());
  const headers = { accept: "application/json", ...(isChange ? { "content-type": "application/json" } : {}), ...(init?.headers ?? {}) };
  try {
    res = await fetch(url, { ...init, headers, ...(isChange && init?.body === undefined ? { body: "{}" } : {}) });
  } catch (e) {
    throw new ApiError(0, `Driftwatch server unreachable (${e instanceof Error ? e.message : String(e)})`);
  }
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // fall through: reported below
  }
  if (!res.ok) {
    const detail = (body as { detail?: string } | undefined)?.detail;
    throw new ApiError(res.status, detail ?? `${res.status} ${res.statusText}`, body);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(res.status, `unexpected response from ${url}: ${parsed.error.issues[0]?.message}`, body);
  return parsed.data;
}

export function toQueryString(params: Record<string, string | number | undefined | null>) {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : "";
}
