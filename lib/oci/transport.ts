import { Agent, request } from "undici";
import { createAuth } from "./auth";
import { classifyHttpError, classifyTransportError, parseRetryAfter, RegistryFailure } from "./errors";
import type { Credential } from "./docker-config";

// HTTP to registries: keep-alive connections (at most maxPerHost per origin; undici queues the
// rest), authentication (see auth.ts), 429 honoured per host, timeouts and a size limit.

export { parseChallenge } from "./auth";

export type TransportOptions = {
  insecureHosts: string[];
  credentials: (host: string) => Credential | undefined;
  maxPerHost: number;
  timeoutMs: number;
  maxBytes: number;
  now: () => number;
};

export type Answer = { status: number; headers: Record<string, string | undefined>; body: Buffer };
export type TransportStats = { head: number; get: number; token: number; byCode: Record<string, number> };

/** Waits this short are sat out (at most twice); longer ones are reported and the host is held. */
const MAX_INLINE_WAIT_MS = 2000;
const MAX_INLINE_RETRIES = 2;

/** Drop a body we will not read; the connection is closed rather than drained. */
function discard(body: { on(event: "error", fn: () => void): unknown; destroy(): unknown }) {
  body.on("error", () => {}); // destroying reports an abort we caused ourselves
  body.destroy();
}

export function createTransport(o: TransportOptions) {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: o.maxPerHost, pipelining: 1, connect: { timeout: o.timeoutMs } });
  const heldUntil = new Map<string, number>();
  const stats: TransportStats = { head: 0, get: 0, token: 0, byCode: {} };

  async function raw(method: "HEAD" | "GET" | "POST", url: string, headers: Record<string, string>, body?: string): Promise<Answer> {
    try {
      const res = await request(url, { method, headers, body, dispatcher: agent, headersTimeout: o.timeoutMs, bodyTimeout: o.timeoutMs });
      const h: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(res.headers)) h[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
      const declared = Number(h["content-length"] ?? 0);
      if (method !== "HEAD" && declared > o.maxBytes) {
        discard(res.body);
        throw new RegistryFailure({ code: "INVALID_RESPONSE", message: `${method} ${url}: response of ${declared} bytes exceeds the ${o.maxBytes}-byte limit` });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > o.maxBytes) {
          discard(res.body);
          throw new RegistryFailure({ code: "INVALID_RESPONSE", message: `${method} ${url}: response exceeds the ${o.maxBytes}-byte limit` });
        }
        chunks.push(chunk as Buffer);
      }
      return { status: res.statusCode, headers: h, body: Buffer.concat(chunks) };
    } catch (e) {
      if (e instanceof RegistryFailure) throw e;
      throw new RegistryFailure(classifyTransportError(e, `${method} ${url}`));
    }
  }

  const auth = createAuth({
    credentials: o.credentials,
    now: o.now,
    send: (method, url, headers, body) => raw(method, url, headers, body),
    onToken: () => void stats.token++,
  });

  const base = (host: string) => `${o.insecureHosts.includes(host) ? "http" : "https"}://${host}`;

  function checkHeld(host: string) {
    const held = heldUntil.get(host) ?? 0;
    if (held > o.now()) {
      throw new RegistryFailure({ code: "TOO_MANY_REQUESTS", message: `${host} asked to wait (Retry-After); not asking again for ${Math.ceil((held - o.now()) / 1000)} s`, retryAfterMs: held - o.now() });
    }
  }

  /** One registry API call with auth and 429 handling; non-2xx answers are returned, not thrown. */
  async function call(method: "HEAD" | "GET", host: string, repository: string, path: string, accept: string): Promise<Answer> {
    const scope = `repository:${repository}:pull`;
    const url = `${base(host)}/v2/${repository}/${path}`;
    let authRetried = false;
    for (let waits = 0; ; ) {
      checkHeld(host);
      const headers: Record<string, string> = { accept };
      const authorization = await auth.header(host, scope);
      if (authorization) headers.authorization = authorization;
      stats[method === "HEAD" ? "head" : "get"]++;
      const res = await raw(method, url, headers);
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

  return { call, stats: (): TransportStats => ({ ...stats, byCode: { ...stats.byCode } }), close: () => agent.close() };
}
