import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { authenticate, hasRole, type Identity, type Role } from "@/lib/server/auth/identity";
import { AppError } from "@/lib/server/errors";
import { getAuthSettings } from "@/lib/server/auth/settings";
import { problem, toResponse } from "@/lib/server/http/api";
import { limitWrites, type Limited } from "@/lib/server/http/rate-limit";
import { browserWriteRefusal, isBrowserRequest, scriptWriteAllowed, UNSAFE_METHODS } from "@/lib/server/http/same-origin";

// The one API edge: every route declares who may call it and the zod schemas of its input.
// `public` is for liveness only (health); everything else needs an identity with the role.
export type RouteRole = Role | "public";

type Schema = z.ZodType;
type Out<S> = S extends Schema ? z.infer<S> : undefined;

export type RouteSpec<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined> = {
  role: RouteRole;
  params?: P;
  query?: Q;
  body?: B;
  /** An extra per-user limit for this route (after validation), e.g. poll now per cluster. */
  limit?: (input: { identity: Identity; params: Out<P>; query: Out<Q>; body: Out<B> }) => Limited | null;
};

export type RouteContext<P, Q, B> = {
  req: Request;
  params: P;
  query: Q;
  body: B;
  identity: Identity | null;
  requestId: string;
};

type NextCtx = { params: Promise<Record<string, string | string[]>> };

const MAX_BODY_BYTES = 64 * 1024;

async function readJsonBody(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "the request body must be JSON (Content-Type: application/json)");
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", `the request body is larger than ${MAX_BODY_BYTES} bytes`);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    // Never quote the input: it may carry a secret.
    throw new AppError("BAD_REQUEST", "the request body is not valid JSON");
  }
}

function tooMany(l: Limited) {
  const res = problem(429, "Too Many Requests", l.detail, { code: "TOO_MANY_REQUESTS", retryAfterSeconds: l.retryAfterSeconds });
  res.headers.set("retry-after", String(l.retryAfterSeconds));
  return res;
}

export function withRoute<P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
  spec: RouteSpec<P, Q, B>,
  handler: (ctx: RouteContext<Out<P>, Out<Q>, Out<B>>) => Promise<Response>,
) {
  const route = async (req: Request, ctx?: NextCtx): Promise<Response> => {
    const requestId = randomUUID();
    try {
      const unsafe = UNSAFE_METHODS.has(req.method);
      const refused = unsafe ? browserWriteRefusal(req, getAuthSettings()) : null;
      if (refused) return problem(refused.status, refused.status === 403 ? "Forbidden" : "Unsupported Media Type", refused.detail, { code: refused.status === 403 ? "CROSS_ORIGIN" : "UNSUPPORTED_MEDIA_TYPE" });
      let identity: Identity | null = null;
      if (spec.role !== "public") {
        identity = await authenticate(req);
        if (!identity) return problem(401, "Unauthorized", "log in, or send Authorization: Bearer <token>", { code: "UNAUTHORIZED" });
        if (!hasRole(identity, spec.role)) return problem(403, "Forbidden", `this needs the ${spec.role} role; you are ${identity.user} (${identity.role})`, { code: "FORBIDDEN" });
        if (unsafe && !isBrowserRequest(req) && !scriptWriteAllowed(identity))
          return problem(403, "Forbidden", "a change without Origin or Sec-Fetch-Site needs Authorization: Bearer <token>", { code: "CROSS_ORIGIN" });
        const limited = unsafe ? limitWrites(identity.user) : null;
        if (limited) return tooMany(limited);
      }
      const params = (spec.params ? spec.params.parse(ctx ? await ctx.params : {}) : undefined) as Out<P>;
      const query = (spec.query ? spec.query.parse(Object.fromEntries(new URL(req.url).searchParams)) : undefined) as Out<Q>;
      const body = (spec.body ? spec.body.parse(await readJsonBody(req)) : undefined) as Out<B>;
      const limited = identity && spec.limit ? spec.limit({ identity, params, query, body }) : null;
      if (limited) return tooMany(limited);
      return await handler({ req, params, query, body, identity, requestId });
    } catch (err) {
      return toResponse(err, requestId);
    }
  };
  // Declared role, readable by the route inventory test and by the security middleware.
  return Object.assign(route, { role: spec.role });
}
