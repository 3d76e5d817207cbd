import { LRUCache } from "lru-cache";
import { Agent, request } from "undici";
import { createAuth } from "./auth";
import { guardedLookup, isRegistryAllowed, literalRefusal, OutboundRefused, type LookupFn } from "./outbound";
import { classifyHttpError, classifyTransportError, parseRetryAfter, RegistryFailure, type RegistryError } from "./errors";
import type { Credential } from "./docker-config";

// HTTP to registries: keep-alive connections (at most maxPerHost per origin; undici queues the
// rest), authentication (see auth.ts), 429 honoured per host, timeouts and size limits.
// Outbound limits (outbound.ts): no link-local/metadata address, checked on the host as written
// and on each resolved address at connect time; an optional registry allowlist. Redirects are
// never followed, so credentials only go to the registry and the realm it names.

export { parseChallenge } from "./auth";

export type TransportOptions = {
  insecureHosts: string[];
  /** Registry name (as references spell it) → host:port actually dialled; names stay as written everywhere else. */
  endpoints?: Readonly<Record<string, string>>;
  credentials: (host: string) => Credential | undefined;
  maxPerHost: number;
  timeoutMs: number;
  maxBytes: number;
  now: () => number;
  /** Registries (as references name them) that may be asked; empty or absent: any. */
  allowedRegistries?: readonly string[];
  /** Name resolution under the connect-time guard; the system resolver unless a test gives one. */
  lookup?: LookupFn;
  /** Told the outcome of every registry API call (after auth retries): for per-host health. */
  onCall?: (outcome: CallOutcome) => void;
};

/**
 * One registry API call as it ended: an HTTP status, or a failure (transport error, or 429 —
 * `isHeld` when no request was sent because the host asked us to wait).
 */
export type CallOutcome = { host: string; repository: string; status?: number; error?: RegistryError; isHeld?: boolean };

/** A call not sent: the host asked us to wait, or timed out just now. */
class HeldBack extends RegistryFailure {}

export type Answer = { status: number; headers: Record<string, string | undefined>; body: Buffer };
export type TransportStats = { head: number; get: number; token: number; byCode: Record<string, number> };

/** Waits this short are sat out (at most twice); longer ones are reported and the host is held. */
const MAX_INLINE_WAIT_MS = 2000;
const MAX_INLINE_RETRIES = 2;
/** An error answer is only classified: its first 64 KiB say everything (the rest is dropped). */
export const MAX_ERROR_BODY = 64 * 1024;
/** Token answers are a JWT or two in JSON; anything far larger is not one. */
export const MAX_TOKEN_BODY = 256 * 1024;

/** Drop a body we will not read; the connection is closed rather than drained. */
function discard(body: { on(event: "error", fn: () => void): unknown; destroy(): unknown }) {
  body.on("error", () => {}); // destroying reports an abort we caused ourselves
  body.destroy();
}

/** Docker Hub's API host is asked for "docker.io" references: the allowlist names the latter. */
const registryOf = (host: string) => (host === "registry-1.docker.io" ? "docker.io" : host);

