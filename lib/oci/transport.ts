import { Agent, request } from "undici";
import { classifyHttpError, classifyTransportError, parseRetryAfter, RegistryFailure } from "./errors";
import type { Credential } from "./docker-config";

// HTTP to registries: keep-alive connections (bounded per host), auth challenges answered
// (anonymous or credentialed Bearer tokens cached per scope, Basic), 429 honoured per host,
// timeouts and a response size limit.

export type TransportOptions = {
  insecureHosts: string[];
  credentials: (registry: string) => Credential | undefined;
  maxPerHost: number;
  timeoutMs: number;
  maxBytes: number;
  now: () => number;
};

export type Answer = { status: number; headers: Record<string, string | undefined>; body: Buffer };
type Stats = { head: number; get: number; token: number; byCode: Record<string, number> };

export function createTransport(o: TransportOptions) {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: o.maxPerHost, pipelining: 1 });
  const tokens = new Map<string, { token: string; expires: number }>();
  const basicHosts = new Set<string>();
  const heldUntil = new Map<string, number>();
  const stats: Stats = { head: 0, get: 0, token: 0, byCode: {} };

  const base = (registry: string) => `${o.insecureHosts.includes(registry) ? "http" : "https"}://${registry}`;

  async function raw(method: "HEAD" | "GET", url: string, headers: Record<string, string>): Promise<Answer> {
    try {
      const res = await request(url, { method, headers, dispatcher: agent, headersTimeout: o.timeoutMs, bodyTimeout: o.timeoutMs });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += chunk.length;
        if (size > o.maxBytes) {
          res.body.destroy();
          throw new RegistryFailure({ code: "INVALID_RESPONSE", message: `${url}: response larger than ${o.maxBytes} bytes` });
        }
        chunks.push(chunk as Buffer);
      }
      const h: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(res.headers)) h[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
      return { status: res.statusCode, headers: h, body: Buffer.concat(chunks) };
    } catch (e) {
      if (e instanceof RegistryFailure) throw e;
      throw new RegistryFailure(classifyTransportError(e, `${method} ${url}`));
    }
  }

  async function fetchToken(challenge: Record<string, string>, scope: string, registry: string): Promise<string> {
    const cred = o.credentials(registry);
    const url = new URL(challenge.realm!);
    if (challenge.service) url.searchParams.set("service", challenge.service);
    url.searchParams.set("scope", challenge.scope ?? scope);
    const headers: Record<string, string> = {};
    if (cred?.username !== undefined && cred.password !== undefined) {
      headers.authorization = `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString("base64")}`;
    }
    stats.token++;
    const res = await raw("GET", url.toString(), headers);
    if (res.status !== 200) throw new RegistryFailure(classifyHttpError(res.status, res.body.toString(), `token from ${url.host}`));
    const body = JSON.parse(res.body.toString()) as { token?: string; access_token?: string; expires_in?: number };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryFailure({ code: "INVALID_RESPONSE", message: `token server ${url.host} returned no token` });
    tokens.set(`${registry} ${scope}`, { token, expires: o.now() + Math.max(30, (body.expires_in ?? 60) - 10) * 1000 });
    return token;
  }

  function authHeader(registry: string, scope: string): string | undefined {
    const cached = tokens.get(`${registry} ${scope}`);
    if (cached && cached.expires > o.now()) return `Bearer ${cached.token}`;
    const cred = o.credentials(registry);
    if (cred?.registryToken) return `Bearer ${cred.registryToken}`;
    if (basicHosts.has(registry) && cred?.username !== undefined) return `Basic ${Buffer.from(`${cred.username}:${cred.password ?? ""}`).toString("base64")}`;
    return undefined;
  }

  /** One registry API call with auth and 429 handling; non-2xx answers are returned, not thrown. */
  async function call(method: "HEAD" | "GET", registry: string, repository: string, path: string, accept: string): Promise<Answer> {
    const held = heldUntil.get(registry) ?? 0;
    if (held > o.now()) {
      throw new RegistryFailure({ code: "TOO_MANY_REQUESTS", message: `${registry} asked us to wait (Retry-After); not asking again yet`, retryAfterMs: held - o.now() });
    }
    const scope = `repository:${repository}:pull`;
    const url = `${base(registry)}/v2/${repository}/${path}`;
    for (let attempt = 0; attempt < 4; attempt++) {
      const headers: Record<string, string> = { accept };
      const auth = authHeader(registry, scope);
      if (auth) headers.authorization = auth;
      if (method === "HEAD") stats.head++;
      else stats.get++;
      const res = await raw(method, url, headers);
      stats.byCode[String(res.status)] = (stats.byCode[String(res.status)] ?? 0) + 1;
      if (res.status === 401 && attempt === 0) {
        const challenge = parseChallenge(res.headers["www-authenticate"]);
        if (challenge?.scheme === "bearer" && challenge.params.realm) {
          await fetchToken(challenge.params, scope, registry);
          continue;
        }
        if (challenge?.scheme === "basic" && o.credentials(registry)?.username !== undefined) {
          basicHosts.add(registry);
          continue;
        }
      }
      if (res.status === 429) {
        const wait = parseRetryAfter(res.headers["retry-after"], o.now()) ?? 1000;
        if (wait <= 2000 && attempt < 2) {
          await new Promise((r) => setTimeout(r, wait));
          continue;
        }
        heldUntil.set(registry, o.now() + wait);
        const err = classifyHttpError(429, res.body.toString(), `${method} ${url}`);
        throw new RegistryFailure({ ...err, code: "TOO_MANY_REQUESTS", retryAfterMs: wait });
      }
      return res;
    }
    throw new RegistryFailure({ code: "UNAUTHORIZED", message: `${method} ${url}: authentication was refused` });
  }

  return { call, stats: () => ({ ...stats, byCode: { ...stats.byCode } }), close: () => agent.close() };
}

/** `Bearer realm="…",service="…",scope="…"` → { scheme: "bearer", params }. */
export function parseChallenge(header: string | undefined): { scheme: string; params: Record<string, string> } | undefined {
  if (!header) return undefined;
  const m = /^(\w+)\s*(.*)$/.exec(header.trim());
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[2]!.matchAll(/(\w+)="([^"]*)"/g)) params[p[1]!.toLowerCase()] = p[2]!;
  return { scheme: m[1]!.toLowerCase(), params };
}
