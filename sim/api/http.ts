// HTTP helpers shared by the handlers: JSON bodies and Kubernetes `Status` errors.
import type { IncomingMessage, ServerResponse } from "node:http";

export function sendJson(res: ServerResponse, code: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(code, { "content-type": "application/json", "content-length": Buffer.byteLength(text), "cache-control": "no-cache, private" }).end(text);
}

export type StatusDetails = { name?: string; group?: string; kind?: string };

export function statusBody(code: number, reason: string, message: string, details?: StatusDetails) {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details ? { details } : {}), code };
}

/** Every error the API server returns is a `Status` object, as kubectl and client-go expect. */
export function sendStatus(res: ServerResponse, code: number, reason: string, message: string, details?: StatusDetails) {
  sendJson(res, code, statusBody(code, reason, message, details));
}

/** An error a handler throws to answer with a Status (any thrown StoreError is mapped the same way). */
export class HttpError extends Error {
  constructor(readonly status: number, readonly reason: string, message: string, readonly details?: StatusDetails) {
    super(message);
  }
}

const MAX_BODY = 3 * 1024 * 1024; // the real API server's request size limit

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, "RequestEntityTooLarge", "the request body is too large");
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