export function createTransport(o: TransportOptions) {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: o.maxPerHost, pipelining: 1, connect: { timeout: o.timeoutMs, lookup: guardedLookup(o.lookup) } });
  const heldUntil = new LRUCache<string, number>({ max: 1_000 });
  const silentUntil = new LRUCache<string, number>({ max: 1_000 });
  const stats: TransportStats = { head: 0, get: 0, token: 0, byCode: {} };

  /** One request; `limit` bounds a success body (too large: a failure), error bodies are cut to MAX_ERROR_BODY. */
  async function raw(method: "HEAD" | "GET" | "POST", url: string, headers: Record<string, string>, body?: string, limit = o.maxBytes, what = "registry"): Promise<Answer> {
    const target = new URL(url);
    const literal = literalRefusal(target, what);
    if (literal) throw new RegistryFailure(literal);
    try {
      const res = await request(url, { method, headers, body, dispatcher: agent, headersTimeout: o.timeoutMs, bodyTimeout: o.timeoutMs });
      const h: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(res.headers)) h[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
      const isError = res.statusCode >= 400;
      const max = isError ? Math.min(limit, MAX_ERROR_BODY) : limit;
      const declared = Number(h["content-length"] ?? 0);
      if (method !== "HEAD" && !isError && declared > max) {
        discard(res.body);
        throw new RegistryFailure({ code: "INVALID_RESPONSE", message: `${method} ${url}: response of ${declared} bytes exceeds the ${max}-byte limit` });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        const part = chunk as Buffer;
        if (size + part.length > max) {
          discard(res.body);
          if (isError) {
            chunks.push(part.subarray(0, max - size));
            break;
          }
          throw new RegistryFailure({ code: "INVALID_RESPONSE", message: `${method} ${url}: response exceeds the ${max}-byte limit` });
        }
        size += part.length;
        chunks.push(part);
      }
      return { status: res.statusCode, headers: h, body: Buffer.concat(chunks) };
    } catch (e) {
      if (e instanceof RegistryFailure) throw e;
      const refused = e instanceof OutboundRefused ? e : (e as { cause?: unknown }).cause instanceof OutboundRefused ? ((e as { cause: OutboundRefused }).cause) : undefined;
      // Named by host only: which address the name resolved to stays out of messages users see.
      if (refused) throw new RegistryFailure({ code: "UNREACHABLE", message: `${what} ${target.host} refused: ${refused.message}` });
      throw new RegistryFailure(classifyTransportError(e, `${method} ${url}`));
    }
  }

  const auth = createAuth({
    credentials: o.credentials,
    now: o.now,
    send: (method, url, headers, body) => raw(method, url, headers, body, MAX_TOKEN_BODY, "token realm"),
    insecureHosts: o.insecureHosts,
    onToken: () => void stats.token++,
  });

  const base = (host: string) => `${o.insecureHosts.includes(host) ? "http" : "https"}://${o.endpoints?.[host] ?? host}`;

  function checkHeld(host: string) {
    const held = heldUntil.get(host) ?? 0;
    if (held > o.now()) {
      throw new HeldBack({ code: "TOO_MANY_REQUESTS", message: `${host} asked to wait (Retry-After); not asking again for ${Math.ceil((held - o.now()) / 1000)} s`, retryAfterMs: held - o.now() });
    }
    const silent = silentUntil.get(host) ?? 0;
    if (silent > o.now()) {
      throw new HeldBack({ code: "UNREACHABLE", cause: "timeout", message: `${host} timed out just now; not asking again for ${Math.ceil((silent - o.now()) / 1000)} s` });
    }
  }

  /**
   * At most maxPerHost calls per host at a time, queued here rather than in the connection pool,
   * so a queued call still sees a Retry-After or a timeout that came meanwhile and does not go out.
   */
  const slots = new Map<string, { active: number; queue: (() => void)[] }>();
  async function acquire(host: string): Promise<void> {
    const slot = slots.get(host) ?? { active: 0, queue: [] };
    slots.set(host, slot);
    // A released slot passes straight to the next waiting call (see release): no count to take.
    if (slot.active >= o.maxPerHost) return new Promise<void>((r) => slot.queue.push(r));
    slot.active++;
  }
  function release(host: string) {
    const slot = slots.get(host)!;
    const next = slot.queue.shift();
    if (next) return next();
    slot.active--;
    if (slot.active === 0) slots.delete(host);
  }

  /** One registry API call with auth and 429 handling; non-2xx answers are returned, not thrown. */
  async function call(method: "HEAD" | "GET", host: string, repository: string, path: string, accept: string): Promise<Answer> {
    await acquire(host);
    try {
      const res = await send(method, host, repository, path, accept);
      o.onCall?.({ host, repository, status: res.status });
      return res;
    } catch (e) {
      // Held back: the host's Retry-After, or a timeout just now, kept the call from going out.
      if (e instanceof RegistryFailure) o.onCall?.({ host, repository, error: e.error, ...(e instanceof HeldBack ? { isHeld: true } : {}) });
      throw e;
    } finally {
      release(host);
    }
  }

  async function send(method: "HEAD" | "GET", host: string, repository: string, path: string, accept: string): Promise<Answer> {
    const scope = `repository:${repository}:pull`;
    const url = `${base(host)}/v2/${repository}/${path}`;
    let authRetried = false;
    const registry = registryOf(host);
    if (!isRegistryAllowed(o.allowedRegistries, registry)) {
      throw new RegistryFailure({ code: "UNREACHABLE", message: `registry ${registry} refused: not in the registry allowlist` });
    }
    for (let waits = 0; ; ) {
      checkHeld(host);
      const headers: Record<string, string> = { accept };
      const authorization = await auth.header(host, scope);
      if (authorization) headers.authorization = authorization;
      stats[method === "HEAD" ? "head" : "get"]++;
      const res = await raw(method, url, headers).catch((e: unknown) => {
        // A host that does not answer in time is not asked again for as long: the rest of this
        // poll fails at once instead of each call waiting out its own timeout.
        if (e instanceof RegistryFailure && e.error.cause === "timeout") silentUntil.set(host, o.now() + o.timeoutMs);
        throw e;
      });
      stats.byCode[String(res.status)] = (stats.byCode[String(res.status)] ?? 0) + 1;
      if (res.status === 401 && !authRetried) {
        authRetried = true;
        if (await auth.answer(host, scope, res.headers["www-authenticate"], authorization)) continue;
      }
      if (res.status !== 429) return res;
      const wait = parseRetryAfter(res.headers["retry-after"], Date.now()) ?? 1000;
      if (wait <= MAX_INLINE_WAIT_MS && waits < MAX_INLINE_RETRIES) {
        waits++;
        await new Promise((r) => setTimeout(r, wait));
        continue;
      }
      heldUntil.set(host, Math.max(heldUntil.get(host) ?? 0, o.now() + wait));
      const err = classifyHttpError(429, res.body.toString(), `${method} ${url}`);
      throw new RegistryFailure({ ...err, code: "TOO_MANY_REQUESTS", retryAfterMs: wait });
    }
  }

  // Idempotent: an evicted resolver may be closed by its cache and again at shutdown.
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= agent.close());
  return { call, stats: (): TransportStats => ({ ...stats, byCode: { ...stats.byCode } }), close };
}
