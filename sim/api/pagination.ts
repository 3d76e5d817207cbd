// Opaque `continue` tokens: base64 of the list position and the resourceVersion of the first
// page, like the API server's. The position is a key, so items created or deleted between pages
// neither repeat nor shift the rest (the simulated store serves later pages from live data).
import { HttpError } from "./http";

export type ContinuePosition = { namespace: string; name: string; rv: string };

export function encodeContinue(pos: ContinuePosition): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: Number(pos.rv), ns: pos.namespace, start: pos.name })).toString("base64url");
}

/** Throws HttpError 400 for a token this server did not issue. */
export function decodeContinue(token: string, currentRv: string): ContinuePosition {
  let parsed: { v?: unknown; rv?: unknown; ns?: unknown; start?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as typeof parsed;
  } catch {
    throw new HttpError(400, "BadRequest", "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  }
  if (parsed?.v !== "meta.k8s.io/v1" || typeof parsed.ns !== "string" || typeof parsed.start !== "string" || typeof parsed.rv !== "number" || !Number.isInteger(parsed.rv)) {
    throw new HttpError(400, "BadRequest", "continue key is not valid: server does not recognize this encoded key");
  }
  if (parsed.rv <= 0 || parsed.rv > Number(currentRv)) {
    // A version this store never had: the token belongs to another server's history.
    throw new HttpError(410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
  }
  return { namespace: parsed.ns, name: parsed.start, rv: String(parsed.rv) };
}
