// Route tests at the API edge in proxy mode, with the identity headers of a trusted proxy (as in
// production behind oauth2-proxy). A worker may run other files after this one: the environment
// is left as found.
import { afterAll, beforeAll } from "vitest";

const KEYS = ["DRIFTWATCH_AUTH", "DRIFTWATCH_TRUSTED_PROXIES", "DRIFTWATCH_OPERATORS"] as const;
type PeerFlag = { __driftwatchPeerAddress?: boolean };

/** Proxy mode trusting 127.0.0.1, with `olga` the one operator; call at the top of a test file. */
export function inProxyMode() {
  const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  beforeAll(() => {
    process.env.DRIFTWATCH_AUTH = "proxy";
    process.env.DRIFTWATCH_TRUSTED_PROXIES = "127.0.0.1/32";
    process.env.DRIFTWATCH_OPERATORS = "user:olga";
    (globalThis as PeerFlag).__driftwatchPeerAddress = true; // as scripts/peer-address.mjs sets it
  });
  afterAll(() => {
    for (const k of KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    delete (globalThis as PeerFlag).__driftwatchPeerAddress;
  });
}

/** Headers a trusted proxy sends for `user` (none: no identity). */
export const proxyHeaders = (user?: string) => ({ host: "127.0.0.1:3000", "x-driftwatch-peer": "127.0.0.1", ...(user ? { "x-forwarded-user": user } : {}), "content-type": "application/json" });
