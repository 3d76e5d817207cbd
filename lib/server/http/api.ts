import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { ZodError, type z } from "zod";
import { AppError } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";

// The API edge: every route handler goes through `handle`, so errors are always problem+json
// (RFC 9457) and unknown errors never leak details (they are logged with a request id).

export function problem(status: number, title: string, detail: string, extra: Record<string, unknown> = {}) {
  return NextResponse.json(
    { type: "about:blank", title, status, detail, ...extra },
    { status, headers: { "content-type": "application/problem+json", "cache-control": "no-store" } },
  );
}

export function toResponse(err: unknown, requestId: string) {
  if (err instanceof ZodError) {
    // An unknown parameter is named as a field of its own (strict schemas never ignore one silently).
    const invalid = err.issues.flatMap((i) =>
      i.code === "unrecognized_keys"
        ? i.keys.map((k) => ({ field: [...i.path, k].join("."), message: "unknown parameter" }))
        : [{ field: i.path.join(".") || "(root)", message: i.message }],
    );
    return problem(400, "Bad Request", invalid.map((f) => `${f.field}: ${f.message}`).join("; "), { code: "BAD_REQUEST", invalid });
  }
  if (err instanceof AppError) {
    return problem(err.status, err.code, err.message, { code: err.code, ...(err.details ?? {}) });
  }
  logger.error("unhandled API error", { requestId, error: err instanceof Error ? err.stack ?? err.message : String(err) });
  return problem(500, "Internal Server Error", `unexpected error; reference ${requestId} in the server log`, { code: "INTERNAL", requestId });
}

export async function handle(fn: () => Promise<Response>): Promise<Response> {
  const requestId = randomUUID();
  try {
    return await fn();
  } catch (err) {
    return toResponse(err, requestId);
  }
}

export function parseQuery<T extends z.ZodType>(req: Request, schema: T): z.infer<T> {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  return schema.parse(params);
}

export const json = (body: unknown, status = 200) =>
  NextResponse.json(body, { status, headers: { "cache-control": "no-store" } });
